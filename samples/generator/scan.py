"""Scanned variants: rasterise a born-digital PDF and degrade it like office scanners and phone cameras.

Rubber stamps and pen strokes are drawn over the signature names (found with pdfplumber), pages may
be stored rotated, and some files keep a scanner's invisible, error-ridden OCR text layer.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from samples.generator.fax import FaxStyle, as_bilevel, draw_fax, fax_page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
INKS = {"purple": (112, 58, 160), "blue": (38, 72, 178), "black": (40, 40, 48)}


@dataclass(frozen=True)
class ScanStyle:
    """How one file is degraded; drawn once per file from its seed."""

    dpi: int
    colour: bool
    quality: int
    skew: float
    noise: float
    blur: float
    light: float
    phone: bool
    rotate: dict[int, int]  # page index -> 90/180/270 stored rotation
    stamps: bool
    ocr_layer: bool
    fax: FaxStyle | None = None  # a 1-bit fax page instead of the grey degradations


def draw_style(
    rng: random.Random,
    pages: int,
    landscape_pages: set[int],
    *,
    ocr_layer: bool | None = None,
    rotate: bool | None = None,
    fax: tuple[str, str] | None = None,
) -> ScanStyle:
    phone = rng.random() < 0.3
    rotations: dict[int, int] = {}
    for page in range(pages):
        if page in landscape_pages and rng.random() < 0.6:
            rotations[page] = rng.choice([90, 270])
        elif rotate and not rotations and page == pages - 1:
            rotations[page] = 180
    if rotate is False:
        rotations = {}
    style = ScanStyle(
        dpi=rng.choice([150, 150, 150, 200, 200, 300]) if not phone else 150,
        colour=phone or rng.random() < 0.3,
        quality=rng.randint(28, 45),
        skew=rng.uniform(-2.5, 2.5) if rng.random() < 0.8 else 0.0,
        noise=rng.uniform(1.5, 5),
        blur=rng.choice([0, 0, 0.6, 1.0]) if not phone else 1.1,
        light=rng.uniform(0.15, 0.35) if phone else rng.uniform(0, 0.1),
        phone=phone,
        rotate=rotations,
        stamps=rng.random() < 0.8,
        ocr_layer=(rng.random() < 0.3) if ocr_layer is None else ocr_layer,
    )
    if fax:  # (office, mode)
        style = replace(style, dpi=300, colour=False, phone=False, ocr_layer=False, fax=draw_fax(rng, *fax))
    return style


def stamp(size: int, text: str, ink: tuple[int, int, int], rng: random.Random) -> Image.Image:
    """A round office stamp: two rings, the office name around, a star in the middle (RGBA)."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    alpha = rng.randint(150, 210)
    colour = (*ink, alpha)
    width = max(2, size // 60)
    draw.ellipse((width, width, size - width, size - width), outline=colour, width=width * 2)
    inner = size * 0.28
    draw.ellipse((inner, inner, size - inner, size - inner), outline=colour, width=width)
    font = ImageFont.truetype(FONT, max(8, size // 13))
    radius = size * 0.37
    letters = text.upper()[:34]
    span = min(300.0, 9.5 * len(letters))
    for i, ch in enumerate(letters):
        angle = -90 - span / 2 + span * (i + 0.5) / len(letters)
        glyph = Image.new("RGBA", (size // 8, size // 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size // 16, size // 16), ch, font=font, fill=colour, anchor="mm")
        glyph = glyph.rotate(-angle - 90, resample=Image.BICUBIC)
        x = size / 2 + radius * math.cos(math.radians(angle)) - glyph.width / 2
        y = size / 2 + radius * math.sin(math.radians(angle)) - glyph.height / 2
        img.alpha_composite(glyph, (int(x), int(y)))
    star = [
        (
            size / 2 + size * (0.1 if k % 2 == 0 else 0.04) * math.cos(math.pi / 2 + k * math.pi / 5),
            size / 2 - size * (0.1 if k % 2 == 0 else 0.04) * math.sin(math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=colour)
    mask = np.array(img)
    speckle = np.random.default_rng(rng.randint(0, 2**31)).random(mask.shape[:2]) < 0.25
    mask[speckle, 3] = (mask[speckle, 3] * 0.3).astype(np.uint8)
    return Image.fromarray(mask).rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)


def pen_signature(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], rng: random.Random, scale: float
) -> None:
    """A few looping strokes in ballpoint blue across `box` (x0, y0, x1, y1 in pixels)."""
    x0, y0, x1, y1 = box
    colour = (25, 40, 130) if rng.random() < 0.7 else (20, 20, 25)
    for _ in range(rng.randint(1, 3)):
        steps = 60
        t = np.linspace(0, 1, steps)
        loops = rng.uniform(2, 5)
        xs = x0 + (x1 - x0) * (t + 0.06 * np.sin(2 * math.pi * loops * t + rng.uniform(0, 6)))
        ys = (y0 + y1) / 2 + (y1 - y0) * 0.45 * np.sin(
            2 * math.pi * loops * t * rng.uniform(0.8, 1.3)
        ) * np.linspace(1, 0.4, steps)
        draw.line(
            list(zip(xs.tolist(), ys.tolist(), strict=True)),
            fill=colour,
            width=max(2, int(2.2 * scale)),
            joint="curve",
        )


def sign_and_stamp(
    img: Image.Image,
    names: list[tuple[str, tuple[float, float, float, float]]],
    zoom: float,
    style: ScanStyle,
    rng: random.Random,
    office: str,
) -> Image.Image:
    """Signatures above each name; a stamp over the left part of the name and title for some."""
    img = img.convert("RGB")
    draw = ImageDraw.Draw(img)
    for _, (x0, top, x1, bottom) in names:
        height = (bottom - top) * zoom
        box = (x0 * zoom - 10 * zoom, top * zoom - 48 * zoom, x1 * zoom, top * zoom - 4 * zoom)
        pen_signature(draw, box, rng, zoom)
        if style.stamps and rng.random() < 0.75:
            size = int(95 * zoom)
            ink = INKS["purple"] if rng.random() < 0.6 else INKS["blue"]
            mark = stamp(size, office, ink, rng)
            cx = x0 * zoom - size * 0.15 + rng.uniform(-10, 10) * zoom
            cy = top * zoom - height * 2
            img.paste(mark, (int(cx - size / 2), int(cy - size / 2)), mark)
    return img


def degrade(img: Image.Image, style: ScanStyle, rng: random.Random, rotation: int) -> Image.Image:
    np_rng = np.random.default_rng(rng.randint(0, 2**31))
    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    h, w = arr.shape[:2]
    if style.phone:
        shift = 0.02 * min(w, h)
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = src + np.float32(np_rng.uniform(-shift, shift, (4, 2)))
        arr = cv2.warpPerspective(
            arr,
            cv2.getPerspectiveTransform(src, dst),
            (w, h),
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(235, 232, 225),
        )
    if style.skew:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), style.skew, 1.0)
        arr = cv2.warpAffine(arr, matrix, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(250, 250, 250))
    if style.light:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        cx, cy = np_rng.uniform(0.2, 0.8) * w, np_rng.uniform(0.2, 0.8) * h
        dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / math.hypot(w, h)
        light = 1 - style.light * dist * 2
        arr *= light[..., None]
        if style.phone:
            arr *= np.float32([1.0, 0.97, 0.9])
    if style.blur:
        arr = cv2.GaussianBlur(arr, (0, 0), style.blur)
    arr += np_rng.normal(0, style.noise, arr.shape[:2])[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if not style.colour:
        out = out.convert("L")
    if rotation:
        out = out.rotate(rotation, expand=True)
    return out


OCR_SWAPS = [
    ("rj", "~"),
    ("rn", "m"),
    ("m", "rn"),
    ("e", "c"),
    ("l", "1"),
    ("i", "l"),
    ("o", "0"),
    ("a", "e"),
    ("h", "b"),
    ("u", "v"),
    ("S", "5"),
    ("B", "8"),
    (",", "."),
    ("%", "96"),
]


def noisy(word: str, rng: random.Random) -> str:
    if rng.random() > 0.3:
        return word
    for old, new in rng.sample(OCR_SWAPS, len(OCR_SWAPS)):
        if old in word:
            return word.replace(old, new, 1)
    return word


def write_image_pdf(
    path: Path,
    pages: list[tuple[Image.Image, tuple[float, float], int, list]],
    style: ScanStyle,
    rng: random.Random,
) -> None:
    """Image-only PDF; the invisible OCR layer goes on upright pages of files that have one."""
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setCreator("Scanner")
    for img, (width, height), rotation, words in pages:
        size = (height, width) if rotation in (90, 270) else (width, height)
        pdf.setPageSize(size)
        buffer = io.BytesIO()
        if style.fax:
            img.save(buffer, "PNG")
        else:
            img.save(buffer, "JPEG", quality=style.quality, optimize=False, progressive=False)
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, size[0], size[1])
        if style.ocr_layer and rotation == 0:
            text = pdf.beginText()
            text.setTextRenderMode(3)
            for word in words:
                garbled = noisy(word["text"], rng)
                font_size = max(4.0, word["bottom"] - word["top"])
                text.setFont("Helvetica", font_size)
                natural = pdf.stringWidth(garbled, "Helvetica", font_size) or 1
                text.setHorizScale(100 * (word["x1"] - word["x0"]) / natural)
                text.setTextOrigin(word["x0"], height - word["bottom"] + font_size * 0.2)
                text.textOut(garbled)
            pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def scan_pdf(
    source: Path,
    target: Path,
    rng: random.Random,
    names_by_page: dict[int, list[str]],
    office_by_page: dict[int, str],
    *,
    ocr_layer: bool | None = None,
    rotate: bool | None = None,
    fax: str | None = None,
) -> ScanStyle:
    """Rasterise `source` and write the degraded scan to `target`; returns the style used."""
    document = pdfium.PdfDocument(str(source))
    with pdfplumber.open(source) as plumber:
        landscape = {i for i, page in enumerate(plumber.pages) if page.width > page.height}
        style = draw_style(rng, len(plumber.pages), landscape, ocr_layer=ocr_layer, rotate=rotate,
                           fax=(office_by_page.get(1, "PEMERINTAH"), fax) if fax else None)
        out_pages = []
        for i, page in enumerate(plumber.pages):
            zoom = style.dpi / 72
            bitmap = document[i].render(scale=zoom, grayscale=not style.colour)
            img = bitmap.to_pil()
            found = []
            for name in names_by_page.get(i + 1, []):
                matches = page.search(name, regex=False)
                if matches:
                    m = matches[-1]
                    found.append((name, (m["x0"], m["top"], m["x1"], m["bottom"])))
            img = sign_and_stamp(img, found, zoom, style, rng, office_by_page.get(i + 1, "PEMERINTAH"))
            rotation = style.rotate.get(i, 0)
            if style.fax:
                img = fax_page(img, style.dpi, style.fax, i + 1, len(plumber.pages), style.skew, rng)
                img = img.rotate(rotation, expand=True, fillcolor=255) if rotation else img
            else:
                img = degrade(img, style, rng, rotation)
            words = page.extract_words() if style.ocr_layer else []
            out_pages.append((img, (float(page.width), float(page.height)), rotation, words))
    document.close()
    write_image_pdf(target, out_pages, style, rng)
    if style.fax:
        as_bilevel(target)
    return style


def scan_meta(style: ScanStyle) -> dict:
    """How a file was degraded, as recorded in its truth's `meta.scan`."""
    return {
        "dpi": style.dpi,
        "colour": style.colour,
        "jpeg_quality": style.quality,
        "skew_degrees": round(style.skew, 2),
        "phone": style.phone,
        "rotated_pages": {str(k + 1): v for k, v in sorted(style.rotate.items())},
        "stamps": style.stamps,
        "ocr_text_layer": style.ocr_layer,
        **({"fax": asdict(style.fax)} if style.fax else {}),
    }

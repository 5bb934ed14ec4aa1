"""Fax-like scans: what a PK looks like after a fax machine or a cheap 1-bit office scanner.

Square pixels and grey levels are gone: the page is sampled at 204 dpi across and 98 ("standard") or
196 ("fine") dpi down, thresholded to black and white, with specks, a few streaks where the sensor
dropped or smeared a line, and the sending machine's header printed along the top of every page
(date, number, sender, page n/N): text on the page that belongs to no field.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pikepdf
from PIL import Image, ImageDraw, ImageFont

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
ACROSS_DPI = 204


@dataclass(frozen=True)
class FaxStyle:
    down_dpi: int  # 98 standard, 196 fine
    threshold: int
    specks: float  # share of pixels flipped to black
    streaks: int
    sender: str
    stamp_time: str


def draw_fax(rng: random.Random, office: str, mode: str) -> FaxStyle:
    return FaxStyle(
        down_dpi={"standard": 98, "fine": 196}[mode],
        threshold=rng.randint(150, 185),
        specks=rng.uniform(0.0003, 0.0015),
        streaks=rng.randint(0, 3),
        sender=office.upper()[:40],
        stamp_time=(f"{rng.randint(2, 28):02d}/01/20{rng.randint(14, 24)} "
                    f"{rng.randint(7, 16):02d}:{rng.randint(0, 59):02d}"),
    )


def fax_page(img: Image.Image, render_dpi: int, style: FaxStyle, page: int, pages: int, skew: float,
             rng: random.Random) -> Image.Image:
    """`img` rendered at `render_dpi` -> the 1-bit page the receiving machine prints."""
    np_rng = np.random.default_rng(rng.randint(0, 2**31))
    grey = np.asarray(img.convert("L"), dtype=np.uint8)
    h, w = grey.shape
    if skew:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        grey = cv2.warpAffine(grey, matrix, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    size = (round(w * ACROSS_DPI / render_dpi), round(h * style.down_dpi / render_dpi))
    grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    black = grey < style.threshold
    black |= np_rng.random(black.shape) < style.specks
    for _ in range(style.streaks):
        row = int(np_rng.integers(0, black.shape[0]))
        if np_rng.random() < 0.5:
            black[row, :] = False  # a dropped line: strokes broken across the page
        else:
            start = int(np_rng.integers(0, black.shape[1] // 2))
            black[row, start:start + int(np_rng.integers(50, black.shape[1] // 2))] = True
    out = Image.fromarray(np.where(black, 0, 255).astype(np.uint8))
    line = header(out.width, style, page, pages)
    out.paste(line, (0, 0), None)
    return out


def header(width: int, style: FaxStyle, page: int, pages: int) -> Image.Image:
    """The sending machine's line along the top, in its own pixels (as squashed as the page's)."""
    font = ImageFont.truetype(MONO, round(width * 0.012))
    text = f"{style.stamp_time}   FAX 0271 {page:03d}455   {style.sender}   P.{page:03d}/{pages:03d}"
    square = Image.new("L", (width, round(width * 0.022)), 255)
    ImageDraw.Draw(square).text((round(width * 0.04), 2), text, fill=0, font=font)
    squashed = square.resize((width, max(1, round(square.height * style.down_dpi / ACROSS_DPI))))
    return squashed.point(lambda v: 0 if v < 128 else 255)


def as_bilevel(path: Path) -> None:
    """Store every page image of the written fax PDF as the 1-bit image a fax or a bilevel scanner
    files (reportlab would keep 8-bit RGB): readers then meet the pixels the way PDF renderers do."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for name, image in list(page.images.items()):
                pixels = np.asarray(pikepdf.PdfImage(image).as_pil_image().convert("L")) >= 128
                stream = pikepdf.Stream(pdf, zlib.compress(np.packbits(pixels, axis=1).tobytes()))
                stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
                stream.Width, stream.Height = pixels.shape[1], pixels.shape[0]
                stream.ColorSpace, stream.BitsPerComponent = pikepdf.Name.DeviceGray, 1
                stream.Filter = pikepdf.Name.FlateDecode
                page.Resources.XObject[name] = stream
        pdf.save(path, deterministic_id=True)

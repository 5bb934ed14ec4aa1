"""Page images for OCR: a PDF page rendered by pdfium, or one frame of a PNG/JPEG/TIFF, as grayscale.

Grayscale straight from the renderer keeps the cost around the engine small: the benchmark goal is at
most bare Tesseract's cost on the same images.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from extractor.ingest.source import open_pdf, pil_pixel_limit

DEFAULT_IMAGE_DPI_RANGE = (50, 1200)
PLAIN_FILTERS = {"DCTDecode", "FlateDecode", "LZWDecode", "RunLengthDecode", "ASCII85Decode",
                 "ASCIIHexDecode"}


class PageImage(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    pixels: np.ndarray
    dpi: int
    pdf_rotation: int = 0


def render_pdf_page(path: Path, password: str | None, number: int, dpi: int) -> PageImage:
    stat = path.stat()
    document = cached_pdf(str(path), password, os.getpid(), stat.st_mtime_ns, stat.st_size)
    page = document[number - 1]
    try:
        rotation = page.get_rotation()
        pixels = scan_image(page, dpi)
        if pixels is None:
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
            pixels = np.array(bitmap.to_numpy(), copy=True)
            if pixels.ndim == 3:
                pixels = pixels[:, :, 0]
    finally:
        page.close()
    return PageImage(pixels=pixels, dpi=dpi, pdf_rotation=rotation)


def scan_image(page, dpi: int) -> np.ndarray | None:
    """A scanned page's own image, decoded natively and scaled to `dpi`: what rendering would show,
    at a third of its cost. Only for one plain JPEG/Flate image over the whole page with nothing
    visible drawn after it; anything else is rendered."""
    import cv2
    import pypdfium2.raw as raw

    objects = list(page.get_objects(max_depth=0))
    images = [i for i, obj in enumerate(objects) if obj.type == raw.FPDF_PAGEOBJ_IMAGE]
    if not images:
        return None
    image = objects[images[-1]]
    for later in objects[images[-1] + 1:]:
        if later.type != raw.FPDF_PAGEOBJ_TEXT or \
                raw.FPDFTextObj_GetTextRenderMode(later.raw) != raw.FPDF_TEXTRENDERMODE_INVISIBLE:
            return None
    if not plain_full_page(image, page.get_cropbox(), raw):
        return None
    bitmap = image.get_bitmap(render=False)
    if bitmap.format not in (raw.FPDFBitmap_Gray, raw.FPDFBitmap_BGR, raw.FPDFBitmap_BGRx):
        return None
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3 and pixels.shape[2] >= 3:
        pixels = cv2.cvtColor(np.ascontiguousarray(pixels[:, :, :3]), cv2.COLOR_BGR2GRAY)
    elif pixels.ndim == 3:
        pixels = pixels[:, :, 0]
    left, bottom, right, top = page.get_cropbox()
    size = (int((right - left) * dpi / 72), int((top - bottom) * dpi / 72))
    shrink = size[0] < pixels.shape[1]
    pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    rotation = page.get_rotation()
    return np.ascontiguousarray(np.rot90(pixels, k=-(rotation // 90) % 4)) if rotation else pixels


def plain_full_page(image, crop: tuple[float, float, float, float], raw) -> bool:
    a, b, c, d, _e, _f = image.get_matrix().get()
    if b or c or a <= 0 or d <= 0:
        return False
    if any(abs(edge - bound) > 2.0 for edge, bound in zip(crop, image.get_bounds(), strict=True)):
        return False
    filters = set(image.get_filters())
    metadata = image.get_metadata()
    return filters <= PLAIN_FILTERS and metadata.bits_per_pixel in (8, 24) and \
        metadata.colorspace in (raw.FPDF_COLORSPACE_DEVICEGRAY, raw.FPDF_COLORSPACE_DEVICERGB)


@lru_cache(maxsize=1)
def cached_pdf(path: str, password: str | None, pid: int, mtime_ns: int, size: int):
    """Workers re-open the file once and keep it for its following pages; keyed by process (a forked
    child must not share its parent's file offset) and by file version."""
    return open_pdf(Path(path), password)


def load_image_frame(path: Path, number: int, default_dpi: int, max_pixels: int) -> PageImage:
    """One frame at the OCR resolution with square pixels, as a PDF page is rendered: a 150 dpi scan or
    a fax's 204 x 98 dpi page would otherwise reach Tesseract at half the size it reads best, or
    squashed. An image that says nothing of its resolution is taken to be at the OCR resolution."""
    from PIL import Image, ImageOps

    with pil_pixel_limit(max_pixels), Image.open(path) as image:
        image.seek(number - 1)
        across, down = image_resolution(image.info.get("dpi"), default_dpi)
        frame = ImageOps.exif_transpose(image) if number == 1 else image
        pixels = np.asarray(frame.convert("L"))
    size = (round(pixels.shape[1] * default_dpi / across), round(pixels.shape[0] * default_dpi / down))
    if size == (pixels.shape[1], pixels.shape[0]):
        return PageImage(pixels=pixels, dpi=default_dpi)
    if size[0] * size[1] > max_pixels:  # too large to scale up: read as it is
        return PageImage(pixels=pixels, dpi=round(across))
    import cv2

    shrink = size[0] * size[1] < pixels.size
    pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)
    return PageImage(pixels=pixels, dpi=default_dpi)


def image_resolution(value, default: int) -> tuple[float, float]:
    """(across, down) dpi the scanner wrote, each when sane; otherwise the OCR default."""
    low, high = DEFAULT_IMAGE_DPI_RANGE
    try:
        across, down = (float(value[0]), float(value[1]))
    except (TypeError, ValueError, IndexError):
        return float(default), float(default)
    if not (low <= across <= high and low <= down <= high):
        return float(default), float(default)
    return across, down

"""Page images for OCR: a PDF page rendered by pdfium, or one frame of a PNG/JPEG/TIFF, as grayscale.

Grayscale straight from the renderer (and PGM on disk for Tesseract) keeps the cost around the
engine small: the benchmark goal is at most 10% over bare Tesseract on the same images.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

DEFAULT_IMAGE_DPI_RANGE = (50, 1200)


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
        bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
        pixels = np.array(bitmap.to_numpy(), copy=True)
        rotation = page.get_rotation()
    finally:
        page.close()
    if pixels.ndim == 3:
        pixels = pixels[:, :, 0]
    return PageImage(pixels=pixels, dpi=dpi, pdf_rotation=rotation)


@lru_cache(maxsize=1)
def cached_pdf(path: str, password: str | None, pid: int, mtime_ns: int, size: int):
    """Workers re-open the file once and keep it for its following pages; keyed by process (a forked
    child must not share its parent's file offset) and by file version."""
    from extractor.ingest import open_pdf

    return open_pdf(Path(path), password)


def load_image_frame(path: Path, number: int, default_dpi: int, max_pixels: int) -> PageImage:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = max_pixels
    with Image.open(path) as image:
        image.seek(number - 1)
        dpi = image_dpi(image.info.get("dpi"), default_dpi)
        frame = ImageOps.exif_transpose(image) if number == 1 else image
        pixels = np.asarray(frame.convert("L"))
    return PageImage(pixels=pixels, dpi=dpi)


def image_dpi(value, default: int) -> int:
    """The resolution the scanner wrote, when it is sane; otherwise the OCR default."""
    try:
        dpi = round(float(value[0]))
    except (TypeError, ValueError, IndexError):
        return default
    low, high = DEFAULT_IMAGE_DPI_RANGE
    return dpi if low <= dpi <= high else default


def write_pgm(pixels: np.ndarray, path: Path) -> Path:
    """Uncompressed, so writing costs milliseconds rather than the PNG encoder's few hundred."""
    height, width = pixels.shape
    with path.open("wb") as handle:
        handle.write(f"P5\n{width} {height}\n255\n".encode("ascii"))
        handle.write(np.ascontiguousarray(pixels, dtype=np.uint8).tobytes())
    return path

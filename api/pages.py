"""Page pictures for review: the stored file's page n, turned upright as the extractor read it."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

# pdfium is not thread-safe; the web process renders one page at a time (workers run in other processes).
_PDFIUM_LOCK = threading.Lock()
MAX_PIXELS = 40_000_000


class PageUnavailable(Exception):
    pass


@contextmanager
def _locked_pdf(path: Path) -> Iterator[Any | None]:
    """The stored file as a pdfium document under the render lock, or None when it is not a PDF."""
    import pypdfium2

    with _PDFIUM_LOCK:
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except Exception:
            yield None
            return
        try:
            yield pdf
        finally:
            pdf.close()


def count_pages(path: Path) -> int | None:
    """Pages of a PDF, 1 for a readable image, None when the file is neither (extraction will say why)."""
    with _locked_pdf(path) as pdf:
        if pdf is not None:
            return len(pdf)
    try:
        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except Exception:
        return None


def render_page_png(path: Path, number: int, dpi: int, rotation: int) -> bytes:
    with _locked_pdf(path) as pdf:
        if pdf is not None:
            if not 1 <= number <= len(pdf):
                raise PageUnavailable(f"the document has {len(pdf)} page(s)")
            page = pdf[number - 1]
            width, height = page.get_size()
            scale = min(dpi / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            image = page.render(scale=scale, rotation=rotation).to_pil()
            page.close()
            return _png(image)
    return _png(_image_page(path, number, dpi, rotation))


def _image_page(path: Path, number: int, dpi: int, rotation: int) -> Image.Image:
    try:
        image = Image.open(path)
        frames = getattr(image, "n_frames", 1)
    except Exception as error:
        raise PageUnavailable("the stored file is neither a PDF nor an image") from error
    if not 1 <= number <= frames:
        raise PageUnavailable(f"the document has {frames} page(s)")
    image.seek(number - 1)
    image = image.convert("RGB")
    if image.width * image.height > MAX_PIXELS:
        image.thumbnail((int(MAX_PIXELS ** 0.5), int(MAX_PIXELS ** 0.5)))
    return image.rotate(-rotation, expand=True) if rotation else image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()

"""Page pictures for review, and the size checks of an upload.

Every image is measured from its header before any pixel is decoded: an upload over the pixel limit
is refused, and a page picture is drawn at most `RENDER_MAX_PIXELS` large. Pictures are drawn in a
small pool of processes (pdfium is not thread-safe, and a decoder's memory then never stays with the
web process) and kept in a byte-bounded cache: stored files never change (sha256), so a cached
picture is never stale."""

from __future__ import annotations

import asyncio
import io
import threading
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from cachetools import LRUCache
from PIL import Image

from api.processes import die_with_parent
from extractor.ingest.ocr.render import image_resolution

RENDER_MAX_PIXELS = 20_000_000
RENDER_TASKS_PER_PROCESS = 200
CACHE_BYTES = 64 * 1024 * 1024
_PDFIUM_LOCK = threading.Lock()  # inspecting uploads happens in the web process's threads


class PageUnavailable(Exception):
    pass


class ImageTooLarge(Exception):
    pass


class RendererBusy(Exception):
    pass


def _open_pdf(path: Path):  # type: ignore[no-untyped-def]
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(str(path))
    except Exception:
        return None


def inspect_file(path: Path, max_pixels: int) -> int | None:
    """Pages of a PDF, frames of an image (each frame's size read from its header and checked against
    `max_pixels`), None when the file is neither (extraction will say why)."""
    with _PDFIUM_LOCK:
        pdf = _open_pdf(path)
        if pdf is not None:
            try:
                return len(pdf)
            finally:
                pdf.close()
    return image_frames(path, max_pixels)


def image_frames(path: Path, max_pixels: int) -> int | None:
    """Frames of an image after checking every frame's header size; None when it is no image."""
    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: the check below is ours
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            frames = getattr(image, "n_frames", 1)
            for index in range(frames):
                image.seek(index)
                if image.width * image.height > max_pixels:
                    raise ImageTooLarge(f"page {index + 1} is {image.width}x{image.height} pixels, over the "
                                        f"limit of {max_pixels:,}; downscale the scan")
            return frames
    except Image.DecompressionBombError as error:
        raise ImageTooLarge(f"the image is over the limit of {max_pixels:,} pixels; downscale the scan"
                            ) from error
    except ImageTooLarge:
        raise
    except Exception:
        return None


def render_page_png(path: Path, number: int, dpi: int, rotation: int, max_pixels: int) -> bytes:
    """Page `number` as PNG at `dpi`, scaled down to `RENDER_MAX_PIXELS` at most (runs in the pool); an
    image page over `max_pixels` is refused from its header, never decoded."""
    pdf = _open_pdf(path)
    if pdf is not None:
        try:
            if not 1 <= number <= len(pdf):
                raise PageUnavailable(f"the document has {len(pdf)} page(s)")
            page = pdf[number - 1]
            width, height = page.get_size()
            scale = min(dpi / 72, (RENDER_MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            # `rotation` is the page's whole turn as read (its /Rotate included): pdfium adds /Rotate
            image = page.render(scale=scale, rotation=(rotation - page.get_rotation()) % 360).to_pil()
            page.close()
            return _png(image)
        finally:
            pdf.close()
    return _png(_image_page(path, number, rotation, max_pixels))


def _image_page(path: Path, number: int, rotation: int, max_pixels: int) -> Image.Image:
    try:
        image = Image.open(path)
        frames = getattr(image, "n_frames", 1)
    except Exception as error:
        raise PageUnavailable("the stored file is neither a PDF nor an image") from error
    if not 1 <= number <= frames:
        raise PageUnavailable(f"the document has {frames} page(s)")
    image.seek(number - 1)
    dpi = image.info.get("dpi")
    if image.width * image.height > max_pixels:
        raise ImageTooLarge(f"page {number} is {image.width}x{image.height} pixels, over the limit of "
                            f"{max_pixels:,}")
    if image.width * image.height > RENDER_MAX_PIXELS:
        side = int(RENDER_MAX_PIXELS ** 0.5)
        image.draft("RGB", (side, side))  # JPEG decodes at a fraction of its size; others are unchanged
        image.thumbnail((side, side))
    image = square_pixels(image.convert("RGB"), dpi)
    return image.rotate(-rotation, expand=True) if rotation else image


def square_pixels(image: Image.Image, dpi) -> Image.Image:
    """A fax's 204 x 98 dpi page shown at the paper's proportions, as the extraction measured it."""
    across, down = image_resolution(dpi, 300)
    if abs(across - down) < 1:
        return image
    return image.resize((image.width, round(image.height * across / down)))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


class PageRenderer:
    """A bounded pool of render processes with a byte-bounded cache in front; identical requests in
    flight share one render."""

    def __init__(self, workers: int, max_pixels: int, cache_bytes: int = CACHE_BYTES):
        self.workers, self.max_pixels = workers, max_pixels
        self._pool: ProcessPoolExecutor | None = None
        self._cache: LRUCache[tuple[str, int, int, int], bytes] = LRUCache(cache_bytes, getsizeof=len)
        self._in_flight: dict[tuple[str, int, int, int], asyncio.Future[bytes]] = {}

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             max_tasks_per_child=RENDER_TASKS_PER_PROCESS,
                                             initializer=die_with_parent)
        return self._pool

    async def png(self, path: Path, sha256: str, number: int, dpi: int, rotation: int) -> bytes:
        key = (sha256, number, dpi, rotation)
        if (cached := self._cache.get(key)) is not None:
            return cached
        if key in self._in_flight:
            return await asyncio.shield(self._in_flight[key])
        try:
            task = self._executor().submit(render_page_png, path, number, dpi, rotation, self.max_pixels)
            future = asyncio.wrap_future(task, loop=asyncio.get_running_loop())
        except BrokenProcessPool as error:
            self.close()
            raise RendererBusy("the page renderer restarted; try again") from error
        self._in_flight[key] = future
        try:
            png = await asyncio.shield(future)
        except BrokenProcessPool as error:  # a render process died (out of memory): start afresh
            self.close()
            raise RendererBusy("the page renderer restarted; try again") from error
        finally:
            self._in_flight.pop(key, None)
        if len(png) <= self._cache.maxsize:
            self._cache[key] = png
        return png

    def close(self) -> None:
        """Stop the render processes now (a render takes well under a second; none is left behind)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

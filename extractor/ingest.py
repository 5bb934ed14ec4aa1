"""Input check and identity: path -> SourceDocument, or an `InputError` that names the file and the fix.

Everything cheap is checked here, before any page is read, so a batch learns early that a file
is empty, not a PDF/image, damaged, encrypted, too long or a decompression bomb.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from extractor.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ImageTooLarge,
    InputError,
    NotAPdf,
    TooManyPages,
)
from extractor.options import ExtractOptions

SourceKind = Literal["pdf", "image"]

IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}


class SourceDocument(BaseModel):
    path: Path
    filename: str
    sha256: str
    kind: SourceKind
    page_count: int
    password: str | None = None


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff_kind(path: Path) -> SourceKind:
    """By content, not by suffix: a renamed file is still read for what it is."""
    if not path.is_file():
        raise InputError("no such file; check the path", path)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head.strip():
        raise EmptyFile("the file is empty; re-export or re-scan it", path)
    if b"%PDF-" in head:
        return "pdf"
    if any(head.startswith(magic) for magic in IMAGE_MAGIC):
        return "image"
    raise NotAPdf("not a PDF or a supported image (PNG, JPEG, TIFF); convert it to PDF first", path)


def open_source(path: Path, options: ExtractOptions) -> SourceDocument:
    path = Path(path)
    kind = sniff_kind(path)
    if kind == "pdf":
        page_count, password = check_pdf(path, options)
    else:
        page_count, password = check_image(path, options), None
    if page_count > options.max_pages:
        raise TooManyPages(f"{page_count} pages, more than the limit of {options.max_pages}; split the "
                           f"file or raise max_pages", path)
    return SourceDocument(path=path, filename=path.name, sha256=sha256_of_file(path), kind=kind,
                          page_count=page_count, password=password)


def open_pdf(path: Path, password: str | None = None):
    """pdfium document; the empty password is tried first, as viewers do."""
    import pypdfium2
    import pypdfium2.raw as raw

    for attempt in (password, ""):
        try:
            return pypdfium2.PdfDocument(str(path), password=attempt)
        except pypdfium2.PdfiumError as error:
            if error.err_code != raw.FPDF_ERR_PASSWORD:
                raise CorruptPdf(f"the PDF cannot be parsed ({error}); re-export or repair it "
                                 f"(e.g. `qpdf --recover`)", path) from error
    raise EncryptedPdf("the PDF is encrypted with a password; save an unencrypted copy and retry", path)


def check_pdf(path: Path, options: ExtractOptions) -> tuple[int, str | None]:
    pdf = open_pdf(path)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise CorruptPdf("the PDF has no readable pages; re-export or repair it", path)
        if page_count <= options.max_pages:
            check_render_sizes(pdf, path, options)
    finally:
        pdf.close()
    return page_count, None


def check_render_sizes(pdf, path: Path, options: ExtractOptions) -> None:
    """A page whose render at the OCR dpi would exceed the pixel limit is a bomb, not a PK."""
    scale = options.dpi / 72
    for index in range(len(pdf)):
        width, height = pdf.get_page_size(index)
        pixels = int(width * scale) * int(height * scale)
        if pixels > options.max_image_pixels:
            raise ImageTooLarge(f"page {index + 1} would render to {pixels:,} pixels at {options.dpi} dpi, "
                                f"over the limit of {options.max_image_pixels:,}; check the page size",
                                path)


def check_image(path: Path, options: ExtractOptions) -> int:
    """Frame count of a PNG/JPEG/TIFF, after checking every frame's size without decoding pixels."""
    from PIL import Image, UnidentifiedImageError

    from extractor.ocr.render import pil_pixel_limit

    try:
        with pil_pixel_limit(options.max_image_pixels), Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            for index in range(frames):
                image.seek(index)
                check_pixels(image.width * image.height, path, options, index + 1)
            return frames
    except Image.DecompressionBombError as error:
        raise ImageTooLarge(f"the image is a decompression bomb ({error}); reduce its size", path) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise NotAPdf(f"the image cannot be decoded ({error}); re-save it as PNG, JPEG or TIFF",
                      path) from error


def check_pixels(pixels: int, path: Path, options: ExtractOptions, page: int) -> None:
    if pixels > options.max_image_pixels:
        raise ImageTooLarge(f"page {page} has {pixels:,} pixels, over the limit of "
                            f"{options.max_image_pixels:,}; downscale the scan", path)

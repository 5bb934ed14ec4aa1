"""Input check and identity: path -> SourceDocument, or an `InputError` that names the file and the fix.

Everything cheap is checked here, before any page is read, so a batch learns early that a file
is empty, not a PDF/image, damaged, encrypted, too long or a decompression bomb.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from extractor.errors import (
    PAGE_IMAGE_TOO_LARGE,
    PAGE_TOO_LARGE,
    CorruptImage,
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ImageTooLarge,
    InputError,
    NotAPdf,
    TooLargeToRead,
    TooManyPages,
    readable,
)
from extractor.ingest.docx_check import check_docx, is_word_document
from extractor.ingest.pdf_check import Limits, PdfCheck, check_pdf_pages
from extractor.ingest.stand_in import write_stand_in
from extractor.options import ExtractOptions
from models.document import Problem

SourceKind = Literal["pdf", "image", "docx"]
ZIP_MAGIC = b"PK\x03\x04"

IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}


class SourceDocument(BaseModel):
    """`path` is what the readers open: the user's file, or a stand-in copy (`stand_in`) whose
    unreadable pages are blank, each with its page problem in `problems`."""

    path: Path
    filename: str
    sha256: str
    kind: SourceKind
    page_count: int
    password: str | None = None
    problems: list[Problem] = []
    stand_in: bool = False

    def discard_stand_in(self) -> None:
        if self.stand_in:
            self.path.unlink(missing_ok=True)


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
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise InputError(f"the file cannot be read ({error.strerror}); check its permissions",
                         path) from error
    if not head.strip():
        raise EmptyFile("the file is empty; re-export or re-scan it", path)
    if b"%PDF-" in head:
        return "pdf"
    if any(head.startswith(magic) for magic in IMAGE_MAGIC):
        return "image"
    if head.startswith(ZIP_MAGIC) and (path.suffix.lower() == ".docx" or is_word_document(path)):
        return "docx"  # a damaged .docx is still a Word file: check_docx says what is wrong
    raise NotAPdf("not a PDF, a Word document (.docx) or a supported image (PNG, JPEG, TIFF); convert it "
                  "to PDF first", path)


def open_source(path: Path, options: ExtractOptions) -> SourceDocument:
    path = Path(path)
    kind = sniff_kind(path)
    identity = {"filename": readable(path.name), "sha256": sha256_of_file(path), "kind": kind}
    if kind == "image":
        page_count = check_image(path, options)
        check_page_count(page_count, path, options)
        return SourceDocument(path=path, page_count=page_count, **identity)
    if kind == "docx":
        page_count = check_docx(path)
        check_page_count(page_count, path, options)
        return SourceDocument(path=path, page_count=page_count, **identity)
    check = check_pdf(path, options)
    source = SourceDocument(path=path, page_count=check.page_count, password=check.password, **identity)
    if check.bad_pages:
        stand_in = write_stand_in(path, check)
        source = source.model_copy(update={"path": stand_in, "stand_in": True, "password": None,
                                           "problems": [page.problem for page in check.bad_pages]})
    return source


def check_page_count(page_count: int, path: Path, options: ExtractOptions) -> None:
    if page_count > options.max_pages:
        raise TooManyPages(f"{page_count} pages, more than the limit of {options.max_pages}; split the "
                           f"file or raise max_pages", path)


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


def check_pdf(path: Path, options: ExtractOptions) -> PdfCheck:
    """Every page tried in a memory-limited child (`pdf_check`), then the file's own limits."""
    check = check_pdf_pages(path, None, Limits(max_pages=options.max_pages,
                                               max_image_pixels=options.max_image_pixels))
    if check.page_count == 0:
        raise CorruptPdf("the PDF has no readable pages; re-export or repair it", path)
    check_page_count(check.page_count, path, options)
    if len(check.bad_pages) == check.page_count:
        raise whole_file_error(check, path)
    check_render_sizes(check, path, options)
    return check


def whole_file_error(check: PdfCheck, path: Path) -> InputError:
    """No page can be read: the file's error, of the kind its pages share."""
    codes = {page.problem.code for page in check.bad_pages}
    first = check.bad_pages[0].problem.message
    if codes == {PAGE_TOO_LARGE}:
        return TooLargeToRead(f"no page can be read: {first}", path)
    if codes == {PAGE_IMAGE_TOO_LARGE}:
        return ImageTooLarge(f"no page can be read: {first}", path)
    return CorruptPdf(f"no page of the PDF can be read: {first}; re-export or repair it "
                      f"(e.g. `qpdf --recover`)", path)


def check_render_sizes(check: PdfCheck, path: Path, options: ExtractOptions) -> None:
    """A page whose render at the OCR dpi would exceed the pixel limit is a bomb, not a PK."""
    scale = options.dpi / 72
    for page in check.pages:
        pixels = int(page.width * scale) * int(page.height * scale)
        if pixels > options.max_image_pixels:
            raise ImageTooLarge(f"page {page.number} would render to {pixels:,} pixels at {options.dpi} dpi, "
                                f"over the limit of {options.max_image_pixels:,}; check the page size",
                                path)


def check_image(path: Path, options: ExtractOptions) -> int:
    """Frame count of a PNG/JPEG/TIFF, after checking every frame's size without decoding pixels."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # damaged EXIF and the like: the errors below say what matters
        try:
            with pil_pixel_limit(options.max_image_pixels), Image.open(path) as image:
                frames = getattr(image, "n_frames", 1)
                check_page_count(frames, path, options)
                for index in range(frames):
                    image.seek(index)
                    check_pixels(image.width * image.height, path, options, index + 1)
                return frames
        except Image.DecompressionBombError as error:
            raise ImageTooLarge(f"the image is a decompression bomb ({error}); reduce its size",
                                path) from error
        except InputError:
            raise
        except Exception as error:  # PIL's damaged headers raise any type (OSError, ValueError, ...)
            raise CorruptImage(f"the image cannot be decoded ({type(error).__name__}: {error}); re-save "
                               f"it as PNG, JPEG or TIFF", path) from error


def check_pixels(pixels: int, path: Path, options: ExtractOptions, page: int) -> None:
    if pixels > options.max_image_pixels:
        raise ImageTooLarge(f"page {page} has {pixels:,} pixels, over the limit of "
                            f"{options.max_image_pixels:,}; downscale the scan", path)


@contextmanager
def pil_pixel_limit(max_pixels: int) -> Iterator[None]:
    """PIL's decompression-bomb guard at our limit for one read; the global is put back after, so one
    run's limit never leaks into another's (tests, or a service running several option sets)."""
    from PIL import Image

    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous

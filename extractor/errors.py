"""Input and environment problems: a small hierarchy with stable codes (pk-record.md `Problem.code`).

Content problems (a missing NIP, an unreadable page) are not raised: they are recorded on the
result as `Problem`s and flagged fields.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.document import Problem


def readable(name: Path | str) -> str:
    """A path or file name as text that can always be printed and stored: bytes that are not UTF-8
    (a name made on another system) become U+FFFD instead of failing the JSON and the terminal."""
    return os.fsencode(name).decode("utf-8", errors="replace")


class PkExtractError(Exception):
    """Base of every error the extractor raises on purpose; `code` is stable."""

    code = "extract_error"

    def __init__(self, detail: str, path: Path | str | None = None):
        self.path = readable(path) if path is not None else None
        self.detail = detail
        super().__init__(f"{self.path}: {detail}" if self.path else detail)

    def to_problem(self) -> Problem:
        return Problem(code=self.code, message=str(self), page=None)


class InputError(PkExtractError):
    """The file itself cannot be read as a PK source."""

    code = "input_error"


class EmptyFile(InputError):
    code = "empty_file"


class NotAPdf(InputError):
    """Neither a PDF nor a supported image (PNG, JPEG, TIFF)."""

    code = "not_a_pdf"


class CorruptPdf(InputError):
    code = "corrupt_pdf"


class CorruptImage(InputError):
    """A PNG/JPEG/TIFF by its signature whose header or frames cannot be decoded."""

    code = "corrupt_image"


class CorruptDocx(InputError):
    """A Word file (by its signature) that is no readable .docx: a damaged zip, no document part."""

    code = "corrupt_docx"


class EncryptedPdf(InputError):
    code = "encrypted_pdf"


class TooManyPages(InputError):
    code = "too_many_pages"


class ImageTooLarge(InputError):
    """Decompression-bomb guard: a page image larger than the configured pixel limit."""

    code = "image_too_large"


class TooLargeToRead(InputError):
    """Opening the file needs more memory than a PK ever does: a decompression bomb or a damaged
    length. Checked in a child process with a memory limit, so this process never pays for it."""

    code = "too_large_to_read"


class ReadTimeout(InputError):
    """Opening the file took longer than any PK takes (a parser caught in a damaged structure)."""

    code = "read_timeout"


class InternalError(PkExtractError):
    """An error the extractor did not foresee: the file's result records it (type and message) so a
    batch goes on, instead of a traceback; please report the file."""

    code = "internal_error"


class EnvironmentProblem(PkExtractError):
    """The machine lacks something the extractor needs; the message says what to install."""

    code = "environment_error"


class OcrEngineMissing(EnvironmentProblem):
    code = "ocr_engine_missing"


class OcrLanguageMissing(EnvironmentProblem):
    code = "ocr_language_missing"


class CalibrationMissing(EnvironmentProblem):
    """The installed package lacks its fitted calibration: every confidence would be uncalibrated."""

    code = "calibration_missing"


# Problems of one page; the other pages of the file are still read.
PAGE_TIMEOUT = "page_timeout"
PAGE_UNREADABLE = "page_unreadable"  # pdfium cannot load the page, its size or its text
PAGE_TOO_LARGE = "page_too_large"  # reading it needs more memory or characters than any PK page
PAGE_IMAGE_TOO_LARGE = "image_too_large"  # an embedded image over the pixel limit
OCR_FAILED = "ocr_failed"
NO_AGREEMENT = "no_agreement"

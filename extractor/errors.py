"""Input and environment problems: a small hierarchy with stable codes (pk-record.md `Problem.code`).

Content problems (a missing NIP, an unreadable page) are not raised: they are recorded on the
result as `Problem`s and flagged fields.
"""

from __future__ import annotations

from pathlib import Path

from models.document import Problem


class PkExtractError(Exception):
    """Base of every error the extractor raises on purpose; `code` is stable."""

    code = "extract_error"

    def __init__(self, detail: str, path: Path | str | None = None):
        self.path = str(path) if path is not None else None
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


class EncryptedPdf(InputError):
    code = "encrypted_pdf"


class TooManyPages(InputError):
    code = "too_many_pages"


class ImageTooLarge(InputError):
    """Decompression-bomb guard: a page image larger than the configured pixel limit."""

    code = "image_too_large"


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


PAGE_TIMEOUT = "page_timeout"
OCR_FAILED = "ocr_failed"
NO_AGREEMENT = "no_agreement"

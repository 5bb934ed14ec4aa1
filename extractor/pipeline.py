"""The whole extractor, top to bottom: file -> pages of words -> agreements -> ExtractionResult."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractor.errors import InternalError, PkExtractError, readable
from extractor.ingest.reader import PagesRead, read_pages
from extractor.ingest.source import SourceDocument, open_source
from extractor.options import ExtractOptions
from extractor.parse.agreements import pages_to_agreements
from extractor.scoring.calibration import calibrate_agreements
from models.document import Document, Page
from models.result import ExtractionResult

PageCallback = Callable[[Page], None]


def extract(
    path: Path | str,
    options: ExtractOptions | None = None,
    on_page: PageCallback | None = None,
    *,
    calibrate: bool = True,
) -> ExtractionResult:
    """Extract every PK from one file. Input problems raise `PkExtractError`; content ones are recorded.

    `calibrate=False` keeps the parser's raw confidences: what `pk-extract calibrate` learns from.
    """
    options = options or ExtractOptions()
    source = open_source(Path(path), options)
    try:
        pages_read = read_source(source, options, on_page=on_page)
    finally:
        source.discard_stand_in()
    return pages_to_result(source, pages_read, options, calibrate=calibrate)


def read_source(source: SourceDocument, options: ExtractOptions,
                on_page: PageCallback | None = None) -> PagesRead:
    """Pages of words of any input: a Word file laid out from its own text, PDFs and images read."""
    if source.kind == "docx":
        from extractor.ingest.docx_check import docx_pages

        pages = docx_pages(source.path)
        for page in pages:
            if on_page:
                on_page(page)
        return PagesRead(pages=pages)
    return read_pages(source, options, on_page=on_page)


def pages_to_result(source: SourceDocument, pages_read: PagesRead, options: ExtractOptions, *,
                    calibrate: bool = True) -> ExtractionResult:
    """The parsing half of `extract`: pages already read -> agreements, calibrated or raw."""
    parsed = pages_to_agreements(pages_read.pages, options)
    document = Document(
        filename=source.filename,
        sha256=source.sha256,
        page_count=source.page_count,
        pages=[page.info for page in pages_read.pages],
    )
    problems = sorted([*source.problems, *pages_read.problems], key=lambda p: (p.page or 0, p.code))
    problems += parsed.problems
    agreements = parsed.agreements
    if calibrate:
        agreements = calibrate_agreements(agreements, document, options, problems)
    return ExtractionResult(document=document, agreements=agreements, errors=problems)


def extract_or_failure(path: Path | str, options: ExtractOptions | None = None,
                       on_page: PageCallback | None = None, *, calibrate: bool = True) -> ExtractionResult:
    """Like `extract`, but an input error becomes a result with the problem, so a batch goes on; so
    does an error nobody foresaw (`internal_error`, with its type and message, never a traceback)."""
    path = Path(path)
    try:
        return extract(path, options, on_page=on_page, calibrate=calibrate)
    except PkExtractError as error:
        return failed_result(path, error)
    except Exception as error:  # one bad file must not end the batch
        detail = f"unexpected {type(error).__name__}: {error}; please report this file"
        return failed_result(path, InternalError(detail, path))


def failed_result(path: Path, error: PkExtractError) -> ExtractionResult:
    from extractor.ingest.source import sha256_of_file

    try:
        sha = sha256_of_file(path)
    except OSError:  # missing or unreadable: the problem already says so
        sha = ""
    document = Document(filename=readable(path.name), sha256=sha, page_count=0, pages=[])
    return ExtractionResult(document=document, errors=[error.to_problem()])

"""Extraction results cached on disk, in two layers, so refitting and re-scoring skip the OCR.

- Pages: the words read from each page (text layer or OCR), keyed by the input's sha256, the
  reading options and a hash of the ingestion code only. A parser change keeps these, so
  re-scoring after it costs parsing, not OCR.
- Results: the raw (uncalibrated) ExtractionResult, keyed as well by a hash of all extractor code.

Calibration is not part of either key: it is applied to the raw result after loading, which is
exactly what `pipeline.extract` does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from extractor.ingest.reader import PagesRead
from extractor.ingest.source import SourceDocument
from extractor.options import ExtractOptions
from models.result import ExtractionResult

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("extractor", "models")
# Files that do not change what the parser emits.
NOT_CODE = ("extractor/scoring/calibration.py", "extractor/cli.py", "extractor/ingest/searchable.py")
# Files that decide which words a page yields (everything upstream of parsing). The options that
# change the words are part of `reading_key`, so a new review-threshold default costs no OCR.
INGEST_CODE = ("extractor/ingest/", "extractor/errors.py", "models/document.py", "models/geometry.py")


class CachedPages(BaseModel):
    """What ingestion produced for one file: its identity and its pages of words."""

    source: SourceDocument
    pages_read: PagesRead


def hash_of(selected: Callable[[str], bool]) -> str:
    """A short hash of the code files (repository-relative paths) that `selected` accepts."""
    digest = hashlib.sha256()
    for directory in CODE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if selected(relative):
                digest.update(relative.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def code_hash() -> str:
    return hash_of(lambda relative: not relative.startswith(NOT_CODE))


@cache
def ingest_hash() -> str:
    return hash_of(lambda relative: relative.startswith(INGEST_CODE))


def reading_key(path: Path, options: ExtractOptions) -> str:
    from extractor.ingest.ocr.engine import resolved
    from extractor.ingest.source import sha256_of_file

    reading = (f"{options.dpi}|{options.lang}|{options.force_ocr}|{options.max_pages}"
               f"|{options.second_reading}|{resolved(options.ocr_engine)}")
    return f"{sha256_of_file(path)[:24]}-{hashlib.sha256(reading.encode()).hexdigest()[:8]}"


def cache_key(path: Path, options: ExtractOptions) -> str:
    return f"{reading_key(path, options)}-{code_hash()}"


def read_or_load_pages(path: Path, options: ExtractOptions, cache_dir: Path) -> CachedPages:
    """The file's pages of words: from the page cache when ingestion code is unchanged, else read."""
    from extractor.ingest.source import open_source
    from extractor.pipeline import read_source

    entry = cache_dir / "pages" / f"{reading_key(path, options)}-{ingest_hash()}.json"
    if entry.is_file():
        return CachedPages.model_validate_json(entry.read_text(encoding="utf-8"))
    source = open_source(path, options)
    try:
        cached = CachedPages(source=source, pages_read=read_source(source, options))
    finally:
        source.discard_stand_in()
    write_atomically(entry, cached.model_dump_json())
    return cached


def raw_result(path: Path, options: ExtractOptions, cache_dir: Path | None) -> ExtractionResult:
    """The uncalibrated result of one file: from the cache when present, else parsed and stored."""
    from extractor.errors import PkExtractError
    from extractor.pipeline import extract_or_failure, failed_result, pages_to_result

    if cache_dir is None:
        return extract_or_failure(path, options, calibrate=False)
    entry = cache_dir / f"{cache_key(path, options)}.json"
    if entry.is_file():
        return ExtractionResult.model_validate_json(entry.read_text(encoding="utf-8"))
    try:
        cached = read_or_load_pages(path, options, cache_dir)
        result = pages_to_result(cached.source, cached.pages_read, options, calibrate=False)
    except PkExtractError as error:
        result = failed_result(path, error)
    write_atomically(entry, result.model_dump_json())
    return result


def write_atomically(entry: Path, text: str) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = entry.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(entry)

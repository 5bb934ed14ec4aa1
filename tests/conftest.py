"""Shared test fixtures: paths to the real corpus (read-only, never copied) and the samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest.reader import read_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from models.document import Page

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REAL = ROOT.parent / "shared" / "real"
# A 150 dpi, JPEG-31 scan of a lampiran with a ruled four-column table (samples/README.md).
POOR_SCAN = SAMPLES / "corpus" / "scanned" / "scan11_rl_head.pdf"


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"real corpus not present at {REAL}")
    return REAL


@pytest.fixture(scope="session")
def poor_scan_pages() -> tuple[Page, ...]:
    """POOR_SCAN read once per test process (about 10 s of OCR) for every test that looks at it."""
    options = ExtractOptions(workers=2)
    return tuple(read_pages(open_source(POOR_SCAN, options), options).pages)

"""Inputs for the ingestion tests, made once per session in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest import makers

SCAN_DPI = 150


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ingest")


@pytest.fixture(scope="session")
def born_digital(made: Path) -> Path:
    return makers.pk_pdf(made / "born-digital.pdf", pages=2)


@pytest.fixture(scope="session")
def scan_image(born_digital: Path):
    return makers.render_scan(born_digital, dpi=SCAN_DPI)


ENGINES = ("tesserocr", "pytesseract")


@pytest.fixture(params=ENGINES)
def ocr_engine(request) -> str:
    """Each OCR test runs once per engine: in-process tesserocr and the pytesseract fallback."""
    return request.param

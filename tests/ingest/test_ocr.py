"""Scanned pages: orientation and skew found and corrected, noisy layers replaced, bounded OCR; each test
that reads runs once per OCR engine (the `ocr_engine` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytesseract
import pytest

from extractor.errors import OcrEngineMissing, OcrLanguageMissing
from extractor.ingest.reader import read_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from extractor.pipeline import extract_or_failure
from tests.ingest import makers
from tests.ingest.conftest import SCAN_DPI


def read(path: Path, on_page=None, **options):
    opts = ExtractOptions(**{"workers": 2, "dpi": SCAN_DPI, **options})
    return read_pages(open_source(path, opts), opts, on_page=on_page)


def assert_reads_the_page(page) -> None:
    lines = [" ".join(w.text for w in line) for line in page.lines()]
    assert lines[0] == makers.TITLE
    assert "Nama : BUDI SANTOSO, S.T." in lines
    title = [w for w in page.words if w.line == 0]
    assert all(w.bbox[3] < page.info.height * 0.2 for w in title), "title must be at the top"
    assert all(w.bbox[2] - w.bbox[0] > w.bbox[3] - w.bbox[1] for w in title if len(w.text) > 3)
    assert all(0 <= w.bbox[0] < w.bbox[2] <= page.info.width + 1 for w in page.words)


def test_turned_and_crooked_scans_come_back_upright(made: Path, scan_image, ocr_engine: str):
    crooked = [makers.turn(scan_image, 90), makers.turn(scan_image, 180), makers.turn(scan_image, -3)]
    path = makers.image_pdf(made / "crooked.pdf", crooked, dpi=SCAN_DPI)
    seen = []
    pages = read(path, on_page=lambda page: seen.append(page.number), ocr_engine=ocr_engine).pages
    assert sorted(seen) == [1, 2, 3]
    assert [p.info.rotation for p in pages] == [90, 180, 0]
    assert pages[2].info.skew_degrees == pytest.approx(3.0, abs=0.5)
    assert abs(pages[0].info.skew_degrees) < 0.5
    for page in pages:
        assert page.info.source == "ocr"
        assert page.info.ocr_confidence > 0.8
        assert_reads_the_page(page)
    assert pages[0].info.width < pages[0].info.height  # the landscape scan became a portrait page


def test_noisy_invisible_layer_over_a_scan_is_ocrd_instead(made: Path, scan_image, ocr_engine: str):
    path = makers.image_pdf(made / "vendor-ocr.pdf", [scan_image], dpi=SCAN_DPI, noisy_layer=True)
    page = read(path, ocr_engine=ocr_engine).pages[0]
    assert page.info.source == "ocr"
    assert page.decision_reason.startswith("noisy scanner OCR layer over a page image (invisible)")
    assert "kine~a" not in page.text()
    assert_reads_the_page(page)


def test_multipage_tiff_pages_in_points(made: Path, scan_image, ocr_engine: str):
    path = makers.multipage_tiff(made / "scan.tif", [scan_image, makers.turn(scan_image, 180)], SCAN_DPI)
    pages = read(path, ocr_engine=ocr_engine).pages
    assert [p.number for p in pages] == [1, 2]
    assert [p.info.rotation for p in pages] == [0, 180]
    assert pages[0].info.width == pytest.approx(scan_image.width * 72 / SCAN_DPI, abs=0.5)
    for page in pages:
        assert_reads_the_page(page)


def test_page_timeout_is_recorded_and_the_page_kept(made: Path, scan_image, ocr_engine: str):
    path = makers.image_pdf(made / "slow.pdf", [scan_image, scan_image], dpi=SCAN_DPI)
    result = extract_or_failure(path, ExtractOptions(workers=2, dpi=SCAN_DPI, page_timeout_s=0.05,
                                                     ocr_engine=ocr_engine))
    assert result.document.page_count == 2
    timeouts = [p for p in result.errors if p.code == "page_timeout"]
    assert sorted(p.page for p in timeouts) == [1, 2]
    assert all("page_timeout_s" in p.message for p in timeouts)
    assert not any(p.code == "ocr_failed" for p in result.errors)
    assert [p.source for p in result.document.pages] == ["ocr", "ocr"]


def test_missing_engine_fails_the_file_before_work_and_names_the_package(made: Path, scan_image,
                                                                         born_digital: Path, monkeypatch):
    path = makers.image_pdf(made / "needs-ocr.pdf", [scan_image], dpi=SCAN_DPI)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(made / "no-tesseract-here"))
    with pytest.raises(OcrEngineMissing, match="tesseract-ocr"):
        read(path, ocr_engine="pytesseract")
    result = extract_or_failure(path, ExtractOptions(dpi=SCAN_DPI, ocr_engine="pytesseract"))
    assert [p.code for p in result.errors] == ["ocr_engine_missing"]
    assert [p.info.source for p in read(born_digital).pages] == ["text", "text"]


def test_missing_language_names_its_package(made: Path, scan_image, ocr_engine: str):
    path = makers.image_pdf(made / "needs-lang.pdf", [scan_image], dpi=SCAN_DPI)
    with pytest.raises(OcrLanguageMissing, match="tesseract-ocr-xyz"):
        read(path, lang="ind+xyz", ocr_engine=ocr_engine)
    result = extract_or_failure(path, ExtractOptions(lang="xyz", ocr_engine=ocr_engine))
    assert [p.code for p in result.errors] == ["ocr_language_missing"]


def test_lone_target_digits_in_ruled_cells_are_recovered(made: Path, ocr_engine: str):
    """Tesseract's page layout drops a cell holding one digit; the second look must bring it back."""
    scan = makers.render_scan(makers.target_table_pdf(made / "targets.pdf"), dpi=200)
    path = makers.image_pdf(made / "targets-scan.pdf", [scan], dpi=200)
    page = read(path, dpi=200, ocr_engine=ocr_engine).pages[0]
    targets = sorted((w for w in page.words if w.bbox[0] > 420), key=lambda w: w.bbox[1])
    assert [w.text for w in targets] == [target for _lines, target in makers.TARGET_ROWS]
    indicator = next(w for w in page.words if w.text == "teknologi")
    two = targets[1]
    assert abs((two.bbox[1] + two.bbox[3]) / 2 - (indicator.bbox[1] + indicator.bbox[3]) / 2) < 12

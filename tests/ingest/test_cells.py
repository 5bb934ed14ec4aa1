"""Ruled table cells that Tesseract's page layout garbles are read again one by one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytesseract

from extractor.ingest import open_source
from extractor.ocr.cells import find_cells, ink_of, rule_mask
from extractor.ocr.render import render_pdf_page
from extractor.options import ExtractOptions
from extractor.orientation import deskew, estimate_skew
from extractor.reader import read_pages
from tests.conftest import SAMPLES
from tests.ingest import makers

# A 150 dpi, JPEG-31 scan of a lampiran with a ruled four-column table (samples/README.md).
POOR_SCAN = SAMPLES / "corpus" / "scanned" / "scan11_rl_head.pdf"
LOST_ROWS = ["Indeks Pembangunan Manusia 79,61", "Rata-rata Lama Sekolah 8,1 Tahun",
             "Tingkat Kemiskinan 11 %"]


def test_rows_plain_tesseract_loses_in_a_ruled_table_are_read_from_their_cells():
    pixels = render_pdf_page(POOR_SCAN, None, 2, 300).pixels
    upright = deskew(pixels, estimate_skew(pixels))
    bare = pytesseract.image_to_string(upright, lang="ind+eng", config="--dpi 300")
    assert not any(row.split()[0] + " " + row.split()[1] in bare for row in LOST_ROWS), \
        "the scan must defeat plain Tesseract"

    options = ExtractOptions(workers=1)
    page = read_pages(open_source(POOR_SCAN, options), options).pages[1]
    lines = [" ".join(w.text for w in line) for line in page.lines()]
    for row in LOST_ROWS:
        assert any(line.endswith(row) for line in lines), row


def test_cells_of_a_ruled_table_are_found_from_its_rules(made: Path):
    scan = np.asarray(makers.render_scan(makers.target_table_pdf(made / "cells.pdf"), dpi=200))
    cells = find_cells(rule_mask(ink_of(scan, 200), 200), 200)
    header_and_rows = 1 + len(makers.TARGET_ROWS)
    assert len(cells) == 2 * header_and_rows
    assert len({cell.x0 for cell in cells}) == 2, "two columns, their cells aligned"


def test_a_page_without_rules_has_no_cells(scan_image):
    pixels = np.asarray(scan_image)
    assert find_cells(rule_mask(ink_of(pixels, 150), 150), 150) == []

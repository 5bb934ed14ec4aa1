"""Ruled table cells that Tesseract's page layout garbles are read again one by one."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytesseract

from extractor.ingest.ocr.cells import confirmed, find_cells
from extractor.ingest.ocr.engine import PixelWord
from extractor.ingest.ocr.ink import RuledPage, mark_boxes
from extractor.ingest.ocr.render import render_pdf_page
from extractor.ingest.orientation import deskew, estimate_skew
from tests.conftest import POOR_SCAN
from tests.ingest import makers

LOST_ROWS = ["Indeks Pembangunan Manusia 79,61", "Rata-rata Lama Sekolah 8,1 Tahun",
             "Tingkat Kemiskinan 11 %"]


def test_rows_plain_tesseract_loses_in_a_ruled_table_are_read_from_their_cells(poor_scan_pages):
    pixels = render_pdf_page(POOR_SCAN, None, 2, 300).pixels
    upright = deskew(pixels, estimate_skew(pixels))
    bare = pytesseract.image_to_string(upright, lang="ind+eng", config="--dpi 300")
    assert not any(row.split()[0] + " " + row.split()[1] in bare for row in LOST_ROWS), \
        "the scan must defeat plain Tesseract"

    lines = [" ".join(w.text for w in line) for line in poor_scan_pages[1].lines()]
    for row in LOST_ROWS:
        assert any(line.endswith(row) for line in lines), row


def test_a_line_ocr_never_read_is_kept_as_unread_ink(poor_scan_pages):
    """The sasaran "Meningkatnya akuntabilitas keuangan / dan kinerja pemerintah daerah": Tesseract
    drops its second line, inside a grid so dense it once passed for a stamp."""
    page = poor_scan_pages[1]
    first_line = next(w for w in page.words if w.text == "akuntabilitas")
    below = [box for box in page.unread
             if box[0] < first_line.bbox[0] < box[2] and 0 < box[1] - first_line.bbox[1] < 20]
    assert below, page.unread
    x0, top, x1, bottom = below[0]
    assert not [w for w in page.words if top < w.bbox[1] < bottom and x0 < w.bbox[0] < x1]
    assert len(page.unread) < 10, "read text is not unread"


def test_cells_of_a_ruled_table_are_found_from_its_rules(made: Path):
    scan = np.asarray(makers.render_scan(makers.target_table_pdf(made / "cells.pdf"), dpi=200))
    cells = find_cells(RuledPage.of(scan, 200).rules, 200)
    header_and_rows = 1 + len(makers.TARGET_ROWS)
    assert len(cells) == 2 * header_and_rows
    assert len({cell.x0 for cell in cells}) == 2, "two columns, their cells aligned"


def test_a_page_without_rules_has_no_cells(scan_image):
    pixels = np.asarray(scan_image)
    assert find_cells(RuledPage.of(pixels, 150).rules, 150) == []


def pixel_word(text: str, left: int) -> PixelWord:
    return PixelWord(text=text, left=left, top=10, width=40, height=20, confidence=0.9)


def test_each_word_is_confirmed_or_disputed_by_the_second_reading():
    kept = [pixel_word("Jumlah", 0), pixel_word("laporan", 50), pixel_word("basil", 100),
            pixel_word("pengawasan", 150)]
    other = [pixel_word("Jumlah", 0), pixel_word("laporan", 50), pixel_word("hasil", 100),
             pixel_word("pengawasan,", 150)]
    assert [w.second_reading for w in confirmed(kept, other)] == [True, True, False, True]
    assert [w.second_reading for w in confirmed(kept, [])] == [False] * 4


def test_a_stamp_is_a_mark_and_the_text_under_it_is_not(made: Path):
    scan = np.asarray(makers.render_scan(makers.pk_pdf(made / "stamped.pdf"), dpi=200)).copy()
    cv2.circle(scan, (900, 1500), 140, 60, 6)  # a stamp's ring, below the table
    ruled = RuledPage.of(scan, 200)
    words = [PixelWord(text="Meningkatnya", left=100, top=900, width=300, height=36, confidence=0.95)] * 5
    marks = mark_boxes(ruled, words)
    assert len(marks) == 1
    assert all(abs(got - want) < 12 for got, want in zip(marks[0], (760, 1360, 1040, 1640), strict=True))

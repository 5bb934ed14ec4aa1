"""Number punctuation is checked against the glyphs: what a coarse scan's OCR gets wrong in targets."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from extractor.ingest.ocr.engine import PixelWord
from extractor.ingest.ocr.numerals import check_numerals

SCAN_DPI = 150
READ_DPI = 300
LINE_GAP = 30
# (font, printed, what OCR read, what the check must give)
CASES = [
    ("Times-Roman", "79,61", ["79.61"], ["79,61"]),
    ("Times-Roman", "0,7", ["0.7"], ["0,7"]),
    ("Times-Roman", "13,75", ["13.75"], ["13,75"]),
    ("Times-Roman", "75,9", ["759"], ["75,9"]),
    ("Times-Roman", "1.343", ["1.343"], ["1.343"]),
    ("Times-Roman", "12.500.000", ["12.500.000"], ["12.500.000"]),
    ("Times-Roman", "11 %", ["11%"], ["11", "%"]),
    ("Times-Roman", "97%", ["97%"], ["97%"]),
    ("Times-Roman", "97%", ["97", "%"], ["97%"]),
    ("Helvetica", "69%", ["69%"], ["69%"]),
    ("Helvetica", "45,3", ["45.3"], ["45,3"]),
    ("Helvetica", "12 %", ["12%"], ["12", "%"]),
]


def coarse_scan(path: Path) -> np.ndarray:
    """Each case printed at 10 pt, scanned at 150 dpi with heavy JPEG, read at 300 dpi."""
    import pypdfium2
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for index, (font, printed, _read, _expected) in enumerate(CASES):
        pdf.setFont(font, 10)
        pdf.drawString(80, A4[1] - 60 - LINE_GAP * index, printed)
    pdf.showPage()
    pdf.save()
    document = pypdfium2.PdfDocument(str(path))
    try:
        pixels = document[0].render(scale=SCAN_DPI / 72, grayscale=True).to_numpy()
    finally:
        document.close()
    pixels = np.ascontiguousarray(pixels if pixels.ndim == 2 else pixels[:, :, 0])
    _ok, jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 35])
    coarse = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    return cv2.resize(coarse, None, fx=READ_DPI / SCAN_DPI, fy=READ_DPI / SCAN_DPI,
                      interpolation=cv2.INTER_LINEAR)


def words_as_read(pixels: np.ndarray, index: int, read: list[str]) -> list[PixelWord]:
    """OCR's reading of one printed case: its ink box, cut into one box per read word."""
    baseline = round((60 + LINE_GAP * index) * READ_DPI / 72)
    band = pixels[baseline - 45:baseline + 15]
    ys, xs = np.nonzero(band < 128)
    top, height = baseline - 45 + int(ys.min()), int(ys.max() - ys.min() + 1)
    if len(read) == 1:
        return [PixelWord(text=read[0], left=int(xs.min()), top=top, width=int(xs.max() - xs.min() + 1),
                          height=height, confidence=0.9, block=1, line=index)]
    columns = np.unique(xs)
    cut = columns[np.argmax(np.diff(columns))]  # the widest blank column splits number and sign
    right_start = columns[np.searchsorted(columns, cut) + 1]
    return [PixelWord(text=read[0], left=int(xs.min()), top=top, width=int(cut - xs.min() + 1), height=height,
                      confidence=0.9, block=1, line=index),
            PixelWord(text=read[1], left=int(right_start), top=top, width=int(xs.max() - right_start + 1),
                      height=height, confidence=0.9, block=1, line=index)]


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> np.ndarray:
    return coarse_scan(tmp_path_factory.mktemp("numerals") / "numbers.pdf")


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}:{c[1]}<-{'|'.join(c[2])}" for c in CASES])
def test_number_punctuation_follows_the_glyphs(scan: np.ndarray, index: int):
    _font, _printed, read, expected = CASES[index]
    checked = check_numerals(scan, words_as_read(scan, index, read))
    assert [w.text for w in checked] == expected


def test_a_split_sign_keeps_boxes_on_its_glyphs(scan: np.ndarray):
    index = next(i for i, case in enumerate(CASES) if case[1] == "11 %")
    [read] = words_as_read(scan, index, ["11%"])
    number, sign = check_numerals(scan, [read])
    assert number.left == read.left and number.left + number.width < sign.left
    assert sign.left + sign.width == read.left + read.width


def test_words_that_are_not_numbers_or_cannot_be_matched_are_kept(scan: np.ndarray):
    word = words_as_read(scan, 0, ["79.61"])[0]
    assert check_numerals(scan, [word.model_copy(update={"text": "Dokumen"})])[0].text == "Dokumen"
    wrong_count = word.model_copy(update={"text": "7.6"})  # OCR lost digits: the glyphs cannot be matched
    assert check_numerals(scan, [wrong_count])[0].text == "7.6"

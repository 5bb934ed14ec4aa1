"""Searchable PDF: `extract --searchable-pdf DIR` writes each scan back with our words as an invisible
text layer where the words are, the page images byte for byte as they were, and a scanner's noisy
layer replaced. The text is read back by two independent readers (pdfminer through pdfplumber, and
pdfium through our own text-layer reader; pdftotext is not installed here)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2
import pytest

from extractor.ingest.text_layer import read_text_layer
from tests.ingest import makers

SCAN_DPI = 150
CROOKED_DEGREES = 2.0


def image_streams(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [image.read_raw_bytes() for page in pdf.pages for image in page.get_images().values()]


def upright_words(path: Path, number: int = 1) -> dict[str, tuple[float, float, float, float]]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[number - 1]
        return {word.text: word.bbox for word in read_text_layer(page).words}
    finally:
        document.close()


@pytest.fixture(scope="module")
def scans(tmp_path_factory, born_digital: Path) -> Path:
    """Three scans of the same page: straight, stored sideways with /Rotate 90, and crooked (2°);
    and one with a scanner's noisy invisible layer."""
    folder = tmp_path_factory.mktemp("scans")
    image = makers.render_scan(born_digital, dpi=SCAN_DPI)
    makers.image_pdf(folder / "straight.pdf", [image], SCAN_DPI)
    makers.image_pdf(folder / "crooked.pdf", [makers.turn(image, CROOKED_DEGREES)], SCAN_DPI)
    makers.image_pdf(folder / "noisy-layer.pdf", [image], SCAN_DPI, noisy_layer=True)
    makers.image_pdf(folder / "sideways.pdf", [image.rotate(90, expand=True)], SCAN_DPI)
    with pikepdf.open(folder / "sideways.pdf", allow_overwriting_input=True) as pdf:
        pdf.pages[0].rotate(90, relative=False)
        pdf.save(folder / "sideways.pdf")
    return folder


@pytest.fixture(scope="module")
def searchable(scans: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("searchable")
    ran = subprocess.run([sys.executable, "-m", "cli", "extract", str(scans), "-o",
                          str(out / "json"), "--searchable-pdf", str(out / "pdf"), "--workers", "2",
                          "--dpi", "200"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert ran.returncode == 0, ran.stderr
    return out / "pdf"


@pytest.mark.parametrize("name", ["straight", "crooked", "sideways", "noisy-layer"])
def test_the_words_come_back_where_they_are(name: str, scans: Path, searchable: Path, born_digital: Path):
    copy = searchable / f"{name}.pdf"
    with pdfplumber.open(copy) as pdf:
        text = pdf.pages[0].extract_text()
    assert "PERJANJIAN KINERJA TAHUN 2024" in text
    assert "BUDI SANTOSO" in text and "Kepala Bidang Tanaman Pangan" in text
    assert "kine~a" not in text and "Petemakan" not in text  # the scanner's layer is gone
    printed = upright_words(born_digital)
    found = upright_words(copy)
    for word in ("PERJANJIAN", "Pangan", "Indikator", "5000"):
        expected = middle(printed[word])
        if name == "crooked":
            expected = turned(expected, born_digital, CROOKED_DEGREES)
        assert abs(middle(found[word]) - expected) <= 3.0, (word, found[word], printed[word])


def middle(box: tuple[float, float, float, float]) -> complex:
    return complex((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def turned(point: complex, page: Path, degrees: float) -> complex:
    """Where `makers.turn` (PIL's rotate, expanded canvas) puts a point of the page, in points."""
    document = pypdfium2.PdfDocument(str(page))
    width, height = document.get_page_size(0)
    document.close()
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    new_width, new_height = abs(width * cos) + abs(height * sin), abs(width * sin) + abs(height * cos)
    dx, dy = point.real - width / 2, point.imag - height / 2
    return complex(cos * dx + sin * dy + new_width / 2, -sin * dx + cos * dy + new_height / 2)


@pytest.mark.parametrize("name", ["straight", "crooked", "sideways", "noisy-layer"])
def test_page_images_are_byte_identical(name: str, scans: Path, searchable: Path):
    original, copy = image_streams(scans / f"{name}.pdf"), image_streams(searchable / f"{name}.pdf")
    assert original and copy == original
    with pikepdf.open(scans / f"{name}.pdf") as before, pikepdf.open(searchable / f"{name}.pdf") as after:
        assert [tuple(p.mediabox) for p in after.pages] == [tuple(p.mediabox) for p in before.pages]
        assert [p.rotation for p in after.pages] == [p.rotation for p in before.pages]


def test_born_digital_files_get_no_copy(born_digital: Path, tmp_path: Path):
    ran = subprocess.run([sys.executable, "-m", "cli", "extract", str(born_digital),
                          "--searchable-pdf", str(tmp_path / "pdf")], capture_output=True, text=True,
                         timeout=300, check=False)
    assert ran.returncode == 0, ran.stderr
    assert not (tmp_path / "pdf").exists() or list((tmp_path / "pdf").iterdir()) == []

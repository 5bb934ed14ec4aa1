"""Image files reach Tesseract as PDF pages do: at the OCR resolution, with square pixels. A fax's
204 x 98 dpi page is not read squashed, and its page keeps the paper's size."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from extractor.ingest.reader import read_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from tests.ingest.conftest import SCAN_DPI


def fax_tiff(path: Path, scan: Image.Image, across: int, down: int) -> Path:
    """The scan as a bilevel fax page: `across` x `down` dpi, Group 4 compressed."""
    size = (round(scan.width * across / SCAN_DPI), round(scan.height * down / SCAN_DPI))
    bilevel = scan.resize(size, Image.Resampling.LANCZOS).point(lambda v: 255 if v >= 160 else 0).convert("1")
    bilevel.save(path, dpi=(across, down), compression="group4")
    return path


def test_a_fax_page_keeps_its_paper_size_and_is_read(made: Path, scan_image, born_digital: Path):
    options = ExtractOptions(workers=1)
    fax = fax_tiff(made / "fax.tif", scan_image, 204, 98)
    (page,) = read_pages(open_source(fax, options), options).pages
    paper = read_pages(open_source(born_digital, options), options).pages[0].info
    assert abs(page.info.width - paper.width) < 3 and abs(page.info.height - paper.height) < 3
    text = " ".join(word.text for word in page.words)
    assert "PERJANJIAN" in text and "KINERJA" in text
    assert "5000" in text and "kepuasan" in text, "the table's cells are read off a standard-resolution fax"

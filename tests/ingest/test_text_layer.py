"""Born-digital pages: text-layer words, upright boxes in points, visual lines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
import pytest

from extractor.ingest.reader import read_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from tests.ingest import makers


def read(path: Path, **options):
    opts = ExtractOptions(workers=1, **options)
    return read_pages(open_source(path, opts), opts)


def ink_share(path: Path, page: int, bbox, dpi: int = 72) -> float:
    """Share of dark pixels inside a box of the rendered (upright) page."""
    document = pypdfium2.PdfDocument(str(path))
    pixels = document[page - 1].render(scale=dpi / 72, grayscale=True).to_numpy()
    document.close()
    pixels = pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[:, :, 0]
    x0, top, x1, bottom = (round(v * dpi / 72) for v in bbox)
    return float((pixels[top:bottom, x0:x1] < 128).mean())


def test_born_digital_page_reads_its_text_layer_in_visual_lines(born_digital: Path):
    pages = read(born_digital).pages
    assert [p.info.source for p in pages] == ["text", "text"]
    page = pages[0]
    assert page.decision_reason.startswith("usable text layer")
    assert (round(page.info.width), round(page.info.height)) == (595, 842)
    lines = [" ".join(w.text for w in line) for line in page.lines()]
    assert lines[0] == makers.TITLE
    assert lines[1:1 + len(makers.BODY)] == makers.BODY
    assert lines[-1] == " ".join(makers.TABLE[-1])
    assert all(w.confidence == 1.0 and w.source == "text" for w in page.words)
    target = next(w for w in page.words if w.text == "Target")
    assert abs(target.bbox[0] - makers.TABLE_X[3]) < 1.0


def test_boxes_sit_on_the_glyphs_of_rotated_pages(made: Path):
    rotated = makers.pk_pdf(made / "rotate90.pdf", stored_landscape=True)
    document = pypdfium2.PdfDocument(str(rotated))
    assert (document[0].get_rotation(), round(document[0].get_mediabox()[2])) == (90, 842)
    document.close()
    page = read(rotated).pages[0]
    assert (round(page.info.width), round(page.info.height), page.info.rotation) == (595, 842, 90)
    assert page.lines()[0][0].text == "PERJANJIAN"
    for word in page.words:
        x0, top, x1, bottom = word.bbox
        assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
        if len(word.text) > 3:
            assert x1 - x0 > bottom - top
            assert ink_share(rotated, 1, word.bbox) > 0.1, word


@pytest.mark.parametrize("turn", [90, 270, 180])
def test_content_drawn_turned_without_rotate_is_read_upright_from_its_text_layer(made: Path, turn: int):
    """Drawn turned counter-clockwise by `turn`, read with the page turned clockwise by as much."""
    path = makers.turned_pk_pdf(made / f"turned{turn}.pdf", turn)
    page = read(path).pages[0]
    assert page.info.source == "text", page.decision_reason
    assert (round(page.info.width), round(page.info.height), page.info.rotation) == (595, 842, turn)
    lines = [" ".join(w.text for w in line) for line in page.lines()]
    assert lines[0] == makers.TITLE and lines[1:1 + len(makers.BODY)] == makers.BODY
    document = pypdfium2.PdfDocument(str(path))
    pixels = document[0].render(scale=1, grayscale=True, rotation=turn).to_numpy()
    document.close()
    pixels = pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[:, :, 0]
    for word in (w for w in page.words if len(w.text) > 3):
        x0, top, x1, bottom = (round(v) for v in word.bbox)
        assert (pixels[top:bottom, x0:x1] < 128).mean() > 0.1, word


def test_mixed_pdf_reads_text_page_and_ocrs_image_page(made: Path, scan_image):
    mixed = makers.image_pdf(made / "mixed.pdf", [scan_image], dpi=150, text_first_page=True)
    pages = read(mixed, dpi=150).pages
    assert [p.info.source for p in pages] == ["text", "ocr"]
    assert "no text layer" in pages[1].decision_reason
    ocr_text = pages[1].text()
    assert makers.TITLE in ocr_text
    assert "BUDI SANTOSO" in ocr_text
    assert 0.8 < pages[1].info.ocr_confidence <= 1.0


def test_force_ocr_overrides_a_good_text_layer(born_digital: Path):
    page = read(born_digital, force_ocr=True, dpi=150).pages[0]
    assert page.info.source == "ocr" and page.decision_reason.startswith("OCR forced")
    assert np.mean([w.confidence for w in page.words]) > 0.8

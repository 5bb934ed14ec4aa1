"""A page in a shadow (a phone photo, light falling off across the sheet) loses its text to Tesseract's
global threshold; the worker reads it again with the light flattened."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image

from extractor.ingest.reader import read_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from tests.ingest import makers
from tests.ingest.conftest import SCAN_DPI


def in_shadow(scan: Image.Image, darkest: int = 90, contrast: int = 45) -> Image.Image:
    """Paper from 240 down to `darkest` grey over the lower right of the sheet, print only `contrast`
    levels darker than the paper under it."""
    ink = (255 - np.asarray(scan, dtype=np.float32)) / 255
    rows, cols = np.mgrid[0:ink.shape[0], 0:ink.shape[1]]
    shade = 1 / (1 + np.exp(-(rows / ink.shape[0] - 0.3) * 40 - (cols / ink.shape[1] - 0.5) * 6))
    light = 240 - (240 - darkest) * shade
    return Image.fromarray(np.clip(light - ink * contrast, 0, 255).astype(np.uint8))


def test_a_page_in_shadow_is_read_again_with_its_light_flattened(made: Path, scan_image, ocr_engine: str):
    shaded = in_shadow(scan_image)
    bare = pytesseract.image_to_string(shaded, lang="ind+eng", config=f"--dpi {SCAN_DPI}")
    assert "Meningkatnya" not in bare and len(bare.split()) < 15, "the shadow must defeat plain Tesseract"

    path = makers.image_pdf(made / "shadow.pdf", [scan_image, shaded], dpi=SCAN_DPI)
    options = ExtractOptions(workers=2, dpi=SCAN_DPI, ocr_engine=ocr_engine)
    clean, dark = read_pages(open_source(path, options), options).pages
    assert "flattened" not in clean.decision_reason, "a well-lit page is read once"
    assert dark.decision_reason.endswith("read again with the background light flattened")
    lines = [" ".join(w.text for w in line) for line in dark.lines()]
    assert lines[0] == makers.TITLE
    assert "Nama : BUDI SANTOSO, S.T." in lines
    assert "1 Meningkatnya produksi Produksi padi 5000 ton" in lines
    assert dark.info.ocr_confidence > 0.85

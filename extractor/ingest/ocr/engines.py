"""The engine chosen by name (`get_engine`), apart from the interface both engines import
(`extractor.ingest.ocr.engine`), so neither imports the other's module back. tesserocr is imported only when
chosen: where its library does not load, pytesseract serves alone."""

from __future__ import annotations

from extractor.ingest.ocr.engine import EngineName, OcrEngine, resolved


def get_engine(name: EngineName = "auto", tesseract_cmd: str | None = None) -> OcrEngine:
    """The engine called `name`; `auto` is tesserocr where its library loads, else pytesseract."""
    if resolved(name) == "tesserocr":
        from extractor.ingest.ocr.tesserocr_engine import TesserocrEngine

        return TesserocrEngine()
    from extractor.ingest.ocr.tesseract import TesseractCliEngine

    return TesseractCliEngine(tesseract_cmd)

"""The OCR engine interface, so the page worker does not care which engine reads the image."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel


class PixelWord(BaseModel):
    """A word as the engine saw it: pixel box on the image it was given, confidence 0..1."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    block: int = 0
    line: int = 0
    second_reading: bool | None = None  # a second, independent reading agreed (True) or not (False)


def line_height(words: list[PixelWord], least: int = 1) -> int | None:
    """The page's text height in pixels: the median box height of words of three characters or more
    (shorter ones are often punctuation); None with fewer than `least` such words."""
    heights = sorted(w.height for w in words if len(w.text) >= 3)
    return heights[len(heights) // 2] if heights and len(heights) >= least else None


class OcrEngine(Protocol):
    def check(self, lang: str) -> None:
        """Raise `OcrEngineMissing` / `OcrLanguageMissing` before any work starts."""

    def read(self, image: Path, dpi: int, lang: str, timeout_s: float, psm: int = 3) -> list[PixelWord]:
        """Words of an upright image file (Tesseract page segmentation mode `psm`); raises
        `OcrTimeout` or `OcrFailure`."""

    def orientation(self, image: Path, timeout_s: float) -> tuple[int, float]:
        """Clockwise rotation that makes the image upright, and the engine's confidence in it."""


class OcrTimeout(Exception):
    pass


class OcrFailure(Exception):
    pass


def get_engine(tesseract_cmd: str | None = None) -> OcrEngine:
    from extractor.ocr.tesseract import TesseractEngine

    return TesseractEngine(tesseract_cmd)

"""The OCR engine interface, so the page worker does not care which engine reads the image.

Two engines read the same Tesseract models: `tesserocr` (libtesseract in this process, each model
loaded once per worker, images handed over from memory) and `pytesseract` (one `tesseract` process
per call, the image written to a file first). `auto` takes tesserocr when it loads, else pytesseract.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel

EngineName = Literal["auto", "tesserocr", "pytesseract"]


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
    name: str

    def check(self, lang: str) -> None:
        """Raise `OcrEngineMissing` / `OcrLanguageMissing` before any work starts."""

    def read(self, pixels: np.ndarray, dpi: int, lang: str, timeout_s: float,
             psm: int = 3) -> list[PixelWord]:
        """Words of an upright 8-bit grayscale image (Tesseract page segmentation mode `psm`);
        raises `OcrTimeout` or `OcrFailure`."""

    def orientation(self, pixels: np.ndarray, dpi: int, timeout_s: float) -> tuple[int, float]:
        """Clockwise rotation that makes the image upright, and the engine's confidence in it."""


class OcrTimeout(Exception):
    pass


class OcrFailure(Exception):
    pass


def resolved(name: EngineName) -> str:
    """The engine `name` stands for on this machine."""
    if name == "auto":
        return "tesserocr" if tesserocr_loads() else "pytesseract"
    return name


@lru_cache(maxsize=1)
def tesserocr_loads() -> bool:
    """Whether tesserocr imports. OpenMP reads its thread limit when libtesseract loads, and a forked
    worker inherits it: one thread per process (the pool is the parallelism) must be set first, or
    every worker runs four threads that fight the others for the same cores (3x the CPU)."""
    import os

    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        import tesserocr  # noqa: F401
    except (ImportError, OSError):  # not installed, or its bundled libtesseract cannot load here
        return False
    return True


def word_confidence(percent: float) -> float:
    """Tesseract's 0-100 word confidence as 0..1, cut to whole percent as its TSV output prints it, so
    both engines put a word on the same side of every threshold."""
    return min(max(int(percent) / 100.0, 0.0), 1.0)

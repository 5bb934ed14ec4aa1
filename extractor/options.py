"""Per-run extraction options, passed explicitly into `extract()`; the extractor never reads env vars."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, Field


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class ExtractOptions(BaseModel):
    workers: int = Field(default_factory=default_workers, ge=1)
    dpi: int = Field(default=300, ge=72, le=600)
    lang: str = "ind+eng"
    force_ocr: bool = False
    # Read every ruled table cell of a scan a second time, so each word is confirmed or disputed (better
    # review flags; about +10% OCR time on scans with tables). Off: only doubtful cells are read again.
    second_reading: bool = True
    # Tesseract in each worker process (tesserocr) or one `tesseract` process per call (pytesseract);
    # auto: tesserocr where its library loads.
    ocr_engine: Literal["auto", "tesserocr", "pytesseract"] = "auto"
    max_pages: int = Field(default=1000, ge=1)
    max_image_pixels: int = Field(default=200_000_000, ge=1)
    page_timeout_s: float = Field(default=180.0, gt=0)
    # Chosen by `pk-extract calibrate` (calibration.json records it): <= 9% false alarms on sources
    # held out of the fit, samples/ and ../shared/real each left out in turn.
    review_threshold: float = Field(default=0.97, ge=0.0, le=1.0)

"""A second look for pages whose scan defeats Tesseract's own binarisation.

Uneven light or low contrast (a phone photo, a faded copy) makes Otsu's single global threshold drop
whole regions of a legible page: Tesseract then reads a few confident words and nothing else. Dividing
the page by its estimated paper background flattens the light so those regions come back. The fix costs
a second OCR pass, so it runs only on pages where much of the ink was left unread.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractor.ingest.ocr.engine import PixelWord

INK_DPI = 75
INK_LEVEL = 0.75
MIN_INK_SHARE = 0.004
UNREAD_INK_SHARE = 0.45


def flatten_background(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Grey page divided by its paper background (text removed by a dilate, then a wide median),
    so that paper is white everywhere and print keeps its contrast to the paper around it."""
    dilate = max(3, round(7 * dpi / 300)) | 1
    median = max(5, round(31 * dpi / 300)) | 1
    background = cv2.medianBlur(cv2.dilate(gray, np.ones((dilate, dilate), np.uint8)), median)
    return cv2.divide(gray, background, scale=255)


def ink_mask(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """Dark marks on a small, light-flattened copy, and the copy's scale to the page image."""
    scale = min(1.0, INK_DPI / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    flat = flatten_background(small, round(dpi * scale))
    return flat < 255 * INK_LEVEL, scale


def unread_ink_share(gray: np.ndarray, dpi: int, words: list[PixelWord]) -> float:
    """Share of the page's ink outside every word Tesseract read; 0 on a page with almost no ink."""
    ink, scale = ink_mask(gray, dpi)
    total = int(ink.sum())
    if total < MIN_INK_SHARE * ink.size:
        return 0.0
    read = np.zeros_like(ink)
    pad = 2
    for w in words:
        top, left = max(0, int(w.top * scale) - pad), max(0, int(w.left * scale) - pad)
        bottom, right = int((w.top + w.height) * scale) + pad + 1, int((w.left + w.width) * scale) + pad + 1
        read[top:bottom, left:right] = True
    return float((ink & ~read).sum()) / total

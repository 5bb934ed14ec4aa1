"""Skew and orientation of a page image, found cheaply so they add little to the OCR time.

Skew: a projection profile on a downscaled, binarised copy; text lines give the sharpest row
histogram at the angle they run at. Orientation (90/180/270): Tesseract OSD on a downscaled copy,
but only when the upright reading looks wrong (few words or low confidence), so upright pages,
nearly all of them, never pay for it.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_SKEW = 8.0
MIN_CORRECTION = 0.3
WORK_WIDTH = 800
MAX_POINTS = 60_000


def estimate_skew(gray: np.ndarray) -> float:
    """Degrees the text lines descend to the right (positive: content turned clockwise)."""
    points = ink_points(gray)
    if points is None:
        return 0.0
    ys, xs = points
    coarse = best_angle(ys, xs, np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 1.0))
    fine = best_angle(ys, xs, np.arange(coarse - 1.0, coarse + 1.01, 0.1))
    return round(float(fine), 2)


def ink_points(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    scale = min(1.0, WORK_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _threshold, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = remove_rules(ink)
    ys, xs = np.nonzero(ink)
    if len(ys) < 200:
        return None
    if len(ys) > MAX_POINTS:
        keep = np.random.default_rng(0).choice(len(ys), MAX_POINTS, replace=False)
        ys, xs = ys[keep], xs[keep]
    return ys.astype(np.float32), (xs - small.shape[1] / 2).astype(np.float32)


def remove_rules(ink: np.ndarray) -> np.ndarray:
    """Drop long vertical strokes (table rules, page edges) that blur the row profile of text."""
    tall = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 40)))
    return cv2.subtract(ink, tall)


def best_angle(ys: np.ndarray, xs: np.ndarray, angles: np.ndarray) -> float:
    best, best_score = 0.0, -1.0
    for angle in angles:
        rows = (ys - xs * np.tan(np.radians(angle))).astype(np.int32)
        rows -= rows.min()
        histogram = np.bincount(rows).astype(np.float64)
        score = float(np.dot(histogram, histogram))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def deskew(gray: np.ndarray, skew: float) -> np.ndarray:
    """Turn the content back by `skew` degrees on the same canvas, filling with white."""
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def rotate_clockwise(gray: np.ndarray, degrees: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(gray, k=-(degrees // 90) % 4))


def downscale(gray: np.ndarray, dpi: int, target_dpi: int) -> np.ndarray:
    if dpi <= target_dpi:
        return gray
    scale = target_dpi / dpi
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)

"""What a scanned page's ink shows besides its words, found once per page with OpenCV.

- Table rules: long thin strokes, found by an opening with long horizontal and vertical kernels on an
  adaptive threshold (so faint rules on a grey scan count). The parser cuts rows and columns at them.
- Marks: stamps, signatures and logos, single pieces of ink far bigger than a letter both ways; the
  parser flags fields under them (`stamp_overlap`).
- Word boxes cut to their own ink: a coarse scan makes OCR box a word a whole line pitch tall or over
  the rule below, and a box that tall drifts into the wrong line.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractor.ingest.ocr.engine import PixelWord, line_height

MARK_SIZE = 2.5

PixelBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class RuledPage:
    """A page's ink split into table rules and everything else, computed once for every use."""

    rules: np.ndarray
    text_ink: np.ndarray
    segments: list[PixelBox]

    @classmethod
    def of(cls, pixels: np.ndarray, dpi: int) -> RuledPage:
        ink = ink_of(pixels, dpi)
        horizontal, vertical = rule_masks(ink, dpi)
        rules = grown(cv2.bitwise_or(horizontal, vertical), dpi)
        return cls(rules, cv2.bitwise_and(ink, cv2.bitwise_not(rules)),
                   rule_segments(horizontal, vertical, dpi))


def ink_of(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Dark marks against their own neighbourhood, so faint rules on a grey scan still count."""
    block = max(15, round(31 * dpi / 300)) | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def rule_masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Long horizontal and long vertical strokes: the table's rules."""
    across = round(0.35 * dpi)
    down = round(0.17 * dpi)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    return horizontal, vertical


def grown(mask: np.ndarray, dpi: int) -> np.ndarray:
    """A rule mask grown a little to cover the rules' blur."""
    size = max(3, round(5 * dpi / 300))
    return cv2.dilate(mask, np.ones((size, size), np.uint8))


def boxes_of(mask: np.ndarray) -> list[PixelBox]:
    """Bounding boxes (x0, y0, x1, y1) of the mask's pieces (outer contours: far quicker than labelling)."""
    contours, _hierarchy = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [(x, y, x + w, y + h) for x, y, w, h in map(cv2.boundingRect, contours)]


def rule_segments(horizontal: np.ndarray, vertical: np.ndarray, dpi: int) -> list[PixelBox]:
    """Each rule as a thin box in page pixels: what the parser cuts rows and columns at."""
    thin = 0.08 * dpi
    return ([box for box in boxes_of(horizontal) if box[3] - box[1] <= thin]
            + [box for box in boxes_of(vertical) if box[2] - box[0] <= thin])


def mark_boxes(page: RuledPage, words: list[PixelWord]) -> list[PixelBox]:
    """Stamps, signatures and logos: single pieces of ink far bigger than a letter in both directions
    (a stamp's ring, a pen stroke), which no rule or character is."""
    typical = line_height(words)
    if typical is None:
        return []
    big = MARK_SIZE * typical
    pieces = [box for box in boxes_of(page.text_ink) if box[2] - box[0] >= big and box[3] - box[1] >= big]
    return joined_boxes(pieces, gap=2 * typical)


def joined_boxes(boxes: list[PixelBox], gap: int) -> list[PixelBox]:
    """Boxes that touch or nearly touch merged into one (the arcs of a ring the rule filter cut)."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                a, b = merged[i], merged[j]
                if a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]:
                    merged[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def tightened_boxes(page: RuledPage, words: list[PixelWord]) -> list[PixelWord]:
    """Word boxes cut down to their own ink: on a coarse scan OCR boxes words a whole line pitch tall
    or over the rule below, and a box that tall drifts into the wrong line, and its row with it."""
    tightened = []
    for word in words:
        rows = np.flatnonzero(page.text_ink[word.top:word.top + word.height,
                                            word.left:word.left + word.width].any(axis=1))
        if len(rows) and rows[-1] - rows[0] + 1 < word.height:
            word = word.model_copy(update={"top": word.top + int(rows[0]),
                                           "height": int(rows[-1] - rows[0] + 1)})
        tightened.append(word)
    return tightened

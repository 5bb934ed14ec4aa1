"""Second look at ruled table cells: each doubtful cell read on its own, its rules removed.

Tesseract's page layout handles ruled tables badly on poor scans: a rule beside a word turns into
letters, a short cell beside a long one is merged or dropped, and whole rows can go. Cut out alone,
rules whitened and contrast stretched, the same cell reads cleanly. Cells are found from the rules
themselves (an opening with long thin kernels on an adaptive threshold, the usual OpenCV recipe for
ruled tables); every doubtful cell -- a word read with low confidence, or ink no word covers -- is
stacked into one strip read in a single extra call, and per cell the clearer reading is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from extractor.ocr.engine import OcrEngine, PixelWord

DOUBTFUL_WORD = 0.75
MIN_CELLS = 4
PAD = 16
INSET = 3
MAX_CELL_AREA = 0.15
MAX_CELL_HEIGHT = 0.4
MIN_FILL = 0.6
MIN_NEW_CONFIDENCE = 0.5
UNREAD_SHARE = 0.25

PixelBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class Cell:
    """A cell's interior in page pixels (x0, y0, x1, y1), exclusive of its rules."""

    x0: int
    y0: int
    x1: int
    y1: int

    def holds(self, word: PixelWord) -> bool:
        middle_x, middle_y = word.left + word.width / 2, word.top + word.height / 2
        return self.x0 <= middle_x < self.x1 and self.y0 <= middle_y < self.y1


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


def rule_mask(ink: np.ndarray, dpi: int) -> np.ndarray:
    """Both kinds of rule in one mask, grown a little to cover their blur."""
    horizontal, vertical = rule_masks(ink, dpi)
    grow = max(3, round(5 * dpi / 300))
    return cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((grow, grow), np.uint8))


def rule_segments(ink: np.ndarray, dpi: int) -> list[PixelBox]:
    """Each rule as a thin box (x0, y0, x1, y1) in page pixels: what the parser cuts rows and columns at."""
    thin = 0.08 * dpi
    segments = []
    for mask, horizontal in zip(rule_masks(ink, dpi), (True, False), strict=True):
        count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, width, height, _area in stats[1:count]:
            if (height if horizontal else width) <= thin:
                segments.append((int(x), int(y), int(x + width), int(y + height)))
    return segments


def find_cells(rules: np.ndarray, dpi: int) -> list[Cell]:
    """Closed boxes between rules: regions of non-rule that touch no page edge and fill their box."""
    _count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(~rules, connectivity=4)
    height, width = rules.shape
    cells = []
    for x, y, w, h, area in stats[1:]:
        if x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue
        if w < 0.15 * dpi or h < 0.08 * dpi or area < MIN_FILL * w * h:
            continue
        if w * h > MAX_CELL_AREA * width * height or h > MAX_CELL_HEIGHT * height:
            continue
        cells.append(Cell(int(x), int(y), int(x + w), int(y + h)))
    return cells if len(cells) >= MIN_CELLS else []


def is_doubtful(cell: Cell, words: list[PixelWord], text_ink: np.ndarray, dpi: int) -> bool:
    """A word read with low confidence, or text ink that no word covers (a line OCR dropped)."""
    if any(word.confidence < DOUBTFUL_WORD for word in words):
        return True
    y0, x0 = cell.y0 + INSET, cell.x0 + INSET
    unread = text_ink[y0:cell.y1 - INSET, x0:cell.x1 - INSET] > 0
    total = int(np.count_nonzero(unread))
    if total <= (0.02 * dpi) ** 2 * 4:
        return False
    for word in words:
        top, left = max(0, word.top - y0), max(0, word.left - x0)
        unread[top:word.top + word.height - y0, left:word.left + word.width - x0] = False
    return int(np.count_nonzero(unread)) > UNREAD_SHARE * total


def cell_crop(gray: np.ndarray, rules: np.ndarray, cell: Cell) -> np.ndarray:
    """The cell's interior with rule pixels whitened and its contrast stretched paper-to-ink."""
    window = (slice(cell.y0 + INSET, cell.y1 - INSET), slice(cell.x0 + INSET, cell.x1 - INSET))
    crop = np.where(rules[window] > 0, 255, gray[window]).astype(np.float32)
    dark, paper = np.percentile(crop, 1), np.percentile(crop, 90)
    if paper - dark < 20:
        return crop.astype(np.uint8)
    return np.clip((crop - dark) * 255.0 / (paper - dark), 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class RuledPage:
    """A page's ink split into table rules and everything else, computed once for every use."""

    rules: np.ndarray
    text_ink: np.ndarray
    segments: list[PixelBox]

    @classmethod
    def of(cls, pixels: np.ndarray, dpi: int) -> RuledPage:
        ink = ink_of(pixels, dpi)
        rules = rule_mask(ink, dpi)
        return cls(rules, cv2.bitwise_and(ink, cv2.bitwise_not(rules)), rule_segments(ink, dpi))


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


def reread_cells(page: RuledPage, pixels: np.ndarray, words: list[PixelWord], engine: OcrEngine, dpi: int,
                 lang: str, timeout_s: float, workdir: Path) -> list[PixelWord]:
    """The page's words with every doubtful ruled cell replaced by its own reading where clearer."""
    from extractor.ocr.render import write_image

    cells = find_cells(page.rules, dpi)
    if not cells:
        return words
    in_cell = {cell: [w for w in words if cell.holds(w)] for cell in cells}
    doubtful = [cell for cell in cells if is_doubtful(cell, in_cell[cell], page.text_ink, dpi)]
    if not doubtful:
        return words
    crops = [cell_crop(pixels, page.rules, cell) for cell in doubtful]
    strip, slots = stack(crops)
    found = engine.read(write_image(strip, workdir / "cells.tif"), dpi, lang, timeout_s, psm=6)
    rereads: dict[Cell, list[PixelWord]] = {cell: [] for cell in doubtful}
    for word in found:
        index = slot_of(slots, word)
        if index is not None:
            cell, (slot_top, _height) = doubtful[index], slots[index]
            rereads[cell].append(word.model_copy(update={"left": cell.x0 + INSET + word.left - PAD,
                                                         "top": cell.y0 + INSET + word.top - slot_top}))
    replaced: set[int] = set()
    added: list[PixelWord] = []
    for cell in doubtful:
        if clearer(rereads[cell], in_cell[cell]):
            replaced.update(id(w) for w in in_cell[cell])
            added.extend(tightened_boxes(page, rereads[cell]))
    return [w for w in words if id(w) not in replaced] + added


def clearer(new: list[PixelWord], old: list[PixelWord]) -> bool:
    if not new:
        return False
    new_confidence = float(np.mean([w.confidence for w in new]))
    if not old:
        return new_confidence >= MIN_NEW_CONFIDENCE
    return new_confidence > float(np.mean([w.confidence for w in old]))


def stack(crops: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Crops one above the other on white, PAD apart; slots are (top, height) in the strip."""
    width = max(crop.shape[1] for crop in crops) + 2 * PAD
    slots, top = [], PAD
    for crop in crops:
        slots.append((top, crop.shape[0]))
        top += crop.shape[0] + 2 * PAD
    strip = np.full((top, width), 255, dtype=np.uint8)
    for (slot_top, height), crop in zip(slots, crops, strict=True):
        strip[slot_top:slot_top + height, PAD:PAD + crop.shape[1]] = crop
    return strip, slots


def slot_of(slots: list[tuple[int, int]], word: PixelWord) -> int | None:
    middle = word.top + word.height / 2
    for index, (top, height) in enumerate(slots):
        if top - PAD <= middle < top + height + PAD:
            return index
    return None

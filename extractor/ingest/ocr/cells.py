"""Second reading of ruled table cells: each cell read on its own, its rules removed.

Tesseract's page layout handles ruled tables badly on poor scans: a rule beside a word turns into
letters, a short cell beside a long one is merged or dropped, and whole rows can go. Cut out alone,
rules whitened and contrast stretched, the same cell reads cleanly. Every cell of the page's ruled
tables (only the doubtful ones, when the second reading is switched off for speed) is stacked into
one strip read in a single extra call. A doubtful cell (a word read with low confidence, or ink no
word covers) takes the clearer of its two readings; and every word read twice is marked confirmed
or disputed by the other reading, which the parser weighs: two independent readings that agree are
rarely both wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from extractor.ingest.ocr.engine import OcrEngine, PixelWord
from extractor.ingest.ocr.ink import RuledPage, tightened_boxes

DOUBTFUL_WORD = 0.75
MIN_CELLS = 4
PAD = 16
INSET = 3
MAX_CELL_AREA = 0.15
MAX_CELL_HEIGHT = 0.4
MIN_FILL = 0.6
MIN_NEW_CONFIDENCE = 0.5
UNREAD_SHARE = 0.25


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


def reread_cells(page: RuledPage, pixels: np.ndarray, words: list[PixelWord], engine: OcrEngine, dpi: int,
                 lang: str, timeout_s: float, every_cell: bool = True) -> list[PixelWord]:
    """The page's words with its ruled cells (every one, or only the doubtful ones) read once more
    on their own: a doubtful cell takes the clearer reading, and each word read twice is marked
    confirmed or disputed by the other reading."""
    in_cell = words_by_cell(find_cells(page.rules, dpi), words)
    doubtful = {cell for cell, held in in_cell.items() if is_doubtful(cell, held, page.text_ink, dpi)}
    cells = [cell for cell in in_cell if every_cell or cell in doubtful]
    if not cells:
        return words
    crops = [cell_crop(pixels, page.rules, cell) for cell in cells]
    strip, slots = stack(crops)
    found = engine.read(strip, dpi, lang, timeout_s, psm=6)
    rereads: dict[Cell, list[PixelWord]] = {cell: [] for cell in cells}
    for word in found:
        index = slot_of(slots, word)
        if index is not None:
            cell, (slot_top, _height) = cells[index], slots[index]
            rereads[cell].append(word.model_copy(update={"left": cell.x0 + INSET + word.left - PAD,
                                                         "top": cell.y0 + INSET + word.top - slot_top}))
    replaced: set[int] = set()
    added: list[PixelWord] = []
    for cell in cells:
        old, new = in_cell[cell], tightened_boxes(page, rereads[cell])
        if cell in doubtful and clearer(new, old):
            kept, other = new, old
        else:
            kept, other = old, new
        replaced.update(id(w) for w in old)
        added.extend(confirmed(kept, other))
    return [w for w in words if id(w) not in replaced] + added


def words_by_cell(cells: list[Cell], words: list[PixelWord]) -> dict[Cell, list[PixelWord]]:
    """Each word in the smallest cell holding it (an outer frame holds its inner cells' words too)."""
    by_cell: dict[Cell, list[PixelWord]] = {cell: [] for cell in cells}
    for word in words:
        holding = [cell for cell in cells if cell.holds(word)]
        if holding:
            by_cell[min(holding, key=lambda c: (c.x1 - c.x0) * (c.y1 - c.y0))].append(word)
    return by_cell


def confirmed(kept: list[PixelWord], other: list[PixelWord]) -> list[PixelWord]:
    """`kept`, each word marked with whether the other reading has the same word there."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(a=[reading_key(w.text) for w in kept], b=[reading_key(w.text) for w in other],
                              autojunk=False)
    agreed = {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}
    return [w.model_copy(update={"second_reading": i in agreed}) for i, w in enumerate(kept)]


def reading_key(text: str) -> str:
    """What two readings of a word must share to be the same: its letters, digits and "%"."""
    return re.sub(r"[^0-9a-z%]", "", text.lower())


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

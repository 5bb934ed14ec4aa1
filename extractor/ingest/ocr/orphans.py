"""Second look at ink Tesseract's page layout dropped: lone numbers in table cells; and what stays
unread after it, so the parser can doubt the fields beside it.

Tesseract (psm 3, and 4/11/12 alike) discards a cell holding one short token, such as the target
"7" beside a long indicator; read alone, the same crop is recognised at once. So after the page
pass, character-sized ink that no word covers is cut out, stacked into one small strip and read
in a single extra call (psm 6, first language only: ~0.07 s); only numbers and dictionary words
come back, so stamps and signatures add nothing.

Text-sized ink still uncovered after that is a word or a line OCR dropped ("dan kinerja pemerintah
daerah" under the first line of a sasaran, "BAMBANG T" before "AUFIK"): the page keeps it as
`unread` boxes, and a field beside one is incomplete more often than not.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractor.ingest.ocr.engine import OcrEngine, PixelWord, line_height

MAX_REGIONS = 60
UNREAD_WIDTH = 2.0  # line heights, margins included: about three letters of ink
UNREAD_PIECE = 40.0  # line heights: a blurred scan fuses a word, even a line, into one piece of ink
INK_SHARE = 0.25  # of a shrunk pixel's area, for it to count as ink
GRID = 30.0  # line heights both ways: a table's grid or a page frame, not a stamp or a logo
MIN_CONFIDENCE = 0.6
PAD = 12


Region = tuple[int, int, int, int]


def orphan_regions(pixels: np.ndarray, words: list[PixelWord], limit: int | None = MAX_REGIONS,
                   widest: float = 2.5, text_ink: np.ndarray | None = None
                   ) -> tuple[list[Region], np.ndarray | None]:
    """Boxes (x0, y0, x1, y1) around character-sized ink outside every word box, and a page mask
    of that ink (so table rules and neighbours beside it stay out of the crops); none when there
    are more than `limit` (a page of noise). A piece of ink may be `widest` line heights wide: a
    few letters blurred into one piece, or a whole blurred word. `text_ink` (the page's ink without
    its rules) replaces the plain threshold where a grey scan's noise ties letters to the grid. Only
    the unread look uses it: read with it, the orphan strip brought back fragments ("Tk. 4", "dan
    ntah") and cost 0.001 field F1 on samples and a missed error on real."""
    line = line_height(words, least=5)
    if line is None:
        return [], None
    scale = max(1, line // 10)  # characters about 10 px tall are plenty to find and size them
    if text_ink is None:
        _t, ink = cv2.threshold(pixels[::scale, ::scale], 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    else:
        shrunk = cv2.resize(text_ink, (pixels.shape[1] // scale, pixels.shape[0] // scale),
                            interpolation=cv2.INTER_AREA)
        ink = np.where(shrunk > INK_SHARE * 255, 255, 0).astype(np.uint8)
    covered = np.zeros_like(ink)
    grow = line // 4
    for w in words:
        covered[max(0, (w.top - grow) // scale):(w.top + w.height + grow) // scale,
                max(0, (w.left - grow) // scale):(w.left + w.width + grow) // scale] = 255
    count, labels, stats, _centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h = line / scale
    x, y, width, height, area = (stats[1:, i] for i in range(5))
    keep = (height >= 0.5 * h) & (height <= 1.6 * h) & (width <= widest * h) & (area >= 0.08 * h * h)
    keep &= covered[y + height // 2, x + width // 2] == 0
    keep &= near_graphics(stats[1:], ink.shape, h)[y + height // 2, x + width // 2] == 0
    if not keep.any():
        return [], None
    keep = np.concatenate([[False], keep])
    orphans = np.where(keep[labels], 255, 0).astype(np.uint8)
    joined = cv2.dilate(orphans, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(h)), 3)))
    count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(joined, connectivity=8)
    if limit is not None and count - 1 > limit:
        return [], None
    margin = int(h * 0.3)
    regions = []
    for x, y, width, height, _area in stats[1:]:
        regions.append((max(0, (x - margin) * scale), max(0, (y - margin) * scale),
                        min(pixels.shape[1], (x + width + margin) * scale),
                        min(pixels.shape[0], (y + height + margin) * scale)))
    mask = cv2.dilate(orphans, np.ones((3, 3), np.uint8))
    if scale > 1:
        mask = cv2.resize(mask, (pixels.shape[1], pixels.shape[0]), interpolation=cv2.INTER_NEAREST)
    return regions, mask


def unread_regions(pixels: np.ndarray, words: list[PixelWord], text_ink: np.ndarray) -> list[Region]:
    """Orphan ink as wide as a few letters at least: a word or more that no reading covers. A lone
    speck or a stroke of a rule is narrower."""
    regions, _mask = orphan_regions(pixels, words, limit=None, widest=UNREAD_PIECE, text_ink=text_ink)
    if not regions:
        return []
    wide = UNREAD_WIDTH * line_height(words)
    return [region for region in regions if region[2] - region[0] >= wide]


def near_graphics(stats: np.ndarray, shape: tuple[int, ...], h: float) -> np.ndarray:
    """Mask around logos, stamps and signatures: big solid-ish components, grown by a line height;
    pieces there are not text. A table's grid is big too, but almost empty inside its box, or (thick
    rules on a grey scan) far bigger than any stamp."""
    mask = np.zeros(shape, dtype=np.uint8)
    x, y, width, height, area = (stats[:, i] for i in range(5))
    big = (width > 1.6 * h) & (height > 1.6 * h) & (area >= 0.08 * width * height)
    big &= (width < GRID * h) | (height < GRID * h)
    grow = int(h)
    for left, top, w, tall in zip(x[big], y[big], width[big], height[big], strict=True):
        mask[max(0, top - grow):top + tall + grow, max(0, left - grow):left + w + grow] = 255
    return mask


def read_orphans(pixels: np.ndarray, words: list[PixelWord], engine: OcrEngine, dpi: int, lang: str,
                 timeout_s: float, keep) -> list[PixelWord]:
    """Words found in the dropped regions, in page pixels; `keep(text)` filters them. The strip holds
    only the orphan ink itself, so a table rule beside a number cannot spoil it."""
    regions, mask = orphan_regions(pixels, words)
    if not regions or mask is None:
        return []
    width = max(x1 - x0 for x0, _y0, x1, _y1 in regions) + 2 * PAD
    slots, top = [], PAD
    for x0, y0, _x1, y1 in regions:
        slots.append((top, x0, y0, y1 - y0))
        top += (y1 - y0) + 2 * PAD
    strip = np.full((top, width), 255, dtype=np.uint8)
    for (slot_top, x0, y0, height), (_x0, _y0, x1, y1) in zip(slots, regions, strict=True):
        strip[slot_top:slot_top + height, PAD:PAD + (x1 - x0)] = np.where(
            mask[y0:y1, x0:x1] > 0, pixels[y0:y1, x0:x1], 255)
    first_language = lang.split("+")[0]  # one model loads in half the time of two
    found = engine.read(strip, dpi, first_language, timeout_s, psm=6)
    recovered = []
    for word in found:
        middle = word.top + word.height / 2
        slot = next((slot for slot in slots if slot[0] - PAD <= middle < slot[0] + slot[3] + PAD), None)
        if slot is None or word.confidence < MIN_CONFIDENCE or not keep(word.text):
            continue
        slot_top, x0, y0, _height = slot
        recovered.append(word.model_copy(update={"left": x0 + word.left - PAD,
                                                 "top": y0 + word.top - slot_top}))
    return recovered

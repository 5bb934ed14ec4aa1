"""Second reading of words Tesseract itself barely believed, outside ruled cells.

Tesseract lays a page out in lines; where a one-line cell sits beside a two-line one (a borderless
budget row: "2  Rp  529.393.000  APBD" beside a program name wrapped over two lines) it can fold the
short line into the tall one and read it as noise ("=", "ae", "Pata" at 0.2). Cut out alone, with its
contrast stretched, the same ink reads at once. So the stretch of line around each weak word (not
under a stamp or signature,
not in a ruled cell already read twice) is cut out; the stretches are stacked into one strip and
read in one extra call; a stretch takes the clearer of its two readings, and its words are marked
confirmed or disputed by the other, as ruled cells are (`cells.py`): the parser weighs that.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from extractor.ingest.ocr.cells import PAD, confirmed, reading_key, slot_of, stack
from extractor.ingest.ocr.engine import OcrEngine, PixelWord, line_height

WEAK_WORD = 0.5  # Tesseract's own word confidence below which the reading is mostly noise
MAX_RUNS = 40  # more weak stretches than this: a page of noise (a photo, a texture), not a misread line
MAX_WEAK = 4 * MAX_RUNS
RUN_GAP = 1.0  # line heights between words that run on along a line
JOIN_GAP = 2.0  # line heights between stretches of one misread line
MARGIN_X = 0.6  # line heights of context beside a stretch: a misread word's box may miss its edges
MARGIN_Y = 0.5
MIN_CONTRAST = 20
INK_LEVEL = 128  # grey level below which a pixel is ink
MIN_INK = 0.03  # share of a word's box that is text ink
MONEY_DIGITS = 4
CLEAR = 0.8  # mean word confidence of a second reading worth keeping...
MARGIN = 0.25  # ...and its lead over the first

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels


def reread_weak_words(pixels: np.ndarray, rules: np.ndarray, words: list[PixelWord], marks: list[Box],
                      engine: OcrEngine, dpi: int, lang: str, timeout_s: float) -> list[PixelWord]:
    """The page's words, each stretch of line around weak words replaced by its own reading where
    that is clearer."""
    line = line_height(words, least=5)
    if line is None:
        return words
    open_words = [w for w in words if w.second_reading is None and not any(inside(w, m) for m in marks)]
    stretches = weak_stretches(open_words, line, lambda w: has_text_ink(pixels, rules, w))
    if not stretches or len(stretches) > MAX_RUNS:
        return words
    boxes = [padded(box_of(stretch), line, pixels.shape) for stretch in stretches]
    strip, slots = stack([stretched(np.where(rules[y0:y1, x0:x1] > 0, 255, pixels[y0:y1, x0:x1]))
                          for x0, y0, x1, y1 in boxes])
    rereads: list[list[PixelWord]] = [[] for _ in stretches]
    for word in engine.read(strip, dpi, lang, timeout_s, psm=6):
        index = slot_of(slots, word)
        if index is not None:
            (x0, y0, _x1, _y1), (slot_top, _height) = boxes[index], slots[index]
            rereads[index].append(word.model_copy(update={"left": x0 + word.left - PAD,
                                                          "top": y0 + word.top - slot_top}))
    replaced: set[int] = set()
    added: list[PixelWord] = []
    for stretch, found in zip(stretches, rereads, strict=True):
        sure = [w for w in stretch if w.confidence >= WEAK_WORD]  # kept: "(%)" at 0.69, not "(96)" at 0.83
        unsure = [w for w in stretch if w.confidence < WEAK_WORD]
        weak_box = box_of(unsure)  # the neighbours read around them are context, and stay as read
        new = [w for w in found if inside(w, weak_box) and not any(same_place(w, other) for other in sure)]
        if letters(unsure) and letters(new) == letters(unsure):  # the same text: the first stands, confirmed
            replaced.update(id(word) for word in unsure)
            added.extend(w.model_copy(update={"second_reading": True}) for w in unsure)
        elif not splits_a_number(unsure, new) and clearly_better(new, unsure):
            replaced.update(id(word) for word in unsure)
            added.extend(confirmed(sorted(new, key=lambda w: (w.top, w.left)), unsure))
    return [word for word in words if id(word) not in replaced] + added


def weak_stretches(words: list[PixelWord], line: int, inked: Callable[[PixelWord], bool]
                   ) -> list[list[PixelWord]]:
    """Each weak word over text ink (a rule read as "|" is none) with the words it runs on with
    (beside it on its line, a line height apart at most), joined where they touch: Tesseract's
    misreading often takes good words of the same stretch with it, or folds two printed lines into
    one, so the whole stretch is read again."""
    stretches = [[w] for w in words if w.confidence < WEAK_WORD and inked(w)]
    if len(stretches) > MAX_WEAK:
        return []  # a page of noise: none is read again, and growing them all would cost seconds
    taken = {id(group[0]) for group in stretches}
    for stretch in stretches:
        grown = True
        while grown:
            grown = False
            for word in words:
                if id(word) not in taken and any(runs_on(member, word, line) for member in stretch):
                    stretch.append(word)
                    taken.add(id(word))
                    grown = True
    return joined(stretches, line)


def runs_on(a: PixelWord, b: PixelWord, line: int) -> bool:
    overlap = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    gap = max(a.left, b.left) - min(a.left + a.width, b.left + b.width)
    return overlap > 0.3 * min(a.height, b.height) and gap < RUN_GAP * line


def joined(stretches: list[list[PixelWord]], line: int) -> list[list[PixelWord]]:
    """Stretches whose boxes touch (two printed lines folded together) become one."""
    out: list[list[PixelWord]] = []
    for stretch in stretches:
        x0, y0, x1, y1 = box_of(stretch)
        box = (x0 - JOIN_GAP * line, y0, x1 + JOIN_GAP * line, y1)
        touching = [other for other in out if overlaps(box, box_of(other))]
        merged = [w for other in touching for w in other] + stretch
        out = [other for other in out if not any(other is t for t in touching)] + [merged]
    return out


def box_of(words: list[PixelWord]) -> Box:
    return (min(w.left for w in words), min(w.top for w in words),
            max(w.left + w.width for w in words), max(w.top + w.height for w in words))


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def same_place(a: PixelWord, b: PixelWord) -> bool:
    """Boxes that share half the smaller one: two readings of one word."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return width > 0 and height > 0 and width * height > 0.5 * min(a.width * a.height, b.width * b.height)


def inside(word: PixelWord, box: Box) -> bool:
    middle_x, middle_y = word.left + word.width / 2, word.top + word.height / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def has_text_ink(pixels: np.ndarray, rules: np.ndarray, word: PixelWord) -> bool:
    """Dark pixels off the table rules under the word's box: some letter is there."""
    window = (slice(word.top, word.top + word.height), slice(word.left, word.left + word.width))
    ink = (pixels[window] < INK_LEVEL) & (rules[window] == 0)
    return bool(ink.size) and float(ink.mean()) >= MIN_INK


def padded(box: Box, line: int, shape: tuple[int, ...]) -> Box:
    dx, dy = int(MARGIN_X * line), int(MARGIN_Y * line)
    return max(0, box[0] - dx), max(0, box[1] - dy), min(shape[1], box[2] + dx), min(shape[0], box[3] + dy)


def stretched(crop: np.ndarray) -> np.ndarray:
    """Contrast stretched paper-to-ink (its table rules already whitened: a rule beside a word reads
    as "|" or "l"): a tinted table row (a coloured band printed and scanned) reads as black on white."""
    values = crop.astype(np.float32)
    dark, paper = np.percentile(values, 1), np.percentile(values, 90)
    if paper - dark < MIN_CONTRAST:
        return crop
    return np.clip((values - dark) * 255.0 / (paper - dark), 0, 255).astype(np.uint8)


def letters(words: list[PixelWord]) -> str:
    """What two readings must share to be the same text: letters and digits, in order. The first
    reading's punctuation ("3." not "3,") and spacing came with the whole page around it."""
    return reading_key("".join(w.text for w in words))


def splits_a_number(old: list[PixelWord], new: list[PixelWord]) -> bool:
    """One number read again as several words ("5.703.1" "16,000"): a gap in a fax's amount, not a
    better reading."""
    return len(old) == 1 and len(re.sub(r"\D", "", old[0].text)) >= MONEY_DIGITS and len(new) > 1


def clearly_better(new: list[PixelWord], old: list[PixelWord]) -> bool:
    """The second reading wins only by a wide margin and when it is clear itself: handwriting (a date
    filled in by pen) reads as a different guess each time, a little more or less sure of itself."""
    if not any(any(c.isalnum() for c in w.text) for w in new):
        return False
    mean_new = sum(w.confidence for w in new) / len(new)
    mean_old = sum(w.confidence for w in old) / len(old)
    return mean_new >= CLEAR and mean_new >= mean_old + MARGIN

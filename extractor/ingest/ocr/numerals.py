"""Punctuation inside OCR'd numbers, checked against the glyphs themselves.

On a coarse scan Tesseract reads a decimal comma as a period ("79.61" for "79,61") or drops it
("759" for "75,9"), and it joins or splits "90 %" at random; each of these changes a target. The
glyphs settle it: a comma hangs below the baseline and stands taller than a period, and the space
before a percent sign is wide. So for every number-like word the crop is cut into connected
components: full-height digits, small marks between them (the separators) and the sign after them.
A word is only changed when its digits are all accounted for and the marks read clearly.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import cv2
import numpy as np

from extractor.ingest.ocr.engine import PixelWord

NUMBER_WORD = re.compile(r"\d[\d.,]*%?")
COMMA_MIN_HEIGHT = 0.24
COMMA_MIN_DROP = 0.05
WIDE_SIGN = 0.85
SERIF_SPACE = 0.33
SANS_SPACE = 0.5
MIN_GAP = 0.15

Box = tuple[int, int, int, int]  # x, y, width, height within the crop


def check_numerals(pixels: np.ndarray, words: list[PixelWord]) -> list[PixelWord]:
    """The words with number punctuation made to agree with the glyphs (see module docstring)."""
    checked: list[PixelWord] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        if following is not None and is_detached_sign(word, following):
            # unmatched glyphs: keep both words, the sign boxed like its number (OCR may box it tall)
            checked.extend(check_word(pixels, joined(word, following))
                           or [word, following.model_copy(update={"top": word.top, "height": word.height})])
            index += 2
            continue
        glyph_reading = check_word(pixels, word) if NUMBER_WORD.fullmatch(word.text) else None
        checked.extend(glyph_reading or [word])
        index += 1
    return checked


def is_detached_sign(number: PixelWord, sign: PixelWord) -> bool:
    """A '%' OCR read as a word of its own right after a number on the same line."""
    gap = sign.left - (number.left + number.width)
    return (sign.text == "%" and NUMBER_WORD.fullmatch(number.text) is not None
            and not number.text.endswith("%") and (number.block, number.line) == (sign.block, sign.line)
            and -number.height <= gap <= number.height)  # OCR's two boxes may even overlap


def joined(number: PixelWord, sign: PixelWord) -> PixelWord:
    top = min(number.top, sign.top)
    bottom = max(number.top + number.height, sign.top + sign.height)
    return number.model_copy(update={
        "text": number.text + "%", "top": top, "height": bottom - top,
        "width": sign.left + sign.width - number.left,
        "confidence": min(number.confidence, sign.confidence)})


class Glyphs(NamedTuple):
    boxes: list[Box]
    digit_height: float
    baseline: float
    left: int  # of the crop, in page pixels


def components(pixels: np.ndarray, word: PixelWord) -> Glyphs | None:
    """Ink components of the word's crop (none touching its edge), their digit height and baseline."""
    pad = max(2, word.height // 6)
    top, left = max(0, word.top - pad), max(0, word.left - pad)
    crop = pixels[top:word.top + word.height + pad, left:word.left + word.width + pad]
    if crop.size == 0 or crop.min() == crop.max():
        return None
    _threshold, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = ink.shape
    boxes = [(int(x), int(y), int(w), int(h)) for x, y, w, h, area in stats[1:count]
             if area >= 3 and x > 0 and y > 0 and x + w < width and y + h < height]
    if not boxes:
        return None
    tallest = max(box[3] for box in boxes)
    digit_height = float(np.median([box[3] for box in boxes if box[3] > 0.5 * tallest]))
    digits = [box for box in boxes if is_digit_sized(box, digit_height)]
    if not digits:
        return None
    baseline = float(np.median([y + h for _x, y, _w, h in digits]))
    return Glyphs(sorted(boxes), digit_height, baseline, left)


def is_digit_sized(box: Box, digit_height: float) -> bool:
    return 0.6 * digit_height <= box[3] <= 1.3 * digit_height and box[2] <= 6 * digit_height


def is_comma(box: Box, digit_height: float, baseline: float) -> bool:
    """A mark on the baseline that hangs below it and stands tall: a comma, not a period or a speck."""
    _x, y, width, height = box
    drop = (y + height - baseline) / digit_height
    return (width <= 0.45 * digit_height and COMMA_MIN_DROP <= drop <= 0.3
            and height >= COMMA_MIN_HEIGHT * digit_height)


def check_word(pixels: np.ndarray, word: PixelWord) -> list[PixelWord] | None:
    """The word as its glyphs show it (one word, or number and '%' when a space parts them);
    None when the glyphs cannot be matched to the text."""
    glyphs = components(pixels, word)
    if glyphs is None:
        return None
    number, sign = (word.text[:-1], "%") if word.text.endswith("%") else (word.text, "")
    runs = [box for box in glyphs.boxes if is_digit_sized(box, glyphs.digit_height)]
    sign_boxes = [box for box in glyphs.boxes if box[0] >= runs[-1][0] + runs[-1][2]]
    if sign and not sign_boxes:
        sign_boxes = [runs.pop()]  # a whole percent sign is as tall as a digit
    counts = digits_per_run(runs, glyphs.digit_height)
    if not runs or sum(counts) != sum(ch.isdigit() for ch in number):
        return None
    text = rebuilt_number(number, runs, counts, glyphs)
    if not sign or not sign_boxes:
        return [word.model_copy(update={"text": text + sign})]
    number_right = runs[-1][0] + runs[-1][2]
    sign_left = min(box[0] for box in sign_boxes)
    sign_width = max(box[0] + box[2] for box in sign_boxes) - sign_left
    if sign_left - number_right <= space_before_sign(sign_width, glyphs.digit_height):
        return [word.model_copy(update={"text": text + sign})]
    return split_sign(word, text, glyphs.left + number_right, glyphs.left + sign_left)


def space_before_sign(sign_width: float, digit_height: float) -> float:
    """The least gap that is a printed space before '%'. A narrow sign (a sans face such as Arial)
    sits further from its number unspaced than the wide serif one (Times), so the bar is higher."""
    wide_sign = sign_width >= WIDE_SIGN * digit_height
    return (SERIF_SPACE if wide_sign else SANS_SPACE) * digit_height


def digits_per_run(runs: list[Box], digit_height: float) -> list[int]:
    """How many digits each digit-high component holds: blur fuses neighbours ('88' as one blob)."""
    single = [w for _x, _y, w, _h in runs if 0.4 * digit_height <= w <= 0.9 * digit_height]
    unit = float(np.median(single)) if single else 0.62 * digit_height
    return [max(1, round(w / unit)) for _x, _y, w, _h in runs]


def rebuilt_number(number: str, runs: list[Box], counts: list[int], glyphs: Glyphs) -> str:
    """The number with its one separator set to a comma where the glyph shows one.

    Only '.' -> ',' and a dropped comma are mended: OCR of a coarse scan turns commas into periods,
    seldom the reverse, and a period's blur looks like a short comma. A number with several
    separators (thousands groups) is left as read."""
    separators = re.split(r"\d", number)[1:]  # separators[i]: what follows digit i
    if sum(1 for separator in separators[:-1] if separator) > 1:
        return number
    digits_before = 0
    for index in range(1, len(runs)):
        digits_before += counts[index - 1]
        left_edge = runs[index - 1][0] + runs[index - 1][2]
        marks = [box for box in glyphs.boxes if box not in runs
                 and left_edge - 1 <= box[0] + box[2] / 2 <= runs[index][0] + 1]
        if len(marks) != 1 or not is_comma(marks[0], glyphs.digit_height, glyphs.baseline):
            continue
        read = separators[digits_before - 1]
        wide_gap = runs[index][0] - left_edge >= MIN_GAP * glyphs.digit_height
        if read == "." or (not read and wide_gap):
            separators[digits_before - 1] = ","
    digit_chars = [ch for ch in number if ch.isdigit()]
    return "".join(digit + separator for digit, separator in zip(digit_chars, separators, strict=True))


def split_sign(word: PixelWord, number: str, number_right: int, sign_left: int) -> list[PixelWord]:
    """'11 %' printed with a space: two words, as the text layer of the same page would give."""
    return [word.model_copy(update={"text": number, "width": max(1, number_right - word.left)}),
            word.model_copy(update={"text": "%", "left": sign_left,
                                    "width": max(1, word.left + word.width - sign_left)})]

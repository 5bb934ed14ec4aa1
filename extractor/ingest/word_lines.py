"""Visual lines for both word sources, so the parser sees the same grouping for text layer and OCR.

A visual line is every word whose vertical middle falls inside one band of the upright page, table
cells included; words come back ordered top-to-bottom by line, then left-to-right, with `line`
numbered from 0 down the page.
"""

from __future__ import annotations

from statistics import median

from models.document import Word

TALL_WORD = 1.3


def words_to_lines(words: list[Word]) -> list[Word]:
    """Renumber `line` by visual line (block 0) and return the words in reading order."""
    if not words:
        return []
    typical = median(w.bbox[3] - w.bbox[1] for w in words) or 1.0
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        middle = (word.bbox[1] + word.bbox[3]) / 2
        index = find_band(bands, middle, word, typical)
        if index is None:
            lines.append([word])
            bands.append((word.bbox[1], word.bbox[3]))
        else:
            lines[index].append(word)
            height = word.bbox[3] - word.bbox[1]
            if height <= typical * TALL_WORD:  # an odd tall box ('%' over two lines) must not widen it
                top, bottom = bands[index]
                bands[index] = (min(top, middle - height / 2), max(bottom, middle + height / 2))
    lines.sort(key=lambda ws: median((w.bbox[1] + w.bbox[3]) / 2 for w in ws))
    ordered: list[Word] = []
    for number, line in enumerate(lines):
        ordered.extend(w.model_copy(update={"block": 0, "line": number})
                       for w in sorted(line, key=lambda w: w.bbox[0]))
    return ordered


def find_band(bands: list[tuple[float, float]], middle: float, word: Word, typical: float) -> int | None:
    """The latest line band holding this word's middle; tall words (stamps, signatures) start their own."""
    if word.bbox[3] - word.bbox[1] > typical * 3:
        return None
    for index in range(len(bands) - 1, max(-1, len(bands) - 8), -1):
        top, bottom = bands[index]
        if top <= middle <= bottom and (bottom - top) < typical * 2.5:
            return index
    return None

"""Lines and line segments from word boxes, independent of how the reader grouped words.

Born-digital and OCR pages both reach the parser as word boxes; grouping them here by vertical
overlap (not by the reader's line ids) keeps the rules working whatever produced the words; the ids
only part a row that overlap chained from two stacked lines. A line
is split into segments at wide horizontal gaps, which separates the two signature columns and the
label / value parts of a party block.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field

from models.document import Page, Word
from models.geometry import BBox, WordBoxes, union_bbox


def clean_text(text: str) -> str:
    """NFKC with non-breaking and zero-width spaces removed, so rules see plain text."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")


@dataclass(slots=True)
class Line(WordBoxes):
    """Words on one visual line, left to right, with the page they are on."""

    words: list[Word]
    page: int
    segments: list[Line] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        self.text = " ".join(clean_text(w.text) for w in self.words)

    @property
    def height(self) -> float:
        heights = sorted(w.bbox[3] - w.bbox[1] for w in self.words)
        return max(heights[len(heights) // 2], 1.0)

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=1.0)

    def sub(self, words: list[Word]) -> Line:
        return Line(words=words, page=self.page)


def build_lines(page: Page) -> list[Line]:
    """Cluster the page's words into visual lines (top to bottom), each with its x-gap segments."""
    words = [w for w in page.words if w.text.strip()]
    words.sort(key=lambda w: (w.bbox[1] + w.bbox[3]) / 2)
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    tall = 1.8 * heights[len(heights) // 2] if heights else 0.0
    for word in words:
        top, bottom = word.bbox[1], word.bbox[3]
        height = max(bottom - top, 1.0)
        placed = False
        for index in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            band_top, band_bottom = bands[index]
            overlap = min(bottom, band_bottom) - max(top, band_top)
            if overlap >= 0.5 * min(height, band_bottom - band_top):
                rows[index].append(word)
                if height <= tall:  # a rule fragment or bracket over two lines must not join them
                    bands[index] = (min(band_top, top), max(band_bottom, bottom))
                placed = True
                break
        if not placed:
            rows.append([word])
            bands.append((top, bottom))
    lines = []
    for part in (part for row in rows for part in unstacked(row)):
        part.sort(key=lambda w: w.bbox[0])
        line = Line(words=part, page=page.number)
        line.segments = split_segments(line)
        lines.append(line)
    lines.sort(key=lambda ln: ln.top)
    return lines


def unstacked(row: list[Word]) -> list[list[Word]]:
    """A row that holds two lines the reader kept apart, one above the other (a wrapped cell or a tight
    paragraph on a skewed scan, where overlap chains them), as those lines: words of one visual line
    never share their horizontal extent, so two reader lines that do are stacked, not side by side."""
    groups: dict[tuple[int, int], list[Word]] = {}
    for word in row:
        groups.setdefault((word.block, word.line), []).append(word)
    if len(groups) < 2:
        return [row]
    parts = sorted(groups.values(), key=lambda g: min(w.bbox[1] for w in g))
    for upper, lower in itertools.pairwise(parts):
        shared = min(_x1(upper), _x1(lower)) - max(_x0(upper), _x0(lower))
        shorter = min(_x1(upper) - _x0(upper), _x1(lower) - _x0(lower))
        apart = _centre(lower) - _centre(upper)
        if shorter <= 0 or shared < 0.5 * shorter or apart < 0.6 * _height(row):
            return [row]
    return parts


def _x0(words: list[Word]) -> float:
    return min(w.bbox[0] for w in words)


def _x1(words: list[Word]) -> float:
    return max(w.bbox[2] for w in words)


def _centre(words: list[Word]) -> float:
    return sorted((w.bbox[1] + w.bbox[3]) / 2 for w in words)[len(words) // 2]


def _height(words: list[Word]) -> float:
    return sorted(w.bbox[3] - w.bbox[1] for w in words)[len(words) // 2]


def split_segments(line: Line, gap_factor: float = 2.2) -> list[Line]:
    """Parts of a line separated by a gap wider than `gap_factor` times the text height."""
    limit = gap_factor * line.height
    parts: list[list[Word]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:], strict=False):
        if word.bbox[0] - previous.bbox[2] > limit:
            parts.append([word])
        else:
            parts[-1].append(word)
    return [line.sub(part) for part in parts]


def words_in(lines: list[Line], x_min: float, x_max: float) -> list[Line]:
    """The part of each line whose word centres fall in [x_min, x_max), dropping empty lines."""
    out = []
    for line in lines:
        chosen = [w for w in line.words if x_min <= (w.bbox[0] + w.bbox[2]) / 2 < x_max]
        if chosen:
            out.append(line.sub(chosen))
    return out


def join_boxes(lines: list[Line]) -> BBox | None:
    return union_bbox([line.bbox for line in lines])

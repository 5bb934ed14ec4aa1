"""Lines and line segments from word boxes, independent of how the reader grouped words.

Born-digital and OCR pages both reach the parser as word boxes; grouping them here by vertical
overlap (not by the reader's line ids) keeps the rules working whatever produced the words. A line
is split into segments at wide horizontal gaps, which separates the two signature columns and the
label / value parts of a party block.
"""

from __future__ import annotations

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
    for word in words:
        top, bottom = word.bbox[1], word.bbox[3]
        height = max(bottom - top, 1.0)
        placed = False
        for index in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            band_top, band_bottom = bands[index]
            overlap = min(bottom, band_bottom) - max(top, band_top)
            if overlap >= 0.5 * min(height, band_bottom - band_top):
                rows[index].append(word)
                bands[index] = (min(band_top, top), max(band_bottom, bottom))
                placed = True
                break
        if not placed:
            rows.append([word])
            bands.append((top, bottom))
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.bbox[0])
        line = Line(words=row, page=page.number)
        line.segments = split_segments(line)
        lines.append(line)
    lines.sort(key=lambda ln: ln.top)
    return lines


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

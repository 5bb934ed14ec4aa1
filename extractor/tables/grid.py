"""Table geometry from word positions alone: lines, the column model and its gutters, cells.

Works the same on text-layer and OCR words, ruled or borderless, because it never needs the
ruling lines: columns come from the header's words (`header`) and the whitespace gutters of
the body, cells from how text wraps inside a column (`rows`).
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from extractor.rules import table_lexicon as lex
from extractor.tables.line_kinds import clean_words
from extractor.tables.ruling import Across, ruled_breaks, rules_across
from models.document import Page, Word
from models.geometry import WordBoxes

PERFORMANCE, BUDGET = "performance", "budget"


MARKER = re.compile(
    r"^[\"'“”‘’]?(?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+|\d{1,2}\.[A-Za-z].*|[a-z]\.[A-Z].*|[a-zA-Z][.)]|[IVX]{1,4}[.)]|[-–•·▪●*\uf0b7\uf0a7\uf0d8«»°©®¢e]+)$"
)


_BULLET = re.compile(
    r"^(?:[a-zA-Z][.)]|[a-z]\.[A-Z].*|[-–•·▪●*~\uf0b7\uf0a7\uf0d8«»°©®¢e]+|[-–•·▪●*~][A-Z].*)$")


@dataclass
class Line(WordBoxes):
    """Words on one visual line (of the page, or of one column)."""

    words: list[Word]

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Column:
    kind: str
    label: str
    x0: float
    x1: float
    left: float = float("-inf")
    right: float = float("inf")

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Cell:
    """Consecutive lines of one column that belong together."""

    lines: list[Line]
    soft_breaks: list[int] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def starts_with_marker(self) -> bool:
        return bool(MARKER.match(self.lines[0].words[0].text))

    @property
    def starts_with_bullet(self) -> bool:
        """A dash, dot or letter item ("- Daging", "a. Padi"), unlike a numbered row ("1.2.1")."""
        return bool(_BULLET.match(self.lines[0].words[0].text))


@dataclass
class TableBody:
    """One table's body on one page: its column lines, assigned by the column model."""

    page: int
    kind: str
    columns: list[Column]
    lines: dict[str, list[Line]] = field(default_factory=dict)
    pitch: float = 12.0
    height: float = 10.0
    ended: bool = False
    continued: bool = False
    bottom: float = 0.0
    structure: float = 0.95
    rules: list[Across] = field(default_factory=list)
    top: float = 0.0
    bands: list | None = None  # ruled.Band rows of a table read from its drawn grid; None: from geometry
    doubts: list[str] = field(default_factory=list)  # doubt.DOUBTS codes found while reading it

    def ruled(self, lines: list[Line]) -> set[int]:
        """Where a horizontal rule of the page parts two of these lines (of one column)."""
        return ruled_breaks(lines, rules_across(self.rules, lines))


def words_to_lines(words: list[Word]) -> list[Line]:
    """Cluster words into visual lines by vertical centre, independent of the reader's grouping."""
    if not words:
        return []
    height = statistics.median(w.bbox[3] - w.bbox[1] for w in words) or 10.0
    lines: list[list[Word]] = []
    centres: list[float] = []
    for word in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        centre = (word.bbox[1] + word.bbox[3]) / 2
        if lines and abs(centre - centres[-1]) <= 0.45 * height:
            lines[-1].append(word)
            centres[-1] = statistics.fmean((w.bbox[1] + w.bbox[3]) / 2 for w in lines[-1])
        else:
            lines.append([word])
            centres.append(centre)
    return [Line(sorted(ws, key=lambda w: w.bbox[0])) for ws in lines]


def set_boundaries(columns: list[Column], body_words: list[Word]) -> None:
    """Place each boundary between two header columns in the emptiest gutter of the body's words."""
    columns.sort(key=lambda c: c.centre)
    for left, right in itertools.pairwise(columns):
        lo, hi = int(left.centre), int(min(right.centre, right.x0 + 2))
        if left.kind == lex.AMOUNT:
            lo = max(lo, int(left.x1) - 2)
        if hi - lo < 2:
            left.right = right.left = (lo + hi) / 2
            continue
        coverage = [0] * (hi - lo)
        for word in body_words:
            a, b = max(lo, int(word.bbox[0])), min(hi, int(word.bbox[2]) + 1)
            for x in range(a, b):
                coverage[x - lo] += 1
        left_aligned = right.kind in (lex.OBJECTIVE, lex.INDICATOR, lex.PROGRAM)
        starts = [w.bbox[0] for w in body_words] if left_aligned else []
        boundary = _emptiest_run(coverage, lo, starts)
        left.right = right.left = boundary


def _emptiest_run(coverage: list[int], lo: int, starts: list[float]) -> float:
    """Middle of the emptiest run; among equally empty runs, the one whose right edge most words
    start at (a left-aligned text column; justified text has wide spaces too), then the widest."""
    least = min(coverage)
    best: tuple[int, int, float] = (-1, -1, 0.0)
    start = None
    for x, value in enumerate([*coverage, least + 1]):
        if value == least and start is None:
            start = x
        elif value != least and start is not None:
            edge = lo + x
            aligned = sum(1 for s in starts if edge - 1.5 <= s <= edge + 3)
            key = (min(aligned, 3), x - start, lo + (start + x) / 2)
            best = max(best, key)
            start = None
    return best[2]


def assign_to_columns(columns: list[Column], lines: list[Line]) -> dict[str, list[Line]]:
    """Split body lines into per-column word lists, then re-cluster each column into lines."""
    per_column: dict[int, list[Word]] = {}
    for line in lines:
        for word in line.words:
            centre = (word.bbox[0] + word.bbox[2]) / 2
            for index, column in enumerate(columns):
                if column.left <= centre < column.right:
                    per_column.setdefault(index, []).append(word)
                    break
    _move_row_numbers(columns, per_column)
    numbers = _outdented_numbers(columns, per_column)
    out: dict[str, list[Line]] = {}
    for index, words in per_column.items():
        key = columns[index].kind
        if key in out:
            key = f"{key}{index}"
        if key == lex.NO:
            words = words + numbers
            numbers = []
        out[key] = words_to_lines(words)
    if numbers:
        out[lex.NO] = words_to_lines(numbers)
    return out


def _outdented_numbers(columns: list[Column], per_column: dict[int, list[Word]]) -> list[Word]:
    """Row numbers of an unread "No" column, left of the sasaran text: taken out of the sasaran."""
    kinds = [c.kind for c in columns]
    if lex.OBJECTIVE not in kinds:
        return []
    index = kinds.index(lex.OBJECTIVE)
    words = per_column.get(index, [])
    texts = [w for w in words if not _SMALL_NUMBER.match(w.text)]
    if len(texts) < 3:
        return []
    indent = statistics.median(w.bbox[0] for w in texts)
    height = statistics.median(w.bbox[3] - w.bbox[1] for w in texts)
    moving = [w for w in words if _SMALL_NUMBER.match(w.text) and w.bbox[2] < indent - 0.3 * height]
    per_column[index] = [w for w in words if w not in moving]
    return moving


_ROW_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,5}\.?$")


_GARBLED_NUMBER = re.compile(r"^\(?[\d.,]{3,9}\)?$")


_SMALL_NUMBER = re.compile(r"^\d{1,2}[.)]?$")


def _move_row_numbers(columns: list[Column], per_column: dict[int, list[Word]]) -> None:
    """Indicator numbers ("1.3.1.2") printed in an unlabelled strip right of the sasaran text belong
    to the indicator rows they start, not to the sasaran."""
    kinds = [c.kind for c in columns]
    if lex.OBJECTIVE not in kinds or lex.INDICATOR not in kinds:
        return
    source, target = kinds.index(lex.OBJECTIVE), kinds.index(lex.INDICATOR)
    words = per_column.get(source, [])
    if not words:
        return
    column = columns[source]
    if column.left > float("-inf") and column.right < float("inf"):
        middle = (column.left + column.right) / 2
    else:
        middle = (min(w.bbox[0] for w in words) + max(w.bbox[2] for w in words)) / 2
    moving = [w for w in words
              if w.bbox[0] > middle and (_ROW_NUMBER.match(w.text) or _GARBLED_NUMBER.match(w.text))]
    if moving:
        per_column[source] = [w for w in words if w not in moving]
        per_column.setdefault(target, []).extend(moving)


def page_lines(page: Page) -> list[Line]:
    return words_to_lines(clean_words(page.words))


def word_height(lines: list[Line]) -> float:
    heights = [w.bbox[3] - w.bbox[1] for line in lines for w in line.words]
    return statistics.median(heights) if heights else 10.0


def zero_runs(coverage: list[int]) -> list[tuple[int, int]]:
    runs, start = [], None
    for x, value in enumerate([*coverage, 1]):
        if value == 0 and start is None:
            start = x
        elif value != 0 and start is not None:
            runs.append((start, x))
            start = None
    return runs


RowT = TypeVar("RowT", bound="VerticalSpan")


class VerticalSpan(Protocol):
    top: float
    bottom: float


def nearest_row(rows: list[RowT], line: Line, pitch: float) -> RowT:
    """The row a stray line belongs to: one it lies within (a third of a line pitch of slack), else
    the row whose edge is closest."""
    def distance(row: RowT) -> float:
        if row.top - 0.3 * pitch <= line.centre <= row.bottom + 0.3 * pitch:
            return 0.0
        return min(abs(line.centre - row.top), abs(line.centre - row.bottom))
    return min(rows, key=distance)

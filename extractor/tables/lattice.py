"""Ruled tables as lattices: cells with their row and column spans, from the page's own rules.

The rules come from the PDF's vector drawing (text pages) or from OpenCV (scans). Edges are
snapped, joined and intersected with pdfplumber's table-finder functions (the lines strategy),
so a cell is a rectangle whose four sides are drawn. Every cell is then placed on the lattice's
column and row boundaries: a cell over two boundaries is a merged (spanning) cell, and by the
record contract its text belongs to every row it spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pdfplumber import table as finder

from extractor.tables.grid import Line, words_to_lines
from models.document import Page, Rule, Word

_RULE_GLYPHS = re.compile(r"^[|¦!\[\]]+$")
SNAP = 3.0  # rules this close are one rule (a double border, a scan's thick stroke)
JOIN = 4.0  # pieces of one rule with a gap this small are one rule
MEET = 3.0  # a rule ends this close to another and still meets it
MIN_CELL = 4.0  # narrower or lower "cells" are the gap of a double border
MIN_COVER = 0.85  # share of the lattice's box its cells must cover to be a whole grid
MIN_ONE_ROW_BOUNDS = 4  # a grid of one row needs three cells: fewer is a framed title or box


@dataclass(eq=False)
class GridCell:
    """One drawn cell: its box, its place on the lattice (first row / column and spans) and words."""

    x0: float
    top: float
    x1: float
    bottom: float
    row: int = 0
    col: int = 0
    rows: int = 1
    cols: int = 1
    words: list[Word] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return words_to_lines(self.words)

    @property
    def text(self) -> str:
        return " ".join(" ".join(w.text for w in line.words) for line in self.lines)

    def covers(self, row: int) -> bool:
        return self.row <= row < self.row + self.rows


@dataclass
class Lattice:
    """A ruled table: column boundaries `xs`, row boundaries `ys`, and its cells."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCell]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def row_count(self) -> int:
        return len(self.ys) - 1

    @property
    def col_count(self) -> int:
        return len(self.xs) - 1

    def at(self, row: int, col: int) -> GridCell | None:
        for cell in self.cells:
            if cell.covers(row) and cell.col <= col < cell.col + cell.cols:
                return cell
        return None

    def contains(self, x: float, y: float, slack: float = 0.0) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 - slack <= x <= x1 + slack and top - slack <= y <= bottom + slack


def page_lattices(page: Page) -> list[Lattice]:
    """The page's whole ruled grids, its words placed in their cells."""
    return rules_to_lattices(page.rules, page.words) if len(page.rules) >= 6 else []


def rules_to_lattices(rules: list[Rule], words: list[Word]) -> list[Lattice]:
    """Whole ruled grids on a page (at least 2 x 2 cells that tile their box), words placed in cells."""
    edges = [_edge(rule) for rule in rules]
    if len(edges) < 6:
        return []
    merged = finder.merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    closing = _closing_edges(merged)
    if closing:
        merged = finder.merge_edges(merged + closing, SNAP, SNAP, JOIN, JOIN)
    points = finder.edges_to_intersections(merged, MEET, MEET)
    boxes = [box for box in finder.intersections_to_cells(points)
             if box[2] - box[0] >= MIN_CELL and box[3] - box[1] >= MIN_CELL]
    lattices = [_lattice(group) for group in finder.cells_to_tables(boxes)]
    found = [lattice for lattice in lattices if lattice is not None]
    for word in words:
        if word.source == "ocr" and _RULE_GLYPHS.match(word.text):
            continue  # a border OCR read as a letter
        x, y = (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2
        for lattice in found:
            cell = next((c for c in lattice.cells if c.x0 <= x <= c.x1 and c.top <= y <= c.bottom), None)
            if cell is not None:
                cell.words.append(word)
                break
    return found


def _closing_edges(edges: list[dict]) -> list[dict]:
    """The border a scan lost: where three or more vertical rules end level with no horizontal
    rule there, the grid is closed by one across them (top or bottom)."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        for group in _level_groups(verticals, end):
            y = sorted(e[end] for e in group)[len(group) // 2]
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            covered = any(abs(h["top"] - y) <= SNAP and min(h["x1"], x1) - max(h["x0"], x0) >= 0.8 * (x1 - x0)
                          for h in horizontals)
            if not covered:
                added.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                              "orientation": "h"})
    return added


def _level_groups(verticals: list[dict], end: str) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for edge in sorted(verticals, key=lambda e: e[end]):
        if groups and edge[end] - groups[-1][-1][end] <= 2 * SNAP:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    return [group for group in groups if len(group) >= 3]


def _edge(rule: Rule) -> dict:
    x0, top, x1, bottom = rule.bbox
    if rule.horizontal:
        y = (top + bottom) / 2
        return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                "orientation": "h"}
    x = (x0 + x1) / 2
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
            "orientation": "v"}


def _lattice(boxes: list[tuple[float, float, float, float]]) -> Lattice | None:
    xs = _boundaries([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _boundaries([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 3 or len(ys) < 2 or (len(ys) == 2 and len(xs) < MIN_ONE_ROW_BOUNDS):
        return None  # one row of three or more cells: the rest of a table cut by the page break
    cells = []
    for x0, top, x1, bottom in boxes:
        col, row = _index(xs, x0), _index(ys, top)
        cells.append(GridCell(x0, top, x1, bottom, row=row, col=col, rows=max(_index(ys, bottom) - row, 1),
                              cols=max(_index(xs, x1) - col, 1)))
    area = (xs[-1] - xs[0]) * (ys[-1] - ys[0])
    covered = sum((c.x1 - c.x0) * (c.bottom - c.top) for c in cells)
    if covered < MIN_COVER * area:
        return None
    lattice = Lattice(xs, ys, cells)
    lattice.cells.extend(_missing_cells(lattice))
    return lattice


def _missing_cells(lattice: Lattice) -> list[GridCell]:
    """A slot no drawn cell covers (a border the scan lost) is a cell of its own, so its text is
    still read where it stands."""
    taken = {(row, col) for c in lattice.cells for row in range(c.row, c.row + c.rows)
             for col in range(c.col, c.col + c.cols)}
    xs, ys = lattice.xs, lattice.ys
    return [GridCell(xs[col], ys[row], xs[col + 1], ys[row + 1], row=row, col=col)
            for row in range(lattice.row_count) for col in range(lattice.col_count)
            if (row, col) not in taken]


def _boundaries(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _index(bounds: list[float], value: float) -> int:
    at = bisect.bisect_left(bounds, value - SNAP)
    return min(at, len(bounds) - 1)

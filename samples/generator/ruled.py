"""A ruled table drawn cell by cell, the way word processors export them: both renderers use it.

The table is laid out once (wrapped lines, row heights, rowspans that grow their last row) and then
drawn page slice by page slice on a `Surface` (top-down points). Borders are either stroked lines
(LibreOffice-like, each edge once) or thin filled rectangles per cell edge (Word's "Save as PDF").
A merged cell split by a page break keeps its text lines where they fall, so the text continues on
the next page like in Word; the header is repeated on each page or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class Surface(Protocol):
    """Where a table is drawn: y grows downwards from the page top, in points."""

    def width_of(self, text: str, bold: bool, size: float) -> float: ...

    def text(self, x: float, baseline: float, text: str, bold: bool, size: float) -> None: ...

    def fill_rect(self, x: float, y: float, w: float, h: float, grey: float) -> None: ...

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float) -> None: ...


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    align: str = "L"  # L | C | R
    valign: str = "T"  # T | M
    bold: bool = False


@dataclass
class RuledTable:
    widths: list[float]  # column fractions of the table width
    head: list[Cell]
    head_rows: int
    body: list[Cell]
    body_rows: int
    repeat_head: bool = True
    borders: str = "lines"  # lines | rects
    rule: float = 0.5
    shade_head: bool = False
    size: float = 9.0
    padding: float = 2.5
    share: float = 1.0  # fraction of the available width the table takes

    @property
    def leading(self) -> float:
        return self.size * 1.18


@dataclass
class Laid:
    """A table measured for one width: column x positions, head and body row heights, wrapped text."""

    table: RuledTable
    xs: list[float]
    head_heights: list[float]
    body_heights: list[float]
    lines: dict[int, list[str]] = field(default_factory=dict)  # id(cell) -> wrapped lines

    @property
    def head_height(self) -> float:
        return sum(self.head_heights)


def wrap(surface: Surface, text: str, width: float, bold: bool, size: float) -> list[str]:
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and surface.width_of(trial, bold, size) > width:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    return out


def heights(cells: list[Cell], rows: int, laid: Laid, surface: Surface) -> list[float]:
    table = laid.table
    out = [table.leading + 2 * table.padding] * rows
    spanning = []
    for cell in cells:
        width = laid.xs[cell.col + cell.colspan] - laid.xs[cell.col] - 2 * table.padding
        lines = wrap(surface, cell.text, width, cell.bold, table.size)
        laid.lines[id(cell)] = lines
        need = len(lines) * table.leading + 2 * table.padding
        if cell.rowspan == 1:
            out[cell.row] = max(out[cell.row], need)
        else:
            spanning.append((cell, need))
    for cell, need in spanning:
        last = cell.row + cell.rowspan - 1
        have = sum(out[cell.row : last + 1])
        if need > have:
            out[last] += need - have
    return out


def lay_out(table: RuledTable, width: float, surface: Surface) -> Laid:
    width *= table.share
    xs = [0.0]
    for fraction in table.widths:
        xs.append(xs[-1] + fraction * width)
    laid = Laid(table, xs, [], [])
    laid.head_heights = heights(table.head, table.head_rows, laid, surface)
    laid.body_heights = heights(table.body, table.body_rows, laid, surface)
    return laid


def rows_that_fit(laid: Laid, start: int, room: float, with_head: bool) -> int:
    """The end (exclusive) of the body rows from `start` that fit in `room`; `start` when none does."""
    used = laid.head_height if with_head else 0.0
    end = start
    while end < laid.table.body_rows and used + laid.body_heights[end] <= room:
        used += laid.body_heights[end]
        end += 1
    return end


def slice_height(laid: Laid, start: int, end: int, with_head: bool) -> float:
    return (laid.head_height if with_head else 0.0) + sum(laid.body_heights[start:end])


def draw_slice(
    laid: Laid, surface: Surface, x: float, top: float, start: int, end: int, with_head: bool
) -> float:
    """Draw head (optionally) and body rows [start, end) at (x, top); returns the height drawn."""
    table = laid.table
    y = top
    if with_head:
        tops = [y + sum(laid.head_heights[:r]) for r in range(table.head_rows + 1)]
        draw_cells(laid, surface, x, table.head, tops, 0, table.head_rows, 0.0, head=True)
        y = tops[-1]
    body_tops = [y + sum(laid.body_heights[start:r]) for r in range(start, end + 1)]
    offset = sum(laid.body_heights[:start])
    draw_cells(laid, surface, x, table.body, body_tops, start, end, offset, head=False)
    return body_tops[-1] - top


def draw_cells(
    laid: Laid,
    surface: Surface,
    x: float,
    cells: list[Cell],
    tops: list[float],
    start: int,
    end: int,
    offset: float,
    head: bool,
) -> None:
    """Cells overlapping rows [start, end); `tops[i]` is the page y of row start+i (and the end)."""
    table = laid.table
    all_heights = laid.head_heights if head else laid.body_heights
    edges: list[tuple[float, float, float, float]] = []
    texts: list[tuple[float, float, str, bool]] = []
    for cell in cells:
        last = cell.row + cell.rowspan
        if last <= start or cell.row >= end:
            continue
        x0, x1 = x + laid.xs[cell.col], x + laid.xs[cell.col + cell.colspan]
        y0 = tops[max(cell.row, start) - start]
        y1 = tops[min(last, end) - start]
        if head and table.shade_head:
            surface.fill_rect(x0, y0, x1 - x0, y1 - y0, 0.85)
        edges += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
        # text placed in the whole cell's own coordinates, then kept where it falls in this slice
        cell_top = sum(all_heights[: cell.row]) - offset + tops[0]
        cell_height = sum(all_heights[cell.row : last])
        lines = laid.lines[id(cell)]
        block = len(lines) * table.leading
        first = cell_top + table.padding
        if cell.valign == "M":
            first = cell_top + (cell_height - block) / 2
        for i, text in enumerate(lines):
            line_top = first + i * table.leading
            if not text or not (y0 - 0.5 <= line_top < y1 - 0.5):
                continue
            width = surface.width_of(text, cell.bold, table.size)
            if cell.align == "C":
                tx = (x0 + x1 - width) / 2
            elif cell.align == "R":
                tx = x1 - table.padding - width
            else:
                tx = x0 + table.padding
            texts.append((tx, line_top + table.size * 0.88, text, cell.bold))
    draw_edges(surface, edges, table)
    for tx, baseline, text, bold in texts:
        surface.text(tx, baseline, text, bold, table.size)


def draw_edges(surface: Surface, edges: list[tuple[float, float, float, float]], table: RuledTable) -> None:
    if table.borders == "rects":
        half = table.rule / 2
        for x0, y0, x1, y1 in edges:  # every cell draws its own four edges, shared ones twice
            surface.fill_rect(x0 - half, y0 - half, x1 - x0 + table.rule, y1 - y0 + table.rule, 0.0)
        return
    seen: set[tuple[int, int, int, int]] = set()
    for x0, y0, x1, y1 in edges:
        key = (round(x0 * 10), round(y0 * 10), round(x1 * 10), round(y1 * 10))
        if key not in seen:
            seen.add(key)
            surface.line(x0, y0, x1, y1, table.rule)


def grid_cells(rows: list[list[str]], first_row: int = 0, align: list[str] | None = None) -> list[Cell]:
    """Plain cells of a rectangular block of rows (no spans)."""
    return [
        Cell(text, first_row + r, c, align=(align[c] if align else "L"))
        for r, values in enumerate(rows)
        for c, text in enumerate(values)
    ]

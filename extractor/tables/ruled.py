"""Ruled tables read from their structure: lattice -> header cells -> column kinds -> bands.

Where the page draws a table's grid (vector borders of a Word export, rules found on a scan), the
cells are known and nothing is guessed from word gaps: the header is read cell by cell against the
lexicon (a header over two rows names the columns its cells span, the lower row most precisely),
and every lattice row below it is a `Band` whose cells are the lattice cells over that row. A
merged cell is one `grid.Cell` object shared by all its bands, so its text belongs to each row
it spans (pk-record.md). Borderless tables keep the header-position method (`lampiran`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.rules import table_lexicon as lex
from extractor.tables import grid, header_words, line_kinds
from extractor.tables import header as heading
from extractor.tables.cell_text import cell_text
from extractor.tables.lattice import GridCell, Lattice, page_lattices
from models.document import Page

MAX_HEADER_START = 2  # a title row or two inside the grid may stand above the header row
MAX_HEADER_ROWS = 3
# Kinds a row is keyed by: bands that share all of these cells are one row of the table.
ROW_KINDS = {grid.PERFORMANCE: (lex.INDICATOR, lex.TARGET, *lex.QUARTERS),
             grid.BUDGET: (lex.PROGRAM, lex.AMOUNT)}


@dataclass
class Band:
    """One body row of a ruled table: per column kind, the cell over it (absent when empty)."""

    page: int
    top: float
    bottom: float
    cells: dict[str, grid.Cell]
    number: str = ""
    spans: dict[str, int] | None = None  # rows each kind's cell spans, for merged-cell decisions


@dataclass
class RuledTable:
    """A lattice of the page and, when it is a PK table, its body (None: a grid that is no PK table)."""

    lattice: Lattice
    body: grid.TableBody | None


def page_to_ruled(page: Page, lines: list[grid.Line], previous: grid.TableBody | None,
                  lattices: list[Lattice] | None = None) -> list[RuledTable]:
    """Every ruled grid of the page (`lattices` when the caller built them already); those with a
    PK header (or continuing the previous page's ruled table) carry a body of bands."""
    found: list[RuledTable] = []
    for lattice in page_lattices(page) if lattices is None else lattices:
        found.append(RuledTable(lattice, _lattice_body(page, lattice, lines, previous, found)))
    return found


def _lattice_body(page: Page, lattice: Lattice, lines: list[grid.Line], previous: grid.TableBody | None,
                  earlier: list[RuledTable]) -> grid.TableBody | None:
    read = _read_header(lattice)
    continued = False
    if read is None:
        above = next((t.body for t in reversed(earlier) if t.body), None)
        if above is not None and not above.bands:
            previous = above  # a header drawn as a grid of its own, its body in the next grid
        elif previous is None or previous.bands is None or above is not None:
            return None
        kinds, first_row, kind = _kinds_like(previous, lattice), 0, previous.kind
        if not any(k in ROW_KINDS[kind] for k in kinds):
            return None
        continued = True
    else:
        kinds, first_row, header = read
        kind = header.kind
        outside = [line for line in lines if not any(  # a table above is no title of this one
            table.lattice.contains((line.x0 + line.x1) / 2, line.centre, 2.0) for table in earlier)]
        if heading.is_skipped_table(outside, header):
            return None
        continued = (previous is not None and previous.bands is not None and previous.kind == kind
                     and not earlier and header.top < 0.35 * page.info.height)
    kinds = _unlabelled_columns(lattice, _numbers_as_target(lattice, kinds, first_row, kind), first_row, kind)
    kept = _one_column_per_kind(lattice, kinds, first_row)
    columns = [grid.Column(k, "", lattice.xs[j], lattice.xs[j + 1], lattice.xs[j], lattice.xs[j + 1])
               for j, k in enumerate(kept) if k]
    dropped = {j: k for j, k in enumerate(kinds) if k and not kept[j]}
    bands = _bands(page.number, lattice, kept, first_row, kind, dropped)
    height = grid.word_height(lines)
    below = [line for line in lines if line.top > lattice.ys[-1] and not _page_number(line)]
    return grid.TableBody(page=page.number, kind=kind, columns=columns, height=height, ended=bool(below),
                          continued=continued, top=lattice.ys[first_row], bottom=lattice.ys[-1],
                          bands=bands)


def _read_header(lattice: Lattice) -> tuple[list[str | None], int, heading.Header] | None:
    """Column kinds from the header rows (cells over several columns name all of them; a lower
    row's label wins), the first body row, and the header."""
    for start in range(min(MAX_HEADER_START + 1, lattice.row_count)):
        kinds: list[str | None] = [None] * lattice.col_count
        labels: list[grid.Column] = []
        above: list[GridCell] = []
        row = start
        while row < min(start + MAX_HEADER_ROWS, lattice.row_count):
            cells = [c for c in lattice.cells if c.row == row]
            named = [(c, header_words.label_kind(c.text) or _sub_label_kind(c, above)) for c in cells]
            above.extend(cells)
            if not _header_row(named, first=row == start):
                break
            for cell, kind in named:
                if kind:
                    kinds[cell.col:cell.col + cell.cols] = [kind] * cell.cols
                    labels.append(grid.Column(kind, cell.text, cell.x0, cell.x1))
            row += 1
        table_kind = heading.table_kind({k for k in kinds if k})
        if row > start and table_kind:  # a header with no row under it: its rows are on the next page
            header = heading.Header(table_kind, labels, lattice.ys[start], lattice.ys[row])
            return kinds, row, header
    return None


def _sub_label_kind(cell: GridCell, above: list[GridCell]) -> str | None:
    """A sub-label named by its parent heading: "I" under a "Target Triwulan" spanning four columns
    is "Triwulan I". The parent's words are tried from the right until the lexicon knows the whole."""
    parent = next((p for p in above if p.row + p.rows == cell.row and p.col <= cell.col < p.col + p.cols
                   and p.cols > 1), None)
    if parent is None or not cell.text.strip():
        return None
    words = parent.text.split()
    for first in range(len(words)):
        kind = header_words.label_kind(" ".join([*words[first:], cell.text]))
        if kind is not None and kind != header_words.label_kind(parent.text):
            return kind
    return None


def _header_row(named: list[tuple[GridCell, str | None]], first: bool) -> bool:
    """Header cells name columns or say nothing ("(Rp)", "(3)"); the first header row may hold one
    label the lexicon lacks ("Total (Rp)") when at least two others are known."""
    labels = sum(1 for _, kind in named if kind)
    unknown = sum(1 for cell, kind in named if not kind and not header_words.is_label_filler(cell.text))
    if not first and (unknown == 0 or _column_numbers(named)):
        return True  # "(1) (2) (3)": the column-number row, or a row of sub-labels
    return labels >= 1 and (unknown == 0 or (first and labels >= 2 and unknown <= labels // 2))


def _column_numbers(named: list[tuple[GridCell, str | None]]) -> bool:
    """Every cell holds its own column's number, "(1)" in the first and so on: the column-number row,
    whatever else its cells hold (a merged cell cut by the page break, drawn under a repeated header,
    leaves its text there in the text layer)."""
    cells = [cell for cell, _ in named]
    return len(cells) >= 3 and all(f"({cell.col + 1})" in cell.text.split() for cell in cells)


def _kinds_like(previous: grid.TableBody, lattice: Lattice) -> list[str | None]:
    """A grid continuing the previous page's table: each column takes the kind of the previous
    table's column it overlaps most (at least half of the narrower)."""
    kinds: list[str | None] = []
    for x0, x1 in zip(lattice.xs, lattice.xs[1:], strict=False):
        best = max(previous.columns, key=lambda c: min(c.right, x1) - max(c.left, x0), default=None)
        overlap = min(best.right, x1) - max(best.left, x0) if best else 0.0
        narrower = min(x1 - x0, best.right - best.left) if best else 1.0
        kinds.append(best.kind if best and overlap >= 0.5 * narrower else None)
    return kinds


def _one_column_per_kind(lattice: Lattice, kinds: list[str | None], first_row: int) -> list[str | None]:
    """Two columns of one kind ("Anggaran" and a "Total" of merged group subtotals): the one whose
    cells are one row each is the row's own; the others are ignored. Program columns stay (a
    program / kegiatan hierarchy)."""
    out = list(kinds)
    for kind in {k for k in kinds if k and k != lex.PROGRAM}:
        where = [j for j, k in enumerate(kinds) if k == kind]
        if len(where) < 2:
            continue
        merged = {j: sum(1 for c in lattice.cells if c.col == j and c.row >= first_row and c.rows > 1)
                  for j in where}
        keep = min(where, key=lambda j: (merged[j], j))
        for j in where:
            if j != keep:
                out[j] = None
    return out


_TEXT_KINDS = (lex.OBJECTIVE, lex.INDICATOR, lex.PROGRAM)


def _unlabelled_columns(lattice: Lattice, kinds: list[str | None], first_row: int,
                        kind: str) -> list[str | None]:
    """A column whose header cell is empty (a label OCR lost, or a label merged over two columns):
    numbers in a performance table are its targets, amounts in a budget table its amounts; text
    beside a text column is a finer level of that column (kegiatan beside its program)."""
    out = list(kinds)
    for col in reversed(range(len(kinds))):  # targets and amounts stand right of row numbers
        if kinds[col] is not None:
            continue
        texts = _column_texts(lattice, col, first_row)
        if not texts:
            continue
        numeric = sum(1 for t in texts if _VALUE.match(t)) >= 0.6 * len(texts)
        if all(_ROW_NUMBER.match(t) for t in texts):
            out[col] = lex.NO
        elif numeric and kind == grid.PERFORMANCE and lex.TARGET not in out:
            out[col] = lex.TARGET
        elif numeric and kind == grid.BUDGET and lex.AMOUNT not in out:
            out[col] = lex.AMOUNT
        elif not numeric and col > 0 and out[col - 1] in _TEXT_KINDS:
            out[col] = out[col - 1]
    return out


_ROW_NUMBER = re.compile(r"^\W{0,2}\d{1,2}\s*[.)]?\W{0,2}$")
_VALUE = re.compile(r"^(?:rp\.?\s*)?[<>≤≥]?\s*\d", re.I)


def _numbers_as_target(lattice: Lattice, kinds: list[str | None], first_row: int,
                       kind: str) -> list[str | None]:
    """No Target column, but a Satuan column holding numbers: those numbers are the targets."""
    if kind != grid.PERFORMANCE or lex.TARGET in kinds or lex.UNIT not in kinds:
        return kinds
    if heading.mostly_numbers(_column_texts(lattice, kinds.index(lex.UNIT), first_row)):
        return [lex.TARGET if k == lex.UNIT else k for k in kinds]
    return kinds


def _column_texts(lattice: Lattice, col: int, first_row: int) -> list[str]:
    """Texts of the body cells that start in one column."""
    return [c.text for c in lattice.cells if c.col == col and c.row >= first_row and c.text]


def _bands(page: int, lattice: Lattice, kinds: list[str | None], first_row: int, kind: str,
           dropped: dict[int, str] | None = None) -> list[Band]:
    """One band per body row (rows sharing every row-kind cell are one band). `dropped`: columns of a
    kind already read elsewhere (group subtotals); a row whose own cell of that kind is a label
    spanning it ("JUMLAH" over the Anggaran column) takes its value from there."""
    texts: dict[int, grid.Cell | None] = {}

    def cell_of(cell: GridCell) -> grid.Cell | None:
        if id(cell) not in texts:
            lines = grid.words_to_lines(line_kinds.clean_words(cell.words))
            texts[id(cell)] = grid.Cell(lines) if lines else None
        return texts[id(cell)]

    bands: list[Band] = []
    keys: list[tuple] = []
    for row in range(first_row, lattice.row_count):
        cells: dict[str, grid.Cell] = {}
        spans: dict[str, int] = {}
        identity: dict[str, int] = {}
        number = ""
        for col, column_kind in enumerate(kinds):
            cell = lattice.at(row, col)
            if cell is None or column_kind is None:
                continue
            identity[column_kind] = id(cell)
            text = cell_of(cell)
            if text is None:
                continue
            if (column_kind == lex.PROGRAM and lex.PROGRAM in cells and cells[lex.PROGRAM] is not text
                    and cell.rows > 1 and spans[lex.PROGRAM] == 1):
                continue  # a merged parent beside the row's own name
            cells[column_kind] = text
            spans[column_kind] = cell.rows
            if column_kind == lex.NO and cell.row == row:
                number = cell_text(text.lines)
        for col, column_kind in (dropped or {}).items():
            cell = lattice.at(row, col)
            spanned = identity.get(column_kind) in {identity[k] for k in identity if k != column_kind}
            if cell is not None and cell.row == row and cell.cols == 1 and spanned and cell_of(cell):
                cells[column_kind] = cell_of(cell)
        if not cells:
            continue
        key = tuple(identity.get(k) for k in ROW_KINDS[kind])
        if bands and keys[-1] == key:
            bands[-1].bottom = lattice.ys[row + 1]
            continue
        bands.append(Band(page, lattice.ys[row], lattice.ys[row + 1], cells, number, spans))
        keys.append(key)
    return bands


def _page_number(line: grid.Line) -> bool:
    text = line.text.strip(" -")
    return len(text) <= 4 and text.replace(".", "").isdigit()

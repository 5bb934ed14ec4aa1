"""Performance-table rows: indicator cells, their targets, units and quarters.

Rows are the indicator column's cells; every other column's lines are hung on the row they overlap
vertically; cells merged over several rows (sasaran, a shared target) are settled in `merged`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import (
    collapse_ws,
    is_text_target,
    strip_numbering,
)
from extractor.tables import grid, merged
from extractor.tables import rows as table_rows
from extractor.tables.cell_text import cell_text
from models.document import Word

QUARTER_KINDS = lex.QUARTERS
_OPEN_END = re.compile(r"(?:,|\bdan|\bsd|s\.d\.?|-|\brp\.?)$", re.I)


@dataclass
class RowDraft:
    page: int
    indicator: list[grid.Line]
    bullet: bool = False
    objective: grid.Cell | None = None
    cells: dict[str, list[grid.Line]] = field(default_factory=dict)
    structure: float = 0.95
    reasons: list[str] = field(default_factory=list)
    quarters: bool = False
    has_unit_column: bool = False
    has_objective_column: bool = True
    parent: str | None = None
    ruled: bool = False  # a row of a drawn grid: its cells are known, an empty target is still a row...
    broken_over_page: bool = False  # ...unless it is the rest of the row above, cut by the page break

    @property
    def top(self) -> float:
        return self.indicator[0].top

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.indicator)

    def words(self, kind: str) -> list[Word]:
        return [w for line in self.cells.get(kind, []) for w in line.words]

    @property
    def indicator_words(self) -> list[Word]:
        return [w for line in self.indicator for w in line.words]


def body_to_rows(body: grid.TableBody, inherited: grid.Cell | None) -> list[RowDraft]:
    """Rows of one table body on one page, with targets and sasaran attached by geometry."""
    # digits only: a lone "a." is a sub-item's bullet
    indicator_lines, _centred_numbers = table_rows.numbering_apart(
        body.lines.get(lex.INDICATOR) or body.lines.get(lex.OBJECTIVE) or [], table_rows.NUMBER_WORD,
        table_rows.NUMBER_WORD)
    if not indicator_lines:
        return []
    pitch = table_rows.pitch_of(indicator_lines)
    value_lines = body.lines.get(lex.TARGET) or body.lines.get("tw1") or []
    values = table_rows.with_rules(value_lines, value_cells(value_lines, pitch), body.ruled(value_lines))
    ruled = body.ruled(indicator_lines)
    if values:
        cells = table_rows.cut_between_anchors(indicator_lines, values, pitch, _next_text_x0(body),
                                               levels=_row_numbers(body), ruled=ruled)
    else:
        cells = table_rows.with_rules(indicator_lines, table_rows.segment_column(
            indicator_lines, pitch, wide_limit=_next_text_x0(body)), ruled)
    cells = _split_parents(table_rows.without_inner_numbers(cells), pitch, values)
    quarters = any(c.kind in QUARTER_KINDS for c in body.columns)
    has_unit = any(c.kind == lex.UNIT for c in body.columns)
    has_objective = any(c.kind == lex.OBJECTIVE for c in body.columns)
    rows = [RowDraft(body.page, cell.lines, cell.starts_with_bullet, quarters=quarters,
                     has_unit_column=has_unit, structure=body.structure, has_objective_column=has_objective)
            for cell in cells]
    for value in values if lex.TARGET in body.lines else []:
        _overlapping_row(rows, value).cells.setdefault(lex.TARGET, []).extend(value.lines)
    for kind in (lex.UNIT, *QUARTER_KINDS):
        for line in body.lines.get(kind, []):
            grid.nearest_row(rows, line, pitch).cells.setdefault(kind, []).append(line)
    if lex.INDICATOR in body.lines:
        merged.attach_objectives(rows, body, pitch, inherited)
    for kind in (lex.TARGET, lex.UNIT):
        merged.share_merged_cell(rows, body, kind)
    return rows


def _row_numbers(body: grid.TableBody) -> list[grid.Line]:
    """Numbers of the No column level with the opening words of a sasaran ("Meningkatnya ...", not
    a number centred in a tall merged cell): that new sasaran starts a new indicator row too."""
    objectives = body.lines.get(lex.OBJECTIVE, [])
    height = body.height
    return [line for line in body.lines.get(lex.NO, [])
            if re.fullmatch(r"\d{1,2}[.)]?", line.words[0].text) and any(
                abs(o.top - line.top) < 0.5 * height and merged.SASARAN_OPENING.match(o.words[0].text)
                for o in objectives)]


def _next_text_x0(body: grid.TableBody) -> float | None:
    """Left edge of the text in the column right of the indicators, less a cell's padding."""
    indicator = next((c for c in body.columns if c.kind == lex.INDICATOR), None)
    if indicator is None:
        return None
    for column in sorted(body.columns, key=lambda c: c.centre):
        if column.centre > indicator.centre and body.lines.get(column.kind):
            return min(line.x0 for line in body.lines[column.kind]) - 0.8 * body.height
    return None


def _split_parents(cells: list[grid.Cell], pitch: float, values: list[grid.Cell]) -> list[grid.Cell]:
    """Before a run of bullets, the parent text ("Jumlah produksi (ton)") is its own row when the
    line above it ended early, or when the cell's own target ended above it: it was glued to the
    previous indicator only for want of a target."""
    out: list[grid.Cell] = []
    for cell, nxt in itertools.zip_longest(cells, cells[1:]):
        if nxt is None or not nxt.starts_with_bullet or cell.starts_with_bullet or len(cell.lines) < 2:
            out.append(cell)
            continue
        breaks = [b for b in table_rows.line_breaks(cell.lines, pitch)
                  if b.fits and cell.lines[b.index].words[0].text[:1].isupper()]
        index = breaks[-1].index if breaks else _below_own_value(cell, values, pitch)
        out.extend(table_rows.cut(cell.lines, {index}) if index else [cell])
    return out


def _below_own_value(cell: grid.Cell, values: list[grid.Cell], pitch: float) -> int | None:
    """First capitalised line of `cell` lying wholly below the one target beside the cell's top."""
    own = [v for v in values if cell.top - 0.3 * pitch <= v.top <= cell.bottom]
    if len(own) != 1 or abs(own[0].top - cell.top) > 0.5 * pitch:
        return None
    for index, line in enumerate(cell.lines[1:], start=1):
        if line.top > own[0].bottom + 0.2 * pitch and line.words[0].text[:1].isupper():
            return index
    return None


def _value_start(line: grid.Line) -> bool:
    text = collapse_ws(line.text)
    return bool(re.match(r"^(?:[<>≤≥]=?\s*)?\d", text)) or is_text_target(text)


_VALUE_WITH_UNIT = re.compile(r"^(?:[<>≤≥]=?\s*)?\d[\d.,]*\s*%?\s*[A-Za-z%]+\.?$")


def _stray_after_value(cell: grid.Cell, line: grid.Line) -> bool:
    """A capitalised word under a one-line value that already has its unit ("7 Dokumen") is the next
    row's target misread by OCR ("SAT" for "3,17"), not more of this one."""
    return (len(cell.lines) == 1 and bool(_VALUE_WITH_UNIT.match(collapse_ws(cell.lines[0].text)))
            and line.words[0].text[:1].isupper() and len(line.words) == 1)


def value_cells(lines: list[grid.Line], pitch: float) -> list[grid.Cell]:
    """Target cells: a new one starts at a value after a complete one ("1.100.000 / Orang" is one)."""
    cells: list[grid.Cell] = []
    for line in lines:
        prev = cells[-1].lines[-1] if cells else None
        complete = prev is not None and not _OPEN_END.search(prev.text.strip())
        if prev is None or line.top - prev.top > 1.4 * pitch or (complete and (
                _value_start(line) or _stray_after_value(cells[-1], line))):
            cells.append(grid.Cell([line]))
        else:
            cells[-1].lines.append(line)
    return cells


def _overlapping_row(rows: list[RowDraft], cell: grid.Cell) -> RowDraft:
    def key(row: RowDraft) -> tuple[float, float]:
        overlap = min(row.bottom, cell.bottom) - max(row.top, cell.top)
        return (max(overlap, 0.0), -abs(row.top - cell.top))
    return max(rows, key=key)


def _join_rest_of_row(row: RowDraft, rest: RowDraft) -> None:
    """`rest`, the part of `row` the page break carried over, joins it cell by cell."""
    row.indicator.extend(rest.indicator)
    for kind, lines in rest.cells.items():
        row.cells.setdefault(kind, []).extend(lines)


def tidy_rows(rows: list[RowDraft]) -> list[RowDraft]:
    """Rows without a target are a parent of sub-items that follow, or a stray piece of a neighbour."""
    out: list[RowDraft] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.broken_over_page and out:
            heads_items = i + 1 < len(rows) and rows[i + 1].bullet and not row.cells.get(lex.TARGET)
            if not heads_items:
                _join_rest_of_row(out[-1], row)
                i += 1
                continue
            if not any(out[-1].cells.values()):
                row.indicator[:0] = out.pop().indicator  # a parent of sub-items cut by the page break
        if row.cells.get(lex.TARGET) or (row.quarters and any(row.cells.get(q) for q in QUARTER_KINDS)):
            out.append(row)
            i += 1
            continue
        following = rows[i + 1:]
        children = []
        for nxt in following:
            if nxt.bullet and nxt.cells.get(lex.TARGET) and nxt.objective is row.objective:
                children.append(nxt)
            else:
                break
        text = strip_numbering(cell_text(row.indicator))
        if row.ruled and not children:
            row.reasons.append("missing")
            out.append(row)
            i += 1
            continue
        if children and not row.bullet:
            parent = text.rstrip(" :")
            for child in children:
                child.parent = parent
            i += 1
            continue
        if not text:
            i += 1
            continue
        starts_lower = text[:1].islower()
        numbered = bool(re.match(r"^\(?[\d.,]+\)?$", row.indicator[0].words[0].text))
        if row.bullet and out and out[-1].objective is row.objective:
            out[-1].indicator.extend(row.indicator)
        elif numbered:
            row.reasons.append("missing")
            out.append(row)
        elif out and (starts_lower or not following) and out[-1].objective is row.objective:
            out[-1].indicator.extend(row.indicator)
            out[-1].structure -= 0.05
        elif following and following[0].objective is row.objective and not following[0].bullet:
            following[0].indicator[:0] = row.indicator
            following[0].structure -= 0.05
        else:
            row.reasons.append("missing")
            out.append(row)
        i += 1
    return out


def attach_parents(rows: list[RowDraft]) -> None:
    """Bullet items right under an indicator of the same sasaran are its sub-items, even when the
    parent has a target of its own (pk-record.md: "parent: sub-item")."""
    parent: RowDraft | None = None
    for row in rows:
        if not row.bullet:
            parent = row
        elif row.parent is None and parent is not None and parent.objective is row.objective:
            row.parent = strip_numbering(cell_text(parent.indicator)).rstrip(" :")



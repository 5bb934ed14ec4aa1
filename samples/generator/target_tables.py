"""Performance tables of the structure group as `RuledTable`s, from the strings of a `Pk`.

Columns are named by kind; a sasaran (and its number) is merged over its indicators, and the target
(with its satuan) of a sasaran whose indicators share one target is merged over them. Extra columns
(kondisi awal, formulasi, sumber data, penanggung jawab) and a `Tujuan` column merged over several
sasaran come from `extras` and `tujuan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samples.generator.ruled import Cell, RuledTable
from samples.generator.spec import Indicator, Pk

QUARTERS = ("tw1", "tw2", "tw3", "tw4")
VALUE_KINDS = ("satuan", "target", *QUARTERS)


@dataclass
class TargetLayout:
    """Which columns, what their header says, what is merged."""

    columns: list[tuple[str, str]]  # (kind, header label)
    widths: list[float]
    shared: set[int] = field(default_factory=set)  # objectives whose indicators share one target cell
    groups: list[tuple[str, str, str]] = field(default_factory=list)  # (label, first kind, last kind)
    numbering: str = "{k}."  # of the sasaran; "" for none
    indicator_numbers: bool = False  # "1.1" before each indicator
    extras: dict[str, list[str]] = field(default_factory=dict)  # kind -> one text per row
    tujuan: list[tuple[str, int]] = field(default_factory=list)  # (text, number of sasaran it spans)
    sasaran_valign: str = "T"
    sasaran_rows: bool = False  # each sasaran as a bold full-width row above its indicators


def value_of(kind: str, indicator: Indicator) -> str:
    if kind == "satuan":
        return indicator.satuan
    if kind == "target":
        return indicator.target
    quarters = indicator.quarters or ["", "", "", ""]
    return quarters[QUARTERS.index(kind)]


def header_cells(layout: TargetLayout) -> tuple[list[Cell], int]:
    kinds = [k for k, _ in layout.columns]
    if not layout.groups:
        return [
            Cell(label, 0, c, align="C", valign="M", bold=True) for c, (_, label) in enumerate(layout.columns)
        ], 1
    cells = []
    grouped: set[int] = set()
    for label, first, last in layout.groups:
        a, b = kinds.index(first), kinds.index(last)
        cells.append(Cell(label, 0, a, colspan=b - a + 1, align="C", bold=True))
        grouped.update(range(a, b + 1))
    for c, (_, label) in enumerate(layout.columns):
        if c in grouped:
            cells.append(Cell(label, 1, c, align="C", valign="M", bold=True))
        else:
            cells.append(Cell(label, 0, c, rowspan=2, align="C", valign="M", bold=True))
    return cells, 2


def target_table(pk: Pk, layout: TargetLayout, **style) -> RuledTable:
    kinds = [k for k, _ in layout.columns]
    col = {k: i for i, k in enumerate(kinds)}
    body: list[Cell] = []
    row = 0
    tujuan_left = list(layout.tujuan)
    tujuan_rows: list[tuple[str, int, int]] = []  # text, first row, span
    tujuan_count = 0
    n = 0  # indicator rows so far (index into the extras)
    for k, objective in enumerate(pk.objectives, start=1):
        if layout.sasaran_rows:
            label = layout.numbering.format(k=k)
            body.append(Cell(f"{label} {objective.text}".strip(), row, 0, colspan=len(kinds), bold=True))
            row += 1
        first = row
        span = len(objective.indicators)
        if "no" in col and not layout.sasaran_rows:
            number = layout.numbering.format(k=k)
            body.append(Cell(number, row, col["no"], span, align="C", valign=layout.sasaran_valign))
        if not layout.sasaran_rows:
            body.append(Cell(objective.text, row, col["sasaran"], span, valign=layout.sasaran_valign))
        shared = (k - 1) in layout.shared and span > 1
        for j, indicator in enumerate(objective.indicators, start=1):
            number = f"{k}.{j}" if layout.indicator_numbers else ""
            if layout.sasaran_rows and "no" in col:
                body.append(Cell(number, row, col["no"], align="C"))
                number = ""
            body.append(Cell(f"{number} {indicator.text}".strip(), row, col["indikator"]))
            for kind in kinds:
                if kind in VALUE_KINDS and not (shared and j > 1):
                    rowspan = span if shared else 1
                    body.append(
                        Cell(value_of(kind, indicator), row, col[kind], rowspan, align="C", valign="M")
                    )
                elif kind in layout.extras:
                    align = "L" if kind == "formulasi" else "C"
                    body.append(Cell(layout.extras[kind][n], row, col[kind], align=align))
            row += 1
            n += 1
        if "tujuan" in col:
            if tujuan_count == 0 and tujuan_left:
                text, tujuan_count = tujuan_left.pop(0)
                tujuan_rows.append((text, first, 0))
            tujuan_count -= 1
            text, start, _ = tujuan_rows[-1]
            tujuan_rows[-1] = (text, start, row - start)
    for text, start, span in tujuan_rows:
        body.append(Cell(text, start, col["tujuan"], span, valign=layout.sasaran_valign))
    head, head_rows = header_cells(layout)
    return RuledTable(layout.widths, head, head_rows, body, row, **style)


def rows_of(pk: Pk) -> int:
    return sum(len(o.indicators) for o in pk.objectives)

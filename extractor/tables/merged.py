"""Cells merged over several rows of a borderless (or partly ruled) performance table.

A merged sasaran cell is given the run of rows it spans (top-aligned or vertically centred,
whichever fits the geometry better); a target or unit cell that drawn rules show to be merged is
given to every row it spans (pk-record.md: a merged cell belongs to every row).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from extractor.rules import table_lexicon as lex
from extractor.tables import grid
from extractor.tables import rows as table_rows

if TYPE_CHECKING:
    from extractor.tables.targets import RowDraft

SASARAN_OPENING = re.compile(r"^(?:Me|Ter|Ber|Ditingkatkan|Tingkat)[a-z]+\b")


def share_merged_cell(rows: list[RowDraft], body: grid.TableBody, kind: str) -> None:
    """A drawn rule parts two rows in the indicator column but stops short of the `kind` column: that
    cell is merged over both rows, so it belongs to each of them (pk-record.md), not to one only."""
    values = body.lines.get(kind, [])
    if not values or not body.rules:
        return
    x = sum((line.x0 + line.x1) / 2 for line in values) / len(values)
    groups: list[list[RowDraft]] = [[rows[0]]] if rows else []
    for upper, lower in itertools.pairwise(rows):
        parting = [rule for rule in body.rules
                   if upper.bottom - 2 < rule.y < lower.top + 2 and rule.x0 < upper.indicator[0].x1]
        if parting and all(rule.x1 < x for rule in parting):
            groups[-1].append(lower)
        else:
            groups.append([lower])
    for group in groups:
        holders = [row for row in group if row.cells.get(kind)]
        if len(group) > 1 and len(holders) == 1:
            for row in group:
                row.cells.setdefault(kind, list(holders[0].cells[kind]))


def _objective_cells(body: grid.TableBody, pitch: float, row_tops: list[float]) -> list[grid.Cell]:
    """Sasaran cells, as guessed from the geometry and settled by the table's rules."""
    lines = body.lines.get(lex.OBJECTIVE, [])
    if not lines:
        return []
    guessed = _guessed_objective_cells(body, lines, pitch, row_tops)
    return table_rows.with_rules(lines, guessed, body.ruled(lines))


def _guessed_objective_cells(body: grid.TableBody, lines: list[grid.Line], pitch: float,
                             row_tops: list[float]) -> list[grid.Cell]:
    """With row numbers, one cell per number (a break is sought between numbers). Without numbers, a
    sasaran cell ends at a vertical gap, at a number printed before its text, or where its text
    ends early level with the start of an indicator row.
    """
    numbers = [line for line in body.lines.get(lex.NO, [])
               if re.match(r"^\w{1,3}(?:\.\w{1,3})*[.)]?$", line.words[0].text)]
    if not numbers:
        numbers = [line for line in lines
                   if len(line.words) > 1 and re.fullmatch(r"\d{1,2}[.)]?", line.words[0].text)]
    breaks = table_rows.line_breaks(lines, pitch)
    level = {b.index for b in breaks
             if ((b.score >= 1.0 and lines[b.index].words[0].text[:1].isupper())
                 or SASARAN_OPENING.match(lines[b.index].words[0].text))
             and any(abs(lines[b.index].top - t) < 0.3 * pitch for t in row_tops)}
    by_gaps = table_rows.cut(lines, {b.index for b in breaks if b.hard} | level)
    if len(numbers) < len(by_gaps):
        return by_gaps
    cells = table_rows.cut_between_anchors(lines, numbers, pitch, None)
    merged: list[tuple[int, grid.Cell]] = []
    for cell in cells:
        nearest = min(range(len(numbers)), key=lambda i: _gap(numbers[i], cell))
        if merged and merged[-1][0] == nearest:
            merged[-1][1].lines.extend(cell.lines)
        else:
            merged.append((nearest, grid.Cell(list(cell.lines))))
    return [cell for _, cell in merged]


def _gap(line: grid.Line, cell: grid.Cell) -> float:
    if cell.top <= line.centre <= cell.bottom:
        return 0.0
    return min(abs(line.centre - cell.top), abs(line.centre - cell.bottom))


def attach_objectives(rows: list[RowDraft], body: grid.TableBody, pitch: float,
                       inherited: grid.Cell | None) -> None:
    groups = _objective_cells(body, pitch, [row.top for row in rows])
    if not groups:
        for row in rows:
            row.objective = inherited
        return
    prefix = 0
    if inherited is not None:
        while prefix < len(rows) and rows[prefix].bottom < groups[0].top - 0.3 * pitch:
            prefix += 1
    for row in rows[:prefix]:
        row.objective = inherited
    rest = rows[prefix:]
    if not rest:
        return
    if len(groups) > len(rest):
        for row in rest:
            row.objective = min(groups, key=lambda g: abs(g.centre - (row.top + row.bottom) / 2))
            row.structure -= 0.1
        return
    level = all(any(abs(g.top - r.top) < 0.3 * pitch for r in rest) for g in groups)
    modes = ("top",) if level else ("top", "centre")
    best = min((_partition(rest, groups, mode, pitch) for mode in modes), key=lambda p: p[0])
    for row, group_index in zip(rest, best[1], strict=True):
        row.objective = groups[group_index]


def _partition(rows: list[RowDraft], groups: list[grid.Cell], mode: str,
               pitch: float) -> tuple[float, list[int]]:
    """Contiguous runs of rows, one per sasaran cell, minimising how far each cell sits from its run."""
    n, m = len(rows), len(groups)
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for k in range(1, m + 1):
        group = groups[k - 1]
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                if cost[k - 1][i] == inf:
                    continue
                top, bottom = rows[i].top, rows[j - 1].bottom
                c = abs(top - group.top) if mode == "top" else abs((top + bottom) / 2 - group.centre)
                if group.bottom < top - pitch or group.top > bottom + pitch:
                    c += 1000.0
                if cost[k - 1][i] + c < cost[k][j]:
                    cost[k][j] = cost[k - 1][i] + c
                    back[k][j] = i
    assignment = [0] * n
    j = n
    for k in range(m, 0, -1):
        i = back[k][j]
        for r in range(i, j):
            assignment[r] = k - 1
        j = i
    return cost[m][n], assignment

"""Bands of a ruled table -> row drafts: the cells are known, so a row is what the grid says.

A band is one row of target or budget cells; a merged cell (the same `grid.Cell` in several bands)
gives its text to each. Only inside one drawn cell is geometry still needed: a cell that lists
sub-items, each with its own target ("- Daging 768.495 / - Telur 217.235"), is split by the
geometric reader (`targets.body_to_rows`) within that band alone.
"""

from __future__ import annotations

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import collapse_ws, find_amount
from extractor.rules.spelling import broken_word
from extractor.tables import budget, grid, targets
from extractor.tables import rows as table_rows
from extractor.tables.budget import BudgetDraft
from extractor.tables.ruled import Band
from extractor.tables.targets import RowDraft

_VALUE_KINDS = (lex.TARGET, lex.UNIT, *lex.QUARTERS)


def bands_to_rows(body: grid.TableBody, inherited: grid.Cell | None) -> list[RowDraft]:
    """Target rows of one ruled body; an empty sasaran cell keeps the sasaran above (a merged cell
    cut by the page break)."""
    kinds = {column.kind for column in body.columns}
    shape = {"quarters": bool(kinds & set(lex.QUARTERS)), "has_unit_column": lex.UNIT in kinds,
             "has_objective_column": lex.OBJECTIVE in kinds}
    objective = inherited
    rows: list[RowDraft] = []
    joined: dict[int, grid.Cell] = {}  # a sasaran cell cut by the page break -> the cell it continues
    for band in body.bands or []:
        if _spans_row(band):
            if not shape["has_objective_column"]:
                objective = band.cells[lex.INDICATOR]
            continue
        objective = _objective_of(body, band, objective, joined, first=not rows)
        indicator = band.cells.get(lex.INDICATOR) if lex.INDICATOR in kinds else band.cells.get(lex.OBJECTIVE)
        if indicator is None:
            if any(k in band.cells for k in _VALUE_KINDS):
                body.doubts.append("unused_text")  # a target with no indicator beside it
            continue
        split = _sub_item_rows(body, band, objective)
        if split:
            rows.extend(split)
            continue
        rows.append(RowDraft(band.page, list(indicator.lines), indicator.starts_with_bullet,
                             objective=objective, structure=body.structure, ruled=True,
                             cells={k: list(band.cells[k].lines) for k in _VALUE_KINDS if k in band.cells},
                             broken_over_page=not rows and _broken_over_page(body, band), **shape))
    return rows


def _objective_of(body: grid.TableBody, band: Band, above: grid.Cell | None, joined: dict[int, grid.Cell],
                  first: bool) -> grid.Cell | None:
    """The band's sasaran. At the top of a continued page, a sasaran cell without the row number a
    new sasaran would have (or, in a table without numbers, one starting in lower case) is the rest of
    the sasaran above, cut by the page break: its lines join that cell, so every row the sasaran
    spans, on both pages, reads it whole."""
    cell = band.cells.get(lex.OBJECTIVE)
    if cell is None:
        return above
    if first and above is not None and body.continued and not band.number and cell is not above \
            and (_numbered(body) or cell.lines[0].words[0].text[:1].islower()):
        above.lines.extend(cell.lines)
        joined[id(cell)] = above
    return joined.get(id(cell), cell)


def _spans_row(band: Band) -> bool:
    """One cell across the indicator and target columns: a heading row ("Sasaran 1: ...")."""
    indicator, target = band.cells.get(lex.INDICATOR), band.cells.get(lex.TARGET)
    return indicator is not None and indicator is target


def _sub_item_rows(body: grid.TableBody, band: Band, objective: grid.Cell | None) -> list[RowDraft]:
    """Several targets in one unmerged target cell beside as many indicator lines: sub-items."""
    target = band.cells.get(lex.TARGET)
    indicator = band.cells.get(lex.INDICATOR)
    if target is None or indicator is None or (band.spans or {}).get(lex.TARGET, 1) > 1:
        return []
    pitch = table_rows.pitch_of(target.lines)
    values = targets.value_cells(target.lines, pitch)
    if len(values) < 2 or len(indicator.lines) < len(values):
        return []
    return targets.body_to_rows(_band_body(body, band, leave_out=(lex.OBJECTIVE, lex.NO)), objective)


def bands_to_budget(body: grid.TableBody) -> list[BudgetDraft]:
    """Budget rows of one ruled body: name, amount and note cells of each band."""
    note_column = any(column.kind == lex.NOTE for column in body.columns)
    drafts: list[BudgetDraft] = []
    for band in body.bands or []:
        name, amount = band.cells.get(lex.PROGRAM), band.cells.get(lex.AMOUNT)
        if name is None and amount is None:
            continue
        if _several_amounts(band):
            drafts.extend(_budget_rows_in_cell(body, band))
            continue
        note = band.cells.get(lex.NOTE)
        drafts.append(BudgetDraft(band.page, list(name.lines) if name else [],
                                  list(amount.lines) if amount else [], list(note.lines) if note else [],
                                  structure=body.structure, note_column=note_column, ruled=True,
                                  opens_continued_page=not drafts and _unnumbered_top(body, band)))
    return drafts


def _broken_over_page(body: grid.TableBody, band: Band) -> bool:
    """The first band of a table continued from the page before, without a row number, and with no
    value or an indicator that starts in lower case (mid-sentence): the rest of the last row there,
    which the word processor let break across the pages."""
    if not body.continued or band.number or band.cells.get(lex.NO):
        return False
    indicator = band.cells.get(lex.INDICATOR)
    mid_sentence = indicator is not None and indicator.lines[0].words[0].text[:1].islower()
    return mid_sentence or not any(band.cells.get(kind) for kind in (lex.AMOUNT, *_VALUE_KINDS))


def _unnumbered_top(body: grid.TableBody, band: Band) -> bool:
    """The first band of a numbered table continued from the page before, without a number of its own:
    possibly the rest of the last row there (`budget.merge_continuations` decides by its amount)."""
    return body.continued and _numbered(body) and not band.number


def _numbered(body: grid.TableBody) -> bool:
    """A table with a No column: a new row or sasaran there starts with its number."""
    return any(column.kind == lex.NO for column in body.columns)


def _several_amounts(band: Band) -> bool:
    """One unmerged amount cell holding amounts on several lines: rows whose borders were not drawn."""
    amount = band.cells.get(lex.AMOUNT)
    if amount is None or (band.spans or {}).get(lex.AMOUNT, 1) > 1:
        return False
    lines = [collapse_ws(line.text) for line in amount.lines]
    cut = [i for i in range(1, len(lines)) if lines[i] and lines[i - 1]
           and broken_word(lines[i - 1].rsplit(" ", 1)[-1], lines[i].split(" ", 1)[0])]
    return sum(1 for i, text in enumerate(lines) if find_amount(text) and i not in cut) >= 2


def _budget_rows_in_cell(body: grid.TableBody, band: Band) -> list[BudgetDraft]:
    return budget.body_to_budget(_band_body(body, band))


def _band_body(body: grid.TableBody, band: Band, leave_out: tuple[str, ...] = ()) -> grid.TableBody:
    """One band as a table body of its own, for the geometric reader: rows inside one drawn cell
    (the sasaran and row number, merged over the band, are given to its rows by the caller)."""
    lines = {kind: list(cell.lines) for kind, cell in band.cells.items() if kind not in leave_out}
    return grid.TableBody(page=band.page, kind=body.kind, columns=body.columns, lines=lines,
                          height=body.height, structure=body.structure - 0.05)

"""Lampiran tables of one agreement: performance targets, programs and the Jumlah total.

Entry point of the table stage for the parser-core: `read_lampiran(pages)`. Prose pages are
passed through harmlessly (no table header, nothing read). Tables continued on the next page, with
or without a repeated header, are joined; a merged sasaran cell carries over the page break.
"""

from __future__ import annotations

import itertools

from pydantic import BaseModel
from pydantic import Field as PydanticField

from extractor.rules import table_lexicon as lex
from extractor.rules.nip import NIP_LABEL_RE
from extractor.tables import bands as ruled_rows
from extractor.tables import budget, doubt, grid, line_kinds, target_rows, targets
from extractor.tables import header as heading
from extractor.tables import ruling as rules
from extractor.tables.headerless import budget_without_heading
from extractor.tables.lattice import Lattice
from extractor.tables.ruled import page_to_ruled
from models.agreement import ProgramRow, TargetRow
from models.document import Page, Problem
from models.extracted import Field


class Lampiran(BaseModel):
    performance_targets: list[TargetRow] = PydanticField(default_factory=list)
    programs: list[ProgramRow] = PydanticField(default_factory=list)
    total_budget: Field[int] = PydanticField(default_factory=lambda: Field[int](value=None, confidence=0.9))
    problems: list[Problem] = PydanticField(default_factory=list)


def read_lampiran(pages: list[Page], review_threshold: float = 0.8,
                  grids: dict[int, list[Lattice]] | None = None) -> Lampiran:
    """Every PK table on the pages, joined across page breaks, as contract rows."""
    bodies: list[grid.TableBody] = []
    problems: list[Problem] = []
    for page in pages:
        previous = bodies[-1] if bodies and not bodies[-1].ended else None
        found = page_to_bodies(page, previous, (grids or {}).get(page.number))
        if not found and page.info.source == "ocr":
            found = [body for body in [_headerless_body(page)] if body is not None]
            if found:
                problems.append(doubt.heading_unread(page.number, "the layout"))
        bodies.extend(found)
    target_drafts: list[targets.RowDraft] = []
    budget_drafts: list[budget.BudgetDraft] = []
    reads: list[doubt.BodyRead] = []
    for body in bodies:
        if body.kind == grid.PERFORMANCE:
            inherited = target_drafts[-1].objective if body.continued and target_drafts else None
            read = ruled_rows.bands_to_rows if body.bands is not None else targets.body_to_rows
            drafts = read(body, inherited)
            target_drafts.extend(drafts)
        else:
            read_budget = ruled_rows.bands_to_budget if body.bands is not None else budget.body_to_budget
            drafts = read_budget(body)
            budget_drafts.extend(drafts)
        reads.append(doubt.BodyRead(body, len(drafts)))
    problems.extend(doubt.table_problems(reads))
    budget_drafts.extend(_budgets_without_heading(pages, bodies, _used_words(target_drafts, budget_drafts),
                                                  problems))
    doubted = {p.page for p in problems}
    problems.extend(p for p in doubt.unused_amounts(pages, _used_words(target_drafts, budget_drafts), bodies)
                    if p.page not in doubted)
    budget_drafts = budget.merge_continuations(budget_drafts)
    budget.mark_unlabelled_total(budget_drafts)
    programs = [budget.draft_to_program(r, review_threshold) for r in budget_drafts if not r.is_total]
    total = budget.total_field(budget_drafts, review_threshold)
    short = doubt.budget_short(programs, total)
    if short is not None and short.page not in {p.page for p in problems}:
        problems.append(short)
    return Lampiran(performance_targets=target_rows.rows_to_targets(target_drafts, review_threshold),
                    programs=programs, total_budget=total, problems=problems)


def _budgets_without_heading(pages: list[Page], bodies: list[grid.TableBody], used: set[tuple[int, tuple]],
                             problems: list[Problem]) -> list[budget.BudgetDraft]:
    """On a scan, amounts no row took with no budget table found on their page: a budget table whose
    heading OCR lost, read from its amounts (tables/headerless.py)."""
    drafts: list[budget.BudgetDraft] = []
    for page in pages:
        if page.info.source != "ocr" or any(b.page == page.number and b.kind == grid.BUDGET for b in bodies):
            continue
        lines = grid.page_lines(page)
        body = budget_without_heading(page, lines, doubt.unused_amount_lines(page, lines, used, bodies))
        if body is None:
            continue
        bodies.append(body)
        drafts.extend(budget.body_to_budget(body))
        problems.append(doubt.heading_unread(page.number, "its amounts"))
    return drafts


def _used_words(target_drafts: list[targets.RowDraft], budget_drafts: list[budget.BudgetDraft]
                ) -> set[tuple[int, tuple]]:
    """(page, box) of every word a row holds."""
    used: set[tuple[int, tuple]] = set()
    for row in target_drafts:
        lines = [*row.indicator, *(row.objective.lines if row.objective else []),
                 *(line for cell in row.cells.values() for line in cell)]
        used.update((row.page, tuple(w.bbox)) for line in lines for w in line.words)
    for draft in budget_drafts:
        used.update((draft.page, tuple(w.bbox)) for line in [*draft.name, *draft.amount, *draft.note]
                    for w in line.words)
    return used


def page_to_bodies(page: Page, previous: grid.TableBody | None,
                   lattices: list[Lattice] | None = None) -> list[grid.TableBody]:
    """Table bodies on one page, in reading order: ruled grids read from their cells first; the
    text outside them by the header-position method (a continuation of the previous page's table
    first, then each header's)."""
    lines = grid.page_lines(page)
    if not lines:
        return []
    ruled = [table for table in page_to_ruled(page, lines, previous, lattices) if table.body is not None]
    if ruled:
        inside = [table.lattice for table in ruled]
        lines = [line for line in lines if not any(
            lattice.contains((line.x0 + line.x1) / 2, line.centre, 2.0) for lattice in inside)]
        if ruled[0].body.continued or (previous is not None and previous.bands is not None):
            previous = None
    bodies = [table.body for table in ruled] + _geometric_bodies(page, lines, previous)
    return sorted(bodies, key=lambda body: body.top)


def _geometric_bodies(page: Page, lines: list[grid.Line], previous: grid.TableBody | None
                      ) -> list[grid.TableBody]:
    if not lines:
        return []
    height = grid.word_height(lines)
    headers = heading.find_headers(lines)
    bodies: list[grid.TableBody] = []
    first_header = headers[0][0] if headers else len(lines)
    if previous is not None and first_header > 0:
        body = _body(page, lines, 0, first_header, previous.kind, _copy_columns(previous.columns), height)
        if body is not None:
            body.continued = True
            bodies.append(body)
    for index, (_, last, header) in enumerate(headers):
        end = headers[index + 1][0] if index + 1 < len(headers) else len(lines)
        if heading.is_skipped_table(lines, header):
            continue
        body = _body(page, lines, last + 1, end, header.kind, header.columns, height)
        if body is None:
            continue
        if previous is not None and not bodies and previous.kind == header.kind and _near_top(page, header):
            body.continued = True
        bodies.append(body)
    return bodies


def _headerless_body(page: Page) -> grid.TableBody | None:
    """Last resort on a scan whose table heading OCR lost: columns from the body's own gutters."""
    lines = grid.page_lines(page)
    if not lines:
        return None
    height = grid.word_height(lines)
    found = heading.headerless_table(lines, height)
    if found is None:
        return None
    first, last, columns = found
    body = _body(page, lines, first, last + 1, grid.PERFORMANCE, columns, height)
    if body is not None:
        body.structure = 0.75
    return body


def _near_top(page: Page, header: heading.Header) -> bool:
    return header.top < 0.35 * page.info.height


def _numbers_column_as_target(columns: list[grid.Column], assigned: dict[str, list[grid.Line]]) -> None:
    """No Target column, but a Satuan column holding numbers: those numbers are the targets."""
    if heading.mostly_numbers([line.text for line in assigned.get(lex.UNIT, [])]):
        assigned[lex.TARGET] = assigned.pop(lex.UNIT)
        for column in columns:
            if column.kind == lex.UNIT:
                column.kind = lex.TARGET


def _pitch(lines: list[grid.Line]) -> float:
    """Median distance between successive body lines so far (0 until there are three)."""
    gaps = sorted(b.top - a.top for a, b in itertools.pairwise(lines))
    return gaps[len(gaps) // 2] if len(gaps) >= 2 else 0.0


def _nip_line(line: grid.Line) -> bool:
    """"NIP. 19761204 200212 1 007": a signer's line, never a table's."""
    label = NIP_LABEL_RE.match(line.text)
    return label is not None and line.text[label.end():][:1].isdigit()


def _copy_columns(columns: list[grid.Column]) -> list[grid.Column]:
    return [grid.Column(c.kind, c.label, c.x0, c.x1, c.left, c.right) for c in columns]


def _body(page: Page, lines: list[grid.Line], start: int, end: int, kind: str,
          columns: list[grid.Column], height: float) -> grid.TableBody | None:
    body_lines: list[grid.Line] = []
    ended = end < len(lines)
    for line in lines[start:end]:
        if not body_lines and line_kinds.is_column_number_row(line):
            continue
        gap = line.top - body_lines[-1].bottom if body_lines else height
        if _nip_line(line) and len(body_lines) <= 2 and gap <= 0.8 * height:
            return None  # the tail of a signature block the page break carried over, not rows
        if line_kinds.ends_table(line) or (gap > 0.8 * height and line_kinds.is_stop_line(line)):
            ended = True
            break
        if body_lines and line.top - body_lines[-1].bottom > max(3.5 * height, 2.2 * _pitch(body_lines)):
            ended = True
            break
        body_lines.append(line)
    if not body_lines:
        return None
    words = [w for line in body_lines for w in line.words]
    if all(c.left == float("-inf") and c.right == float("inf") for c in columns):
        grid.set_boundaries(columns, words)
        if kind == grid.PERFORMANCE:
            heading.infer_target_column(columns, body_lines, height)
    rules.set_rule_boundaries(columns, rules.vertical_rules(page.rules), body_lines[0].top,
                              body_lines[-1].bottom)
    assigned = grid.assign_to_columns(columns, body_lines)
    if kind == grid.PERFORMANCE and lex.TARGET not in assigned:
        _numbers_column_as_target(columns, assigned)
    return grid.TableBody(page=page.number, kind=kind, columns=columns, lines=assigned, height=height,
                          ended=ended, top=body_lines[0].top, bottom=body_lines[-1].bottom,
                          rules=rules.horizontal_rules(page.rules))

"""Budget-table rows: program / kegiatan names with their amount and funding note; Jumlah as the total.

Rows start at numbering or bullets when the list is numbered, else where the name text breaks;
amounts and notes hang on the row they overlap vertically (amounts are often centred).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor import table_grid as grid
from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import collapse_ws, find_amount, parse_rupiah, strip_numbering
from extractor.table_fields import make_field
from models.agreement import ProgramRow
from models.document import Word
from models.extracted import Field

_TOTAL = re.compile(r"^(?:" + "|".join(re.escape(t) for t in lex.TOTAL_WORDS) + r")\b", re.I)


@dataclass
class BudgetDraft:
    page: int
    name: list[grid.Line]
    amount: list[grid.Line] = field(default_factory=list)
    note: list[grid.Line] = field(default_factory=list)
    structure: float = 0.95

    @property
    def top(self) -> float:
        return self.name[0].top

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.name)

    @property
    def name_words(self) -> list[Word]:
        return [w for line in self.name for w in line.words]

    @property
    def amount_words(self) -> list[Word]:
        return [w for line in self.amount for w in line.words]

    @property
    def note_words(self) -> list[Word]:
        return [w for line in self.note for w in line.words]

    @property
    def is_total(self) -> bool:
        return bool(_TOTAL.match(strip_numbering(" ".join(w.text for w in self.name_words))))


def body_to_budget(body: grid.TableBody) -> list[BudgetDraft]:
    """Budget rows of one table body on one page."""
    name_words = [w for key, lines in body.lines.items()
                  if key.startswith((lex.PROGRAM, lex.NO)) for line in lines for w in line.words]
    lines = grid.words_to_lines(name_words)
    if not lines:
        return []
    pitch = grid.pitch_of(lines)
    rows = [BudgetDraft(body.page, cell.lines) for cell in grid.segment_column(lines, pitch)]
    for key, target in ((lex.AMOUNT, "amount"), (lex.NOTE, "note")):
        for line in body.lines.get(key, []):
            row = _nearest(rows, line, pitch)
            getattr(row, target).append(line)
    return _split_double_amounts(rows)


def _nearest(rows: list[BudgetDraft], line: grid.Line, pitch: float) -> BudgetDraft:
    def distance(row: BudgetDraft) -> float:
        if row.top - 0.3 * pitch <= line.centre <= row.bottom + 0.3 * pitch:
            return 0.0
        return min(abs(line.centre - row.top), abs(line.centre - row.bottom))
    return min(rows, key=distance)


def _split_double_amounts(rows: list[BudgetDraft]) -> list[BudgetDraft]:
    """A name cell that received two amounts held two rows whose break was not visible."""
    out: list[BudgetDraft] = []
    for row in rows:
        amounts = [line for line in row.amount if find_amount(line.text)]
        if len(amounts) < 2 or len(row.name) < 2:
            out.append(row)
            continue
        cut = min(range(1, len(row.name)), key=lambda i: abs(row.name[i].top - amounts[1].top))
        first = BudgetDraft(row.page, row.name[:cut], structure=row.structure - 0.1)
        second = BudgetDraft(row.page, row.name[cut:], structure=row.structure - 0.1)
        for part in ("amount", "note"):
            for line in getattr(row, part):
                target = first if line.centre < row.name[cut].top else second
                getattr(target, part).append(line)
        out.extend([first, second])
    return out


def merge_continuations(rows: list[BudgetDraft]) -> list[BudgetDraft]:
    """A nameless-start row without amount that begins in lower case continues the row above."""
    out: list[BudgetDraft] = []
    for row in rows:
        text = strip_numbering(" ".join(w.text for w in row.name_words))
        if not text:
            continue
        if out and text[:1].islower() and not row.amount:
            out[-1].name.extend(row.name)
            out[-1].note.extend(row.note)
            continue
        out.append(row)
    return out


def draft_to_program(row: BudgetDraft, review_threshold: float) -> ProgramRow:
    name = strip_numbering(_join(row.name))
    amount_text = collapse_ws(" ".join(w.text for w in row.amount_words))
    token = find_amount(amount_text)
    budget = parse_rupiah(token) if token else None
    note = collapse_ws(_join(row.note)) or None
    s = row.structure
    return ProgramRow(
        name=make_field(name, row.name_words, row.page, s, [], review_threshold),
        budget=make_field(budget, row.amount_words, row.page, s, [], review_threshold,
                          raw=amount_text or None),
        note=make_field(note, row.note_words, row.page, s, [], review_threshold),
    )


def _join(lines: list[grid.Line]) -> str:
    out = ""
    for line in lines:
        text = collapse_ws(line.text)
        out = out + text if out.endswith("-") and not out.endswith(" -") else f"{out} {text}".strip()
    return out


def total_field(rows: list[BudgetDraft], review_threshold: float) -> Field:
    totals = [row for row in rows if row.is_total and row.amount]
    if not totals:
        return Field(value=None, confidence=0.9)
    row = totals[-1]
    amount_text = collapse_ws(" ".join(w.text for w in row.amount_words))
    token = find_amount(amount_text)
    value = parse_rupiah(token) if token else None
    return make_field(value, row.amount_words, row.page, row.structure, [], review_threshold, raw=amount_text)

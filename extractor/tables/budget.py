"""Budget-table rows: program / kegiatan names with their amount and funding note; Jumlah as the total.

Rows start at numbering or bullets when the list is numbered, else where the name text breaks;
amounts and notes hang on the row they overlap vertically (amounts are often centred).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import find_amount, parse_rupiah, strip_numbering
from extractor.rules.spelling import broken_word
from extractor.tables import grid
from extractor.tables import rows as table_rows
from extractor.tables.amounts import amount_cells, amount_doubt, amount_text
from extractor.tables.cell_text import cell_text, mended_cell_text
from extractor.tables.fields import NO_COLUMN, NO_COLUMN_CONFIDENCE, NO_TOTAL_ROW, make_field, suspicion
from models.agreement import ProgramRow
from models.document import Word
from models.extracted import Field

_ROW_START = re.compile(r"^(?:[-•]\s*)?(?:program|kegiatan|sub kegiatan)\b", re.I)
_NUMBER_ONLY = re.compile(r"^\s*\d{1,2}\s*[.)]?\s*$")
_NUMBER = re.compile(r"^\w{1,3}[.)]?$")
_ROW_NUMBER = re.compile(r"(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]?", re.I)
_NUMBER_OR_CURRENCY = re.compile(rf"(?:{_ROW_NUMBER.pattern}\s*)?(?:rp\.?)?", re.I)
_TOTAL = re.compile(r"^(?:" + "|".join(re.escape(t) for t in lex.TOTAL_WORDS) + r")\b", re.I)


@dataclass
class BudgetDraft:
    page: int
    name: list[grid.Line]
    amount: list[grid.Line] = field(default_factory=list)
    note: list[grid.Line] = field(default_factory=list)
    structure: float = 0.95
    unlabelled_total: bool = False
    note_column: bool = True
    ruled: bool = False  # a row of a drawn grid: never a continuation of the row above...
    opens_continued_page: bool = False  # ...unless, unnumbered atop the next page, it is the rest of one

    @property
    def top(self) -> float:
        return (self.name or self.amount)[0].top

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.name or self.amount)

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
        if self.unlabelled_total:
            return True
        text = strip_numbering(" ".join(w.text for w in self.name_words))
        if re.fullmatch(r"(?:\w )+\w", text):
            text = text.replace(" ", "")
        return bool(_TOTAL.match(text))


def body_to_budget(body: grid.TableBody) -> list[BudgetDraft]:
    """Budget rows of one table body on one page."""
    name_words = [w for key, lines in body.lines.items() if key.startswith(lex.PROGRAM)
                  for line in lines for w in line.words]
    lines, loose = table_rows.numbering_apart(grid.words_to_lines(name_words), _NUMBER_OR_CURRENCY,
                                              _ROW_NUMBER)
    if not lines:
        return []
    pitch = table_rows.pitch_of(lines)
    amounts = amount_cells(body.lines.get(lex.AMOUNT, []), pitch)
    numbers = [line for line in body.lines.get(lex.NO, []) if _NUMBER.match(line.text)]
    # a number on a line of its own is centred in its row: no level to cut at (a three-line name's
    # middle line stands level with it); the amounts place the rows
    cells = table_rows.cut_between_anchors(lines, amounts, pitch, None, _ROW_START, numbers,
                                           ruled=body.ruled(lines))
    rows = [BudgetDraft(body.page, cell.lines, structure=body.structure) for cell in cells]
    for line in [*numbers, *loose]:
        row = grid.nearest_row(rows, line, pitch)
        row.name.insert(0, line)
    for amount in amounts:
        row = _overlapping(rows, amount)
        below = amount.top > row.bottom + (0.0 if row.amount else 0.5 * pitch)  # a second amount: the total's
        if below and row is rows[-1]:
            rows.append(BudgetDraft(body.page, [], list(amount.lines)))
        else:
            row.amount.extend(amount.lines)
    for line in body.lines.get(lex.NOTE, []):
        grid.nearest_row(rows, line, pitch).note.append(line)
    note_column = any(column.kind == lex.NOTE for column in body.columns)
    for row in rows:
        row.note_column = note_column
    return _split_double_amounts(rows)


def _overlapping(rows: list[BudgetDraft], cell: grid.Cell) -> BudgetDraft:
    def key(row: BudgetDraft) -> tuple[float, float]:
        overlap = min(row.bottom, cell.bottom) - max(row.top, cell.top)
        return (max(overlap, 0.0), -abs((row.top + row.bottom) / 2 - cell.centre))
    return max(rows, key=key)


def _split_double_amounts(rows: list[BudgetDraft]) -> list[BudgetDraft]:
    """A name cell that received two amounts held two rows whose break was not visible."""
    out: list[BudgetDraft] = []
    for row in rows:
        amounts = [line for line in row.amount if len(re.sub(r"\D", "", line.text)) >= 4]
        if len(amounts) < 2 or len(row.name) < 2:
            out.append(row)
            continue
        cut = min(range(1, len(row.name)), key=lambda i: abs(row.name[i].top - amounts[1].top))
        first, second = (BudgetDraft(row.page, names, structure=row.structure - 0.1,
                                     note_column=row.note_column)
                         for names in (row.name[:cut], row.name[cut:]))
        for part in ("amount", "note"):
            for line in getattr(row, part):
                target = first if line.centre < row.name[cut].top else second
                getattr(target, part).append(line)
        out.extend([first, second])
    return out


def mark_unlabelled_total(rows: list[BudgetDraft]) -> None:
    """A last row with an amount but no name (its "Jumlah" unread) is the total when it is larger
    than every row's amount: no program is nameless, a sum of rows is larger than each. When it
    differs from the sum (a digit misread), validation says `sum_mismatch`."""
    if len(rows) < 3 or any(row.is_total for row in rows):
        return
    last = rows[-1]
    name = re.sub(r"\bRp\.?", "", " ".join(w.text for w in last.name_words)).strip(" .:")
    amounts = [_budget(row) for row in rows[:-1]]
    total = _budget(last)
    if not name and total and total > max((a for a in amounts if a), default=total):
        last.unlabelled_total = True


def _budget(row: BudgetDraft) -> int | None:
    token = find_amount(amount_text(row.amount))
    return parse_rupiah(token) if token else None


_JOINING_END = re.compile(r"(?:\b(?:dan|serta|atau|untuk|pada|di|ke)|[,&/-])$", re.I)


def merge_continuations(rows: list[BudgetDraft]) -> list[BudgetDraft]:
    """Rows that are the rest of the row above join it: the rest of a ruled row the page break cut
    (`_rest_of_row`), or a name wrapped onto a line of its own (`_wrapped_name`)."""
    out: list[BudgetDraft] = []
    for row in rows:
        text = strip_numbering(" ".join(w.text for w in row.name_words))
        if not text and not row.amount:
            continue
        continues = out and (_rest_of_row(row, out[-1]) or _wrapped_name(row, out[-1], text))
        if continues and not _TOTAL.match(text):
            out[-1].name.extend(row.name)
            out[-1].amount.extend(row.amount)
            out[-1].note.extend(row.note)
            continue
        out.append(row)
    return out


def _wrapped_name(row: BudgetDraft, above: BudgetDraft, text: str) -> bool:
    """A row read from geometry, without amount, continues the name above when it begins in lower
    case, the name above stops on a joining word ("... Kinerja dan" / "Keuangan"), or its first line
    overlaps the amount line above (a name wrapped around an amount printed at the cell's middle)."""
    if row.amount or row.ruled or _ROW_START.match(text):
        return False
    return bool(text[:1].islower() or _JOINING_END.search(" ".join(w.text for w in above.name_words))
                or _beside_amount(row, above))


def _rest_of_row(row: BudgetDraft, above: BudgetDraft) -> bool:
    """An unnumbered row atop a continued page is the rest of the last row of the page before, which
    the word processor let break across the pages, when it has no amount of its own or its amount
    completes one cut in its digit groups ("Rp17.731.33" / "6.000")."""
    if not row.opens_continued_page:
        return False
    if not row.amount:
        return True
    cut = amount_text(above.amount).rsplit(" ", 1)[-1] if above.amount else ""
    return bool(cut) and broken_word(cut, amount_text(row.amount).split(" ", 1)[0])


def _beside_amount(row: BudgetDraft, above: BudgetDraft) -> bool:
    return bool(row.name and above.amount) and row.name[0].top < above.amount[-1].bottom


_MARK_BEFORE_NAME = re.compile(r"^(?!Sub\s)[^\s\d]{1,3}\s+(?=(?:Program|Kegiatan|Sub Kegiatan)\b)")


def draft_to_program(row: BudgetDraft, review_threshold: float) -> ProgramRow:
    lines = _without_row_numbers(row.name)
    name_text, name_mended = mended_cell_text(lines)
    name_words = [w for line in lines for w in line.words]
    name = re.sub(r"\s*\bRp\.?\s*", " ", strip_numbering(name_text)).strip()
    name = _MARK_BEFORE_NAME.sub("", name)  # a row number OCR read as letters ("tN Program ...")
    printed = amount_text(row.amount)
    token = find_amount(printed)
    budget = parse_rupiah(token) if token else None
    note = cell_text(row.note) or None
    s = row.structure
    return ProgramRow(
        name=make_field(name, name_words, row.page, s, suspicion(name_words) + name_mended, review_threshold),
        budget=make_field(budget, row.amount_words, row.page, s,
                          suspicion(row.amount_words) + amount_doubt(budget, row.amount_words),
                          review_threshold, raw=printed or None),
        note=make_field(note, row.note_words, row.page, s, suspicion(row.note_words), review_threshold)
        if row.note_column else Field(value=None, confidence=NO_COLUMN_CONFIDENCE, reasons=[NO_COLUMN]),
    )


def _without_row_numbers(lines: list[grid.Line]) -> list[grid.Line]:
    """A name's lines without the row number printed left of them: with a name wrapped around a
    number set at the cell's middle, the number falls between its lines."""
    text_left = min((w.bbox[0] for line in lines for w in line.words if not _NUMBER_ONLY.match(w.text)),
                    default=None)
    if text_left is None:
        return lines
    kept = [grid.Line([w for w in line.words if not (_NUMBER_ONLY.match(w.text) and w.bbox[2] <= text_left)])
            for line in lines]
    return [line for line in kept if line.words]


def total_field(rows: list[BudgetDraft], review_threshold: float) -> Field:
    totals = [row for row in rows if row.is_total and row.amount]
    if not totals:
        return Field(value=None, confidence=0.9, reasons=[NO_TOTAL_ROW])
    row = totals[-1]
    printed = amount_text(row.amount)
    token = find_amount(printed)
    value = parse_rupiah(token) if token else None
    return make_field(value, row.amount_words, row.page, row.structure,
                      suspicion(row.amount_words) + amount_doubt(value, row.amount_words), review_threshold,
                      raw=printed)



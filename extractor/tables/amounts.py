"""Amounts in a budget table: which lines are amounts (and which cell each belongs to), an amount's
text, the doubts a misread amount leaves, and the sums a total may be of."""

from __future__ import annotations

import re

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import collapse_ws, find_amount
from extractor.rules.spelling import broken_word
from extractor.tables import grid
from models.agreement import ProgramRow
from models.document import Word

_MONEY_WORDS = {"rp", "rupiah", *lex.MONEY_SCALES}


def amount_cells(lines: list[grid.Line], pitch: float) -> list[grid.Cell]:
    """Amount cells; a narrow column wraps an amount's last digits onto the next line ("0")."""
    cells: list[grid.Cell] = []
    prefix: list[grid.Line] = []
    for line in lines:
        text = line.text.strip()
        near = bool(cells) and line.top - cells[-1].lines[-1].top < 1.5 * pitch
        if near and not prefix and re.fullmatch(r"\d{1,3}(?:,-)?", text):
            cells[-1].lines.append(line)
        elif is_amount(text):
            cells.append(grid.Cell([*prefix, line]))
            prefix = []
        elif re.fullmatch(r"rp\.?", text, re.I):
            prefix = [line]
        elif near:
            cells[-1].lines.append(line)
    return cells


def is_amount(text: str) -> bool:
    """A line that is an amount: a number, and more digits than letters once the money words are
    gone. Text that strays into the column (a place and date under the table, "Medan, 14 Juli") is
    words with a number in them."""
    if not find_amount(text):
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in _MONEY_WORDS]
    return sum(len(w) for w in words) <= sum(c.isdigit() for c in text)


def amount_text(lines: list[grid.Line]) -> str:
    out = ""
    for line in lines:
        text = collapse_ws(line.text)
        glued = (out[-1:].isdigit() and re.fullmatch(r"\d{1,3}(?:,-)?", text)) or (
            out and text and broken_word(out.rsplit(" ", 1)[-1], text.split(" ", 1)[0]))
        out = out + text if glued else f"{out} {text}".strip()
    return _SPLIT_GROUP.sub(r"\1\2", out)


# OCR sometimes breaks an amount after a thousands dot: "Rp5.642. 197.000,39".
_SPLIT_GROUP = re.compile(r"(\d\.)\s+(\d{3}(?:[.,]|\b))")


def amount_doubt(amount: int | None, words: list[Word]) -> list[str]:
    """An OCR'd amount whose last digits are one speck after a run of zeros ("950.000.060"): budgets
    are set in round figures, and a smudged 0 reads as 6, 8 or 9."""
    if amount is None or not words or words[0].source != "ocr":
        return []
    return ["amount_suspect"] if _SPECK_IN_ZEROS.search(str(amount)) else []


_SPECK_IN_ZEROS = re.compile(r"0{3,}[1-9]0{0,2}$")


def budget_sums(programs: list[ProgramRow]) -> set[int]:
    """What a printed Jumlah may add up: every row's amount, or only the Program rows' when the list
    mixes levels (program, kegiatan under it)."""
    amounts = [row.budget.value for row in programs if row.budget.value is not None]
    if not amounts:
        return set()
    program_level = [row.budget.value for row in programs if row.budget.value is not None
                     and (row.name.value or "").lower().startswith("program")]
    return {sum(amounts), sum(program_level)} if program_level else {sum(amounts)}


def sum_tolerance(programs: list[ProgramRow]) -> int:
    """Rupiah a correct sum may miss its total by: each row's sen were cut to whole rupiah."""
    return 1 + sum(row.budget.value is not None for row in programs)

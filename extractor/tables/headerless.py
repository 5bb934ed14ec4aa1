"""A budget table whose heading OCR lost: its rupiah amounts still say where its rows are.

A lampiran page where two or more lines print amounts no row took (tables/doubt.py) holds a budget
table the header-position method could not find. Its amounts stand in one column: left of them is
the program's name, right of them the funding source. The rows are then cut by the borderless
reader as usual; they carry a lower structure confidence, and the page says its heading was unread.
"""

from __future__ import annotations

import itertools
import re

from extractor.rules import table_lexicon as lex
from extractor.tables import grid, header_words
from extractor.tables.doubt import AMOUNT
from models.document import Page, Word

_CURRENCY = re.compile(r"^rp\.?$", re.I)
# How sure a row is when its columns were guessed from its amounts (a read heading gives 0.95).
GUESSED_STRUCTURE = 0.75
# Name lines of a wrapped first row may stand up to this many line pitches above its amount.
REACH = 1.5


def budget_without_heading(page: Page, lines: list[grid.Line], amount_lines: list[grid.Line]
                           ) -> grid.TableBody | None:
    """The budget body around `amount_lines` (those of the page's `lines` with unused amounts)."""
    if len(amount_lines) < 2:
        return None
    height = grid.word_height(lines)
    first, last = lines.index(amount_lines[0]), lines.index(amount_lines[-1])
    reach = REACH * max(height, _pitch(amount_lines))
    while first > 0 and _name_only(lines[first - 1]) and amount_lines[0].top - lines[first - 1].top <= reach:
        first -= 1
    below = amount_lines[-1].bottom
    while last + 1 < len(lines) and _name_only(lines[last + 1]) and lines[last + 1].top < below:
        last += 1
    body_lines = lines[first:last + 1]
    amounts = [w for line in amount_lines for w in _amount_words(line)]
    left, right = min(w.bbox[0] for w in amounts) - 1, max(w.bbox[2] for w in amounts) + 1
    columns = [grid.Column(lex.PROGRAM, "", 0.0, left, float("-inf"), left),
               grid.Column(lex.AMOUNT, "", left, right, left, right),
               grid.Column(lex.NOTE, "", right, page.info.width, right, float("inf"))]
    assigned = grid.assign_to_columns(columns, body_lines)
    return grid.TableBody(page=page.number, kind=grid.BUDGET, columns=columns, lines=assigned,
                          height=height, top=body_lines[0].top, bottom=body_lines[-1].bottom,
                          structure=GUESSED_STRUCTURE)


def _amount_words(line: grid.Line) -> list[Word]:
    """The amount of a line and the currency sign just before it."""
    words = line.words
    found = [i for i, w in enumerate(words) if AMOUNT.search(w.text)]
    if not found:
        return []
    start = found[0] - 1 if found[0] > 0 and _CURRENCY.match(words[found[0] - 1].text) else found[0]
    return words[start:found[-1] + 1]


def _name_only(line: grid.Line) -> bool:
    """A line of a name wrapped around its amount; a heading's surviving label ("Keterangan") is none."""
    return (not AMOUNT.search(line.text) and any(ch.isalpha() for ch in line.text)
            and not all(header_words.label_kind(part) for part in line.text.split()))


def _pitch(lines: list[grid.Line]) -> float:
    gaps = sorted(b.top - a.top for a, b in itertools.pairwise(lines))
    return gaps[len(gaps) // 2] if gaps else 0.0

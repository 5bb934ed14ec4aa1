"""What a whole table may have lost, where no single field can say it (pk-record.md `table_doubt`).

A PK table's own numbering is a count of its rows that the reader did not make: numbers that skip
(1, 2, 4), or more numbered cells than rows read, mean rows were merged or lost. A ruled row with
text but no indicator, and a PK header with no row under it, mean text the rows did not use.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from extractor.rules import table_lexicon as lex
from extractor.tables import amounts, grid
from models.agreement import ProgramRow
from models.document import Page, Problem
from models.extracted import Field

TABLE_DOUBT = "table_doubt"
TARGETS_MISSING = "targets_missing"
# The contract's problems that speak for a whole table (pk-record.md): every row of it is in doubt.
TABLE_PROBLEMS = frozenset({TABLE_DOUBT, TARGETS_MISSING})

# Why a table is in doubt: code -> words for a person.
DOUBTS = {
    "numbering_gap": "its row numbers skip",
    "fewer_rows_than_numbers": "it numbers more rows than were read",
    "unused_text": "text inside it belongs to no row",
    "no_rows": "it has a PK header but no row was read",
    "heading_unread": "its heading could not be read",
    "sum_short": "its rows add up to less than its printed total",
}
AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3}){2,}")  # a rupiah amount: millions and up
_ROW_NUMBER = re.compile(r"^\W{0,2}(\d{1,2})\s*[.)]?\W{0,2}$")


@dataclass
class BodyRead:
    """One table body and how many rows the reader made of it."""

    body: grid.TableBody
    rows: int


def table_problems(reads: list[BodyRead]) -> list[Problem]:
    """One `table_doubt` per page whose table may hold rows that were not read."""
    doubts: dict[int, list[str]] = {}
    last: dict[str, int] = {}
    for index, read in enumerate(reads):
        body = read.body
        following = reads[index + 1].body if index + 1 < len(reads) else None
        found = doubts.setdefault(body.page, [])
        found.extend(body.doubts)
        numbers = body_numbers(body)
        start = last.get(body.kind) if body.continued else None
        if _skips([start, *numbers] if start is not None else numbers):
            found.append("numbering_gap")
        if numbers:
            last[body.kind] = numbers[-1]
        if len(set(numbers)) > read.rows:
            found.append("fewer_rows_than_numbers")
        header_only = body.bands == [] and following is not None and following.continued \
            and following.kind == body.kind  # a header closing a page, its rows on the next
        repeated = body.bands == [] and any(  # a spreadsheet's title rows, printed on every page
            earlier.body.kind == body.kind and earlier.body.page < body.page for earlier in reads[:index])
        if read.rows == 0 and not body.continued and not header_only and not repeated:
            found.append("no_rows")
    return [Problem(code=TABLE_DOUBT, page=page, message="A table on this page may hold rows that were not "
                    "read, merged or split: " + "; ".join(DOUBTS[c] for c in dict.fromkeys(codes)) + ".")
            for page, codes in doubts.items() if codes]


def unused_amounts(pages: list[Page], used: set[tuple[int, tuple]], bodies: list[grid.TableBody]
                   ) -> list[Problem]:
    """Pages where two or more lines print rupiah amounts that no row took: a budget table whose
    heading or rows were not read (`used`: (page, word box) of every word the rows hold)."""
    problems = []
    for page in pages:
        unused = unused_amount_lines(page, grid.page_lines(page), used, bodies)
        if len(unused) >= 2:
            problems.append(Problem(code=TABLE_DOUBT, page=page.number,
                                    message="A table on this page may hold rows that were not read: "
                                            f"{DOUBTS['unused_text']} ({len(unused)} lines with amounts)."))
    return problems


def unused_amount_lines(page: Page, lines: list[grid.Line], used: set[tuple[int, tuple]],
                        bodies: list[grid.TableBody]) -> list[grid.Line]:
    """The page's lines with a rupiah amount no row took. Inside a ruled table every cell was seen,
    so a column left out on purpose (group subtotals) is no doubt."""
    ruled = [(b.top, b.bottom) for b in bodies if b.page == page.number and b.bands is not None]
    return [line for line in lines if AMOUNT.search(line.text)
            and not any(top <= line.centre <= bottom for top, bottom in ruled)
            and not any((page.number, tuple(w.bbox)) in used for w in line.words)]


def budget_short(programs: list[ProgramRow], total: Field[int]) -> Problem | None:
    """A printed total above every sum its rows can make: a row was lost or two were merged (a digit
    misread goes either way; money missing from the rows is a structural loss first)."""
    sums = amounts.budget_sums(programs)
    if total.value is None or not sums or max(sums) >= total.value - amounts.sum_tolerance(programs):
        return None
    page = total.page or next((row.budget.page for row in reversed(programs) if row.budget.page), None)
    return Problem(code=TABLE_DOUBT, page=page, message="A table on this page may hold rows that were not "
                   f"read, merged or split: {DOUBTS['sum_short']}.")


def heading_unread(page: int, guessed_from: str) -> Problem:
    """A table read with columns guessed (OCR lost its heading): every row of it is in doubt."""
    return Problem(code=TABLE_DOUBT, page=page, message=f"A table on this page may hold rows that were not "
                   f"read, merged or split: {DOUBTS['heading_unread']}; its columns were guessed from "
                   f"{guessed_from}.")


def targets_missing(first_page: int | None) -> Problem:
    return Problem(code=TARGETS_MISSING, page=first_page,
                   message="A Perjanjian Kinerja was found but no performance target row was read; "
                           "every PK has targets: check its lampiran.")


def body_numbers(body: grid.TableBody) -> list[int]:
    """The table's own row numbers, top to bottom (whole numbers only: "1.1" numbers sub-rows)."""
    if body.bands is not None:
        texts = [band.number for band in body.bands if band.number]
    else:
        texts = [line.words[0].text for line in body.lines.get(lex.NO, [])]
    numbers = []
    for text in texts:
        found = _ROW_NUMBER.match(text.strip())
        if found:
            numbers.append(int(found.group(1)))
    return numbers


def _skips(numbers: list[int]) -> bool:
    """A step of more than one between successive row numbers (a restart at 1 is a new table)."""
    return any(b > a + 1 for a, b in itertools.pairwise(numbers) if b != 1)

"""Which lines and words of a table page are no row text: the column-number row under a header, the
place-and-date and signature lines that end a table, a section title, OCR'd ruling lines and
speckles."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import collapse_ws
from models.document import Word

if TYPE_CHECKING:
    from extractor.tables.grid import Line


_DATE_LINE = re.compile(r"^[A-Z][A-Za-z .]+,[\s._…-]*(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?\d{4}\s*$")


def is_column_number_row(line: Line) -> bool:
    """The "1 2 3 4" (or "(1) (2)") row under a header, which is not data."""
    tokens = [w.text.strip("()") for w in line.words]
    return len(tokens) >= 3 and all(t.isdigit() and int(t) <= 20 for t in tokens)


def is_date_line(line: Line) -> bool:
    """"Bandung,      2016": the signing line under the tables."""
    return bool(_DATE_LINE.match(collapse_ws(line.text)))


def is_section_title(line: Line) -> bool:
    """"II. ALOKASI ANGGARAN": a new part of the lampiran starts."""
    return bool(_SECTION_TITLE.match(collapse_ws(line.text)))


def is_signature_label(line: Line) -> bool:
    """"PIHAK KEDUA," anywhere on the line: the signature block has begun."""
    lowered = collapse_ws(line.text).lower()
    return any(re.search(rf"(?:^|\s){label}\b", lowered) for label in lex.SIGNATURE_LABELS)


def ends_table(line: Line) -> bool:
    """A line no table runs past: the place and date, a new section, a signature label."""
    return is_date_line(line) or is_section_title(line) or is_signature_label(line)


def is_stop_line(line: Line) -> bool:
    """The start of a signature area (its caller checks that a gap precedes it)."""
    lowered = collapse_ws(line.text).lower()
    return any(lowered.startswith(prefix + " ") or lowered == prefix for prefix in lex.STOP_LINE_PREFIXES)


_SECTION_TITLE = re.compile(r"^(?:(?:[IVXl1]{1,4}|[A-H])\.\s+[A-Z][A-Z ]+|(?:\S{1,4}\s+)?ALOKASI ANGGARAN)$")


_RULING_NOISE = re.compile(r"^[|\[\]{}_—¦!]+$")


def clean_words(words: list[Word]) -> list[Word]:
    """Drop OCR'd ruling lines ("|", "[", "_") and strip them from word edges; they are not text.
    Speckles read as one or two unsure letters ("r" after a unit) go too, unless they stand apart
    at the start of a line: there they are often a misread row number, which rows are cut at."""
    speckles = {id(w) for w in words if w.source == "ocr" and _speckle(w) and not _row_mark(w, words)}
    out = []
    for word in words:
        if word.source == "ocr":
            if _RULING_NOISE.match(word.text) or id(word) in speckles:
                continue
            stripped = word.text.strip("|[]{}¦")
            if stripped != word.text:
                if not stripped:
                    continue
                word = word.model_copy(update={"text": stripped})
        out.append(word)
    return out


def _speckle(word: Word) -> bool:
    text = word.text.strip(",:;'\"")
    return len(text) <= 2 and word.confidence < 0.6 and text.isalpha()


def _row_mark(word: Word, words: list[Word]) -> bool:
    """Nothing left of it on its line and a column-wide gap before the text right of it."""
    centre = (word.bbox[1] + word.bbox[3]) / 2
    level = [o for o in words if o is not word and o.bbox[1] <= centre <= o.bbox[3] and not _speckle(o)]
    if any(o.bbox[2] <= word.bbox[0] for o in level):
        return False
    right = [o for o in level if o.bbox[0] >= word.bbox[2]]
    if not right:
        return True
    nearest = min(right, key=lambda o: o.bbox[0])
    return nearest.bbox[0] - word.bbox[2] >= 1.6 * (nearest.bbox[3] - nearest.bbox[1])

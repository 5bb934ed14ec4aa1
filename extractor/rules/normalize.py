"""Indonesian numbers, money, units and target cells as pure functions (pk-domain §3.1-§3.5, §7.1).

Everything here works on strings only, so it is property-tested without documents.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from extractor.rules import table_lexicon as lex

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACES = re.compile(r"\s+")
_COMPARATOR = re.compile(r"^(?:≥|>=|>|≤|<=|<|±|min\.?|minimal|maks\.?|maksimal|sekurang-kurangnya)\s*", re.I)
_NUMBERING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?(?=\s|[A-Za-z])|\d{1,2}\.(?=[A-Z])|[a-z]\.(?=[A-Z])|[a-zA-Z][.)](?=\s)|[IVX]{1,4}[.)](?=\s)"
    r"|[-–—|•·▪●*~\uf0b7\uf0a7\uf0d8«»°©®¢.,:;\"“”']+|e(?=\s)|\(?\d[\d.,]{2,9}\)?(?=\s+[A-Z]))\s*"
)
_TRAILING_PAREN = re.compile(r"\(([^()]{1,30})\)\s*[:.]?\s*$")
_OCR_PERCENT = re.compile(r"(\d)(\s*)(?:o/o|0/0|%o|°/o|o/0|Yo|yo|Vo|Ya)(?=\s|$|\))")
_OCR_PERCENT_PAREN = re.compile(r"\((?:Yo|yo|o/o|Vo|%o|So|Ya)\)")
_OCR_PERCENT_96 = re.compile(r"^(\d+(?:[.,]\d+)?)\s+(?:96|9%|%%)$")
_OCR_PERCENT_PAREN_96 = re.compile(r"\((?:96|6|9%|%6|%%)\)$")


class ParsedNumber(NamedTuple):
    value: float
    ambiguous: bool


class TargetValue(NamedTuple):
    """A target cell read: the number when the cell holds exactly one, and the unit written after it."""

    text: str
    value: float | None
    unit: str | None
    ambiguous: bool


def collapse_ws(text: str) -> str:
    """NFKC, non-breaking spaces and line breaks to single spaces (Word exports carry all of them)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\ufffe", "-")
    return _SPACES.sub(" ", text).strip()


def unit_code(unit: str | None) -> str | None:
    """Canonical unit code (§3.5) of a printed unit, or None when unknown."""
    if not unit:
        return None
    key = collapse_ws(unit).lower().rstrip(".")
    if key in lex.UNIT_CODES:
        return lex.UNIT_CODES[key]
    if key.startswith(("per ", "/")):
        return "RATE"
    first = key.split(" ")[0].strip("()")
    return lex.UNIT_CODES.get(first)


def parse_number(text: str, unit: str | None = None) -> ParsedNumber | None:
    """One Indonesian- or English-formatted number ("768.495", "85,5", "1.250.000,00", "100%").

    Separator rules of pk-domain §3.1: the last separator is decimal when it differs from the others
    or is followed by other than 3 digits; repeated separators are thousands; a single separator
    before exactly 3 digits is ambiguous and decided by the unit.
    """
    text = _COMPARATOR.sub("", collapse_ws(text)).rstrip("%").strip()
    match = _NUMBER.fullmatch(text)
    if not match:
        return None
    groups = re.split(r"[.,]", text)
    seps = re.findall(r"[.,]", text)
    if not seps:
        return ParsedNumber(float(text), False)
    last_sep, last = seps[-1], groups[-1]
    if len(last) != 3:
        if all(len(g) == 3 for g in groups[1:-1]):
            return ParsedNumber(float("".join(groups[:-1]) + "." + last), False)
        return ParsedNumber(float("".join(groups)), True)
    if seps.count(last_sep) > 1:
        return ParsedNumber(float("".join(groups)), False)
    if len(set(seps)) > 1:
        return ParsedNumber(float("".join(groups[:-1]) + "." + last), False)
    return _single_three_digit(groups, last_sep, unit)


def _single_three_digit(groups: list[str], sep: str, unit: str | None) -> ParsedNumber:
    thousands = float("".join(groups))
    decimal = float(groups[0] + "." + groups[1])
    code = unit_code(unit)
    if code in lex.COUNT_UNIT_CODES:
        return ParsedNumber(thousands, True)
    if code in lex.BOUNDED_UNIT_CODES:
        return ParsedNumber(decimal if thousands > 100 else thousands, True)
    if groups[0] == "0":
        return ParsedNumber(decimal, True)
    return ParsedNumber(thousands if sep == "." else decimal, True)


def parse_rupiah(text: str) -> int | None:
    """Whole rupiah from a printed amount: "Rp 1.234.567,89", "Rp 1,595,757,500,00", "1.250.000,-".

    Sen (1-2 digits after the last separator) are dropped; every other separator groups thousands,
    which also reads typos like "15.199,500,000" and "1.660453.975" as the author meant.
    """
    text = collapse_ws(text).lower()
    text = re.sub(r"^rp\.?\s*", "", text).replace("rp.", "").replace("rp", "").strip()
    text = re.sub(r"[,.]\s*-+\s*$", "", text).rstrip("-").strip()
    scale_match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?(?:\s*rupiah)?", text)
    if scale_match and scale_match.group(2) in lex.MONEY_SCALES:
        number = parse_number(scale_match.group(1))
        return round(number.value * lex.MONEY_SCALES[scale_match.group(2)]) if number else None
    text = re.sub(r"\s+", "", text)
    match = re.fullmatch(r"\d+(?:[.,]\d+)*", text)
    if not match:
        return None
    parts = re.split(r"[.,]", text)
    if len(parts) > 1 and len(parts[-1]) <= 2:
        parts = parts[:-1]
    return int("".join(parts))


def find_amount(text: str) -> str | None:
    """The money-looking token of a cell ("Rp. 900.000.000,-" -> "900.000.000,-"), or None."""
    match = re.search(r"\d(?:[\d.,]*\d)?(?:,-)?", collapse_ws(text))
    return match.group(0) if match else None


def fix_ocr_percent(text: str, percent_expected: bool = False) -> str:
    """`%` read as `o/o`, or as `96` after a number in a percent column (pk-domain §7.1)."""
    text = _OCR_PERCENT_PAREN.sub("(%)", _OCR_PERCENT.sub(r"\1\2%", text))
    if percent_expected:
        text = _OCR_PERCENT_96.sub(r"\1%", text)
    return text


def fix_ocr_percent_indicator(text: str) -> str:
    """A percentage indicator's closing "(%)" read as "(96)" or "(6)" by OCR."""
    text = fix_ocr_percent(text)
    if text.lower().startswith(("persentase", "prosentase", "presentase")):
        text = _OCR_PERCENT_PAREN_96.sub("(%)", text)
    return text


def normalize_unit_cell(text: str) -> str | None:
    """A Satuan cell: collapsed, with the OCR spellings of a lone "%" ("Yo", "o/o") repaired."""
    text = collapse_ws(text).strip(" .,;:")
    if text in lex.OCR_PERCENT_UNITS:
        return "%"
    return text or None


def strip_numbering(text: str) -> str:
    """Drop row numbering and bullets ("1.1.", "a.", "-", "10.Pembinaan" -> "Pembinaan")."""
    text = collapse_ws(text)
    previous = None
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1).strip()
    return text


def is_text_target(text: str) -> bool:
    """Grades, opinions and categories (pk-domain §3.3) that are targets without a number."""
    key = collapse_ws(text).strip(" .")
    if key.upper() in lex.GRADES | lex.OPINIONS:
        return True
    return key.lower() in lex.CATEGORY_TARGETS


def unit_from_indicator(text: str) -> str | None:
    """A unit in parentheses at the end of an indicator: "Jumlah produksi (ton)" -> "ton"."""
    match = _TRAILING_PAREN.search(collapse_ws(text))
    if not match:
        return None
    inner = match.group(1).strip()
    if inner in {"%", "‰"} or unit_code(inner):
        return inner
    if inner.endswith("%"):
        return "%"
    if re.fullmatch(r"[A-Za-z]{3,}(?:/[A-Za-z]+)?", inner) and not inner.isupper() and all(
            part[1:].islower() for part in inner.split("/")):  # "(iBangga)", "(SiLPA)" name, not measure
        return inner
    return None


def parse_target(text: str, unit_hint: str | None = None, percent_expected: bool = False) -> TargetValue:
    """A target cell: collapsed text, its one number (or None), and the unit printed after the number.

    Compound cells ("7.201 Koleksi dan 28 Naskah") and ranges have no single value; a rate unit
    ("88/100.000 KH") keeps its own number.
    """
    text = fix_ocr_percent(collapse_ws(text), percent_expected).lstrip(".,;:'`‘’ ")
    text = _LOOSE_END.sub("", text)
    if not text or text in {"-", "–"} or is_text_target(text):
        return TargetValue(text, None, None, False)
    body = _COMPARATOR.sub("", text)
    graded = _GRADE_WITH_SCORE.match(body)
    if graded and graded.group(1).upper() in lex.GRADES:
        number = parse_number(graded.group(2), None)
        return TargetValue(text, number.value if number else None, None, False)
    if _MONEY_TARGET.match(body):
        return TargetValue(text, parse_rupiah(body), "Rp", False)
    before = _UNIT_BEFORE_NUMBER.match(body)
    if before and unit_code(before.group(1)) in lex.BOUNDED_UNIT_CODES:
        number = parse_number(before.group(2), before.group(1))
        if number is not None:
            return TargetValue(text, number.value, before.group(1), number.ambiguous)
    match = re.match(r"(\d+(?:[.,]\d+)*)\s*(.*)$", body)
    if not match:
        return TargetValue(text, None, None, False)
    rest = match.group(2).strip()
    if rest.startswith(("-", "–", "s.d", "s/d")) or (_NUMBER.search(rest) and not _is_rate_unit(rest)):
        return TargetValue(text, None, None, False)
    unit = rest or None
    number = parse_number(match.group(1), unit or unit_hint)
    if number is None:
        return TargetValue(text, None, None, False)
    return TargetValue(text, number.value, unit, number.ambiguous)


# A speck of punctuation OCR read apart after the value ("65 .").
_LOOSE_END = re.compile(r"\s+[.,;:'`‘’]+$")
# "B (65)": a grade with the score it stands for; the score is the value.
_GRADE_WITH_SCORE = re.compile(r"^([A-Da-d]{1,2})\s*\((\d{1,3}(?:[.,]\d{1,2})?)\)$")
# "Rp. 2.641.640.000.000,-": a revenue target in rupiah.
_MONEY_TARGET = re.compile(r"^Rp\.?\s*\d[\d.,]*\s*(?:,\s*-)?\s*$", re.I)
# "Level 3 (Terdefinisi)": the unit printed before its number, a remark in parentheses after it.
_UNIT_BEFORE_NUMBER = re.compile(r"^([A-Za-z]+)\s+(\d+(?:[.,]\d+)?)\s*(?:\([^()]*\))?$")


def _is_rate_unit(rest: str) -> bool:
    return bool(re.match(r"^(?:/|per\s)\s*\d", rest, re.I))

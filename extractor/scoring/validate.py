"""Validation rules of pk-domain.md §8.2 that concern the contract's fields, as reason codes on them.

Rules about a single reading (NIP structure, party block vs signature) are applied where the value is
chosen (assemble.py); the ones here need the whole agreement.
"""

from __future__ import annotations

import re

from extractor.rules import lexicon
from extractor.rules import table_lexicon as lex
from extractor.rules.nip import decode_nip
from extractor.rules.normalize import parse_number
from extractor.tables.amounts import budget_sums, sum_tolerance
from models.agreement import Agreement, Party, ProgramRow, TargetRow
from models.document import Mark
from models.extracted import Field
from models.geometry import BBox


def validated(agreement: Agreement, marks: dict[int, list[Mark]] | None = None,
              unread: dict[int, list[BBox]] | None = None) -> Agreement:
    """A copy of the agreement with the validation reasons on its fields: the spine's hand-off."""
    checked = agreement.model_copy(deep=True)
    validate(checked, marks, unread)
    return checked


def validate(agreement: Agreement, marks: dict[int, list[Mark]] | None = None,
             unread: dict[int, list[BBox]] | None = None) -> None:
    """Reasons on the agreement's fields; `marks` (stamps, signatures) and `unread` ink (OCR dropped
    it) of its pages by page number."""
    _stamped(agreement, marks or {})
    _beside_unread(agreement, unread or {})
    _budget_sum(agreement)
    _target_ranges(agreement)
    _quarter_magnitudes(agreement)
    _row_shapes(agreement)
    _date_year(agreement)
    _late_original(agreement)
    for party in (agreement.first_party, agreement.second_party):
        if party is not None:
            _gender_title(party)
            _rank_form(party)
    if agreement.year.value is not None and not 2000 <= agreement.year.value <= 2100:
        agreement.year.reasons.append("year_invalid")


def _budget_sum(agreement: Agreement) -> None:
    """Σ programs vs the printed Jumlah (rule 26); a list that mixes levels may match either level. A
    list of one level where some rows have amounts: a row without one, that no total explains, was
    not read (in a list that mixes levels, amounts sit at one level or the other)."""
    total = agreement.total_budget.value
    sums = budget_sums(agreement.programs)
    matched = total is not None and bool(sums) and any(
        abs(s - total) <= sum_tolerance(agreement.programs) for s in sums)
    levels = {lex.budget_level(row.name.value or "") for row in agreement.programs}
    if not matched and len(levels - {None}) <= 1 and any(row.budget.value is not None
                                                         for row in agreement.programs):
        for row in agreement.programs:  # one level, amounts on the others, no total accounts for it
            if row.budget.value is None:
                row.budget.reasons.append("amount_unread")
    if total is None or not sums:
        return
    if not matched:
        agreement.total_budget.reasons.append("sum_mismatch")
        for row in agreement.programs:  # one of them, or the total, was misread
            if row.budget.value is not None:
                row.budget.reasons.append("in_mismatched_sum")


def _date_year(agreement: Agreement) -> None:
    """Signing date in the fiscal year or in Nov/Dec of the year before (rule 3)."""
    date, year = agreement.signing_date.value, agreement.year.value
    if date is None or year is None:
        return
    if date.year == year or (date.year == year - 1 and date.month >= 11):
        return
    agreement.signing_date.reasons.append("date_year_mismatch")


def _late_original(agreement: Agreement) -> None:
    """An original PK is signed early in its year (rule 4); one signed mid-year or later is likely an unmarked
    revision. Late originals (April, May) are common, so only June onwards is flagged."""
    date, year = agreement.signing_date.value, agreement.year.value
    if agreement.is_revision.value is False and date is not None and year is not None and (
            date.year == year and date.month >= 6):
        agreement.is_revision.reasons.append("date_late_for_original")


def _gender_title(party: Party) -> None:
    """NIP gender digit against female/male honorifics (rule 13)."""
    name, nip = party.name.value, party.nip.value
    if not name or not nip or len(nip) != 18:
        return
    gender = decode_nip(nip).gender
    words = name.replace(",", " ").split()
    female = any(w in lexicon.FEMALE_MARKERS or f"{w} " in lexicon.FEMALE_MARKERS for w in words)
    male = any(w in lexicon.MALE_MARKERS or f"{w} " in lexicon.MALE_MARKERS for w in words)
    if (female and not male and gender == 1) or (male and not female and gender == 2):
        party.nip.reasons.append("nip_gender_conflict")


def _rank_form(party: Party) -> None:
    """A rank that is no known pangkat or golongan (OCR damage), or whose pangkat and golongan
    disagree (rule 18)."""
    if not party.rank.value:
        return
    parts = lexicon.rank_parts(party.rank.value)
    if parts is None:
        party.rank.reasons.append("rank_unknown")
        return
    pangkat, golongan = parts
    if pangkat and golongan and lexicon.PANGKAT_GOLONGAN[pangkat] != golongan:
        party.rank.reasons.append("rank_mismatch")


_PERCENT_UNITS = ("%", "persen", "prosen")
_UNIT_SHAPE = re.compile(r"%|(?:per\s*|/)?[\d.]*\s*[A-Za-z][A-Za-z]+(?:[ /][A-Za-z]+){0,3}")
_GROWTH_WORDS = ("pertumbuhan", "peningkatan", "kenaikan")


def _target_ranges(agreement: Agreement) -> None:
    """Targets outside what their unit allows (rule 20): a percentage over 100 (over 1000 for growth),
    a level over 5, a rate per 1.000 over 1000 or per 100.000 over 100000."""
    for row in agreement.performance_targets:
        value = row.target_value.value
        if value is None:
            continue
        unit = (row.unit.value or "").strip().lower()
        indicator = (row.indicator.value or "").lower()
        if unit in _PERCENT_UNITS:
            limit = 1000 if any(word in indicator for word in _GROWTH_WORDS) else 100
        elif unit == "level":
            limit = 5
        elif "100.000" in unit:
            limit = 100_000
        elif "1.000" in unit:
            limit = 1000
        else:
            continue
        if not 0 <= value <= limit:
            row.target.reasons.append("target_out_of_range")
            row.target_value.reasons.append("target_out_of_range")


def _quarter_magnitudes(agreement: Agreement) -> None:
    """A row's annual and quarterly targets share one scale: a whole number ten times the row's median
    where its neighbours print decimals ("18,7 | 37,4 | 56,1 | 748") lost its decimal comma to OCR."""
    for row in agreement.performance_targets:
        cells = [row.target, *(row.quarterly_targets or [])]
        texts = [(cell, (cell.value or "").strip()) for cell in cells]
        numbers = [(cell, text, parse_number(text.split(" ")[0])) for cell, text in texts if text]
        numbers = [(cell, text, parsed.value) for cell, text, parsed in numbers if parsed is not None]
        if len(numbers) < 3 or not any(re.search(r"\d[.,]\d", text) for _, text, _ in numbers):
            continue
        values = sorted(value for _, _, value in numbers)
        median = values[len(values) // 2]
        for cell, text, value in numbers:
            if median > 0 and value >= 8 * median and not re.search(r"[.,]", text.split(" ")[0]):
                cell.reasons.append("target_out_of_range")
                if cell is row.target:
                    row.target_value.reasons.append("target_out_of_range")


def _row_shapes(agreement: Agreement) -> None:
    """Rows that cannot be what they claim: an indicator opening with a stray mark ("~Rabies"), a
    program named by no word ("26"), an indicator beside an empty target cell (a heading or caption
    taken for a row; a printed "no target" is a "-"): a misread row border or OCR noise made them.
    A unit is a word or a few ("Kelompok/Pelaku", "per 100.000 KH") or "%", never a stray mark
    ("(A)")."""
    for row in agreement.performance_targets:
        text = (row.indicator.value or "").lstrip("\"'“”‘’(")
        blank = row.target.raw is None and row.unit.value is None and not any(
            cell.value for cell in row.quarterly_targets or [])
        if text and (not text[0].isalnum() or blank):
            _doubt_row(row)
        if row.unit.value and not _UNIT_SHAPE.fullmatch(row.unit.value):
            row.unit.reasons.append("unit_suspect")
        if _unlike_target(row.target.value):
            row.target.reasons.append("target_unlike")
            row.target_value.reasons.append("target_unlike")
        if _unlike_indicator(row.indicator.value):
            row.indicator.reasons.append("indicator_unlike")
    for program in agreement.programs:
        if program.name.value and len(re.findall(r"[A-Za-z]{3,}", program.name.value)) < 2:
            _doubt_row(program)


_LIST_MARKER = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z])[.)]")
# An indicator is a phrase; real ones run to about 20 words, a paragraph of a report far beyond.
INDICATOR_MAX_WORDS = 40


def _unlike_target(text: str | None) -> bool:
    """A target cell that holds no target: a list marker ("1.", "a)") or, without any figure, the
    words of a table heading ("Target sebesar", "Satuan"): a paragraph or a header read as a row."""
    if not text:
        return False
    text = text.strip()
    if _LIST_MARKER.fullmatch(text):
        return True
    first = re.split(r"[\s:]+", text.lower(), maxsplit=1)[0]
    return not any(ch.isdigit() for ch in text) and first in lex.LABEL_WORDS


def _unlike_indicator(text: str | None) -> bool:
    """An indicator that is a paragraph, or only a heading's words ("Indikator Kinerja")."""
    if not text:
        return False
    words = text.split()
    return len(words) > INDICATOR_MAX_WORDS or text.strip(" :.").lower() in lex.HEADER_LABELS


def _doubt_row(row: TargetRow | ProgramRow) -> None:
    """A row that should not exist casts doubt on every value in it, its target as much as its name."""
    for field in _fields(row):
        field.reasons.append("row_suspect")


STAMP_COVER = 0.15


def _stamped(agreement: Agreement, marks: dict[int, list[Mark]]) -> None:
    """A field whose words lie under a stamp or a signature (rule set of pk-domain.md §7.1): ink
    over the letters is where OCR misreads names, NIPs and positions."""
    if not any(marks.values()):
        return
    for field in _fields(agreement):
        if field.page is not None and field.bbox is not None and any(
                _covered(field.bbox, mark.bbox) >= STAMP_COVER for mark in marks.get(field.page, [])):
            field.reasons.append("stamp_overlap")


UNREAD_COVER = 0.5


def _beside_unread(agreement: Agreement, unread: dict[int, list[BBox]]) -> None:
    """A field with unread ink inside it or on the line just above or below (a cell's next line, the
    first name of a signatory): OCR dropped part of what the field should hold."""
    if not any(unread.values()):
        return
    for field in _fields(agreement):
        if field.page is None or field.bbox is None:
            continue
        for box in unread.get(field.page, []):
            reach = box[3] - box[1]  # about one line pitch: the box holds one line with margins
            zone = (field.bbox[0] - reach / 2, field.bbox[1] - reach, field.bbox[2] + reach / 2,
                    field.bbox[3] + reach)
            if _covered(box, zone) >= UNREAD_COVER:
                field.reasons.append("text_unread")
                break


def _covered(box: BBox, mark: BBox) -> float:
    """Share of `box` that `mark` covers."""
    width = min(box[2], mark[2]) - max(box[0], mark[0])
    height = min(box[3], mark[3]) - max(box[1], mark[1])
    area = (box[2] - box[0]) * (box[3] - box[1])
    return width * height / area if width > 0 and height > 0 and area > 0 else 0.0


def _fields(model) -> list[Field]:
    if isinstance(model, Field):
        return [model]
    found: list[Field] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if hasattr(type(item), "model_fields"):
                found.extend(_fields(item))
    return found

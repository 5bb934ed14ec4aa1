"""Signing lines: Indonesian months, blank day or month, numeric forms, OCR-damaged month names."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from extractor.rules.dates import month_number, parse_date, parse_date_line

MONTH_NAMES = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember"]
PLACES = ["Bandung", "Kendal", "Sofifi", "Purwodadi", "Banda Aceh", "Tanjung Selor"]


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(PLACES),
       st.sampled_from(["{d} {m} {y}", "{d:02d} {m} {y}", "{d}  {m}  {y}", "Senin, {d} {m} {y}"]))
def test_full_dates_parse(date: dt.date, place: str, pattern: str) -> None:
    text = pattern.format(d=date.day, m=MONTH_NAMES[date.month - 1], y=date.year)
    line = parse_date_line(f"{place}, {text}") if not text.startswith("Senin") else None
    parsed = line or parse_date(text)
    assert parsed.date == date
    if line:
        assert line.place == place


@given(st.integers(2000, 2099), st.integers(1, 12), st.sampled_from(PLACES),
       st.sampled_from(["", "    ", "........ ", "... "]))
def test_blank_day_gives_no_date_but_keeps_place(year: int, month: int, place: str, blank: str) -> None:
    line = parse_date_line(f"{place}, {blank}{MONTH_NAMES[month - 1]} {year}")
    assert line is not None
    assert line.date is None and line.day_blank
    assert line.month == month and line.year == year and line.place == place


def test_blank_day_and_month() -> None:
    line = parse_date_line("Bandung,          2016")
    assert line is not None
    assert (line.place, line.date, line.year, line.month_blank) == ("Bandung", None, 2016, True)


def test_numeric_and_iso_dates() -> None:
    assert parse_date("25-01-2024").date == dt.date(2024, 1, 25)
    assert parse_date("25/01/2024").date == dt.date(2024, 1, 25)
    assert parse_date("2024-01-25").date == dt.date(2024, 1, 25)


def test_month_variants() -> None:
    assert month_number("Pebruari") == 2
    assert month_number("Nopember") == 11
    assert month_number("Agt") == 8
    assert month_number("Jnauari") == 1
    assert month_number("Kendal") is None


def test_prose_is_not_a_date_line() -> None:
    assert parse_date_line("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, tahun 2024") is None
    assert parse_date_line("PERJANJIAN KINERJA TAHUN 2024") is None


def test_marks_before_the_place_are_not_part_of_it() -> None:
    """A scan puts specks, quotes and stamp fragments before the place; they never start a place."""
    line = parse_date_line("‘Bandar Lampung, 28 Januari 2017")
    assert line is not None and (line.place, line.date) == ("Bandar Lampung", dt.date(2017, 1, 28))
    assert parse_date_line("| — Purwodadi, 2 Januari 2024").place == "Purwodadi"


def test_the_signing_segment_of_a_line_with_fragments_before_it() -> None:
    from extractor.layout import Line, split_segments
    from extractor.parse.signatures import signature_anchor, signing_line
    from models.document import Word

    def word(text: str, x0: float) -> Word:
        return Word(text=text, bbox=(x0, 600, x0 + 6 * len(text), 610), confidence=0.9, source="ocr")

    words = [word("Tg", 225), word("_", 250), word("Padang,", 330), word("22", 375), word("Januari", 392),
             word("2025", 440)]
    line = Line(words=words, page=1)
    line.segments = split_segments(line)
    found = signing_line(line)
    assert found is not None and found.text == "Padang, 22 Januari 2025"
    assert signature_anchor([line])[1] is found
    cell = Line(words=[word("12,5", 100), word("Kota Padang, 2024", 300)], page=1)
    cell.segments = split_segments(cell)
    assert signing_line(cell) is None, "a place and a year alone in a segment is no signing line"

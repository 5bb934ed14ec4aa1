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

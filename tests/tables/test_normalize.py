"""Normalisation of Indonesian numbers, money, units and target cells (pk-domain §3, §7.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.rules.normalize import (
    collapse_ws,
    find_amount,
    fix_ocr_percent,
    normalize_unit_cell,
    parse_number,
    parse_rupiah,
    parse_target,
    strip_numbering,
    unit_code,
    unit_from_indicator,
)


def grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=1_000_000, max_value=10**13))
def test_multi_group_integers_read_as_thousands(n: int) -> None:
    assert parse_number(grouped(n, ".")) == (float(n), False)
    assert parse_number(grouped(n, ",")) == (float(n), False)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_comma_after_thousands(whole: int, cents: int) -> None:
    text = f"{grouped(whole, '.')},{cents:02d}"
    assert parse_number(text).value == pytest.approx(whole + cents / 100)
    english = f"{grouped(whole, ',')}.{cents:02d}"
    assert parse_number(english).value == pytest.approx(whole + cents / 100)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=9))
def test_one_decimal_digit_is_a_decimal(whole: int, tenth: int) -> None:
    assert parse_number(f"{whole},{tenth}") == (pytest.approx(whole + tenth / 10), False)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_single_three_digit_group_is_flagged_ambiguous(head: int, tail: int) -> None:
    parsed = parse_number(f"{head}.{tail:03d}", "Orang")
    assert parsed.ambiguous
    assert parsed.value == head * 1000 + tail


def test_examples_of_the_domain_spec() -> None:
    assert parse_number("768.495").value == 768495
    assert parse_number("85,5").value == 85.5
    assert parse_number("1.250.000.000,00").value == 1250000000
    assert parse_number("100%").value == 100
    assert parse_number("1,595,757,500,00").value == 1595757500
    assert parse_number("0,227").value == pytest.approx(0.227)
    assert parse_number("72,950", "Indeks") == (pytest.approx(72.95), True)
    assert parse_number("≥ 90").value == 90
    assert parse_number("WTP") is None


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=99),
       st.sampled_from(["Rp {d},{c:02d}", "Rp. {d},{c:02d}", "Rp{d},-", "{d},-", "{d}", "Rp {e},{c:02d}"]))
def test_rupiah_drops_sen_and_reads_every_grouping(n: int, cents: int, form: str) -> None:
    text = form.format(d=grouped(n, "."), e=grouped(n, ","), c=cents)
    assert parse_rupiah(text) == n


def test_rupiah_examples() -> None:
    assert parse_rupiah("6.705.258.727,71") == 6705258727
    assert parse_rupiah("Rp 1,595,757,500,00") == 1595757500
    assert parse_rupiah("1.250.000.000,-") == 1250000000
    assert parse_rupiah("15.199,500,000") == 15199500000
    assert parse_rupiah("1.660453.975") == 1660453975
    assert parse_rupiah("Rp 2,3 Miliar") == 2300000000
    assert parse_rupiah("850 Juta") == 850000000
    assert parse_rupiah("APBD") is None
    assert find_amount("Rp. 900.000.000,-") == "900.000.000,-"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_collapse_ws_is_idempotent(text: str) -> None:
    once = collapse_ws(text)
    assert collapse_ws(once) == once
    assert "  " not in once and "\n" not in once


@given(st.integers(min_value=0, max_value=10**7),
       st.sampled_from(["Orang", "Dokumen", "Kali", "Jenis", "Kabupaten dan Kota", "/100.000 KH"]))
def test_one_number_with_unit(n: int, unit: str) -> None:
    text = f"{grouped(n, '.')} {unit}"
    parsed = parse_target(text)
    assert parsed.text == text
    assert parsed.value == n
    assert parsed.unit == unit


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99))
def test_percentages_stay_in_range(whole: int, cents: int) -> None:
    parsed = parse_target(f"{whole},{cents:02d} %")
    assert parsed.value == pytest.approx(whole + cents / 100)
    assert parse_target("1.500 %").value == 1.5


@pytest.mark.parametrize("text", [
    "7.201 Koleksi dan 28 Naskah", "5 Jenis dan 125 Orang", "80 - 85 %", "5,7-6,6", "80 s.d. 85",
])
def test_compound_and_range_targets_have_no_value(text: str) -> None:
    parsed = parse_target(text)
    assert parsed.value is None and parsed.unit is None and parsed.text == text


@pytest.mark.parametrize("text", ["WTP", "A", "BB", "Tepat Waktu", "Informatif"])
def test_grades_and_opinions_are_text_targets(text: str) -> None:
    assert parse_target(text) == (text, None, None, False)


def test_target_examples() -> None:
    assert parse_target("85,5 %")[:3] == ("85,5 %", 85.5, "%")
    assert parse_target("88/100.000 KH")[:3] == ("88/100.000 KH", 88, "/100.000 KH")
    assert parse_target("0,56")[:3] == ("0,56", 0.56, None)
    assert parse_target("12.600\nlembar")[:3] == ("12.600 lembar", 12600, "lembar")


def test_ocr_percent_repairs() -> None:
    assert fix_ocr_percent("85 o/o") == "85 %"
    assert fix_ocr_percent("60 Yo") == "60 %"
    assert fix_ocr_percent("95 Ya") == "95 %"
    assert fix_ocr_percent("Padi (Yo)") == "Padi (%)"
    assert fix_ocr_percent("85 96", percent_expected=True) == "85%"
    assert fix_ocr_percent("85 96") == "85 96"
    assert parse_target("65,45 Yo")[:3] == ("65,45 %", 65.45, "%")


def test_units() -> None:
    assert normalize_unit_cell(" Yo ") == "%"
    assert normalize_unit_cell("Dokumen") == "Dokumen"
    assert normalize_unit_cell("  ") is None
    assert unit_from_indicator("Jumlah produksi yang dihasilkan (ton)") == "ton"
    assert unit_from_indicator("Persentase desa (%)") == "%"
    assert unit_from_indicator("Nasional Perpustakaan (SNP)") is None
    assert unit_from_indicator("Jumlah kawasan usaha (kabupaten/kota)") == "kabupaten/kota"
    assert unit_from_indicator("Brucellosis (Prevalensi/%)") == "%"
    assert unit_from_indicator("Wisata (West Java Night)") is None
    assert unit_from_indicator("Pelayanan (6 UPT)") is None
    assert unit_from_indicator("Avian Influenza (Al)") is None
    assert unit_from_indicator("Indeks Pembangunan Keluarga (iBangga)") is None  # a name in mixed case
    assert unit_from_indicator("Rasio petugas (Orang/Desa)") == "Orang/Desa"
    assert unit_code("Persen") == "PERCENT"
    assert unit_code("per 1.000 KH") == "RATE"


@pytest.mark.parametrize(("text", "expected"), [
    ("1. Program Pengembangan", "Program Pengembangan"),
    ("1.1. Persentase", "Persentase"),
    ("a. Padi", "Padi"),
    ("- Kegiatan Promosi", "Kegiatan Promosi"),
    ("10.Pembinaan Pelayanan", "Pembinaan Pelayanan"),
    ("b.Ratio kematian bayi", "Ratio kematian bayi"),
    ("\uf0b7 Tingkat kepuasan", "Tingkat kepuasan"),
    ("e Dokumen Perencanaan", "Dokumen Perencanaan"),
    ("0.0.0.0. Prosentase data", "Prosentase data"),
    ("1411 Jumlah kelembagaan peternakan", "Jumlah kelembagaan peternakan"),
    ("111.21 Jumlah kelompok", "Jumlah kelompok"),
    (". Melaksanakan supervisi", "Melaksanakan supervisi"),
    ("Pencetakan 100.000 Wirausaha", "Pencetakan 100.000 Wirausaha"),
])
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Persentase arsip sesuai standar (96)", "Persentase arsip sesuai standar (%)"),
    ("Persentase capaian SPM (6)", "Persentase capaian SPM (%)"),
    ("Persentase capaian SPM (So)", "Persentase capaian SPM (%)"),
    ("Jumlah UPT yang dibina (6)", "Jumlah UPT yang dibina (6)"),
    ("Persentase desa (6 desa) terlayani", "Persentase desa (6 desa) terlayani"),
])
def test_percent_indicator_closing_percent_as_ocr_reads_it(text: str, expected: str) -> None:
    from extractor.rules.normalize import fix_ocr_percent_indicator

    assert fix_ocr_percent_indicator(text) == expected


def test_ocr_ruling_dash_before_numbering_is_stripped() -> None:
    assert strip_numbering("—|2.1. Persentase arsip") == "Persentase arsip"
    assert strip_numbering("Persentase | arsip") == "Persentase | arsip"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Rp. 2.641.640.000.000,-", 2641640000000, "Rp"),
    ("Rp 1.250.000,00", 1250000, "Rp"),
    ("Level 3 (Terdefinisi)", 3.0, "Level"),
    ("Indeks 3,5", 3.5, "Indeks"),
    ("Tahun 2024", None, None),
    ("B (65)", 65.0, None),
    ("BB (75,5)", 75.5, None),
    ("X (65)", None, None),
])
def test_money_grade_score_and_unit_before_number_targets(text: str, value: float | None,
                                                           unit: str | None) -> None:
    parsed = parse_target(text)
    assert (parsed.value, parsed.unit) == (value, unit)


def test_punctuation_speck_after_a_target_is_dropped() -> None:
    assert parse_target("65 .").text == "65"
    assert parse_target("3 Dokumen ;").text == "3 Dokumen"

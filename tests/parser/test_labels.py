"""Labels, roles, names and units read from printed (and OCR-damaged) text."""

from __future__ import annotations

import pytest

from extractor.parse.labels import is_nip_line, is_rank_line, match_label, role_of
from extractor.parse.metadata import (
    government_of,
    organization_from_position,
    sub_unit_from_position,
    title_case,
    title_year,
)
from tests.parser.pages import lines_of


@pytest.mark.parametrize(("printed", "key"), [
    ("Nama", "name"), ("NAMA", "name"), ("Nama .", "name"), ("Narna", "name"),
    ("NIP", "nip"), ("NlP", "nip"), ("N1P", "nip"),
    ("Jabatan", "position"), ("Jabatan 1", "position"), ("Jabalan", "position"),
    ("Pangkat/Gol.", "rank"), ("Pangkat / Golongan", "rank"), ("Pangkat", "rank"),
    ("1. Nama", "name"), ("a. Jabatan", "position"), ("2) NIP", "nip"),
])
def test_field_labels_survive_ocr_damage(printed: str, key: str) -> None:
    found = match_label(printed)
    assert found is not None and found[0] == key


@pytest.mark.parametrize("printed", ["Dalam rangka", "Program", "Selanjutnya disebut", "Target"])
def test_other_words_are_not_labels(printed: str) -> None:
    assert match_label(printed) is None


@pytest.mark.parametrize(("text", "role"), [
    ("Selanjutnya disebut PIHAK PERTAMA", "first"),
    ("selanjutnya disebut pihak KESATU", "first"),
    ("Selaku atasan PIHAK KESATU, selanjutnya disebut PIHAK KEDUA", "second"),
    ("PIHAK KEDUA,", "second"),
    ("PlHAK PERTAMA", "first"),
    ("Pejabat Penilai Kinerja", "second"),
])
def test_party_roles(text: str, role: str) -> None:
    assert role_of(text) == role


def test_rank_and_nip_lines() -> None:
    assert is_rank_line("Pembina Utama Muda")
    assert is_rank_line("PenataTk.I")
    assert is_rank_line("IV/c")
    assert not is_rank_line("Penatausahaan Keuangan Daerah dan Pengelolaan Aset Milik Daerah Provinsi")
    assert is_nip_line("NIP. 19700101 199003 1 005")
    assert is_nip_line("19700101 199003 1 005")
    assert not is_nip_line("Rp. 1.250.000.000,-")


@pytest.mark.parametrize(("position", "organization", "sub_unit"), [
    ("KEPALA DINAS KESEHATAN PROVINSI JAWA TENGAH", "Dinas Kesehatan", None),
    ("Kepala Badan Perencanaan Pembangunan Daerah", "Badan Perencanaan Pembangunan Daerah", None),
    ("INSPEKTUR KABUPATEN KENDAL", "Inspektorat", None),
    ("DIREKTUR RUMAH SAKIT UMUM DAERAH KOTA METRO", "Rumah Sakit Umum Daerah", None),
    ("Kepala Sub Bagian Umum pada Dinas Peternakan Provinsi Jawa Timur", "Dinas Peternakan",
     "Sub Bagian Umum"),
    ("KEPALA SEKSI PROMOSI DAN INFORMASI", None, "Seksi Promosi dan Informasi"),
    ("KEPALA BIDANG PENGEMBANGAN SDM", None, "Bidang Pengembangan SDM"),
    ("Kepala Sub Bag Perencanaan dan Program", None, "Sub Bagian Perencanaan dan Program"),
    ("Inspektur", "Inspektorat", None),
    ("Plt. INSPEKTUR KOTA METRO", "Inspektorat", None),
    ("Inspektur Jenderal", "Inspektorat Jenderal", None),
    ("Camat Kendal Kota", "Kecamatan Kendal Kota", None),
    ("Asisten Pemerintahan dan Kesejahteraan Rakyat", "Sekretariat Daerah", None),
    ("Sekretaris Daerah Kabupaten Kendal", "Sekretariat Daerah", None),
    ("Direktur Jenderal Perdagangan Dalam Negeri", "Direktorat Jenderal Perdagangan Dalam Negeri", None),
    ("Sekretaris Dinas Kesehatan", "Dinas Kesehatan", "Sekretariat"),
])
def test_organization_and_sub_unit_from_position(position: str, organization: str | None,
                                                 sub_unit: str | None) -> None:
    assert organization_from_position(position) == organization
    assert sub_unit_from_position(position) == sub_unit


def test_regional_head_position_gives_the_government() -> None:
    government = "Pemerintah Kabupaten Kendal"
    assert organization_from_position("BUPATI KENDAL", government) == government


@pytest.mark.parametrize(("text", "government"), [
    ("PEMERINTAH KABUPATEN KENDAL", "Pemerintah Kabupaten Kendal"),
    ("DINAS KESEHATAN PROVINSI JAWA TENGAH", "Pemerintah Provinsi Jawa Tengah"),
    ("GUBERNUR MALUKU UTARA", "Pemerintah Provinsi Maluku Utara"),
    ("Bupati Grobogan", "Pemerintah Kabupaten Grobogan"),
    ("WALI KOTA METRO", "Pemerintah Kota Metro"),
    ("KEMENTERIAN PERDAGANGAN", "Kementerian Perdagangan"),
    ("Jalan Raya Kendal KM 1 Kabupaten Kendal Provinsi Jawa Tengah", "Pemerintah Kabupaten Kendal"),
    ("07/01/2020 15:05 FAX 0271 001455 PEMERINTAH KABUPATEN GARUT P.001/002", "Pemerintah Kabupaten Garut"),
])
def test_government_of(text: str, government: str) -> None:
    assert government_of(text) == government


def test_title_case_keeps_acronyms_and_lowercase_connectors() -> None:
    assert title_case("DINAS PARIWISATA DAN KEBUDAYAAN") == "Dinas Pariwisata dan Kebudayaan"
    assert title_case("SEKRETARIAT DPRD") == "Sekretariat DPRD"
    assert title_case("Dinas Tata Ruang") == "Dinas Tata Ruang"


@pytest.mark.parametrize(("lines", "year"), [
    (["PERJANJIAN KINERJA TAHUN 2024"], 2024),
    (["PERJANJIAN KINERJA", "TAHUN ANGGARAN 2016"], 2016),
    (["PERJANJIAN KINERJA TA. 2019"], 2019),
    (["PERJANJIAN KINERJA", "2021"], 2021),
    (["RENSTRA TAHUN 2021-2026", "PERJANJIAN KINERJA TAHUN 2023"], 2023),
])
def test_title_year(lines: list[str], year: int) -> None:
    found = title_year(lines_of(lines))
    assert found is not None and found[0] == year


def test_title_year_survives_ocr_letters() -> None:
    found = title_year(lines_of(["PERJANJIAN KINERJA TAHUN 2O16"]))
    assert found is not None and found[0] == 2016


def test_party_block_value_on_the_line_below_its_label() -> None:
    from extractor.layout import build_lines
    from extractor.parse.officials import find_party_blocks
    from tests.parser.pages import page_of

    page = page_of([
        [(72, "Nama"), (160, ":")],
        [(170, "Drs. AGUS SETIAWAN, M.Si")],
        [(72, "Jabatan"), (160, ":"), (170, "Kepala Bidang Anggaran")],
        [(72, "selanjutnya disebut PIHAK PERTAMA")],
    ])
    [block] = find_party_blocks(build_lines(page))
    assert block.role == "first" and not block.role_inferred
    assert block.name is not None and block.name.text == "Drs. AGUS SETIAWAN, M.Si"
    assert block.position is not None and block.position.text == "Kepala Bidang Anggaran"


def test_signature_columns_labelled_by_appraisal_roles() -> None:
    from extractor.layout import build_lines
    from extractor.parse.signatures import find_signatures
    from tests.parser.pages import page_of

    page = page_of([
        [(330, "Kendal, 2 Januari 2024")],
        [(90, "Pegawai Yang Dinilai,"), (330, "Pejabat Penilai Kinerja,")],
        [], [], [],
        [(90, "RUDI HARTONO, S.Kom"), (330, "Dra. SITI AMINAH, M.Si")],
        [(90, "Penata (III/c)"), (330, "Pembina (IV/a)")],
        [(90, "NIP. 19850101 201001 1 002"), (330, "NIP. 19700505 199503 2 001")],
    ])
    signers = {s.role: s for s in find_signatures(build_lines(page), 595.0)}
    assert not signers["first"].role_inferred and not signers["second"].role_inferred
    assert signers["first"].name is not None and signers["first"].name.text == "RUDI HARTONO, S.Kom"
    assert signers["second"].name is not None and signers["second"].name.text == "Dra. SITI AMINAH, M.Si"

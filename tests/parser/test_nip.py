"""NIP reading: spaced, dotted and OCR-damaged forms give the 18 digits; structure checks flag bad ones."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from extractor.rules.nip import decode_nip, nip_digits, repair_nip


@st.composite
def valid_nips(draw: st.DrawFn) -> str:
    birth = draw(st.dates(dt.date(1955, 1, 1), dt.date(1995, 12, 31)))
    tmt_year = draw(st.integers(birth.year + 19, min(birth.year + 40, 2020)))
    tmt_month = draw(st.integers(1, 12))
    gender = draw(st.sampled_from("12"))
    sequence = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}{sequence:03d}"


def grouped(nip: str, sep: str = " ") -> str:
    return sep.join((nip[:8], nip[8:14], nip[14], nip[15:]))


@given(valid_nips(), st.sampled_from(["NIP. ", "NIP ", "NIP : ", "NIP.", ""]),
       st.sampled_from([" ", "  ", "."]))
def test_printed_forms_decode_to_the_digits(nip: str, label: str, sep: str) -> None:
    digits, fixed = nip_digits(label + grouped(nip, sep))
    assert digits == nip
    assert not fixed
    info = decode_nip(digits, 2024)
    assert info.valid, info.problems
    assert info.birth_date == dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    assert info.gender == int(nip[14])


@given(valid_nips())
def test_ocr_letters_in_digit_groups_are_fixed(nip: str) -> None:
    damaged = grouped(nip).replace("0", "O").replace("1", "l")
    digits, fixed = nip_digits("NlP. " + damaged)
    assert digits == nip
    assert fixed == (damaged != grouped(nip))


def test_stray_letter_inside_a_group_is_dropped() -> None:
    assert nip_digits("19620927n199103 1 004")[0] == "196209271991031004"


def test_odd_grouping_still_gives_18_digits() -> None:
    assert nip_digits("NIP.19590428 1981031 005")[0] == "195904281981031005"
    assert nip_digits("19650928 199010 1001")[0] == "196509281990101001"


def test_structural_problems_are_named() -> None:
    assert "nip_length" in decode_nip("1971101181997031007").problems
    assert "nip_birthdate_invalid" in decode_nip("196608841990031006").problems
    assert "nip_gender_digit" in decode_nip("196608141990033006").problems
    assert "nip_sequence_zero" in decode_nip("196608141990031000").problems
    assert "nip_tmt_invalid" in decode_nip("196608141990131006").problems
    assert decode_nip("199005122022212001").is_pppk


def test_repair_finds_the_single_confusion() -> None:
    # Birth day 84 is impossible; 8 read for 0 gives day 04, the only one-digit repair that validates.
    assert repair_nip("196608841990031006") in {"196608041990031006", None}
    assert repair_nip("196608141990031006") is None or decode_nip("196608141990031006").valid

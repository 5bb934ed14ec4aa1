"""Validation rules (pk-domain.md §8.2) as reason codes on the fields they concern."""

from __future__ import annotations

import pytest

from extractor.rules.lexicon import rank_parts
from extractor.validate import validate
from models.agreement import Agreement, Party, ProgramRow, TargetRow
from models.document import Mark
from models.extracted import Field


def target(indicator: str, value: float | None, unit: str | None) -> TargetRow:
    return TargetRow(indicator=Field[str](value=indicator, confidence=0.9),
                     target=Field[str](value=f"{value} {unit or ''}".strip(), confidence=0.9),
                     target_value=Field[float](value=value, confidence=0.9),
                     unit=Field[str](value=unit, confidence=0.9))


def party_with_rank(rank: str) -> Party:
    return Party(name=Field[str](value="BUDI, S.T.", confidence=0.9),
                 rank=Field[str](value=rank, confidence=0.9))


@pytest.mark.parametrize(("printed", "parts"), [
    ("Pembina Utama Muda (IV/c)", ("pembina utama muda", "IV/c")),
    ("Pembina Tk. I, IV/b", ("pembina tingkat i", "IV/b")),
    ("PembinaTk. I", ("pembina tingkat i", None)),
    ("Gol. lV/c", (None, "IV/c")),
    ("Pembina U adya, IV/d", None),
    ("Penata Tingkat I / NILd", None),
])
def test_printed_ranks_split_into_pangkat_and_golongan(printed: str, parts):
    assert rank_parts(printed) == parts


def test_rank_reasons():
    agreement = Agreement(first_party=party_with_rank("Pembina U adya, IV/d"),
                          second_party=party_with_rank("Pembina Utama Muda (IV/d)"))
    validate(agreement)
    assert "rank_unknown" in agreement.first_party.rank.reasons
    assert agreement.second_party.rank.reasons == ["rank_mismatch"]
    fine = Agreement(first_party=party_with_rank("Penata Tk. I / III.d"))
    validate(fine)
    assert fine.first_party.rank.reasons == []


def test_targets_out_of_their_units_range():
    rows = [target("Persentase jalan mantap", 975, "%"), target("Pertumbuhan ekonomi", 120, "%"),
            target("Level Maturitas SPIP", 7, "Level"), target("Angka Kematian Bayi", 12.5, "per 1.000 KH"),
            target("Persentase layanan", 97.5, "%")]
    agreement = Agreement(performance_targets=rows)
    validate(agreement)
    flagged = [bool(row.target_value.reasons) for row in rows]
    assert flagged == [True, False, True, False, False]
    assert rows[0].target.reasons == ["target_out_of_range"]


def test_rows_no_real_row_could_be():
    rows = [target("~Rabies", 14, "kasus"), target("Jumlah kasus penyakit", 29, "(A)"),
            target("\"Indeks Kepuasan\" Masyarakat", 80, "Indeks")]
    programs = [ProgramRow(name=Field[str](value="26", confidence=0.9)),
                ProgramRow(name=Field[str](value="Program Penunjang Urusan", confidence=0.9))]
    agreement = Agreement(performance_targets=rows, programs=programs)
    validate(agreement)
    assert rows[0].indicator.reasons == ["row_suspect"] and rows[1].indicator.reasons == []
    assert rows[1].unit.reasons == ["unit_suspect"] and rows[0].unit.reasons == []
    assert rows[2].indicator.reasons == []
    assert [p.name.reasons for p in programs] == [["row_suspect"], []]


def test_a_total_that_does_not_add_up_casts_doubt_on_every_amount():
    programs = [ProgramRow(name=Field[str](value=f"Program {n}", confidence=0.9),
                           budget=Field[int](value=amount, confidence=0.9))
                for n, amount in (("Satu", 950_000_060), ("Dua", 50_000_000))]
    agreement = Agreement(programs=programs, total_budget=Field[int](value=1_000_000_000, confidence=0.9))
    validate(agreement)
    assert agreement.total_budget.reasons == ["sum_mismatch"]
    assert all(p.budget.reasons == ["in_mismatched_sum"] for p in programs)


def test_fields_under_a_stamp():
    name = Field[str](value="BUDI, S.T.", confidence=0.9, page=2, bbox=(300, 500, 420, 512))
    nip = Field[str](value="197001011990031001", confidence=0.9, page=2, bbox=(300, 530, 430, 542))
    elsewhere = Field[str](value="BUDI, S.T.", confidence=0.9, page=1, bbox=(300, 500, 420, 512))
    agreement = Agreement(first_party=Party(name=name, nip=nip),
                          second_party=Party(name=elsewhere))
    validate(agreement, {1: [], 2: [Mark(bbox=(280, 470, 380, 520))]})
    assert name.reasons == ["stamp_overlap"]
    assert nip.reasons == [] and elsewhere.reasons == []

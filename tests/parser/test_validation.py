"""Validation rules (pk-domain.md §8.2) as reason codes on the fields they concern."""

from __future__ import annotations

import pytest

from extractor.rules.lexicon import rank_parts
from extractor.scoring.validate import validate
from extractor.tables.amounts import amount_doubt
from extractor.tables.doubt import budget_short
from extractor.tables.fields import suspicion
from extractor.tables.target_rows import doubt_decimal_points
from models.agreement import Agreement, Party, ProgramRow, TargetRow
from models.document import Mark, Word
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


def quarterly(annual: str, quarters: list[str]) -> TargetRow:
    row = target("Tingkat Gemar Membaca", None, "Nilai")
    row.target = Field[str](value=annual, confidence=0.9)
    row.quarterly_targets = [Field[str](value=q, confidence=0.9) for q in quarters]
    return row


def test_a_quarter_or_target_that_lost_its_decimal_comma_is_doubted():
    lost = quarterly("748", ["18,7", "37,4", "56,1", "748"])
    cumulative = quarterly("100", ["25", "50", "75", "100"])
    summed = quarterly("15", ["1,5", "2", "2,5", "9"])
    validate(Agreement(performance_targets=[lost, cumulative, summed]))
    assert lost.target.reasons == ["target_out_of_range"] and lost.target_value.reasons
    assert [bool(q.reasons) for q in lost.quarterly_targets] == [False, False, False, True]
    assert not any(f.reasons for row in (cumulative, summed) for f in [row.target, *row.quarterly_targets])


def test_rows_no_real_row_could_be():
    rows = [target("~Rabies", 14, "kasus"), target("Jumlah kasus penyakit", 29, "(A)"),
            target("\"Indeks Kepuasan\" Masyarakat", 80, "Indeks")]
    caption = TargetRow(indicator=Field[str](value="Produktivitas Ternak", confidence=0.9))
    no_target = TargetRow(indicator=Field[str](value="Jumlah arsip", confidence=0.9),
                          target=Field[str](value=None, raw="-", confidence=0.9))
    rows += [caption, no_target]
    programs = [ProgramRow(name=Field[str](value="26", confidence=0.9)),
                ProgramRow(name=Field[str](value="Program Penunjang Urusan", confidence=0.9))]
    agreement = Agreement(performance_targets=rows, programs=programs)
    validate(agreement)
    assert rows[1].indicator.reasons == [] and rows[1].unit.reasons == ["unit_suspect"]
    assert rows[2].indicator.reasons == []
    # a row that should not exist: every value in it is doubted, its target as much as its name
    assert all(f.reasons == ["row_suspect"] for f in (rows[0].indicator, rows[0].target,
                                                      rows[0].target_value, rows[0].unit))
    assert caption.indicator.reasons == ["row_suspect"], "an empty target cell: a caption, not a row"
    assert no_target.indicator.reasons == [], "a printed '-' is a row without a target"
    assert programs[0].name.reasons == ["row_suspect"] and programs[0].budget.reasons == ["row_suspect"]
    assert programs[1].name.reasons == [] and programs[1].budget.reasons == []


def test_a_total_that_does_not_add_up_casts_doubt_on_every_amount():
    programs = [ProgramRow(name=Field[str](value=f"Program {n}", confidence=0.9),
                           budget=Field[int](value=amount, confidence=0.9))
                for n, amount in (("Satu", 950_000_060), ("Dua", 50_000_000))]
    agreement = Agreement(programs=programs, total_budget=Field[int](value=1_000_000_000, confidence=0.9))
    validate(agreement)
    assert agreement.total_budget.reasons == ["sum_mismatch"]
    assert all(p.budget.reasons == ["in_mismatched_sum"] for p in programs)


def text_target(indicator: str, printed: str) -> TargetRow:
    return TargetRow(indicator=Field[str](value=indicator, confidence=0.9),
                     target=Field[str](value=printed, confidence=0.9))


@pytest.mark.parametrize(("printed", "unlike"), [
    ("1.", True), ("a)", True), ("Target sebesar", True), ("Satuan", True),
    ("85,5 %", False), ("WTP", False), ("A", False), ("Informatif", False), ("Sebesar 80%", False),
    ("Melaksanakan Perayaan HAORNAS", False),
])
def test_a_target_cell_holding_no_target_is_doubted(printed: str, unlike: bool):
    row = text_target("Persentase layanan", printed)
    validate(Agreement(performance_targets=[row]))
    assert ("target_unlike" in row.target.reasons) is unlike
    assert ("target_unlike" in row.target_value.reasons) is unlike


def test_an_indicator_that_is_a_paragraph_or_a_heading_is_doubted():
    paragraph = " ".join(["kata"] * 45)
    rows = [text_target(paragraph, "80 %"), text_target("Indikator Kinerja", "80 %"),
            text_target("Persentase perangkat daerah dengan nilai SAKIP minimal BB", "80 %")]
    validate(Agreement(performance_targets=rows))
    assert [("indicator_unlike" in row.indicator.reasons) for row in rows] == [True, True, False]


def test_a_total_above_its_rows_is_a_table_doubt_and_sen_cut_off_are_not():
    def programs(*amounts: int) -> list[ProgramRow]:
        return [ProgramRow(name=Field[str](value=f"Program {n}", confidence=0.9),
                           budget=Field[int](value=amount, confidence=0.9, page=3))
                for n, amount in enumerate(amounts)]

    total = Field[int](value=1_000_000_000, confidence=0.9, page=3)
    short = budget_short(programs(600_000_000, 150_000_000), total)
    assert short is not None and short.code == "table_doubt" and short.page == 3
    assert budget_short(programs(600_000_000, 399_999_998), total) is None, "two rows' sen cut off"
    assert budget_short(programs(600_000_000, 450_000_000), total) is None, "a misread digit, not a loss"
    agreement = Agreement(programs=programs(600_000_000, 399_999_998), total_budget=total)
    validate(agreement)
    assert agreement.total_budget.reasons == []


def test_fields_under_a_stamp():
    name = Field[str](value="BUDI, S.T.", confidence=0.9, page=2, bbox=(300, 500, 420, 512))
    nip = Field[str](value="197001011990031001", confidence=0.9, page=2, bbox=(300, 530, 430, 542))
    elsewhere = Field[str](value="BUDI, S.T.", confidence=0.9, page=1, bbox=(300, 500, 420, 512))
    agreement = Agreement(first_party=Party(name=name, nip=nip),
                          second_party=Party(name=elsewhere))
    validate(agreement, {1: [], 2: [Mark(bbox=(280, 470, 380, 520))]})
    assert name.reasons == ["stamp_overlap"]
    assert nip.reasons == [] and elsewhere.reasons == []


def test_fields_beside_ink_ocr_left_unread():
    """scan11: the second line of a sasaran ("dan kinerja pemerintah daerah") was never read."""
    objective = Field[str](value="Meningkatnya akuntabilitas keuangan", confidence=0.9, page=2,
                           bbox=(97, 279, 241, 288))
    below = Field[str](value="Meningkatnya tata kelola", confidence=0.9, page=2, bbox=(97, 314, 194, 323))
    beside = Field[str](value="Level Kapabilitas APIP", confidence=0.9, page=2, bbox=(259, 279, 349, 288))
    printed = Field[str](value="3 Level", raw="3 Level", confidence=0.9)
    rows = [TargetRow(objective=objective, indicator=beside, target=printed),
            TargetRow(objective=below, target=printed)]
    agreement = Agreement(performance_targets=rows)
    validate(agreement, unread={2: [(91, 288, 218, 302)]})
    assert objective.reasons == ["text_unread"]
    assert below.reasons == [] and beside.reasons == []
    validate(Agreement(performance_targets=[TargetRow(objective=below, target=printed)]),
             unread={1: [(91, 288, 218, 302)]})
    assert below.reasons == []


def ocr_words(text: str, source: str = "ocr") -> list[Word]:
    return [Word(text=token, bbox=(0, 0, 10, 10), confidence=0.95, source=source) for token in text.split()]


@pytest.mark.parametrize(("text", "numeric", "reasons"), [
    ("12.5", True, []),                           # decided for the whole table (below)
    ("68.56 %", False, []),
    ("Kinerja dan 7 Keuangan", False, ["stray_mark"]),
    ("Jumlah fasilitasi “pemasaran peternakan", False, ["stray_mark"]),   # a quote never closed
    ("Jumlah “Kampung KB” aktif", False, []),
    ("Tahun 2024 dan 2025", False, []),
])
def test_ocr_readings_a_print_would_not_show(text: str, numeric: bool, reasons: list[str]):
    assert suspicion(ocr_words(text), numeric=numeric) == reasons
    assert suspicion(ocr_words(text, source="text"), numeric=numeric) == []


@pytest.mark.parametrize(("amount", "doubted"), [(950_000_060, True), (125_000_500, True),
                                                 (950_000_000, False), (1_048_322_500, False)])
def test_an_amount_with_one_speck_after_its_zeros_is_doubted(amount: int, doubted: bool):
    expected = ["amount_suspect"] if doubted else []
    assert amount_doubt(amount, ocr_words(f"{amount:,}".replace(",", "."))) == expected
    assert amount_doubt(amount, ocr_words(str(amount), source="text")) == []


def test_a_decimal_point_is_doubted_only_where_the_table_prints_decimal_commas():
    def row(raw: str) -> TargetRow:
        return TargetRow(indicator=Field[str](value="Indeks", confidence=0.9),
                         target=Field[str](value=raw, raw=raw, confidence=0.9),
                         target_value=Field[float](value=1.0, confidence=0.9))
    mixed = [(True, row("79,61")), (True, row("12.5")), (True, row("68.56 %")), (True, row("1.250")),
             (False, row("3.45"))]
    doubt_decimal_points(mixed)
    assert [r.target.reasons for _ocr, r in mixed] == [[], ["decimal_point"], ["decimal_point"], [], []]
    assert mixed[1][1].target_value.reasons == ["decimal_point"]
    points = [(True, row("89.16%")), (True, row("72.00%")), (True, row("12"))]
    doubt_decimal_points(points)
    assert all(not r.target.reasons and not r.target_value.reasons for _ocr, r in points)


def program(name: str, budget: int | None) -> ProgramRow:
    return ProgramRow(name=Field[str](value=name, confidence=0.99),
                      budget=Field[int](value=budget, confidence=0.99 if budget else 0.9))


def test_a_program_without_the_amount_the_others_have_is_unread_unless_a_total_explains_it():
    rows = [program("Program Penunjang Urusan", 3_123_285_000), program("Program Pendidikan", None),
            program("Program Jalan", 6_773_229_000)]
    unread = Agreement(programs=rows, total_budget=Field[int](value=30_930_929_000, confidence=0.99))
    validate(unread)
    assert unread.programs[1].budget.reasons == ["amount_unread"]
    explained = Agreement(programs=[r.model_copy(deep=True) for r in rows],
                          total_budget=Field[int](value=9_896_514_000, confidence=0.99))
    for row in explained.programs:
        row.budget.reasons.clear()
    validate(explained)
    assert explained.programs[1].budget.reasons == []


def test_a_heading_of_a_list_that_mixes_levels_may_carry_no_amount():
    agreement = Agreement(programs=[program("Program Pemasaran Pariwisata", None),
                                    program("Kegiatan Promosi Pariwisata", 1_566_340_000),
                                    program("Kegiatan Sarana Promosi", 1_438_357_750)])
    validate(agreement)
    assert agreement.programs[0].budget.reasons == []

"""Two signed copies of one PK in one file are one agreement, each copy a second reading of the other."""

from __future__ import annotations

import json

from extractor.options import ExtractOptions
from extractor.parse.copies import merge_copies
from extractor.pipeline import extract
from models.agreement import Agreement, Party, TargetRow
from models.extracted import Field
from tests.conftest import SAMPLES

DUPLICATE_SCAN = SAMPLES / "corpus" / "structure" / "st17_fp_dup.pdf"


def agreement(pages: list[int], target: str, confidence: float, revision: bool = False) -> Agreement:
    def text(value: str) -> Field[str]:
        return Field[str](value=value, confidence=confidence)

    return Agreement(
        pages=pages, year=Field[int](value=2024, confidence=0.9),
        is_revision=Field[bool](value=revision, confidence=0.9),
        first_party=Party(name=text("Dr. Contoh Nama, M.Kes")),
        second_party=Party(name=text("Ir. Nama Lain")),
        performance_targets=[TargetRow(indicator=text("Persentase layanan"), target=text(target)),
                             TargetRow(indicator=text("Indeks kepuasan"), target=text("80"))])


def test_a_second_copy_folds_into_the_first_keeping_the_surer_reading():
    first, second = agreement([1, 2], "97.596 \"", 0.4), agreement([3, 4], "97,5%", 0.9)
    merged = merge_copies([first, second])
    assert len(merged) == 1 and merged[0].pages == [1, 2, 3, 4]
    disputed, agreed = merged[0].performance_targets
    assert disputed.target.value == "97,5%" and "ocr_disputed" in disputed.target.reasons
    assert agreed.target.value == "80" and agreed.target.reasons == []


def test_a_revision_or_other_rows_are_no_copy():
    assert len(merge_copies([agreement([1, 2], "80", 0.9), agreement([3, 4], "80", 0.9, revision=True)])) == 2
    other = agreement([3, 4], "80", 0.9)
    other.performance_targets[1].indicator = Field[str](value="Jumlah dokumen perencanaan", confidence=0.9)
    assert len(merge_copies([agreement([1, 2], "80", 0.9), other])) == 2


def test_a_scan_holding_two_signed_copies_gives_one_agreement_with_each_row_once():
    truth = json.loads(DUPLICATE_SCAN.with_suffix("").with_suffix(".truth.json").read_text(encoding="utf-8"))
    result = extract(DUPLICATE_SCAN, ExtractOptions(workers=2))
    assert [a.pages for a in result.agreements] == [a["pages"] for a in truth["agreements"]] == [[1, 2, 3, 4]]
    indicators = [row.indicator.value for row in result.agreements[0].performance_targets]
    assert len(indicators) == len(truth["agreements"][0]["performance_targets"]) == len(set(indicators))

"""End to end on small PDFs drawn in the test: a bundle, a lampiran-only file, a regional head's PK, and a
document that is not a PK."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor.pipeline import extract
from tests.parser import pdfs


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parser_pdfs")


def test_bundle_splits_into_two_agreements(folder: Path) -> None:
    result = extract(pdfs.bundle_of_two(folder / "bundle.pdf"))
    assert [a.pages for a in result.agreements] == [[1, 2], [3, 4]]
    first, second = result.agreements
    assert first.year.value == 2024 and first.is_revision.value is False
    assert first.government.value == "Pemerintah Kabupaten Sukamaju"
    assert first.organization.value == "Dinas Kesehatan"
    assert first.sub_unit.value is None
    assert first.first_party is not None and first.second_party is not None
    assert first.first_party.name.value == pdfs.KADIS.name
    assert first.first_party.nip.value == pdfs.KADIS.nip.replace(" ", "")
    assert first.first_party.rank.value == pdfs.KADIS.rank
    assert first.first_party.position.value == pdfs.KADIS.position
    assert first.second_party.name.value == pdfs.HEAD.name
    assert first.second_party.nip.value is None
    assert first.signing_place.value == "Sukamaju"
    assert first.signing_date.value == dt.date(2024, 1, 15)
    assert second.first_party is not None and second.second_party is not None
    assert second.first_party.name.value == pdfs.KABID.name
    assert second.second_party.nip.value == pdfs.KADIS.nip.replace(" ", "")
    assert second.sub_unit.value == "Bidang Pelayanan Kesehatan"
    assert second.organization.value == "Dinas Kesehatan"
    assert second.signing_date.value is None and "date_blank" in second.signing_date.reasons
    assert second.signing_place.value == "Sukamaju"
    for agreement in result.agreements:
        name = agreement.first_party.name
        assert name.page in agreement.pages and name.bbox is not None and name.raw
        assert 0.8 <= name.confidence <= 1.0 and not name.needs_review


def test_lampiran_only_file_gives_one_agreement_per_signed_page(folder: Path) -> None:
    result = extract(pdfs.lampiran_only(folder / "lampiran.pdf"))
    assert [a.pages for a in result.agreements] == [[1], [2]]
    first, second = result.agreements
    assert first.first_party is not None and second.first_party is not None
    assert second.second_party is not None
    assert first.first_party.position.value == "KEPALA BIDANG PELAYANAN KESEHATAN"
    assert first.sub_unit.value == "Bidang Pelayanan Kesehatan"
    assert second.first_party.name.value == "SITI AMINAH, S.KM"
    assert second.first_party.rank.value == "Penata Tk. I"
    assert second.second_party.name.value == pdfs.KABID.name
    assert second.year.value == 2023
    assert second.signing_date.value is None and second.signing_place.value == "Sukamaju"


def test_regional_head_pk_has_a_single_signer(folder: Path) -> None:
    result = extract(pdfs.regional_head(folder / "bupati.pdf"))
    [agreement] = result.agreements
    assert agreement.second_party is None
    assert agreement.first_party is not None
    assert agreement.first_party.name.value == pdfs.HEAD.name
    assert agreement.first_party.nip.value is None and not agreement.first_party.nip.needs_review
    assert agreement.organization.value == "Pemerintah Kabupaten Sukamaju"
    assert agreement.signing_date.value == dt.date(2025, 2, 3)


def test_a_document_that_is_not_a_pk_yields_no_agreement(folder: Path) -> None:
    result = extract(pdfs.not_a_pk(folder / "foreword.pdf"))
    assert result.agreements == []
    assert [e.code for e in result.errors] == ["no_agreement"]


def test_cover_and_lampiran_before_the_statement_join_it(folder: Path) -> None:
    result = extract(pdfs.cover_then_lampiran_then_statement(folder / "cover.pdf"))
    [agreement] = result.agreements
    assert agreement.pages == [1, 2, 3]
    assert agreement.first_party is not None
    assert agreement.first_party.name.value == pdfs.KADIS.name
    assert agreement.first_party.name.page == 3  # the party block of the statement page comes first


def test_annexes_after_all_statements_pair_by_signer(folder: Path) -> None:
    result = extract(pdfs.statements_then_annexes(folder / "annexes_last.pdf"))
    assert [a.pages for a in result.agreements] == [[1, 4], [2, 3]]
    assert [a.first_party.name.value for a in result.agreements if a.first_party] == [
        pdfs.KADIS.name, pdfs.KABID.name]


def test_prose_pages_before_a_pk_are_no_part_of_it(tmp_path: Path) -> None:
    result = extract(pdfs.minutes_then_pk(tmp_path / "minutes.pdf"))
    assert [a.pages for a in result.agreements] == [[3, 4]]
    (agreement,) = result.agreements
    assert [row.indicator.value for row in agreement.performance_targets] == ["Angka kematian ibu"]


def test_running_text_that_names_table_words_is_prose_not_a_table_page(tmp_path: Path) -> None:
    from extractor.ingest.reader import read_pages
    from extractor.ingest.source import open_source
    from extractor.layout import build_lines
    from extractor.options import ExtractOptions
    from extractor.parse.segment import page_facts

    options = ExtractOptions()
    pages = read_pages(open_source(pdfs.minutes_then_pk(tmp_path / "minutes.pdf"), options), options).pages
    facts = [page_facts(p.number, build_lines(p), p.info.width) for p in pages]
    assert [(f.kind, f.prose) for f in facts] == [("other", True), ("other", True), ("statement", False),
                                                  ("lampiran", False)]

"""`apply_corrections` and value validation, on plain values: no database, no app."""

from __future__ import annotations

import datetime as dt

import pytest

from api.field_paths import InvalidChange, iter_fields, locate, validate_value
from api.records import (
    REEXTRACT_DISAGREES,
    Correction,
    apply_corrections,
    needs_review_count,
    to_public,
)
from tests.api.sample_records import sample_agreement

AT = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)


def correction(path: str, value: object, action: str = "corrected", run_id: int = 1,
               reviewer: str = "ana") -> Correction:
    return Correction(path=path, action=action, new_value=value, reviewer=reviewer, at=AT, run_id=run_id)


def test_corrections_win_and_leave_the_extraction_untouched() -> None:
    extracted = sample_agreement()
    record = apply_corrections(extracted, [correction("first_party.nip", "197001012000032001"),
                                           correction("programs.1.budget", 350_000_000)], run_id=1)
    nip = record.agreement.first_party.nip
    assert (nip.value, nip.needs_review, nip.reasons) == ("197001012000032001", False, [])
    assert nip.confidence == 1.0
    assert nip.raw == "19700101200003200" and nip.page == 1
    assert record.agreement.programs[1].budget.value == 350_000_000
    assert extracted.first_party.nip.value == "19700101200003200"
    assert record.meta["first_party.nip"].status == "corrected"
    assert record.meta["first_party.nip"].changed_by == "ana"


def test_the_last_correction_of_a_path_counts_and_confirmation_keeps_the_value() -> None:
    record = apply_corrections(sample_agreement(), [
        correction("organization", "Dinas A"), correction("organization", "Dinas B", reviewer="budi"),
        correction("year", 2024, action="confirmed")], run_id=1)
    assert record.agreement.organization.value == "Dinas B"
    assert record.meta["organization"].changed_by == "budi"
    assert record.agreement.year.value == 2024
    assert record.meta["year"].status == "confirmed"
    assert "organization" in record.meta and "government" not in record.meta


def test_review_flags_clear_only_on_fields_a_person_handled() -> None:
    extracted = sample_agreement()
    before = needs_review_count(apply_corrections(extracted, [], run_id=1))
    after = apply_corrections(extracted, [correction("first_party.rank", "Pembina", action="confirmed")], 1)
    assert before == 5
    assert needs_review_count(after) == before - 1


def test_reextraction_disagreeing_with_a_person_is_flagged_not_applied() -> None:
    newer_run = sample_agreement(organization="Dinas Kesehatan dan KB")
    corrections = [correction("organization", "Dinas Kesehatan", run_id=1),
                   correction("government", "Pemerintah Kabupaten Contoh", action="confirmed", run_id=1)]
    record = apply_corrections(newer_run, corrections, run_id=2)
    organization = record.agreement.organization
    assert organization.value == "Dinas Kesehatan"
    assert organization.needs_review and organization.reasons == [REEXTRACT_DISAGREES]
    assert not record.agreement.government.needs_review
    same_run = apply_corrections(newer_run, corrections[:1], run_id=1)
    assert not same_run.agreement.organization.needs_review


def test_a_reviewer_can_fill_a_missing_party_and_append_a_row() -> None:
    extracted = sample_agreement()
    extracted.second_party = None
    record = apply_corrections(extracted, [correction("second_party.name", "H. ALI"),
                                           correction("performance_targets.2.indicator", "Indeks baru"),
                                           correction("performance_targets.2.target", "10 %")], run_id=1)
    assert record.agreement.second_party.name.value == "H. ALI"
    assert record.agreement.second_party.nip.value is None
    assert record.agreement.performance_targets[2].target.value == "10 %"
    with pytest.raises(InvalidChange, match="no row 5"):
        locate(extracted.model_copy(deep=True), "programs.5.name", create=True)


@pytest.mark.parametrize(("path", "value", "reason"), [
    ("first_party.nip", "1970010120000320", "18 digits"),
    ("second_party.nip", "19700101 200003 2 001", "18 digits"),
    ("first_party.nip", 197001012000032001, "string of 18 digits"),
    ("programs.0.budget", "1.250.000", "whole number of rupiah"),
    ("programs.0.budget", 12.5, "whole number of rupiah"),
    ("total_budget", -5, "negative"),
    ("year", 1850, "between"),
    ("year", True, "whole number"),
    ("signing_date", "25/01/2024", "ISO date"),
    ("performance_targets.0.target_value", "85,5", "a number"),
    ("is_revision", "ya", "true or false"),
    ("organization", 42, "a string"),
])
def test_invalid_values_are_refused_with_a_reason(path: str, value: object, reason: str) -> None:
    with pytest.raises(InvalidChange, match=reason):
        validate_value(path, value)


@pytest.mark.parametrize(("path", "value", "expected"), [
    ("first_party.nip", "197001012000032001", "197001012000032001"),
    ("first_party.nip", None, None),
    ("programs.0.budget", 1_250_000_000, 1_250_000_000),
    ("signing_date", "2024-01-25", dt.date(2024, 1, 25)),
    ("performance_targets.1.target_value", 85, 85.0),
    ("performance_targets.0.quarterly_targets.0", "25 %", "25 %"),
])
def test_valid_values_are_normalised(path: str, value: object, expected: object) -> None:
    assert validate_value(path, value) == expected


@pytest.mark.parametrize("path", ["nope", "first_party", "first_party.nip.value", "programs.x.name",
                                  "programs.0", "pages.0", "performance_targets.²", "year.value"])
def test_paths_that_name_no_field_are_refused(path: str) -> None:
    with pytest.raises(InvalidChange):
        locate(sample_agreement(), path, create=True)


def test_public_record_gives_every_field_its_status() -> None:
    record = apply_corrections(sample_agreement(), [correction("performance_targets.1.target", "96 %")], 1)
    data = to_public(record)
    target = data["performance_targets"][1]["target"]
    assert (target["value"], target["status"], target["changed_by"]) == ("96 %", "corrected", "ana")
    assert target["changed_at"].startswith("2024-03-01T09:30")
    assert data["first_party"]["nip"]["status"] == "extracted"
    assert data["signing_date"]["value"] == "2024-01-02"
    paths = [path for path, _field in iter_fields(record.agreement)]
    assert len(paths) == len(set(paths)) == 9 + 2 * 4 + 2 * 5 + 2 * 3


def test_a_correction_a_later_run_has_no_row_for_stays_in_history_only() -> None:
    """A re-extraction that reads fewer rows than a person corrected must not break the record."""
    record = apply_corrections(sample_agreement(), [correction("performance_targets.7.target", "9 %"),
                                                    correction("organization", "Dinas B")], run_id=2)
    assert len(record.agreement.performance_targets) == 2
    assert record.agreement.organization.value == "Dinas B"


def test_undone_batches_and_removed_rows() -> None:
    """Undoing a save takes back all its entries; undoing the undo brings them back; a removed row stays
    in its list, out of the open fields."""
    def entry(path: str, action: str, batch: str, value: object = None) -> Correction:
        return Correction(path=path, action=action, new_value=value, reviewer="ana", at=AT, run_id=1,
                          batch=batch)

    confirm = [entry("first_party.rank", "confirmed", "a1", "Pembina Utama Muda (IV/c)"),
               entry("performance_targets.1.target", "confirmed", "a1", "95 %")]
    undo = [entry(c.path, "undone", "b2", "a1") for c in confirm]
    record = apply_corrections(sample_agreement(), confirm + undo, run_id=1)
    assert record.meta == {} and needs_review_count(record) == 5
    redo = [entry(c.path, "undone", "c3", "b2") for c in confirm]
    assert needs_review_count(apply_corrections(sample_agreement(), confirm + undo + redo, run_id=1)) == 3
    removal = [entry("performance_targets.1", "removed", "d4")]
    removed = apply_corrections(sample_agreement(), removal, run_id=1)
    assert len(removed.agreement.performance_targets) == 2 and needs_review_count(removed) == 3
    row = to_public(removed)["performance_targets"][1]
    assert (row["removed"], row["removed_by"]) == (True, "ana")

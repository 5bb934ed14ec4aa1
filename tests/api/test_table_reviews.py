"""Whole-table doubts (table_doubt, targets_missing) reach a reviewer, on SQLite and PostgreSQL: on the
agreement, in the review queue ahead of the fields, in the counts and filters, and leave the queue once
a person checked the table (an entry in the history that survives a re-extraction)."""

from __future__ import annotations

from typing import Any

from api.storage import documents
from models.document import Problem
from models.result import ExtractionResult
from tests.api.conftest import Api, store_run
from tests.api.pdfs import pk_pdf
from tests.api.sample_records import sample_agreement, sample_result

DOUBT_MESSAGE = ("A table on this page may hold rows that were not read, merged or split: its row numbers "
                 "skip.")
MISSING_MESSAGE = "A Perjanjian Kinerja was found but no performance target row was read."


def doubted_result(tag: str) -> ExtractionResult:
    """Two agreements: the first with a doubted table on its page 2, the second (pages 3-4) with no
    target row and nothing else flagged; plus a doubt on a page of neither."""
    first = sample_agreement(organization="Dinas Kesehatan")
    second = sample_agreement(organization="Dinas Sosial")
    second.pages = [3, 4]
    second.performance_targets = []
    for _path, field in _fields(second):
        field.needs_review, field.reasons = False, []
    result = sample_result(f"{tag}.pdf", "0" * 64, [first, second])
    result.errors = [Problem(code="table_doubt", page=2, message=DOUBT_MESSAGE),
                     Problem(code="targets_missing", page=3, message=MISSING_MESSAGE),
                     Problem(code="table_doubt", page=9, message=DOUBT_MESSAGE)]
    return result


def _fields(agreement: Any):  # type: ignore[no-untyped-def]
    from api.field_paths import iter_fields

    return list(iter_fields(agreement))


def seed(api: Api, tag: str, result: ExtractionResult) -> tuple[int, list[int]]:
    services = api.client.app.state.services
    document_id = store_run(services, pk_pdf(tag), f"{tag}.pdf", result)
    return document_id, api.get(f"/documents/{document_id}").json()["agreement_ids"]


def check(api: Api, agreement_id: int, version: str, keys: list[str]):  # type: ignore[no-untyped-def]
    return api.client.patch(f"/agreements/{agreement_id}", json={"checks": keys},
                            headers=api.headers("reviewer", **{"If-Match": version}))


def test_table_doubts_are_queued_shown_and_checked(idle_api: Api) -> None:
    api = idle_api
    document_id, (doubted, empty) = seed(api, "tables", doubted_result("tables"))

    tables = api.get(f"/agreements/{empty}").json()["tables"]
    assert [(t["key"], t["code"], t["page"], t["status"], t["tables"]) for t in tables] == [
        ("tables.targets_missing.3", "targets_missing", 3, "open", ["performance_targets"])]
    first = api.get(f"/agreements/{doubted}").json()["tables"]
    assert [(t["key"], t["details"], t["tables"]) for t in first] == [
        ("tables.table_doubt.2", ["numbering_gap"], ["performance_targets", "programs"])]
    assert first[0]["region"] == [72.0, 100.0, 300.0, 112.0]  # the rows read on that page

    summaries = {a["id"]: a for a in api.get("/agreements").json()["items"]}
    assert (summaries[empty]["needs_review_count"], summaries[empty]["open_tables"]) == (0, 1)
    assert empty in [a["id"] for a in api.get("/agreements", params={"needs_review": True}).json()["items"]]

    queue = api.get("/review-queue").json()
    kinds = [(item["kind"], item["path"]) for item in queue["items"]]
    assert kinds[:2] == [("table", "tables.table_doubt.2"), ("table", "tables.targets_missing.3")]
    assert all(kind == "field" for kind, _path in kinds[2:])
    assert queue["total"] == len(queue["items"]) == 2 + 5
    table_item = queue["items"][1]
    assert table_item["agreement_id"] == empty and table_item["document_id"] == document_id
    assert table_item["reasons"] == ["targets_missing"] and table_item["raw"] == MISSING_MESSAGE
    assert api.get("/review-queue", params={"kinds": "field"}).json()["total"] == 5
    only_tables = api.get("/review-queue", params={"reason": "targets_missing"}).json()
    assert [item["path"] for item in only_tables["items"]] == ["tables.targets_missing.3"]

    refused = check(api, empty, '"1"', ["tables.table_doubt.3"])
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["path"] == "tables.table_doubt.3"
    checked = check(api, empty, '"1"', ["tables.targets_missing.3"])
    assert checked.status_code == 200, checked.text
    assert checked.json()["version"] == 2 and checked.json()["tables"][0]["status"] == "checked"
    assert checked.json()["tables"][0]["checked_by"] == "reviewer-user"
    again = check(api, empty, '"2"', ["tables.targets_missing.3"])
    assert again.json()["version"] == 2 and again.json()["batch"] is None
    history = api.get(f"/agreements/{empty}/history").json()["items"]
    assert [(h["path"], h["action"], h["reviewer"]) for h in history] == [
        ("tables.targets_missing.3", "checked", "reviewer-user")]
    assert [item["path"] for item in api.get("/review-queue").json()["items"] if item["kind"] == "table"] == [
        "tables.table_doubt.2"]
    still_open = api.get("/agreements", params={"needs_review": True}).json()["items"]
    assert empty not in [a["id"] for a in still_open]
    progress = api.get("/review-progress").json()["documents"][0]
    assert (progress["tables_open"], progress["tables_checked"], progress["agreements_open"]) == (1, 1, 1)

    # A re-extraction that doubts the same table again keeps the person's check.
    services = api.client.app.state.services
    assert api.client.post(f"/documents/{document_id}/reextract", headers=api.headers()).status_code == 202
    claimed, token = documents.claim_next(services.sessions)
    with services.sessions.begin() as session:
        assert documents.finish(session, claimed, token, doubted_result("tables"), "test-2")
    tables = api.get(f"/agreements/{empty}").json()["tables"]
    assert [(t["key"], t["status"]) for t in tables] == [("tables.targets_missing.3", "checked")]


def test_agreements_kept_before_table_reviews_are_rebuilt_at_start(settings) -> None:  # type: ignore[no-untyped-def]
    """A database from before migration 0004: no table items, no extraction flags, no run_version.
    Opening the services fills them in."""
    from sqlalchemy import delete, update

    from api.services import open_services
    from api.storage.tables import AgreementRow, ReviewItemRow

    services = open_services(settings)
    try:
        store_run(services, pk_pdf("old"), "old.pdf", doubted_result("old"))
        with services.sessions.begin() as session:
            session.execute(delete(ReviewItemRow).where(ReviewItemRow.kind == "table"))
            session.execute(update(ReviewItemRow).values(extracted_flag=None))
            session.execute(update(AgreementRow).values(run_version=None, tables=None, open_tables=0))
    finally:
        services.close()
    services = open_services(settings)
    try:
        with services.reads.begin() as session:
            assert session.query(ReviewItemRow).filter_by(kind="table").count() == 2
            assert session.query(ReviewItemRow).filter(ReviewItemRow.extracted_flag.is_(None)).count() == 2
            rows = session.query(AgreementRow).order_by(AgreementRow.id).all()
            assert [(r.run_version, r.open_tables, len(r.tables)) for r in rows] == [(1, 1, 1), (1, 1, 1)]
    finally:
        services.close()

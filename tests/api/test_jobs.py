"""The job queue: atomic claims, restart in the middle of a batch, late writers, re-extraction that keeps
people's corrections. SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from sqlalchemy import select

from api.config import Settings
from api.services import open_services
from api.storage import documents
from api.storage.tables import DocumentRow
from tests.api.conftest import Api, make_tokens, running, store_run
from tests.api.pdfs import pk_pdf
from tests.api.sample_records import sample_agreement, sample_result


def test_concurrent_claims_take_each_job_exactly_once(settings: Settings) -> None:
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            ids = {documents.add_upload(session, f"{n:064x}", f"{n}.pdf", 1)[0].id for n in range(24)}
        claimed: list[int] = []

        def claim_all() -> None:
            while (claim := documents.claim_next(services.sessions)) is not None:
                claimed.append(claim[0])

        threads = [threading.Thread(target=claim_all) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(claimed) == sorted(ids)
    finally:
        services.close()


def test_a_stale_claim_cannot_store_a_second_run(settings: Settings) -> None:
    services = open_services(settings)
    try:
        data = pk_pdf("stale")
        with services.sessions.begin() as session:
            import io

            sha, size = services.store.put_stream(io.BytesIO(data), 10**6)
            documents.add_upload(session, sha, "stale.pdf", size)
        document_id, crashed_token = documents.claim_next(services.sessions)
        with services.sessions.begin() as session:
            assert documents.requeue_interrupted(session, max_attempts=3) == 1
        _same, live_token = documents.claim_next(services.sessions)
        result = sample_result("stale.pdf", sha)
        with services.sessions.begin() as session:
            assert not documents.record_progress(session, document_id, crashed_token, 1, 2)
            assert not documents.finish(session, document_id, crashed_token, result, "test")
        with services.sessions.begin() as session:
            assert documents.finish(session, document_id, live_token, result, "test")
        with services.sessions.begin() as session:
            assert not documents.finish(session, document_id, live_token, result, "test")
            assert documents.run_count(session, document_id) == 1
            row = session.get(DocumentRow, document_id)
            assert (row.status, row.attempts, row.claim_token) == ("done", 2, None)
    finally:
        services.close()


def _snapshot(settings: Settings) -> dict[int, tuple[str, int]]:
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            rows = session.execute(select(DocumentRow.id, DocumentRow.status, DocumentRow.attempts)).all()
            return {row.id: (row.status, row.attempts) for row in rows}
    finally:
        services.close()


def test_reextraction_never_overwrites_a_person_and_flags_disagreement(settings: Settings) -> None:
    idle = settings.model_copy(update={"workers": 0})
    services = open_services(idle)
    try:
        document_id = store_run(services, pk_pdf("reextract"), "re.pdf", sample_result("re.pdf", "0" * 64))
    finally:
        services.close()
    with running(idle, make_tokens(idle)) as api:
        agreement_id = api.get(f"/documents/{document_id}").json()["agreement_ids"][0]
        patch = {"changes": [{"path": "organization", "value": "Dinas Kesehatan"},
                             {"path": "performance_targets.0.target", "value": "86 %"}],
                 "confirmations": ["government"]}
        headers = api.headers("reviewer", **{"If-Match": '"1"'})
        assert api.client.patch(f"/agreements/{agreement_id}", json=patch, headers=headers).status_code == 200
        queued = api.client.post(f"/documents/{document_id}/reextract", headers=api.headers())
        assert queued.status_code == 202 and queued.json()["status"] == "queued"
        newer = sample_agreement(organization="Dinas Kesehatan Daerah")
        newer.performance_targets[0].target.value = "86 %"
        newer.performance_targets[1].indicator.value = "Cakupan imunisasi dasar lengkap"
        _run_as_worker(api, document_id, sample_result("re.pdf", "0" * 64, [newer]))
        got = api.get(f"/agreements/{agreement_id}")
        record = got.json()["agreement"]
        assert got.json()["version"] == 3 and got.headers["etag"] == '"3"'
        organization = record["organization"]
        assert (organization["value"], organization["status"]) == ("Dinas Kesehatan", "corrected")
        assert organization["needs_review"] and organization["reasons"] == ["reextract_disagrees"]
        assert not record["performance_targets"][0]["target"]["needs_review"]
        assert record["government"]["status"] == "confirmed" and not record["government"]["needs_review"]
        assert record["performance_targets"][1]["indicator"]["value"] == "Cakupan imunisasi dasar lengkap"
        queue = api.get("/review-queue").json()["items"]
        assert any(i["path"] == "organization" and i["reasons"] == ["reextract_disagrees"] for i in queue)
        assert len(api.get(f"/agreements/{agreement_id}/history").json()["items"]) == 3


def _run_as_worker(api: Api, document_id: int, result) -> None:  # type: ignore[no-untyped-def]
    """Claim the queued job and store `result` as a worker would after extracting."""
    services = api.client.app.state.services
    claimed_id, token = documents.claim_next(services.sessions)
    assert claimed_id == document_id
    with services.sessions.begin() as session:
        assert documents.finish(session, document_id, token, result, "test-2")


def test_a_job_interrupted_too_often_fails_instead_of_looping(settings: Settings) -> None:
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            document_id = documents.add_upload(session, "f" * 64, "poison.pdf", 1)[0].id
        for attempt in (1, 2, 3):
            assert documents.claim_next(services.sessions, "host:1")[0] == document_id
            with services.sessions.begin() as session:
                assert documents.requeue_interrupted(session, max_attempts=3, worker="host:2") == 0
                assert documents.requeue_interrupted(session, max_attempts=3, worker="host:1") == 1
                row = session.get(DocumentRow, document_id)
                assert (row.status, row.attempts) == ("queued" if attempt < 3 else "failed", attempt)
        assert documents.claim_next(services.sessions, "host:1") is None
        with services.sessions.begin() as session:
            problems = session.get(DocumentRow, document_id).problems
            assert [p["code"] for p in problems] == ["extraction_interrupted"]
            assert documents.requeue(session, document_id)
            assert session.get(DocumentRow, document_id).attempts == 0
    finally:
        services.close()


def test_a_dead_worker_process_is_replaced_and_its_job_redone_once(settings: Settings) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the supervisor does not depend on the backend; its storage calls are tested above")
    with running(settings.model_copy(update={"worker_kind": "process"}), make_tokens(settings)) as api:
        document_id = api.upload(("victim.pdf", pk_pdf("victim", pages=40))).json()["documents"][0]["id"]
        deadline = time.monotonic() + 60
        while api.get(f"/documents/{document_id}").json()["status"] != "processing":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        victim = api.client.app.state.queue._processes[0]
        os.kill(victim.pid, signal.SIGKILL)
        finished = api.wait_done([document_id], timeout=90)[0]
        replacement = api.client.app.state.queue._processes[0]
        assert replacement.pid != victim.pid and replacement.is_alive()
    assert finished["status"] == "done" and finished["pages_done"] == 40
    assert _snapshot(settings)[document_id] == ("done", 2)
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            assert documents.run_count(session, document_id) == 1
    finally:
        services.close()

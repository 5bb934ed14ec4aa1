"""Celery workers (`pk-extract worker`) against the machine's real Redis: the API sends a task per upload,
a worker process killed with SIGKILL mid-document has its job redone exactly once, a whole worker killed
loses its job only until the lease runs out, and a live claim is never taken."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from api.config import Settings
from api.services import open_services
from api.storage import documents
from api.storage.tables import DocumentRow
from api.storage.transactions import in_transaction
from tests.api.celery_live import celery_worker, jobs
from tests.api.conftest import make_tokens, running
from tests.api.live import gone, wait_for
from tests.api.pdfs import pk_pdf

REDIS_URL = os.environ.get("PK_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_reason() -> str | None:
    from celery import Celery

    try:
        with Celery(broker=REDIS_URL, set_as_current=False).connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return None
    except Exception as error:
        return f"Redis not reachable at {REDIS_URL} ({type(error).__name__}); set PK_TEST_REDIS_URL"


@pytest.fixture
def celery_settings(settings: Settings) -> Settings:
    """Workers on several machines share one PostgreSQL (a SQLite file cannot be shared), so the worker
    tests run there; the claims they rely on are tested on both backends below."""
    if settings.database_url.startswith("sqlite"):
        pytest.skip("Celery workers on several machines share PostgreSQL")
    if reason := _redis_reason():
        pytest.skip(reason)
    queue = f"pk-test-{uuid.uuid4().hex[:10]}"
    return settings.model_copy(update={"worker_kind": "celery", "broker_url": REDIS_URL,
                                       "broker_queue": queue, "job_lease_s": 2.0})


def _holder(settings: Settings) -> tuple[int, int] | None:
    """A document being extracted with pages already read, and the pid of the process holding it."""
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            row = session.execute(select(DocumentRow.id, DocumentRow.claimed_by).where(
                DocumentRow.status == documents.PROCESSING, DocumentRow.pages_done > 0)).first()
    finally:
        services.close()
    return (row.id, int(row.claimed_by.rsplit(":", 1)[1])) if row and row.claimed_by else None


def _upload_batch(api, count: int, pages: int) -> list[int]:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    response = api.upload(*[(f"b{n}.pdf", pk_pdf(f"{tag}-{n}", pages=pages)) for n in range(count)])
    assert response.status_code == 202, response.text
    return [document["id"] for document in response.json()["documents"]]


def test_a_worker_process_killed_mid_document_is_redone_exactly_once(celery_settings: Settings,
                                                                     tmp_path: Path) -> None:
    tokens = make_tokens(celery_settings)
    log = tmp_path / "worker.log"
    with celery_worker(celery_settings, log, "pk-a", processes=2) as worker, \
            running(celery_settings, tokens) as api:
        ids = _upload_batch(api, count=5, pages=80)
        victim_id, victim_pid = wait_for(lambda: _holder(celery_settings), 60, "a document mid-extraction")
        assert victim_pid in {child.pid for child in worker.children()}
        os.kill(victim_pid, signal.SIGKILL)
        finished = api.wait_done(ids, timeout=90)
        assert worker.is_running()
        wait_for(lambda: len(worker.children()) == 2, 30, "Celery to replace the dead pool process")
    assert [(d["status"], d["pages_done"]) for d in finished] == [("done", 80)] * 5
    outcome = jobs(celery_settings)
    assert outcome[victim_id] == ("done", 2, 1), outcome  # interrupted once, redone once, stored once
    assert all(job == ("done", 1, 1) for i, job in outcome.items() if i != victim_id), outcome
    assert '"event": "worker_died"' in log.read_text()


def test_a_whole_worker_killed_loses_its_job_only_until_the_lease_runs_out(celery_settings: Settings,
                                                                          tmp_path: Path) -> None:
    """The worker's main process killed: its pool processes die with it (nothing orphaned), nobody is
    left to give the job back, and the API's sweeper takes it back once its lease ran out."""
    tokens = make_tokens(celery_settings)
    with running(celery_settings, tokens) as api:
        with celery_worker(celery_settings, tmp_path / "a.log", "pk-a") as doomed:
            ids = _upload_batch(api, count=3, pages=100)
            victim_id, _pid = wait_for(lambda: _holder(celery_settings), 60, "a document mid-extraction")
            family = [doomed, *doomed.children(recursive=True)]
            doomed.kill()
            wait_for(lambda: gone(family), 10, "the worker and its pool processes to exit")
        assert jobs(celery_settings)[victim_id][0] != "done"
        with celery_worker(celery_settings, tmp_path / "b.log", "pk-b"):
            finished = api.wait_done(ids, timeout=60)
    assert {d["status"] for d in finished} == {"done"}
    outcome = jobs(celery_settings)
    assert outcome[victim_id] == ("done", 2, 1), outcome
    assert all(runs == 1 for _status, _attempts, runs in outcome.values()), outcome


def test_a_live_claim_is_never_taken_and_an_expired_one_is_taken_once(settings: Settings) -> None:
    """What a duplicated or redelivered task meets: a claim whose lease is renewed stays with its holder;
    one past its lease is taken back (counted), and the old holder can no longer store a run."""
    services = open_services(settings)
    lease = 1.5  # seconds: long enough that a loaded machine does not expire a claim between two calls

    def claim(worker: str) -> str | None:
        return in_transaction(services.sessions, lambda session: documents.claim_document(
            session, document_id, worker, lease, max_attempts=3))

    try:
        with services.sessions.begin() as session:
            document_id = documents.add_upload(session, "c" * 64, "c.pdf", 1)[0].id
        first = claim("host:1")
        assert first and claim("host:2") is None
        time.sleep(lease * 0.6)
        with services.sessions.begin() as session:
            assert documents.renew(session, document_id, first)
        time.sleep(lease * 0.6)
        assert claim("host:2") is None  # renewed in time: still the first worker's
        time.sleep(lease * 1.2)
        second = claim("host:2")
        assert second and second != first and claim("host:3") is None
        from tests.api.sample_records import sample_result

        result = sample_result("c.pdf", "c" * 64)
        with services.sessions.begin() as session:
            assert not documents.finish(session, document_id, first, result, "test")
            assert documents.finish(session, document_id, second, result, "test", seconds=0.1)
        assert claim("host:4") is None  # done: a late duplicate does nothing
        with services.sessions.begin() as session:
            row = session.get(DocumentRow, document_id)
            assert (row.status, row.attempts, documents.run_count(session, document_id)) == ("done", 2, 1)
    finally:
        services.close()


def test_health_says_when_the_broker_does_not_answer(settings: Settings) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the broker check does not depend on the database")
    unreachable = settings.model_copy(update={"worker_kind": "celery", "broker_url": "redis://127.0.0.1:1/0"})
    with running(unreachable, make_tokens(unreachable)) as api:
        started = time.monotonic()
        health = api.client.get("/healthz")
        assert time.monotonic() - started < 15
        upload = api.upload(("kept.pdf", pk_pdf("kept-while-broker-down")))
    assert health.status_code == 503
    assert "the broker does not answer" in health.json()["problems"]
    assert health.json()["workers"]["broker"] == 0
    assert upload.status_code == 202  # stored and queued; its task is sent when the broker is back

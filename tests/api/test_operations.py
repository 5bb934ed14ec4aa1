"""What an operator sees: /healthz tells the truth (workers that cannot reach the job table, jobs whose
claim nobody renews), a full disk gets a clear answer, logs are JSON with a line per job and no
personal data, and the pages carry security headers."""

from __future__ import annotations

import json
import logging
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text, update

from api.config import Settings
from api.logs import logging_config
from api.services import open_services
from api.storage import documents
from api.storage.tables import DocumentRow, utcnow
from api.worker import process_next
from tests.api.conftest import Api, make_tokens, running
from tests.api.live import wait_for
from tests.api.pdfs import pk_pdf

FAIL_UPDATES = {
    "sqlite": ["CREATE TRIGGER pk_full BEFORE UPDATE ON documents "
               "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"],
    "postgresql": ["CREATE FUNCTION pk_full() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
                   "'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$ "
                   "LANGUAGE plpgsql",
                   "CREATE TRIGGER pk_full BEFORE UPDATE ON documents FOR EACH ROW "
                   "EXECUTE FUNCTION pk_full()"],
}
HEAL = {"sqlite": ["DROP TRIGGER pk_full"], "postgresql": ["DROP TRIGGER pk_full ON documents"]}


def _health(api: Api) -> tuple[int, dict]:
    response = api.client.get("/healthz")
    return response.status_code, response.json()


def test_health_is_503_while_workers_cannot_reach_the_job_table(settings: Settings) -> None:
    """The database refuses every write to the job table (as with a full disk): the worker processes
    stay up and retry, /healthz says they fail, and all is well again once the disk has room."""
    config = settings.model_copy(update={"worker_kind": "process", "poll_interval_s": 0.1})
    with running(config, make_tokens(config)) as api:
        services = api.client.app.state.services
        dialect = services.engine.dialect.name
        wait_for(lambda: _health(api)[0] == 200, 30, "the workers to start")
        with services.engine.begin() as connection:
            for statement in FAIL_UPDATES[dialect]:
                connection.execute(text(statement))
        document_id = api.upload(("full.pdf", pk_pdf("disk-full"))).json()["documents"][0]["id"]
        _status, body = wait_for(lambda: (h := _health(api))[0] == 503 and h, 30, "health to turn 503")
        assert body["workers"]["alive"] == 1 and body["workers"]["failing"] == 1, body
        assert body["workers"]["restarts_last_minute"] == 0
        assert "every worker fails to reach the job table" in body["problems"]
        with services.engine.begin() as connection:
            for statement in HEAL[dialect]:
                connection.execute(text(statement))
        assert api.wait_done([document_id], timeout=60)[0]["status"] == "done"
        wait_for(lambda: _health(api)[0] == 200, 30, "health to recover")


def test_a_claim_nobody_renews_is_unhealthy_until_a_worker_takes_it_back(settings: Settings) -> None:
    """A server killed without recovery at start (PK_RECOVER_ON_START=false) left a job `processing`:
    past its lease /healthz says so, and the next worker poll takes it back and runs it."""
    config = settings.model_copy(update={"workers": 0, "recover_on_start": False, "job_lease_s": 2.0})
    services = open_services(config)
    try:
        sha, size = services.store.put_stream(__import__("io").BytesIO(pk_pdf("lease")), 10**7)
        with services.sessions.begin() as session:
            document_id = documents.add_upload(session, sha, "lease.pdf", size)[0].id
        assert documents.claim_next(services.sessions, "gone-host:1")[0] == document_id
        with services.sessions.begin() as session:
            session.execute(update(DocumentRow).values(updated_at=utcnow().replace(year=2000)))
    finally:
        services.close()
    with running(config, make_tokens(config)) as api:
        status, body = _health(api)
        assert status == 503 and body["stuck"] == 1 and body["processing"] == 1, body
        assert process_next(api.client.app.state.services, "live-host:2")
        assert api.get(f"/documents/{document_id}").json()["status"] == "done"
        status, body = _health(api)
        assert status == 200 and body["stuck"] == 0, body


def test_a_full_file_store_answers_507_and_keeps_nothing(settings: Settings, tmp_path: Path) -> None:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        config = settings.model_copy(update={"storage_dir": mount, "workers": 0})
        with running(config, make_tokens(config)) as api:
            response = api.upload(("big.pdf", pk_pdf("full-store", pages=2) + b"%" * 400_000))
            assert response.status_code == 507, response.text
            error = response.json()["error"]
            assert error["code"] == "insufficient_storage" and str(mount) not in error["message"]
            assert api.get("/documents").json()["total"] == 0
            assert [p for p in mount.rglob("*") if p.is_file()] == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_logs_are_json_with_a_line_per_job_and_no_personal_data(api: Api,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    document_id = api.upload(("logged.pdf", pk_pdf("logs"))).json()["documents"][0]["id"]
    api.wait_done([document_id])
    nip, name = "197001012000032001", "Siti Rahayu"
    assert api.get("/agreements", params={"nip": nip, "person": name}).status_code == 200
    formatter = logging.config.dictConfigClass(logging_config()).configure_formatter(
        logging_config()["formatters"]["json"])
    server_records = [r for r in caplog.records if r.name.split(".")[0] in ("api", "uvicorn", "extractor")]
    lines = [json.loads(formatter.format(record)) for record in server_records]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", lines[0]["time"])
    events = {line.get("event") for line in lines if line.get("document_id") == document_id}
    assert {"job_claimed", "job_done"} <= events
    done = next(line for line in lines if line.get("event") == "job_done")
    assert done["seconds"] >= 0 and done["pages"] == 2
    searches = [line for line in lines if line.get("route") == "/agreements"]
    assert searches and searches[0]["query_keys"] == ["nip", "person"] and searches[0]["status"] == 200
    everything = json.dumps(lines)
    assert nip not in everything and "Siti" not in everything and "Rahayu" not in everything
    assert api.tokens["viewer"] not in everything


def test_pages_and_answers_carry_security_headers(api: Api) -> None:
    page = api.client.get("/review")
    policy = page.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in page.text and "frame-ancestors 'none'" in policy
    assert "<script>" not in page.text
    for response in (page, api.client.get("/healthz"), api.get("/agreements")):
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-request-id"]
    assert api.client.get("/review").headers["content-security-policy"] != policy


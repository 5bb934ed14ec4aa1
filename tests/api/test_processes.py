"""The server as an operator runs it (`pk-extract serve`, worker processes, OCR processes), killed or
stopped the way the kernel or an operator would: nothing keeps running without its parent, a stop lets
the job in hand finish or gives it back, and a crash of everything loses and repeats nothing."""

from __future__ import annotations

import signal
from pathlib import Path

import psutil
import pytest

from api.config import Settings
from tests.api.conftest import make_tokens, running
from tests.api.live import gone, live_server, python_children, wait_for
from tests.api.pdfs import pk_pdf, scan_pdf
from tests.api.test_jobs import _snapshot

pytestmark = pytest.mark.usefixtures("sqlite_only")


@pytest.fixture
def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("process supervision does not depend on the backend (its storage calls run on both)")


def _processes(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"worker_kind": "process", "poll_interval_s": 0.1, **changes})


def _upload(server, *files: tuple[str, bytes]) -> list[int]:  # type: ignore[no-untyped-def]
    with server.client() as client:
        response = client.post("/documents", files=[("files", (n, d, "application/pdf")) for n, d in files])
        assert response.status_code == 202, response.text
        return [d["id"] for d in response.json()["documents"]]


def _state(server, document_id: int) -> dict:  # type: ignore[no-untyped-def]
    with server.client() as client:
        return client.get(f"/documents/{document_id}").json()


def test_killing_the_server_takes_its_workers_and_their_ocr_processes_down(settings: Settings,
                                                                          tmp_path: Path) -> None:
    config = _processes(settings, ocr_workers=2, ocr_dpi=100)
    tokens = make_tokens(config)
    with live_server(config, tokens, tmp_path / "server.log") as server:
        (document_id,) = _upload(server, ("scan.pdf", scan_pdf("orphans", pages=6)))
        worker = wait_for(lambda: next(iter(server.workers()), None), 20, "a worker process")
        ocr = wait_for(lambda: python_children(worker), 60, "the worker's OCR processes")
        with server.client("viewer") as client:  # starts the page renderer's processes too
            page = client.get(f"/documents/{document_id}/pages/1/image", params={"dpi": 50})
            assert page.status_code == 200
        family = [worker, *ocr, *server.family()]
        assert len(family) >= 5, family  # the worker, its 2 OCR processes, a renderer, the resource tracker
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
        wait_for(lambda: gone(family), 15, f"{[p.pid for p in family]} to exit after the server died")
    # The worker gave its job back before it went: not counted as an interruption.
    assert _snapshot(config)[document_id] == ("queued", 0)
    with running(settings, tokens) as api:
        assert api.wait_done([document_id], timeout=120)[0]["status"] == "done"
    assert _snapshot(config)[document_id] == ("done", 1)


@pytest.mark.parametrize(("grace", "pages", "expected"), [(30.0, 8, ("done", 1)), (0.0, 40, ("queued", 0))])
def test_sigterm_finishes_or_gives_back_the_job_in_hand(settings: Settings, tmp_path: Path, grace: float,
                                                         pages: int, expected: tuple[str, int]) -> None:
    """Without a grace the job must still be in hand when the signal comes: a long scan, so that a
    fast machine cannot finish it between "processing" and the stop."""
    config = _processes(settings, stop_grace_s=grace, ocr_dpi=100)
    with live_server(config, make_tokens(config), tmp_path / "server.log") as server:
        (document_id,) = _upload(server, ("scan.pdf", scan_pdf("sigterm", pages=pages)))
        wait_for(lambda: _state(server, document_id)["status"] == "processing", 60, "extraction to start")
        family = server.family()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(90) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
        wait_for(lambda: gone(family), 10, "the workers and helpers to exit")
        assert "Application shutdown complete" in server.log.read_text()
    assert _snapshot(config)[document_id] == expected
    log = (tmp_path / "server.log").read_text()
    assert '"event": "job_returned"' in log if grace == 0 else '"event": "job_done"' in log


def test_a_crash_of_everything_mid_batch_loses_nothing_and_repeats_nothing(settings: Settings,
                                                                          tmp_path: Path) -> None:
    """The server and its workers killed at once (kill -9 of the whole service); the next start
    finishes the batch, each job once."""
    config = _processes(settings)
    tokens = make_tokens(config)
    with live_server(config, tokens, tmp_path / "server.log") as server:
        ids = _upload(server, *[(f"batch-{n}.pdf", pk_pdf(f"batch-{n}", pages=20)) for n in range(3)])
        wait_for(lambda: any(_state(server, i)["pages_done"] > 0 for i in ids), 60, "a job to start")
        # workers first: killed after their server they would see it die and give their job back
        everyone = [*server.family(), psutil.Process(server.process.pid)]
        for process in everyone:
            process.kill()
        wait_for(lambda: gone(everyone), 10, "the whole service to die")
    interrupted = _snapshot(config)
    assert "processing" in {status for status, _attempts in interrupted.values()}, interrupted
    with running(settings, tokens) as api:
        finished = api.wait_done(ids, timeout=90)
    assert [(d["status"], d["pages_done"]) for d in finished] == [("done", 20)] * 3
    resumed = [i for i, (status, _attempts) in interrupted.items() if status == "processing"]
    assert all(_snapshot(config)[i] == ("done", 2) for i in resumed)


def test_several_web_processes_share_one_worker_pool(settings: Settings, tmp_path: Path) -> None:
    """`serve --web-processes 2`: the workers run once, beside the web processes, and stop with them."""
    config = _processes(settings)
    with live_server(config, make_tokens(config), tmp_path / "server.log", "--web-processes", "2") as server:
        ids = _upload(server, *[(f"web-{n}.pdf", pk_pdf(f"web-{n}")) for n in range(3)])
        wait_for(lambda: all(_state(server, i)["status"] == "done" for i in ids), 60, "the batch")
        family = server.family()
        assert len([p for p in family if "spawn_main" in " ".join(p.cmdline())]) >= 3  # 2 web + 1 worker
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(60)
        wait_for(lambda: gone(family), 15, "every process of the service to exit")
    assert {status for status, _attempts in _snapshot(config).values()} == {"done"}

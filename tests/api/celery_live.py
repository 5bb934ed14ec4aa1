"""Real `pk-extract worker` processes for the Celery tests and benchmarks (bench/celery_*.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
from sqlalchemy import select

from api.config import Settings
from api.services import open_services
from api.storage import documents
from api.storage.tables import DocumentRow
from tests.api.live import ROOT, settings_env, wait_for


@contextmanager
def celery_worker(settings: Settings, log: Path, name: str, processes: int = 1) -> Iterator[psutil.Process]:
    """A real `pk-extract worker` (its own main process and pool processes), ready to take tasks."""
    env = {**os.environ, **settings_env(settings), "PYTHONPATH": str(ROOT)}
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-c", "from cli import app; app()", "worker",
                                    "-c", str(processes), "--name", f"{name}@%h"],
                                   env=env, cwd=ROOT, stdout=out, stderr=out)
    try:
        def ready() -> bool:
            lines = log.read_text(errors="replace").splitlines()
            return process.poll() is not None or any(f"{name}@" in ln and "ready." in ln for ln in lines)

        wait_for(ready, 60, f"worker {name} to be ready")
        assert process.poll() is None, log.read_text()[-3000:]
        yield psutil.Process(process.pid)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def jobs(settings: Settings) -> dict[int, tuple[str, int, int]]:
    """Each document: (status, attempts, stored runs)."""
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            rows = session.execute(select(DocumentRow.id, DocumentRow.status, DocumentRow.attempts)).all()
            return {row.id: (row.status, row.attempts, documents.run_count(session, row.id)) for row in rows}
    finally:
        services.close()

"""What the Celery benchmarks share: a fresh PostgreSQL schema and file store, documents stored as an
upload stores them, tasks sent through the API's own `CeleryJobQueue`, and the jobs' state read back."""

from __future__ import annotations

import io
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.celery_queue import CeleryJobQueue  # noqa: E402
from api.config import Settings  # noqa: E402
from api.services import Services, open_services  # noqa: E402
from api.storage import documents  # noqa: E402
from api.storage.tables import DocumentRow  # noqa: E402
from tests.api.pg_schema import PG_URL, fresh_schema  # noqa: E402

REDIS_URL = os.environ.get("PK_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@contextmanager
def cluster_settings(folder: Path, lease_s: float = 10.0, database_url: str = PG_URL,
                     broker_url: str = REDIS_URL) -> Iterator[Settings]:
    """Settings on a fresh PostgreSQL schema (dropped afterwards) and a queue of its own."""
    with fresh_schema(database_url, "pk_bench") as url:
        yield Settings(database_url=url, storage_dir=folder / "files", worker_kind="celery",
                       broker_url=broker_url, broker_queue=f"pk-bench-{uuid.uuid4().hex[:10]}",
                       job_lease_s=lease_s, log_level="INFO")


def store(services: Services, files: list[tuple[str, bytes]]) -> list[int]:
    """Put the files in the store and queue them, as `POST /documents` does (no task sent yet)."""
    ids = []
    with services.sessions.begin() as session:
        for name, data in files:
            sha, size = services.store.put_stream(io.BytesIO(data), services.settings.max_upload_bytes)
            row, _duplicate = documents.add_upload(session, sha, name, size)
            session.flush()
            ids.append(row.id)
    return ids


def states(services: Services, ids: list[int]) -> dict[int, tuple[str, int, int, int, int | None]]:
    """Each document: status, attempts, stored runs, pages done, and the pid of the claim's holder."""
    with services.sessions.begin() as session:
        rows = session.query(DocumentRow).filter(DocumentRow.id.in_(ids)).all()
        return {row.id: (row.status, row.attempts, documents.run_count(session, row.id), row.pages_done,
                         int(row.claimed_by.rsplit(":", 1)[1]) if row.claimed_by else None) for row in rows}


def wait_finished(services: Services, ids: list[int], timeout: float) -> float:
    """Seconds until every document is done or failed."""
    started = time.monotonic()
    while True:
        with services.sessions.begin() as session:
            left = session.query(DocumentRow).filter(DocumentRow.id.in_(ids),
                                                     DocumentRow.status.notin_(("done", "failed"))).count()
        if not left:
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{left} document(s) not finished after {timeout:.0f} s")
        time.sleep(0.05)


def publisher(services: Services, sweep: bool = False) -> CeleryJobQueue:
    queue = CeleryJobQueue(services, sweep=sweep)
    queue.start()
    return queue


__all__ = ["ROOT", "cluster_settings", "open_services", "publisher", "states", "store", "wait_finished"]

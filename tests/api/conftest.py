"""Service test fixtures: a real database per test (SQLite file, or a fresh PostgreSQL schema), a file
store in tmp, tokens for each role, and the app driven over HTTP by FastAPI's TestClient."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from api.services import Services, open_services
from api.storage import documents
from api.storage.tokens import create_token
from models.result import ExtractionResult
from tests.api.pg_schema import PG_URL, fresh_schema


def _postgres_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
            return None
    except Exception as error:
        return f"PostgreSQL not reachable at {PG_URL} ({type(error).__name__}); set PK_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pk.db'}"
        return
    reason = _postgres_reachable()
    if reason:
        pytest.skip(reason)
    with fresh_schema(PG_URL) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, storage_dir=tmp_path / "files", workers=1,
                    worker_kind="thread", poll_interval_s=0.1, ocr_workers=1)


class Api:
    """A running app with a token per role; `as_(role)` gives request headers."""

    def __init__(self, client: TestClient, tokens: dict[str, str]):
        self.client = client
        self.tokens = tokens

    def headers(self, role: str = "admin", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}

    def get(self, url: str, role: str = "viewer", **kwargs: Any):  # type: ignore[no-untyped-def]
        return self.client.get(url, headers=self.headers(role), **kwargs)

    def upload(self, *files: tuple[str, bytes], role: str = "admin"):  # type: ignore[no-untyped-def]
        parts = [("files", (name, data, "application/pdf")) for name, data in files]
        return self.client.post("/documents", files=parts, headers=self.headers(role))

    def wait_done(self, document_ids: list[int], timeout: float = 60.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            docs = [self.get(f"/documents/{i}").json() for i in document_ids]
            if all(d["status"] in ("done", "failed") for d in docs):
                return docs
            if time.monotonic() > deadline:
                raise AssertionError(f"documents not finished in {timeout}s: {docs}")
            time.sleep(0.1)


def make_tokens(settings: Settings) -> dict[str, str]:
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            return {role: create_token(session, role, f"{role}-user")[1]
                    for role in ("viewer", "reviewer", "admin")}
    finally:
        services.close()


@contextmanager
def running(settings: Settings, tokens: dict[str, str]) -> Iterator[Api]:
    app = create_app(settings)
    with TestClient(app) as client:
        yield Api(client, tokens)
        queue = app.state.queue
    queue.stop(wait=True)


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    with running(settings, make_tokens(settings)) as running_api:
        yield running_api


@pytest.fixture
def idle_api(settings: Settings) -> Iterator[Api]:
    """The app with no worker: a test stores runs itself (`store_run`, `finish`)."""
    idle = settings.model_copy(update={"workers": 0})
    with running(idle, make_tokens(idle)) as running_api:
        yield running_api


def store_run(services: Services, data: bytes, filename: str, result: ExtractionResult) -> int:
    """Put a file in the store and record `result` as its finished extraction, through the same
    claim/finish path a worker uses (real storage, no worker involved)."""
    import io

    sha, size = services.store.put_stream(io.BytesIO(data), services.settings.max_upload_bytes)
    with services.sessions.begin() as session:
        row, _duplicate = documents.add_upload(session, sha, filename, size)
        row.status, row.claim_token = documents.PROCESSING, "test-claim"
    with services.sessions.begin() as session:
        assert documents.finish(session, row.id, "test-claim", result, "test")
    return row.id

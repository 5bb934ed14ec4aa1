"""A live service for the browser tests: uvicorn on a free 127.0.0.1 port over a temporary SQLite
database and file store, with tokens of each role, and headless Debian Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.config import Settings
from api.services import Services, open_services
from api.storage.tokens import create_token

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
# The README's screenshots are rewritten only on request (PK_SCREENSHOTS=1): a test run leaves the tree clean.
SCREENSHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("PK_SCREENSHOTS") == "1"
               else Path(os.environ.get("TMPDIR", "/tmp")) / "pk-extract-screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@dataclass
class LiveServer:
    url: str
    services: Services
    tokens: dict[str, str]

    def api(self, role: str = "admin") -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.tokens[role]}"},
                            timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become healthy")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("web")
    env = {**os.environ, "PK_DATABASE_URL": f"sqlite:///{base / 'pk.db'}",
           "PK_STORAGE_DIR": str(base / "files"), "PK_WORKERS": "0", "PK_RECOVER_ON_START": "false"}
    settings = Settings(database_url=env["PK_DATABASE_URL"], storage_dir=base / "files", workers=0)
    services = open_services(settings)
    with services.sessions.begin() as session:
        tokens = {role: create_token(session, role, f"{role}-test")[1]
                  for role in ("viewer", "reviewer", "admin")}
        tokens["reviewer2"] = create_token(session, "reviewer", "second-reviewer")[1]
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process)
        yield LiveServer(url=url, services=services, tokens=tokens)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        services.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

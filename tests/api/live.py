"""A real `pk-extract serve` in a child process (its own worker processes, its own signals), for the
tests that kill or stop the server the way an operator or the kernel would."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from api.config import Settings

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    url: str
    tokens: dict[str, str]
    log: Path

    def client(self, role: str = "admin") -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.tokens[role]}"},
                            timeout=20)

    def family(self) -> list[psutil.Process]:
        """The server's descendants: worker processes, their OCR processes, multiprocessing helpers."""
        return psutil.Process(self.process.pid).children(recursive=True)

    def workers(self) -> list[psutil.Process]:
        return [p for p in psutil.Process(self.process.pid).children() if "spawn_main" in _cmdline(p)]


def _cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # it exited meanwhile
        return ""


def python_children(process: psutil.Process) -> list[psutil.Process]:
    """Forked Python children (OCR processes), not the short-lived Tesseract runs beside them."""
    try:
        children = process.children()
    except psutil.Error:
        return []
    return [child for child in children if "python" in _cmdline(child)]


def settings_env(settings: Settings) -> dict[str, str]:
    return {f"PK_{name.upper()}": str(value) for name, value in settings.model_dump().items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while True:
        if value := condition():
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def gone(processes: list[psutil.Process]) -> bool:
    def running(process: psutil.Process) -> bool:
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    return not [p for p in processes if running(p)]


@contextmanager
def live_server(settings: Settings, tokens: dict[str, str], log: Path, *serve_args: str
                ) -> Iterator[LiveServer]:
    port = _free_port()
    env = {**os.environ, **settings_env(settings), "PYTHONPATH": str(ROOT)}
    with log.open("ab") as out:
        command = [sys.executable, "-c", "from cli import app; app()", "serve", "--port", str(port),
                   *serve_args]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
    server = LiveServer(process, f"http://127.0.0.1:{port}", tokens, log)

    def healthy() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            return httpx.get(server.url + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(healthy, 30, "the server to answer /healthz")
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

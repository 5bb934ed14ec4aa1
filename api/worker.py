"""Background extraction. A `JobQueue` only decides where `process_document` runs; the jobs themselves
live in the database, so a Celery worker on another machine needs only the database URL and the file
store to run the same `process_next`."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

from api.services import Services
from api.storage import documents
from api.storage.tables import DocumentRow
from models.document import Document, Problem
from models.result import ExtractionResult

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.25


def extractor_version() -> str:
    try:
        return version("pk-extract")
    except PackageNotFoundError:
        return "unknown"


class JobQueue(Protocol):
    """Where queued documents get extracted. `notify` is a hint that work arrived; implementations
    must also pick up work queued by other processes."""

    def start(self) -> None: ...

    def notify(self) -> None: ...

    def stop(self, wait: bool = True) -> None: ...


def process_document(services: Services, document_id: int, token: str) -> bool:
    """Extract one claimed document and store the run; False when the claim was lost meanwhile."""
    from extractor.options import ExtractOptions
    from extractor.pipeline import extract_or_failure

    settings = services.settings
    with services.sessions.begin() as session:
        row = session.get(DocumentRow, document_id)
        if row is None:
            return False
        filename, sha256, page_count = row.filename, row.sha256, row.page_count
    done, last_write = 0, 0.0

    def on_page(_page: object) -> None:
        nonlocal done, last_write
        done += 1
        if time.monotonic() - last_write < PROGRESS_INTERVAL_S and done != page_count:
            return
        last_write = time.monotonic()
        with services.sessions.begin() as progress_session:
            documents.record_progress(progress_session, document_id, token, done, page_count)

    options = ExtractOptions(workers=settings.ocr_workers, dpi=settings.ocr_dpi, lang=settings.ocr_lang,
                             second_reading=settings.ocr_second_reading,
                             max_pages=settings.max_pages)
    try:
        result = extract_or_failure(services.store.path_for(sha256), options, on_page=on_page)
        result.document.filename = filename
    except Exception as error:  # a crash in one document must not stop the queue
        log.exception("extraction of document %s crashed", document_id)
        result = ExtractionResult(
            document=Document(filename=filename, sha256=sha256, page_count=0),
            errors=[Problem(code="internal_error", message=f"extraction crashed: {type(error).__name__}")])
    with services.sessions.begin() as session:
        return documents.finish(session, document_id, token, result, extractor_version())


def worker_name(pid: int | None = None) -> str:
    """How a worker process is named on its claims: host and process id."""
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def process_next(services: Services, worker: str = "") -> bool:
    """Claim and run one queued job; False when the queue was empty."""
    claim = documents.claim_next(services.sessions, worker)
    if claim is None:
        return False
    process_document(services, *claim)
    return True


def run_until_idle(services: Services) -> int:
    """Run queued jobs in this thread until none is left (the `import` command, tests)."""
    count = 0
    while process_next(services):
        count += 1
    return count


def recover(services: Services, worker: str | None = None) -> int:
    """Requeue interrupted jobs: all of them (at start), or those of one dead worker."""
    with services.sessions.begin() as session:
        return documents.requeue_interrupted(session, services.settings.max_attempts, worker)


class ThreadJobQueue:
    """A pool of threads in this process (extraction itself fans pages out to OCR processes)."""

    def __init__(self, services: Services, workers: int):
        self.services = services
        self.workers = workers
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._stopping.clear()
        for index in range(self.workers):
            thread = threading.Thread(target=self._loop, name=f"pk-worker-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def notify(self) -> None:
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        """Stop taking jobs; with `wait`, let the jobs in hand finish first."""
        self._stopping.set()
        self._wake.set()
        if wait:
            for thread in self._threads:
                thread.join()
            self._threads = []

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                worked = process_next(self.services)
            except Exception:
                log.exception("job queue error")
                worked = False
            if not worked:
                self._wake.wait(self.services.settings.poll_interval_s)
                self._wake.clear()


def _nap(wake_count, stop_flag, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Sleep until woken, stopped or the poll interval is over. Plain shared memory, no locks: a
    worker killed mid-wait can never leave the others or the parent blocked (a multiprocessing Event
    can: its condition counts the dead sleeper and `set()` waits for it forever)."""
    seen = wake_count.value
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and wake_count.value == seen and not stop_flag.value:
        time.sleep(0.02)


def _worker_main(settings_json: str, wake_count, stop_flag) -> None:  # type: ignore[no-untyped-def]
    """Entry point of one worker process: its own engine, the same jobs table."""
    from api.config import Settings
    from api.services import open_services

    services = open_services(Settings.model_validate_json(settings_json))
    name = worker_name()
    try:
        while not stop_flag.value:
            if not process_next(services, name):
                _nap(wake_count, stop_flag, services.settings.poll_interval_s)
    finally:
        services.close()


class ProcessJobQueue:
    """Worker processes, so extraction (pdfium, OCR, parsing) never shares the web process's GIL or
    native libraries; killing one mid-job only leaves its job `processing` until the next recovery."""

    def __init__(self, services: Services, workers: int):
        import multiprocessing

        self.services = services
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._wake_count = self._context.RawValue("l", 0)
        self._stop_flag = self._context.RawValue("b", 0)
        self._stopping = threading.Event()
        self._processes: list = []
        self._supervisor: threading.Thread | None = None

    def start(self) -> None:
        self._stop_flag.value = 0
        self._stopping.clear()
        self._processes = [self._spawn(index) for index in range(self.workers)]
        self._supervisor = threading.Thread(target=self._supervise, name="pk-worker-supervisor", daemon=True)
        self._supervisor.start()

    def _spawn(self, index: int):  # type: ignore[no-untyped-def]
        arguments = (self.services.settings.model_dump_json(), self._wake_count, self._stop_flag)
        process = self._context.Process(target=_worker_main, name=f"pk-worker-{index}", args=arguments)
        process.start()
        return process

    def _supervise(self) -> None:
        """Replace a worker that died (killed, out of memory, a native crash) and requeue its job."""
        while not self._stopping.wait(self.services.settings.poll_interval_s):
            for index, process in enumerate(list(self._processes)):
                if process.is_alive() or self._stopping.is_set():
                    continue
                log.warning("worker %s died (exit %s); requeueing its job", process.pid, process.exitcode)
                try:
                    recover(self.services, worker_name(process.pid))
                except Exception:
                    log.exception("could not requeue the job of worker %s", process.pid)
                    continue
                self._processes[index] = self._spawn(index)
                self.notify()

    def notify(self) -> None:
        self._wake_count.value += 1

    def stop(self, wait: bool = True) -> None:
        """With `wait`, workers finish the job in hand; without, they are killed at once."""
        self._stop_flag.value = 1
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join()
        for process in self._processes:
            if not wait:
                process.kill()
            process.join()
        self._processes = []

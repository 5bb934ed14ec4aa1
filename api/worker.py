"""Background extraction. A `JobQueue` only decides where `process_document` runs; the jobs themselves
live in the database, so a Celery worker on another machine needs only the database URL and the file
store to run the same `process_next`.

A claim is a lease: its worker renews it while the job runs, and any worker takes back a claim left
unrenewed past `job_lease_s` (its worker died with its server, or its node vanished)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from api.services import Services
from api.storage import documents
from api.storage.tables import DocumentRow
from api.storage.transactions import in_transaction
from models.document import Document, Page, Problem
from models.result import ExtractionResult

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.25


class WorkerStopped(BaseException):
    """Raised in a worker told to stop now (SIGTERM): the job in hand is given back, not failed. A
    BaseException, so no `except Exception` on the way turns it into a failed extraction."""


def extractor_version() -> str:
    try:
        return version("pk-extract")
    except PackageNotFoundError:
        return "unknown"


class JobQueue(Protocol):
    """Where queued documents get extracted. `notify` says that these documents (or, without ids, some)
    were queued; implementations must also pick up work queued by other processes. `health` says
    whether they can run."""

    def start(self) -> None: ...

    def notify(self, document_ids: Iterable[int] = ()) -> None: ...

    def stop(self, wait: bool = True) -> None: ...

    def health(self) -> dict[str, int]: ...


class LeaseKeeper:
    """Renews a claim every quarter lease from a thread, for as long as the job runs."""

    def __init__(self, services: Services, document_id: int, token: str):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, args=(services, document_id, token),
                                        name="pk-lease", daemon=True)

    def _renew(self, services: Services, document_id: int, token: str) -> None:
        while not self._stop.wait(services.settings.job_lease_s / 4):
            try:
                with services.sessions.begin() as session:
                    documents.renew(session, document_id, token)
            except Exception:
                log.warning("could not renew the claim of document %s", document_id, exc_info=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def without_paths(result: ExtractionResult, stored: Path, filename: str) -> ExtractionResult:
    """Problem messages name the uploaded file, never the server's storage path."""
    for problem in result.errors:
        for spelling in (str(stored.resolve()), str(stored)):
            problem.message = problem.message.replace(spelling, filename)
    return result


def process_document(services: Services, document_id: int, token: str) -> bool:
    """Extract one claimed document and store the run; False when the claim was lost meanwhile."""
    from extractor.options import ExtractOptions
    from extractor.pipeline import extract_or_failure

    settings = services.settings
    with services.reads.begin() as session:
        row = session.get(DocumentRow, document_id)
        if row is None:
            return False
        filename, sha256, page_count, groups = row.filename, row.sha256, row.page_count, row.page_groups
    done, last_write, started, pages = 0, 0.0, time.monotonic(), []

    def on_page(page: Page) -> None:
        nonlocal done, last_write
        done += 1
        pages.append(page)
        if time.monotonic() - last_write < PROGRESS_INTERVAL_S and done != page_count:
            return
        last_write = time.monotonic()
        with services.sessions.begin() as progress_session:
            documents.record_progress(progress_session, document_id, token, done, page_count)

    options = ExtractOptions(workers=settings.ocr_workers, dpi=settings.ocr_dpi, lang=settings.ocr_lang,
                             second_reading=settings.ocr_second_reading, max_pages=settings.max_pages,
                             max_image_pixels=settings.max_image_pixels)
    path = services.store.path_for(sha256)
    try:
        with LeaseKeeper(services, document_id, token):
            if groups:  # a person grouped the pages of this bundle
                from api.regroup import extract_grouped

                result = extract_grouped(path, groups, options, on_page=on_page)
            else:
                result = extract_or_failure(path, options, on_page=on_page)
            result.document.filename = filename
            without_paths(result, path, filename)
    except Exception as error:  # a crash in one document must not stop the queue
        log.exception("extraction of document %s crashed", document_id,
                      extra={"event": "job_crashed", "document_id": document_id})
        result = ExtractionResult(
            document=Document(filename=filename, sha256=sha256, page_count=0),
            errors=[Problem(code="internal_error", message=f"extraction crashed: {type(error).__name__}")])
    draft = searchable_copy(services, path, sha256, token, result, pages) if settings.searchable_pdf else None
    seconds = round(time.monotonic() - started, 3)
    stored = in_transaction(services.sessions, lambda session: documents.finish(
        session, document_id, token, result, extractor_version(), seconds))
    if stored:
        services.store.keep_searchable(draft, sha256)
    elif draft is not None:
        draft.unlink(missing_ok=True)
    failed = result.document.page_count == 0 and bool(result.errors)
    fields: dict[str, Any] = {
        "event": "job_failed" if failed else "job_done", "document_id": document_id, "stored": stored,
        "pages": result.document.page_count, "agreements": len(result.agreements),
        "problems": sorted({problem.code for problem in result.errors}),
        "seconds": round(seconds, 2)}
    log.log(logging.WARNING if failed else logging.INFO, fields["event"].replace("_", " "), extra=fields)
    return stored


def searchable_copy(services: Services, path: Path, sha256: str, token: str, result: ExtractionResult,
                     pages: list[Page]) -> Path | None:
    """A scanned PDF's searchable copy (`extractor.ingest.searchable`), written aside until the run is stored;
    None when the file has no OCR'd page or is no PDF. A copy that cannot be made costs the copy only."""
    from extractor.ingest.searchable import copy_if_scanned

    if not result.document.page_count:
        return None
    draft = services.store.searchable_draft(sha256, token)
    try:
        if not copy_if_scanned(path, pages, draft):
            return None
    except Exception:  # pikepdf refuses what pdfium read: the extraction stands, without a copy
        log.warning("no searchable copy", exc_info=True,
                    extra={"event": "searchable_failed", "sha256": sha256})
        draft.unlink(missing_ok=True)
        return None
    return draft


def worker_name(pid: int | None = None) -> str:
    """How a worker process is named on its claims: host and process id."""
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def process_next(services: Services, worker: str = "") -> bool:
    """Take back expired claims, then claim and run one queued job; False when the queue was empty."""
    settings = services.settings
    in_transaction(services.sessions, lambda session: documents.requeue_expired(
        session, settings.job_lease_s, settings.max_attempts))
    claim = documents.claim_next(services.sessions, worker)
    if claim is None:
        return False
    document_id, token = claim
    try:
        log.info("job claimed", extra={"event": "job_claimed", "document_id": document_id, "worker": worker})
        process_document(services, document_id, token)
    except WorkerStopped:
        with services.sessions.begin() as session:
            documents.release(session, document_id, token)
        log.info("job returned", extra={"event": "job_returned", "document_id": document_id})
        raise
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
        self._failing: dict[str, int] = {}

    def start(self) -> None:
        self._stopping.clear()
        for index in range(self.workers):
            thread = threading.Thread(target=self._loop, name=f"pk-worker-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def notify(self, document_ids: Iterable[int] = ()) -> None:
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        """Stop taking jobs; with `wait`, let the jobs in hand finish (within the stop grace)."""
        self._stopping.set()
        self._wake.set()
        if wait:
            deadline = time.monotonic() + self.services.settings.stop_grace_s
            for thread in self._threads:
                thread.join(max(0.0, deadline - time.monotonic()))
            self._threads = [thread for thread in self._threads if thread.is_alive()]

    def health(self) -> dict[str, int]:
        alive = sum(thread.is_alive() for thread in self._threads)
        return {"configured": self.workers, "alive": alive,
                "failing": sum(count >= FAILING_AFTER for count in self._failing.values())}

    def _loop(self) -> None:
        name = threading.current_thread().name
        while not self._stopping.is_set():
            try:
                worked = process_next(self.services)
                self._failing[name] = 0
            except Exception:
                log.exception("job queue error", extra={"event": "queue_error"})
                self._failing[name] = self._failing.get(name, 0) + 1
                worked = False
            if not worked:
                self._wake.wait(self.services.settings.poll_interval_s)
                self._wake.clear()


FAILING_AFTER = 3  # consecutive errors of the job table before a worker counts as failing

"""Extraction on Celery workers (`PK_WORKER_KIND=celery`, `pk-extract worker`), on any number of machines
that share the database and the file store.

A task names one document. The database claim stays the only guard: a task claims its document (taking
back a claim whose lease ran out), extracts it while a thread renews the lease, and stores the run only
if it still holds the claim; so a duplicated or redelivered message finds the document done or held and
does nothing, and a job is stored once. Messages are acknowledged after the task (`acks_late`) and put
back when the process running it dies (`reject_on_worker_lost`); the worker's main process then gives the
dead process's claim back at once (counted as an interruption), so the redelivered task redoes it."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from typing import Any

from celery import Celery, signals
from celery.exceptions import WorkerLostError
from celery.worker.request import Request

from api.config import Settings, get_settings
from api.services import Services, open_services
from api.storage import documents
from api.storage.transactions import in_transaction

log = logging.getLogger(__name__)
EXTRACT_TASK = "pk.extract_document"
SKIPPED, EXTRACTED = "skipped", "extracted"
_services: Services | None = None  # one per process, opened on first use


def process_services() -> Services:
    global _services
    if _services is None:
        _services = open_services(get_settings())
    return _services


def make_celery(settings: Settings) -> Celery:
    """The Celery app for these settings: the API publishes through it, `pk-extract worker` runs it."""
    app = Celery("pk_extract", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=settings.broker_queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # long tasks: a worker holds only the message it runs
        task_ignore_result=True,  # the outcome lives in the database
        task_serializer="json", accept_content=["json"],
        broker_transport_options={"visibility_timeout": settings.broker_visibility_s},
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_publish_retry_policy={"max_retries": 3, "interval_start": 0, "interval_step": 0.5},
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
    )
    app.task(name=EXTRACT_TASK, bind=True, Request=LostWorkerRequest, acks_late=True,
             reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True,
             retry_backoff_max=300, max_retries=None)(extract_document)
    return app


def extract_document(task: Any, document_id: int) -> str:
    """Claim and extract one document, unless it is done, failed, gone or held by a live worker. Errors
    before the claim (database unreachable) retry with backoff; after it, the lease takes the job back."""
    from api.worker import process_document, worker_name

    services = process_services()
    settings = services.settings
    name = worker_name()
    token = in_transaction(services.sessions, lambda session: documents.claim_document(
        session, document_id, name, settings.job_lease_s, settings.max_attempts))
    if token is None:
        log.info("job skipped", extra={"event": "job_skipped", "document_id": document_id, "worker": name})
        return SKIPPED
    log.info("job claimed", extra={"event": "job_claimed", "document_id": document_id, "worker": name})
    process_document(services, document_id, token)
    return EXTRACTED


class LostWorkerRequest(Request):
    """In the worker's main process: when the pool process running a task dies (kill -9, out of memory),
    its claim is given back before Celery puts the message back, so the redelivered task finds the
    document queued and redoes it now, not after the lease."""

    def on_failure(self, exc_info: Any, send_failed_event: bool = True, return_ok: bool = False) -> Any:
        error = getattr(exc_info.exception, "exc", exc_info.exception)
        if isinstance(error, WorkerLostError | SystemExit | KeyboardInterrupt) and self.worker_pid:
            from api.worker import recover, worker_name

            try:
                requeued = recover(process_services(), worker_name(self.worker_pid))
                log.warning("worker process %s died; its job goes back to the queue", self.worker_pid,
                            extra={"event": "worker_died", "jobs": requeued})
            except Exception:
                log.exception("could not give back the job of worker process %s; its lease will",
                              self.worker_pid)
        return super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)


@signals.setup_logging.connect
def _json_logging(**_kwargs: Any) -> None:
    """Celery leaves logging alone when this signal has a receiver: the worker logs JSON lines too."""
    from api.logs import configure_logging

    configure_logging(get_settings().log_level)


@signals.worker_process_init.connect
def _pool_process_init(**_kwargs: Any) -> None:
    """A pool process dies with the worker's main process, and the OCR processes it forks die with it,
    so a killed worker leaves nothing running; it opens its own database connections."""
    global _services
    from api.processes import die_with_parent

    die_with_parent(signal.SIGKILL)
    os.register_at_fork(after_in_child=lambda: die_with_parent(signal.SIGKILL))
    # Pool processes are daemonic, and multiprocessing refuses children to daemons (so they cannot be
    # orphaned); extraction needs its OCR processes, and the line above already ties them to us.
    multiprocessing.current_process().daemon = False
    if _services is not None:  # the main process's connections belong to the main process
        _services.engine.dispose(close=False)
        _services = None


@signals.worker_process_shutdown.connect
def _pool_process_shutdown(**_kwargs: Any) -> None:
    from extractor.ingest.ocr.concurrent import discard_pool

    with contextlib.suppress(Exception):
        discard_pool()
    if _services is not None:
        _services.close()

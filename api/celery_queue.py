"""The API's side of Celery extraction: it sends a task for each queued document and, as the sweeper,
takes back claims whose lease ran out (a worker machine that vanished) and sends their tasks again.

Tasks are sent from one thread, so an upload never waits on the broker; ids the broker refused stay
pending and are sent again. A start sends every queued document again (Redis may have lost its
messages; a duplicate finds its document claimed or done and does nothing)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from api.celery_app import EXTRACT_TASK, make_celery
from api.services import Services
from api.storage import documents
from api.storage.transactions import in_transaction

log = logging.getLogger(__name__)
BROKER_CHECK_S = 5.0  # /healthz asks the broker at most this often
RETRY_S = 2.0  # ids the broker refused are sent again after this long


class CeleryJobQueue:
    def __init__(self, services: Services, sweep: bool = True):
        self.services = services
        self.sweep = sweep
        self.app = make_celery(services.settings)
        self._pending: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._broker_checked = (float("-inf"), True)

    def start(self) -> None:
        if self.sweep:
            with self.services.reads.begin() as session:
                self.notify(documents.queued_ids(session))
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="pk-celery-publisher", daemon=True)
        self._thread.start()

    def notify(self, document_ids: Iterable[int] = ()) -> None:
        with self._lock:
            self._pending.update(document_ids)
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        """Stop sending; ids not sent yet stay queued in the database and are sent at the next start."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None and wait:
            self._thread.join(10)
        self._thread = None

    def health(self) -> dict[str, int]:
        """No workers of its own (they run under `pk-extract worker`); whether the broker answers."""
        checked_at, answers = self._broker_checked
        if time.monotonic() - checked_at > BROKER_CHECK_S:
            answers = self._broker_answers()
            self._broker_checked = (time.monotonic(), answers)
        with self._lock:
            unsent = len(self._pending)
        return {"configured": 0, "alive": 0, "failing": 0, "broker": int(answers), "unsent": unsent}

    def _broker_answers(self) -> bool:
        try:
            with self.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
                connection.default_channel  # noqa: B018 (opening a channel is the real test)
            return True
        except Exception:
            return False

    def _loop(self) -> None:
        lease_s = self.services.settings.job_lease_s
        next_sweep = 0.0
        while not self._stopping.is_set():
            if self.sweep and time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + lease_s / 4
                self._take_back_expired()
            sent_all = self._send_pending()
            self._wake.wait(min(lease_s / 4, RETRY_S) if not sent_all else lease_s / 4)
            self._wake.clear()

    def _take_back_expired(self) -> None:
        settings = self.services.settings
        try:
            ids = in_transaction(self.services.sessions, lambda session: documents.requeue_expired(
                session, settings.job_lease_s, settings.max_attempts))
        except Exception:
            log.exception("could not take back expired claims", extra={"event": "sweep_error"})
            return
        if ids:
            log.warning("took back %d job(s) whose lease ran out", len(ids),
                        extra={"event": "jobs_recovered", "jobs": len(ids)})
            self.notify(ids)

    def _send_pending(self) -> bool:
        """Send a task per pending id; False when the broker refused (the rest stay pending)."""
        with self._lock:
            batch = sorted(self._pending)
            self._pending.clear()
        sent = 0
        try:
            with self.app.producer_or_acquire() as producer:
                for document_id in batch:
                    self.app.send_task(EXTRACT_TASK, args=[document_id], producer=producer)
                    sent += 1
        except Exception:
            log.exception("the broker refused %d task(s); sending them again", len(batch) - sent,
                          extra={"event": "broker_error"})
            self._broker_checked = (time.monotonic(), False)
            with self._lock:
                self._pending.update(batch[sent:])
            return False
        return True

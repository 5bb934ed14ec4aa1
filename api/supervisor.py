"""Worker processes and their supervision.

Each worker leads its own process group (the OCR processes it forks join it), asks the kernel for
SIGTERM when the server dies (`prctl(PR_SET_PDEATHSIG)`) and gives every process it forks SIGKILL when
the worker dies; so killing the server, or a worker, never leaves extraction running with nobody to
store it. SIGTERM makes a worker give its job back and leave; a clean stop first lets each worker
finish the job in hand for up to `stop_grace_s`."""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Iterable

from api.processes import die_with_parent, kill_group
from api.services import Services
from api.storage import documents
from api.worker import FAILING_AFTER, WorkerStopped, process_next, recover, worker_name

log = logging.getLogger(__name__)
RETURN_TIMEOUT_S = 10.0
RESTART_WINDOW_S = 60.0


class _Stop:
    """What SIGTERM found: an idle worker only leaves its loop; a busy one gets WorkerStopped raised
    once in its extraction, which gives the job back. Raising into idle code (a sleep, a pool's
    bookkeeping) could be swallowed there and leave the worker running."""

    requested = False
    busy = False

    @classmethod
    def on_sigterm(cls, _signum: int, _frame: object) -> None:
        cls.requested = True
        if cls.busy:
            cls.busy = False
            raise WorkerStopped


def _nap(wake_count, stop_flag, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Sleep until woken, stopped or the poll interval is over. Plain shared memory, no locks: a
    worker killed mid-wait can never leave the others or the parent blocked (a multiprocessing Event
    can: its condition counts the dead sleeper and `set()` waits for it forever)."""
    seen = wake_count.value
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and wake_count.value == seen and not stop_flag.value \
            and not _Stop.requested:
        time.sleep(0.02)


def _worker_main(settings_json: str, slot: int, parent_pid: int,  # type: ignore[no-untyped-def]
                 wake_count, stop_flag, failures) -> None:
    """Entry point of one worker process: its own group, engine and logging; the same jobs table."""
    os.setpgrp()
    die_with_parent(signal.SIGTERM)
    if os.getppid() != parent_pid:
        return  # the server died before the request above took hold
    os.register_at_fork(after_in_child=lambda: die_with_parent(signal.SIGKILL))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us in order
    signal.signal(signal.SIGTERM, _Stop.on_sigterm)

    from api.config import Settings
    from api.logs import configure_logging
    from api.services import open_services
    from extractor.ingest.ocr.concurrent import discard_pool

    settings = Settings.model_validate_json(settings_json)
    configure_logging(settings.log_level)
    services = open_services(settings)
    name = worker_name()
    try:
        while not stop_flag.value and not _Stop.requested:
            try:
                _Stop.busy = True
                worked = process_next(services, name)
                failures[slot] = 0
            except Exception:
                failures[slot] += 1
                log.exception("worker %s cannot run jobs", name,
                              extra={"event": "worker_error", "failures": failures[slot]})
                worked = False
            finally:
                _Stop.busy = False
            if not worked:
                _nap(wake_count, stop_flag, settings.poll_interval_s * (1 + min(failures[slot], 10)))
    except WorkerStopped:
        log.info("worker %s stopped", name, extra={"event": "worker_stopped"})
    finally:
        discard_pool()
        services.close()


class ProcessJobQueue:
    """Worker processes, so extraction (pdfium, OCR, parsing) never shares the web process's GIL or
    native libraries. One supervisor thread starts them, replaces a dead one (requeueing its job) and
    stops them: a worker's parent-death signal follows the thread that started it, so that thread
    lives exactly as long as the workers may."""

    def __init__(self, services: Services, workers: int):
        import multiprocessing

        self.services = services
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._wake_count = self._context.RawValue("l", 0)
        self._stop_flag = self._context.RawValue("b", 0)
        self._failures = self._context.RawArray("i", max(workers, 1))
        self._processes: list = []
        self._restarts: collections.deque[float] = collections.deque(maxlen=100)
        self._stopping = threading.Event()
        self._graceful = True
        self._supervisor: threading.Thread | None = None

    def start(self) -> None:
        self._stop_flag.value = 0
        self._stopping.clear()
        started = threading.Event()
        self._supervisor = threading.Thread(target=self._supervise, args=(started,),
                                            name="pk-worker-supervisor", daemon=True)
        self._supervisor.start()
        started.wait()

    def _spawn(self, index: int):  # type: ignore[no-untyped-def]
        arguments = (self.services.settings.model_dump_json(), index, os.getpid(), self._wake_count,
                     self._stop_flag, self._failures)
        process = self._context.Process(target=_worker_main, name=f"pk-worker-{index}", args=arguments)
        process.start()
        return process

    def _supervise(self, started: threading.Event) -> None:
        self._processes = [self._spawn(index) for index in range(self.workers)]
        started.set()
        while not self._stopping.wait(self.services.settings.poll_interval_s):
            self._replace_dead()
        self._shutdown()

    def _replace_dead(self) -> None:
        """A worker that died (killed, out of memory, a native crash): its OCR processes go, its job
        is requeued (counted), and a new worker takes its place."""
        for index, process in enumerate(list(self._processes)):
            if process.is_alive():
                continue
            log.warning("worker %s died (exit %s); requeueing its job", process.pid, process.exitcode,
                        extra={"event": "worker_died", "exit_code": process.exitcode})
            kill_group(process.pid)
            try:
                recover(self.services, worker_name(process.pid))
            except Exception:
                log.exception("could not requeue the job of worker %s; its lease will", process.pid)
            self._restarts.append(time.monotonic())
            self._failures[index] = 0
            self._processes[index] = self._spawn(index)
            self.notify()

    def _shutdown(self) -> None:
        """Finish (within the grace), else give back, the jobs in hand; no worker or OCR process stays."""
        self._stop_flag.value = 1
        grace = self.services.settings.stop_grace_s if self._graceful else 0.0
        deadline = time.monotonic() + grace
        for process in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
        for process in self._processes:
            if process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)
        for process in self._processes:
            process.join(RETURN_TIMEOUT_S)
            if process.is_alive():
                process.kill()
                process.join()
                with self.services.sessions.begin() as session:
                    documents.release(session, worker=worker_name(process.pid))
            kill_group(process.pid)
        self._processes = []

    def notify(self, document_ids: Iterable[int] = ()) -> None:
        self._wake_count.value += 1

    def stop(self, wait: bool = True) -> None:
        """With `wait`, workers finish the job in hand (up to `stop_grace_s`); without, they give it
        back at once. Either way no worker or OCR process is left when this returns."""
        self._graceful = wait
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join()
            self._supervisor = None

    def health(self) -> dict[str, int]:
        recent = time.monotonic() - RESTART_WINDOW_S
        alive = [index for index, process in enumerate(self._processes) if process.is_alive()]
        return {"configured": self.workers, "alive": len(alive),
                "failing": sum(self._failures[index] >= FAILING_AFTER for index in alive),
                "restarts_last_minute": sum(moment > recent for moment in self._restarts)}

"""Page-parallel OCR: a process pool, a bounded window of tasks in flight, results as they finish.

Workers are forked (a forkserver or spawn would re-import the caller's `__main__`, which breaks
plain scripts) and kept between files of a batch; they get nothing from the parent but the task.
Each Tesseract call has the page's remaining time as its timeout; a worker that still does not
answer well past the page timeout is killed and its page recorded as timed out, so one bad page
never stalls a batch.
"""

from __future__ import annotations

import atexit
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from extractor.errors import PAGE_TIMEOUT
from extractor.ingest.ocr.render import cached_pdf
from extractor.ingest.ocr.worker import OcrResult, OcrTask, failed, ocr_page
from models.document import PageInfo

BACKSTOP_GRACE_S = 30.0
WINDOW_PER_WORKER = 2

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def run_ocr(tasks: Iterable[OcrTask], workers: int, on_result: Callable[[OcrResult], None]) -> None:
    """OCR every task, calling `on_result` as each page finishes (not in page order)."""
    tasks = list(tasks)
    if not tasks:
        return
    if workers <= 1 or len(tasks) == 1:
        try:
            for task in tasks:
                on_result(ocr_page(task))
        finally:
            cached_pdf.cache_clear()  # in this process, the file must not stay open after its pages
        return
    run_in_pool(tasks, min(workers, len(tasks)), on_result)


def run_in_pool(tasks: list[OcrTask], workers: int, on_result: Callable[[OcrResult], None]) -> None:
    pool = get_pool(workers)
    pending = iter(tasks)
    in_flight: dict[Future, OcrTask] = {}
    window = workers * WINDOW_PER_WORKER
    backstop = max(t.timeout_s for t in tasks) + BACKSTOP_GRACE_S
    while True:
        while len(in_flight) < window and (task := next(pending, None)) is not None:
            in_flight[pool.submit(ocr_page, task)] = task
        if not in_flight:
            return
        done, _ = wait(in_flight, timeout=backstop, return_when=FIRST_COMPLETED)
        if not done:
            for task in in_flight.values():
                on_result(timed_out(task))
            in_flight.clear()
            discard_pool()
            pool = get_pool(workers)
            continue
        for future in done:
            task = in_flight.pop(future)
            on_result(result_of(future, task))


def result_of(future: Future, task: OcrTask) -> OcrResult:
    try:
        return future.result()
    except Exception as error:  # a crashed worker: record the page, keep the batch going
        from extractor.errors import OCR_FAILED

        info = PageInfo(number=task.number, source="ocr", width=task.width, height=task.height)
        return failed(task, info, OCR_FAILED, f"OCR worker for page {task.number} failed: {error!r}")


def timed_out(task: OcrTask) -> OcrResult:
    info = PageInfo(number=task.number, source="ocr", width=task.width, height=task.height)
    return failed(task, info, PAGE_TIMEOUT, f"page {task.number} did not finish within "
                  f"{task.timeout_s:g} s; its worker was stopped and the page left empty")


def get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers or getattr(_pool, "_broken", False):
        discard_pool()
        one_opencv_thread()
        context = multiprocessing.get_context("fork")
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=init_worker)
        _pool_size = workers
    return _pool


def one_opencv_thread() -> None:
    """One OpenCV thread in this process, and so in every worker forked from it: the pool is the
    parallelism, and OpenCV's own threads only fight it for the same cores (they cost a quarter more
    CPU on the page's rules and ink). It is set here, before the fork, never in the child: a forked
    child that resizes the thread pool its parent had running waits forever on threads it does not
    have."""
    import cv2

    cv2.setNumThreads(1)


def init_worker() -> None:
    """One Tesseract thread per worker (OpenCV's comes from the parent, see `one_opencv_thread`)."""
    import os

    os.environ["OMP_THREAD_LIMIT"] = "1"


def discard_pool() -> None:
    """Stop the pool now, killing workers that are stuck (a hung page must not hold the batch)."""
    global _pool
    if _pool is None:
        return
    processes = list((getattr(_pool, "_processes", None) or {}).values())
    _pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    _pool = None


atexit.register(discard_pool)


def shutdown_pool() -> None:
    """Let the workers finish and exit (a long-running service or a benchmark calls this)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None

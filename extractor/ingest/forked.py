"""A generator run in a forked child process under a memory limit, its messages read here with a time
limit on each: what `pdf_check` uses to try a PDF's pages where a bomb can only kill the child.

Fork, like the OCR pool (`extractor.ingest.ocr.concurrent`): a spawned or forkserver child would re-import
the caller's `__main__`. The child's stderr goes to /dev/null and its fault handler is off, so a child
killed by a page prints no crash report into the user's terminal or log.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator


class ForkedRun:
    """`produce(*args)`'s messages as they come, then ("lost", "died" | "timeout") if the child stops
    answering: killed (memory), crashed, or silent past `first_timeout` (first message) or `timeout`
    (each later one). A ("done",) message ends the run."""

    def __init__(self, produce: Callable[..., Iterator[tuple]], args: tuple, memory_budget: int, *,
                 first_timeout: float, timeout: float):
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=run_child, args=(sender, produce, args, memory_budget),
                                       daemon=True)
        self.process.start()
        sender.close()
        self.first_timeout, self.timeout = first_timeout, timeout

    def __iter__(self):
        waiting = self.first_timeout
        while True:
            if not self.receiver.poll(waiting):
                yield ("lost", "timeout")
                return
            try:
                message = self.receiver.recv()
            except (EOFError, OSError):
                yield ("lost", "died")
                return
            if message[0] == "done":
                return
            waiting = self.timeout
            yield message

    def close(self) -> None:
        self.receiver.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


def run_child(sender, produce: Callable[..., Iterator[tuple]], args: tuple, memory_budget: int) -> None:
    quiet()
    limit_memory(memory_budget)
    try:
        for message in produce(*args):
            sender.send(message)
    except BaseException:  # memory or anything else: the parent blames what it was doing, quietly
        os._exit(3)
    sender.close()


def quiet() -> None:
    import faulthandler

    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def limit_memory(budget: int) -> None:
    """RLIMIT_DATA at what the process holds now plus `budget`: work that needs more gets a
    MemoryError or kills the child, never this machine. (Linux: the heap and private mappings.)"""
    if not sys.platform.startswith("linux"):
        return
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        data_kb = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
    limit = data_kb * 1024 + budget
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))

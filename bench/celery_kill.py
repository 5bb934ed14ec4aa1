"""Fault run (not a test, minutes): a batch of >= 200 documents on two Celery worker nodes, killed with
SIGKILL twice mid-document, must end with 0 lost, 0 duplicated runs, 0 stuck.

Two `pk-extract worker -c 1` nodes (two "machines") share PostgreSQL, Redis and the file store; the API's
own `CeleryJobQueue` sends the tasks and sweeps expired leases. Kill 1: node A's pool process holding a
document mid-extraction (its main process gives the claim back, Celery redelivers the task). Kill 2:
node B's main process mid-document (its pool process dies with it; the lease runs out, the sweeper
sends the job again); B is started again, as a restart policy would. Every tenth document has 150
pages, so kills land mid-document; the others 20.

Usage: python bench/celery_kill.py [--docs 200] [--lease 5]
       PK_TEST_REDIS_URL=amqp://guest:guest@127.0.0.1:5672// python bench/celery_kill.py   (RabbitMQ)
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import tempfile
import time
from pathlib import Path

from celery_cluster import cluster_settings, open_services, publisher, states, store, wait_finished

from tests.api.celery_live import celery_worker
from tests.api.live import gone, wait_for
from tests.api.pdfs import pk_pdf


def victim(services, ids: list[int], node) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """A document that `node`'s pool process is extracting, past its first pages: (id, pid)."""
    pool = {child.pid for child in node.children()}
    for document_id, (status, _attempts, _runs, pages_done, holder) in states(services, ids).items():
        if status == "processing" and pages_done > 0 and holder in pool:
            return document_id, holder
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--lease", type=float, default=5.0, help="PK_JOB_LEASE_S for the run")
    args = parser.parse_args()
    tag = time.time_ns()
    sizes = [150 if n % 10 == 0 else 20 for n in range(args.docs)]
    files = [(f"k{n}.pdf", pk_pdf(f"kill-{tag}-{n}", pages=size)) for n, size in enumerate(sizes)]
    with tempfile.TemporaryDirectory(prefix="pk-celery-kill-") as folder, \
            cluster_settings(Path(folder), lease_s=args.lease) as settings:
        services = open_services(settings)
        queue = publisher(services, sweep=True)
        logs = Path(folder)
        try:
            with celery_worker(settings, logs / "a.log", "node-a") as node_a:
                node_b_cm = celery_worker(settings, logs / "b.log", "node-b")
                node_b = node_b_cm.__enter__()
                ids = store(services, files)
                started = time.monotonic()
                queue.notify(ids)
                first, pid = wait_for(lambda: victim(services, ids, node_a), 120, "node A mid-document")
                os.kill(pid, signal.SIGKILL)
                print(f"kill 1: node A's pool process {pid} (document {first})")
                wait_for(lambda: sum(s[0] == "done" for s in states(services, ids).values()) > len(ids) // 2,
                         300, "half the batch")
                second, _pid = wait_for(lambda: victim(services, ids, node_b), 120, "node B mid-document")
                family = [node_b, *node_b.children(recursive=True)]
                node_b.kill()
                wait_for(lambda: gone(family), 15, "node B and its pool process to exit")
                print(f"kill 2: node B's main process {node_b.pid} (document {second}), its pool with it")
                node_b_cm.__exit__(None, None, None)
                with celery_worker(settings, logs / "b2.log", "node-b"):
                    wait_finished(services, ids, 900)
                elapsed = time.monotonic() - started
        finally:
            queue.stop()
        final = states(services, ids)
        services.close()
    by_status = collections.Counter(status for status, *_rest in final.values())
    lost = [i for i, (status, *_rest) in final.items() if status not in ("done", "failed")]
    duplicated = [i for i, (_s, _a, runs, _p, _h) in final.items() if runs > 1]
    unstored = [i for i, (_s, _a, runs, _p, _h) in final.items() if runs == 0]
    redone = sorted(i for i, (_s, attempts, _r, _p, _h) in final.items() if attempts > 1)
    pages = sum(sizes)
    print(f"{args.docs} documents ({pages} pages) in {elapsed:.1f} s: {dict(by_status)}")
    print(f"lost {len(lost)}, duplicated runs {len(duplicated)}, without a run {len(unstored)}, "
          f"stuck {by_status.get('processing', 0)}; redone (attempts 2): {redone}, killed: {[first, second]}")
    ok = not lost and not duplicated and not unstored and redone == sorted({first, second})
    print("PASS" if ok else "FAIL")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

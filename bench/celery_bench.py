"""Throughput benchmark (not a test): pages per second with 1 and 2 Celery worker processes.

For each count, a real `pk-extract worker -c N` runs against the machine's Redis and PostgreSQL (a fresh
schema each time); its pool processes are warmed up with a few documents (imports, first connections),
then --docs documents of --pages pages are queued and their tasks sent at once through the API's
`CeleryJobQueue`, and the clock runs until every one is done. Efficiency is pages/s with 2 processes
over twice that with 1. --scan uses scanned pages (OCR at 100 dpi) instead of a text layer.

Usage: python bench/celery_bench.py [--docs 40] [--pages 30] [--scan] [--processes 1 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from celery_cluster import cluster_settings, open_services, publisher, store, wait_finished

from tests.api.celery_live import celery_worker
from tests.api.pdfs import pk_pdf, scan_pdf


def measure(processes: int, docs: int, pages: int, scan: bool, folder: Path) -> dict[str, float]:
    make = scan_pdf if scan else pk_pdf
    tag = f"{processes}-{time.time_ns()}"
    with cluster_settings(folder / f"p{processes}") as settings:
        services = open_services(settings)
        queue = publisher(services)
        try:
            with celery_worker(settings, folder / f"worker-{processes}.log", f"bench{processes}", processes):
                warm_files = [(f"w{n}.pdf", make(f"warm-{tag}-{n}", pages=2)) for n in range(2 * processes)]
                warm = store(services, warm_files)
                queue.notify(warm)
                wait_finished(services, warm, 120)
                batch = store(services, [(f"d{n}.pdf", make(f"{tag}-{n}", pages=pages)) for n in range(docs)])
                load = os.getloadavg()[0]
                queue.notify(batch)
                seconds = wait_finished(services, batch, 1800)
                busy = extraction_seconds(services, batch)
        finally:
            queue.stop()
            services.close()
    return {"processes": processes, "seconds": seconds, "pages": docs * pages, "busy": busy,
            "pages_per_s": docs * pages / seconds, "load_before": load}


def extraction_seconds(services, ids: list[int]) -> float:  # type: ignore[no-untyped-def]
    """Seconds the workers spent extracting these documents, all processes together (stored runs)."""
    from sqlalchemy import func, select

    from api.storage.tables import RunRow

    with services.sessions.begin() as session:
        return session.scalar(select(func.sum(RunRow.seconds)).where(RunRow.document_id.in_(ids))) or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--scan", action="store_true", help="scanned pages (OCR) instead of a text layer")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pk-celery-bench-") as folder:
        results = [measure(n, args.docs, args.pages, args.scan, Path(folder)) for n in args.processes]
    kind = "scanned (OCR, 100 dpi)" if args.scan else "text-layer"
    print(f"{args.docs} {kind} documents of {args.pages} pages, {os.cpu_count()} cores")
    for result in results:
        print(f"{result['processes']} process(es): {result['pages']} pages in {result['seconds']:.1f} s = "
              f"{result['pages_per_s']:.1f} pages/s; {result['busy'] / result['pages'] * 1000:.1f} ms of "
              f"extraction per page in a process (load average before: {result['load_before']:.1f})")
    by_count = {int(r["processes"]): r["pages_per_s"] for r in results}
    if 1 in by_count and 2 in by_count:
        print(f"efficiency 1 -> 2 processes: {by_count[2] / (2 * by_count[1]):.0%}")


if __name__ == "__main__":
    main()

"""Read-load benchmark (not a test): N concurrent readers against a real `pk-extract serve` on loopback.

A temporary database (SQLite, or --database-url) is seeded with --agreements records (one document
each, with the hand-made sample record), then --clients readers each send back-to-back requests for
--seconds: the agreement list (filtered and not), one agreement, its history, one document, the
review queue. Latency is measured at the client, from send to last byte. With --during-batch, a
batch of generated PK PDFs is uploaded first and extracted by --workers worker processes while the
readers run (the figure "during a batch").

Bounded: the server and its workers are stopped at the end, the temporary folder is removed.

Usage: python bench/read_load.py [--agreements 1000] [--clients 50] [--seconds 20] [--think-ms 0]
                                 [--web-processes 2] [--during-batch 40] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvloop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.config import Settings  # noqa: E402
from api.services import open_services  # noqa: E402
from api.storage import documents  # noqa: E402
from api.storage.tokens import create_token  # noqa: E402
from tests.api.pdfs import pk_pdf  # noqa: E402
from tests.api.sample_records import sample_agreement, sample_result  # noqa: E402

ORGANIZATIONS = ["Dinas Kesehatan", "Dinas Pendidikan", "Badan Perencanaan", "Dinas Sosial", "Inspektorat"]


def seed(settings: Settings, count: int) -> str:
    """`count` documents with one agreement each, stored as a worker would; returns a viewer token."""
    services = open_services(settings)
    try:
        for start in range(0, count, 100):
            with services.sessions.begin() as session:
                for n in range(start, min(start + 100, count)):
                    sha, size = services.store.put_stream(io.BytesIO(f"seed {n}".encode()), 10**6)
                    row, _ = documents.add_upload(session, sha, f"seed-{n}.pdf", size, 2)
                    row.status, row.claim_token = documents.PROCESSING, f"seed-{n}"
                    session.flush()
                    agreement = sample_agreement(organization=ORGANIZATIONS[n % len(ORGANIZATIONS)],
                                                 year=2020 + n % 6)
                    documents.finish(session, row.id, f"seed-{n}", sample_result(f"seed-{n}.pdf", sha,
                                                                               [agreement]), "bench")
        with services.sessions.begin() as session:
            return create_token(session, "admin", "bench")[1]
    finally:
        services.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(settings: Settings, port: int, web_processes: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, **{f"PK_{k.upper()}": str(v) for k, v in settings.model_dump().items()},
           "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", "from cli import app; app()", "serve", "--port", str(port),
               "--web-processes", str(web_processes)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code in (200, 503):
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start; see {log}")


def request_mix(agreements: int) -> list[str]:
    ids = [random.randint(1, agreements) for _ in range(200)]
    paths = []
    for n, agreement_id in enumerate(ids):
        paths += [f"/agreements/{agreement_id}", f"/documents/{agreement_id}",
                  f"/agreements/{agreement_id}/history"]
        if n % 2 == 0:
            organization = ORGANIZATIONS[n % 5].replace(" ", "%20")
        paths += ["/agreements?limit=50", f"/agreements?organization={organization}&limit=50",
                      "/review-queue?limit=50"]
    random.shuffle(paths)
    return paths


async def reader(port: int, token: str, paths: list[str], until: float, latencies: list[tuple[float, str]],
                 errors: list[int], think: float = 0.0) -> None:
    """One reader on one keep-alive connection, pausing `think` seconds on average between requests
    (exponentially drawn, as people click; 0: back to back, which measures the server's saturation).
    A few lines of HTTP/1.1 rather than an HTTP client library: the readers share the machine with the
    server, and a lean client leaves it the CPU."""
    stream_in, stream_out = await asyncio.open_connection("127.0.0.1", port)
    n = random.randrange(len(paths))
    try:
        while time.monotonic() < until:
            n = (n + 1) % len(paths)
            started = time.perf_counter()
            stream_out.write(f"GET {paths[n]} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}"
                             "\r\n\r\n".encode())
            head = await stream_in.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
            await stream_in.readexactly(length)
            latencies.append((time.perf_counter() - started, kind_of(paths[n])))
            if head[9:12] != b"200":
                errors.append(int(head[9:12]))
            if think:
                await asyncio.sleep(random.expovariate(1 / think))
    finally:
        stream_out.close()


async def load(port: int, token: str, clients: int, seconds: float, agreements: int, think: float
               ) -> tuple[list[tuple[float, str]], list[int], float]:
    paths = request_mix(agreements)
    warm = time.monotonic() + 2
    await asyncio.gather(*(reader(port, token, paths, warm, [], []) for _ in range(clients)))
    latencies: list[tuple[float, str]] = []
    errors: list[int] = []
    started = time.monotonic()
    await asyncio.gather(*(reader(port, token, paths, started + seconds, latencies, errors, think)
                           for _ in range(clients)))
    return latencies, errors, time.monotonic() - started


def kind_of(path: str) -> str:
    """The route a request hit, ids and query values left out: "/agreements/{id}/history"."""
    route, _, query = path.partition("?")
    route = re.sub(r"/\d+", "/{id}", route)
    return route + ("?" + "&".join(sorted(p.split("=")[0] for p in query.split("&"))) if query else "")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def print_latencies(what: str, seconds: list[float]) -> None:
    print(f"latency ms: p50 {percentile(seconds, 0.5):6.1f}  p90 {percentile(seconds, 0.9):6.1f}  "
          f"p99 {percentile(seconds, 0.99):6.1f}  max {max(seconds) * 1000:6.1f}  {what}")


def upload_batch(url: str, token: str, count: int) -> None:
    files = [("files", (f"batch-{n}.pdf", pk_pdf(f"bench-batch-{n}", pages=6), "application/pdf"))
             for n in range(count)]
    response = httpx.post(f"{url}/documents", files=files, headers={"Authorization": f"Bearer {token}"},
                          timeout=120)
    response.raise_for_status()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--web-processes", type=int, default=2)
    parser.add_argument("--think-ms", type=float, default=0.0,
                        help="mean pause of each reader between requests (0: back to back)")
    parser.add_argument("--workers", type=int, default=1, help="extraction workers (for --during-batch)")
    parser.add_argument("--during-batch", type=int, default=0, metavar="N",
                        help="upload N six-page PDFs first and read while they are extracted")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--log-level", default="WARNING", help="INFO writes the access log (timings)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server log)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="pk-read-load-"))
    try:
        settings = Settings(database_url=args.database_url or f"sqlite:///{folder / 'pk.db'}",
                            storage_dir=folder / "files", workers=args.workers if args.during_batch else 0,
                            log_level=args.log_level)
        seeding = time.monotonic()
        token = seed(settings, args.agreements)
        print(f"seeded {args.agreements} agreements in {time.monotonic() - seeding:.1f} s")
        port = free_port()
        server = start_server(settings, port, args.web_processes, folder / "server.log")
        url = f"http://127.0.0.1:{port}"
        try:
            if args.during_batch:
                upload_batch(url, token, args.during_batch)
            load_before = os.getloadavg()[0]
            latencies, errors, elapsed = uvloop.run(load(port, token, args.clients, args.seconds,
                                                         args.agreements, args.think_ms / 1000))
            if args.during_batch:
                with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
                    listing = client.get("/documents", params={"limit": 1, "status": "done"}).json()
                print(f"during the batch: {listing['total'] - args.agreements} of {args.during_batch} "
                      "uploaded documents were extracted while the readers ran")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
        print(f"{len(latencies)} requests in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} req/s, "
              f"{args.clients} clients, {args.web_processes} web process(es), {len(errors)} errors")
        print_latencies("all requests", [seconds for seconds, _ in latencies])
        for kind in sorted({kind for _, kind in latencies}):
            print_latencies(kind, [seconds for seconds, k in latencies if k == kind])
        print(f"machine: {os.cpu_count()} cores, load average {load_before:.2f} when the readers started")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

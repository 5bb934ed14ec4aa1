"""Hostile bodies and images: nothing is read before the token is checked, a body over its limit is
refused as it streams (chunked too), one refused file stores none of an upload, and an image bomb is
refused from its header wherever it is opened (upload, extraction, page picture)."""

from __future__ import annotations

import functools
import io
import select
import socket
import struct
import time
import zlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from api.config import Settings
from api.services import open_services
from api.storage import documents
from api.storage.tables import DocumentRow
from api.worker import run_until_idle
from tests.api.conftest import Api, make_tokens, running
from tests.api.live import live_server
from tests.api.pdfs import pk_pdf

BOUNDARY = "pkboundary"


@functools.cache
def png_bomb(side: int = 12_000) -> bytes:
    """A valid, all-white greyscale PNG of side x side pixels that weighs a few hundred kilobytes."""
    compressor, row = zlib.compressobj(9), b"\x00" + b"\xff" * side
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _document_count(settings: Settings) -> int:
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            return session.scalar(sql_select(func.count()).select_from(DocumentRow)) or 0
    finally:
        services.close()


def _chunked_upload(url: str, token: str | None, total: int, chunk: int = 64 * 1024) -> tuple[bytes, int]:
    """Stream a multipart upload with chunked transfer encoding, as slowly as the server reads it;
    returns the start of the server's answer and how many body bytes were sent before it came."""
    address = urlparse(url)
    sock = socket.create_connection((address.hostname, address.port), timeout=10)
    head = (f"POST /documents HTTP/1.1\r\nHost: {address.netloc}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n")
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    sock.sendall(head.encode() + b"\r\n")
    part = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    sent, body = 0, part
    try:
        while sent < total:
            if select.select([sock], [], [], 0.02)[0]:
                break
            payload = body or b"%" * chunk
            body = b""
            sock.sendall(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
            sent += len(payload)
        answer = _read_answer(sock)
    except (BrokenPipeError, ConnectionResetError):
        answer = _read_answer(sock)
    finally:
        sock.close()
    return answer, sent


def _read_answer(sock: socket.socket) -> bytes:
    """Head and body of the answer (the body may come in a later segment than the head)."""
    answer = b""
    while select.select([sock], [], [], 10)[0] and (data := sock.recv(65536)):
        answer += data
        head, _, body = answer.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), None)
        if length is not None and len(body) >= length:
            break
    return answer


def test_bodies_are_refused_before_they_are_read_and_as_they_stream(settings: Settings, tmp_path: Path
                                                                     ) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("request handling does not depend on the database backend")
    limits = settings.model_copy(update={"workers": 0, "max_request_bytes": 1024 * 1024,
                                         "max_upload_bytes": 8 * 1024 * 1024})
    tokens = make_tokens(limits)
    with live_server(limits, tokens, tmp_path / "server.log") as server:
        answer, sent = _chunked_upload(server.url, None, 300 * 1024 * 1024)
        assert answer.startswith(b"HTTP/1.1 401") and sent < 1024 * 1024, (answer[:200], sent)
        answer, sent = _chunked_upload(server.url, tokens["viewer"], 300 * 1024 * 1024)
        assert answer.startswith(b"HTTP/1.1 403") and sent < 1024 * 1024, (answer[:200], sent)
        answer, sent = _chunked_upload(server.url, tokens["admin"], 20 * 1024 * 1024)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
        assert b'"limit":1048576' in answer and sent < 2 * 1024 * 1024
        time.sleep(0.2)
        assert _stored_files(limits.storage_dir) == []
    assert _document_count(limits) == 0


def test_one_refused_file_stores_none_of_the_upload(api: Api, settings: Settings) -> None:
    store = api.client.app.state.services.store
    ok = ("ok.pdf", pk_pdf("all-or-nothing"))
    for refused, code in [(("bomb.png", png_bomb()), "image_too_large"),
                          (("long.pdf", pk_pdf("long", pages=400)), "too_many_pages")]:
        response = api.upload(ok, refused)
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == code
        assert response.json()["error"]["details"]["filename"] == refused[0]
    assert api.get("/documents").json()["total"] == 0
    assert _stored_files(store.root) == []
    assert api.upload(ok).status_code == 202


def test_an_image_bomb_is_never_decoded_by_extraction_or_page_pictures(settings: Settings) -> None:
    """A bomb that got in before the limit existed (stored directly): extraction fails it from the
    header, and its page picture is refused without decoding."""
    idle = settings.model_copy(update={"workers": 0})
    services = open_services(idle)
    try:
        sha, size = services.store.put_stream(io.BytesIO(png_bomb()), 10**7)
        with services.sessions.begin() as session:
            document_id = documents.add_upload(session, sha, "bomb.png", size)[0].id
        started = time.monotonic()
        assert run_until_idle(services) == 1
        assert time.monotonic() - started < 10
        with services.sessions.begin() as session:
            row = session.get(DocumentRow, document_id)
            assert row.status == "failed"
            assert [p["code"] for p in row.problems] == ["image_too_large"]
            message = row.problems[0]["message"]
            assert message.startswith("bomb.png") and str(services.store.root) not in message
    finally:
        services.close()
    with running(idle, make_tokens(idle)) as api:
        started = time.monotonic()
        response = api.get(f"/documents/{document_id}/pages/1/image")
        assert response.status_code == 422 and response.json()["error"]["code"] == "image_too_large"
        assert time.monotonic() - started < 10

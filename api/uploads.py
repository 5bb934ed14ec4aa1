"""Uploads: multipart bodies streamed from the socket straight into the store's incoming folder (each
file hashed and held to its size limit as it arrives, never spooled whole to memory or /tmp), then
checked (pages, pixels) and stored all together in one transaction, or not at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from fastapi import Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.pages import ImageTooLarge, inspect_file
from api.schemas import UploadedDocument
from api.services import Services
from api.storage import documents
from api.storage.files import FileStore, IncomingFile, UploadTooLarge
from api.storage.tables import DocumentRow
from api.storage.transactions import in_transaction

FILES_FIELD = "files"
MAX_PARTS = 1000
UPLOAD_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"multipart/form-data": {
    "schema": {"type": "object", "required": [FILES_FIELD], "properties": {
        FILES_FIELD: {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"},
                      "description": "PDFs or images (PNG, JPEG, TIFF)"}}}}}}}


def display_name(filename: str | None) -> str:
    """The client's file name reduced to its last component; stored as a label only."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload"


@dataclass
class _Part:
    name: str = ""
    file: IncomingFile | None = None


class _MultipartFiles:
    """python-multipart's push parser, writing each `files` part into an incoming file."""

    def __init__(self, store: FileStore, boundary: bytes, max_file_bytes: int):
        self.store, self.max_file_bytes = store, max_file_bytes
        self.files: list[IncomingFile] = []
        self._part = _Part()
        self._parts = 0
        self._header_name, self._header_value, self._disposition = b"", b"", b""
        self.parser = MultipartParser(boundary, {
            "on_part_begin": self._begin, "on_header_field": self._field, "on_header_value": self._value,
            "on_header_end": self._header_end, "on_headers_finished": self._headers_done,
            "on_part_data": self._data, "on_part_end": self._end})

    def _begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise ApiError(413, f"an upload holds at most {MAX_PARTS} parts", code="payload_too_large",
                           details={"parts": MAX_PARTS})
        self._part, self._disposition = _Part(), b""

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def _headers_done(self) -> None:
        _kind, options = parse_options_header(self._disposition)
        self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._part.name == FILES_FIELD and b"filename" in options:
            filename = display_name(options[b"filename"].decode("utf-8", "replace"))
            self._part.file = self.store.incoming(filename, self.max_file_bytes)
            self.files.append(self._part.file)

    def _data(self, data: bytes, start: int, end: int) -> None:
        incoming = self._part.file
        if incoming is None:
            return  # other fields are not part of the API; their bytes still count against the body limit
        try:
            incoming.write(data[start:end])
        except UploadTooLarge as error:
            raise ApiError(413, f"{incoming.name} is larger than {error.limit} bytes",
                           details={"filename": incoming.name, "limit": error.limit}) from error

    def _end(self) -> None:
        if self._part.file is not None:
            self._part.file.finish()


@asynccontextmanager
async def received_files(request: Request, store: FileStore, max_file_bytes: int
                         ) -> AsyncIterator[list[IncomingFile]]:
    """The request's `files` parts as incoming files, removed again when the block ends."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise ApiError(415, "send the files as multipart/form-data, one `files` part per file")
    receiver = _MultipartFiles(store, options[b"boundary"], max_file_bytes)
    try:
        async for chunk in request.stream():
            receiver.parser.write(chunk)
        receiver.parser.finalize()
        if not receiver.files:
            raise ApiError(422, "no file was sent: add one `files` part per file", code="validation_error")
        yield receiver.files
    except MultipartParseError as error:
        raise ApiError(400, f"the multipart body cannot be read: {error}") from error
    finally:
        for incoming in receiver.files:
            incoming.discard()


def check_file(services: Services, incoming: IncomingFile) -> int | None:
    """Pages of the file (None when extraction will have to say what it is); 413 over the limits."""
    settings = services.settings
    try:
        pages = inspect_file(incoming.path, settings.max_image_pixels)
    except ImageTooLarge as error:
        raise ApiError(413, f"{incoming.name}: {error}", code="image_too_large",
                       details={"filename": incoming.name, "limit": settings.max_image_pixels}) from error
    if pages is not None and pages > settings.max_pages:
        raise ApiError(413, f"{incoming.name} has {pages} pages; the limit is {settings.max_pages}",
                       code="too_many_pages",
                       details={"filename": incoming.name, "pages": pages, "limit": settings.max_pages})
    return pages


def store_files(services: Services, files: list[IncomingFile]) -> list[UploadedDocument]:
    """Check every file first, then add them all in one transaction: one refused file stores none."""
    page_counts = [check_file(services, incoming) for incoming in files]

    def add_all(session: Session) -> list[UploadedDocument]:
        return [_add_one(services.store, session, incoming, pages)
                for incoming, pages in zip(files, page_counts, strict=True)]

    return in_transaction(services.sessions, add_all)


def _add_one(store: FileStore, session: Session, incoming: IncomingFile, pages: int | None
             ) -> UploadedDocument:
    # KEY SHARE on a known document: a deletion in progress finishes first (then the row is gone and
    # this upload makes a new one); a deletion that comes later waits until this upload is stored.
    existing = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == incoming.sha256)
                              .with_for_update(read=True, key_share=True))
    if existing is not None:
        row, duplicate = existing, True
    else:
        row, duplicate = documents.add_upload(session, incoming.sha256, incoming.name, incoming.size, pages)
    if not duplicate or not store.path_for(incoming.sha256).exists():
        store.place(incoming)
    session.flush()
    return UploadedDocument(id=row.id, filename=row.filename, sha256=row.sha256, status=row.status,
                            duplicate=duplicate)

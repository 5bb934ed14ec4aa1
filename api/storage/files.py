"""Content-addressed file store: a file lives at `<root>/<sha[:2]>/<sha>`; the uploaded name is only
ever metadata, never part of a path.

A stored file is removed only inside the transaction that deletes its document row, and only by
moving it to a trash name that nothing else uses (`retire`), so an upload of the same bytes, which
places its file inside its own transaction after the row lock, can never lose its file to a
concurrent deletion. Placing is idempotent (same sha, same bytes), so a retried transaction may place
again."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
SHA256_HEX = frozenset("0123456789abcdef")
INCOMING, TRASH, SEARCHABLE = ".incoming", ".trash", "searchable"
STALE_AFTER_S = 24 * 3600


class UploadTooLarge(Exception):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"file larger than {limit} bytes")


class IncomingFile:
    """A file being received: written to the store's incoming folder, hashed as it arrives, refused as
    soon as it passes `max_bytes`. Nothing is stored until `FileStore.place`; `discard` removes it."""

    def __init__(self, folder: Path, name: str, max_bytes: int):
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix="upload-")
        self.name = name
        self.path = Path(temp_name)
        self.max_bytes = max_bytes
        self.size = 0
        self.sha256 = ""
        self._digest = hashlib.sha256()
        self._out = os.fdopen(handle, "wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise UploadTooLarge(self.max_bytes)
        self._digest.update(chunk)
        self._out.write(chunk)

    def finish(self) -> IncomingFile:
        self._out.close()
        self.sha256 = self._digest.hexdigest()
        return self

    def discard(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not set(sha256) <= SHA256_HEX:
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    def incoming(self, name: str, max_bytes: int) -> IncomingFile:
        return IncomingFile(self.root / INCOMING, name, max_bytes)

    def receive(self, stream: BinaryIO, name: str, max_bytes: int) -> IncomingFile:
        """Copy a whole stream into an incoming file (the command line's import)."""
        incoming = self.incoming(name, max_bytes)
        try:
            while chunk := stream.read(CHUNK):
                incoming.write(chunk)
        except BaseException:
            incoming.discard()
            raise
        return incoming.finish()

    def put_stream(self, stream: BinaryIO, max_bytes: int) -> tuple[str, int]:
        """Receive and place a stream in one go (seeding, scripts); returns (sha256, size). Only for
        callers that add the document row themselves and race with no deletion."""
        incoming = self.receive(stream, "stream", max_bytes)
        try:
            self.place(incoming)
            return incoming.sha256, incoming.size
        finally:
            incoming.discard()

    def place(self, incoming: IncomingFile) -> Path:
        """Make the received bytes the stored file of their sha256 (call it inside the transaction
        that holds the document row). The incoming file stays until discarded, so this can repeat."""
        final = self.path_for(incoming.sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        link = final.with_name(f".{final.name}.{uuid.uuid4().hex}")
        os.link(incoming.path, link)
        os.replace(link, final)
        return final

    def retire(self, sha256: str) -> Path | None:
        """Move a stored file out of the way (call it inside the transaction that deletes its row);
        then `purge` after the commit or `restore` after a rollback."""
        trash = self.root / TRASH / f"{sha256}.{uuid.uuid4().hex}"
        trash.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(self.path_for(sha256), trash)
        except FileNotFoundError:
            return None
        return trash

    def restore(self, trash: Path | None, sha256: str) -> None:
        if trash is not None:
            os.replace(trash, self.path_for(sha256))

    @staticmethod
    def purge(trash: Path | None) -> None:
        if trash is not None:
            trash.unlink(missing_ok=True)

    def searchable_path(self, sha256: str) -> Path:
        """The searchable copy of a scanned PDF (our OCR words as its text layer), made by the worker
        that extracted it; derived data, so it goes with the file and is made again by a re-extraction."""
        return self.root / SEARCHABLE / sha256[:2] / f"{self.path_for(sha256).name}.pdf"

    def searchable_draft(self, sha256: str, token: str) -> Path:
        """Where a worker writes its copy before its run is stored (`keep_searchable`): a worker whose
        claim was lost meanwhile never replaces the copy of the run that counts."""
        final = self.searchable_path(sha256)
        return final.with_name(f".{final.name}.{uuid.uuid5(uuid.NAMESPACE_OID, token).hex}")

    def keep_searchable(self, draft: Path | None, sha256: str) -> None:
        """The stored run's copy becomes the document's; a run that made none leaves none behind."""
        if draft is not None and draft.is_file():
            os.replace(draft, self.searchable_path(sha256))
        else:
            self.drop_searchable(sha256)

    def drop_searchable(self, sha256: str) -> None:
        self.searchable_path(sha256).unlink(missing_ok=True)

    def sweep(self, older_than_s: float = STALE_AFTER_S) -> int:
        """Remove incoming and trash files left by a crash (old enough that no request still owns them),
        and drafts of searchable copies whose worker died."""
        removed, cutoff = 0, time.time() - older_than_s
        stale = [folder.glob("*") for folder in (self.root / INCOMING, self.root / TRASH) if folder.is_dir()]
        if (self.root / SEARCHABLE).is_dir():
            stale.append((self.root / SEARCHABLE).glob("*/.*"))
        for paths in stale:
            for path in paths:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

"""Content-addressed file store: a file lives at `<root>/<sha[:2]>/<sha>`; the uploaded name is only
ever metadata, never part of a path."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
SHA256_HEX = frozenset("0123456789abcdef")


class UploadTooLarge(Exception):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"file larger than {limit} bytes")


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not set(sha256) <= SHA256_HEX:
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    def put_stream(self, stream: BinaryIO, max_bytes: int) -> tuple[str, int]:
        """Copy a stream in, hashing as it goes; stop at `max_bytes`. Returns (sha256, size)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        handle, temp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise UploadTooLarge(max_bytes)
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            final = self.path_for(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_name, final)
            return sha, size
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise

    def delete(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

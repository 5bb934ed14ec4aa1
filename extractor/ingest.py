"""Input check and identity: path -> SourceDocument (STUB, owned by the ingestion work)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from extractor.options import ExtractOptions


class SourceDocument(BaseModel):
    path: Path
    filename: str
    sha256: str
    kind: Literal["pdf", "image"]
    page_count: int


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_source(path: Path, options: ExtractOptions) -> SourceDocument:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    return SourceDocument(path=path, filename=path.name, sha256=sha256_of_file(path), kind="pdf",
                          page_count=len(pdf))

"""A batch of files for `pk-extract extract`: where each result goes, which are already done, and the
progress a person or a log sees.

A batch of thousands of scans runs for hours, so it must survive being stopped: each file's JSON is
written the moment it is done (a temp file renamed over the target, so a killed run never leaves half
a file), and a re-run skips every file whose JSON is there for the same bytes (sha256). Output files
mirror the input folders, so two `pk.pdf` in different folders never share one `pk.json`.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from extractor.errors import readable
from extractor.ingest.source import sha256_of_file
from models.result import ExtractionResult

INPUT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx"}
# Problems of the machine, not of the file: a re-run after installing what was missing tries again.
MACHINE_CODES = {"environment_error", "ocr_engine_missing", "ocr_language_missing", "calibration_missing",
                 "internal_error"}


class BatchItem(BaseModel):
    """One input; `output` its JSON, `searchable` its searchable PDF copy (when asked for)."""

    path: Path
    output: Path | None = None
    searchable: Path | None = None


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders searched recursively for supported inputs, in a stable order; a file
    named twice is read once."""
    inputs: list[Path] = []
    for path in paths:
        if path.is_dir():
            inputs.extend(sorted(found for found in path.rglob("*")
                                 if found.is_file() and found.suffix.lower() in INPUT_SUFFIXES))
        else:
            inputs.append(path)
    seen: set[Path] = set()
    unique = []
    for path in inputs:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def plan_outputs(paths: list[Path], inputs: list[Path], outdir: Path | None,
                 searchable_dir: Path | None = None) -> list[BatchItem]:
    """Each input's JSON path under `outdir` (and searchable PDF under `searchable_dir`), mirroring the
    folders below the arguments' common root.

    One folder argument: its tree is mirrored. Several arguments: the tree below their common
    ancestor. Two inputs of one folder with the same stem (pk.pdf, pk.png) keep their suffix
    (pk.pdf.json, pk.png.json); all others are NAME.json."""
    roots = [path.resolve() if path.is_dir() else path.resolve().parent for path in paths]
    root = Path(os.path.commonpath(roots)) if roots else Path.cwd()
    relatives = [relative_to(path.resolve(), root) for path in inputs]
    stems = Counter((relative.parent, relative.stem.lower()) for relative in relatives)
    items = []
    for path, relative in zip(inputs, relatives, strict=True):
        shared = stems[(relative.parent, relative.stem.lower())] > 1
        base = relative.parent / (relative.name if shared else relative.stem)
        items.append(BatchItem(path=path, output=outdir / f"{base}.json" if outdir else None,
                               searchable=searchable_dir / f"{base}.pdf" if searchable_dir else None))
    return items


def relative_to(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:  # a file outside every root (a symlink's target): keep its name only
        return Path(path.name)


def already_done(item: BatchItem) -> bool:
    """The output exists, is a result for these very bytes, and did not fail for the machine's sake
    (and the searchable copy asked for is there, or the file has no OCR'd page to give one)."""
    if item.output is None or not item.output.is_file():
        return False
    try:
        kept = json.loads(item.output.read_text(encoding="utf-8"))
        sha = kept["document"]["sha256"]
        codes = {problem["code"] for problem in kept.get("errors", [])}
        scanned = any(page["source"] == "ocr" for page in kept["document"]["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if item.searchable is not None and scanned and not item.searchable.is_file():
        return False
    try:
        return bool(sha) and sha == sha256_of_file(item.path) and not codes & MACHINE_CODES
    except OSError:
        return False


def write_atomically(path: Path, text: str) -> None:
    """A temp file in the target's folder, flushed to disk, then renamed over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def result_failed(result: ExtractionResult) -> bool:
    """No page could be read: the file's error says why (pk-record.md `errors`)."""
    return result.document.page_count == 0 and bool(result.errors)


def summary_line(index: int, total: int, path: Path, result: ExtractionResult | None, seconds: float) -> str:
    """One line per file, for logs and pipes: position, path, outcome, time."""
    where = f"[{index}/{total}] {readable(path)}"
    if result is None:
        return f"{where}: skipped (output is up to date)"
    if result_failed(result):
        codes = ", ".join(problem.code for problem in result.errors)
        return f"{where}: FAILED {codes}: {result.errors[0].message}"
    problems = Counter(problem.code for problem in result.errors)
    listed = "".join(f", {code}" + (f" x{count}" if count > 1 else "")
                     for code, count in sorted(problems.items()))
    return (f"{where}: ok, {result.document.page_count} page(s), {len(result.agreements)} agreement(s)"
            f"{listed} ({seconds:.1f} s)")


class Clock:
    """Seconds since the batch began, and per file."""

    def __init__(self) -> None:
        self.start = self.lap = time.monotonic()

    def split(self) -> float:
        now = time.monotonic()
        seconds, self.lap = now - self.lap, now
        return seconds

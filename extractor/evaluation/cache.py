"""Raw (uncalibrated) extraction results cached on disk, so refitting and re-scoring skip the OCR.

An entry is keyed by the input's sha256 and a hash of the extractor's code and reading options, so any
parser change makes old entries unreachable. Calibration is not part of the key: it is applied to the
raw result after loading, which is exactly what `pipeline.extract` does.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from extractor.options import ExtractOptions
from models.result import ExtractionResult

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("extractor", "models")
# Files that do not change what the parser emits.
NOT_CODE = ("extractor/evaluation/", "extractor/calibration.py", "extractor/calibrate_cli.py",
            "extractor/cli.py")


@cache
def code_hash() -> str:
    digest = hashlib.sha256()
    for directory in CODE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(NOT_CODE):
                continue
            digest.update(relative.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(path: Path, options: ExtractOptions) -> str:
    from extractor.ingest import sha256_of_file

    reading = f"{options.dpi}|{options.lang}|{options.force_ocr}|{options.max_pages}"
    return f"{sha256_of_file(path)[:24]}-{code_hash()}-{hashlib.sha256(reading.encode()).hexdigest()[:8]}"


def raw_result(path: Path, options: ExtractOptions, cache_dir: Path | None) -> ExtractionResult:
    """The uncalibrated result of one file: from the cache when present, else extracted and stored."""
    from extractor.pipeline import extract_or_failure

    if cache_dir is None:
        return extract_or_failure(path, options, calibrate=False)
    entry = cache_dir / f"{cache_key(path, options)}.json"
    if entry.is_file():
        return ExtractionResult.model_validate_json(entry.read_text(encoding="utf-8"))
    result = extract_or_failure(path, options, calibrate=False)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = entry.with_suffix(".tmp")
    temporary.write_text(result.model_dump_json(), encoding="utf-8")
    temporary.replace(entry)
    return result

"""Bad input never crashes: the committed malformed corpus (tests/ingest/malformed/, made by
`tests/ingest/malformed.py`) gets its stable problem codes, a damaged page leaves the others read,
and a batch of all of it ends with exit code 1, no traceback and no process over 2 GiB."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest

from extractor.errors import OCR_FAILED, PAGE_TIMEOUT, PAGE_TOO_LARGE, PAGE_UNREADABLE
from extractor.options import ExtractOptions
from extractor.pipeline import extract_or_failure
from tests.ingest.malformed import CORPUS, corpus

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
INPUT_CODES = {"empty_file", "not_a_pdf", "corrupt_pdf", "corrupt_image", "corrupt_docx", "encrypted_pdf",
               "too_many_pages", "image_too_large", "too_large_to_read", "read_timeout", "input_error",
               PAGE_TIMEOUT, PAGE_UNREADABLE, PAGE_TOO_LARGE, OCR_FAILED}
GIB = 1 << 30
OPTIONS = ExtractOptions(workers=1)


def ingest_problems(result) -> list[str]:
    return [f"{p.code}@{p.page}" if p.page else p.code for p in result.errors if p.code in INPUT_CODES]


def test_the_committed_corpus_is_what_the_generator_makes():
    made = corpus()
    assert sorted(made) == sorted(EXPECTED)
    for name, data in made.items():
        assert (CORPUS / name).read_bytes() == data, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_input_gets_its_stable_codes(name: str):
    started = time.monotonic()
    result = extract_or_failure(CORPUS / name, OPTIONS)
    assert time.monotonic() - started < 60
    expected = EXPECTED[name]
    assert (result.document.page_count, ingest_problems(result)) == (expected["page_count"],
                                                                      expected["problems"])
    assert "internal_error" not in [p.code for p in result.errors]
    for problem in result.errors:
        assert problem.message and "Traceback" not in problem.message


def test_a_damaged_page_leaves_the_others_read_and_no_copy_behind():
    before = set(Path(tempfile.gettempdir()).glob("pk-stand-in-*"))
    result = extract_or_failure(CORPUS / "bit-flipped-3.pdf", OPTIONS)
    assert [(page.number, page.source) for page in result.document.pages] == [(1, "text"), (2, "ocr")]
    assert result.agreements and result.agreements[0].year.value == 2016
    assert result.document.filename == "bit-flipped-3.pdf"
    assert set(Path(tempfile.gettempdir()).glob("pk-stand-in-*")) == before


def test_odd_file_names_are_read_and_printed(tmp_path: Path):
    sample = (CORPUS / "-starts-with-dash.pdf").read_bytes()
    names = [b"bad\xffbyte.pdf", b"line\nbreak.pdf", b"  spaces\tand tab .pdf", b"x" * 240 + b".pdf"]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_bytes(sample)
    ran = subprocess.run([sys.executable, "-m", "cli", "extract", str(tmp_path), "--json"],
                         capture_output=True, timeout=300, check=False)
    assert ran.returncode == 0, ran.stderr.decode(errors="replace")
    results = json.loads(ran.stdout)
    assert sorted(r["document"]["filename"] for r in results) == sorted(
        name.decode("utf-8", errors="replace") for name in names)
    assert all(r["agreements"] for r in results)


def watch_peak_rss(process: subprocess.Popen) -> list[int]:
    """Largest RSS of any process in the tree, sampled every 20 ms until the root exits."""
    peak = [0]

    def sample() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for member in tree:
                with contextlib.suppress(psutil.Error):
                    peak[0] = max(peak[0], member.memory_info().rss)
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return peak


def test_a_batch_of_all_of_it_ends_cleanly_under_2_gib(tmp_path: Path):
    inputs = tmp_path / "in"
    shutil.copytree(CORPUS, inputs)
    (inputs / "expected.json").unlink()
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    process = subprocess.Popen([sys.executable, "-m", "cli", "extract", str(inputs), "-o",
                                str(tmp_path / "out"), "--workers", "1"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment)
    peak = watch_peak_rss(process)
    _stdout, stderr = process.communicate(timeout=600)
    text = stderr.decode(errors="replace")
    assert process.returncode == 1, text
    assert "Traceback" not in text and "Fatal Python error" not in text, text
    assert peak[0] < 2 * GIB, f"peak RSS {peak[0] / GIB:.2f} GiB"
    written = {path.name for path in (tmp_path / "out").rglob("*.json")}
    assert len(written) == len(EXPECTED)

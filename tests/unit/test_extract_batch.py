"""Batches that survive: `pk-extract extract -o` writes each JSON as soon as its file is done, mirrors
the input folders, skips what is up to date (unless --force), prints one line per file when piped,
and exits 0 / 1 / 2 / 130 as documented; Ctrl+C keeps every finished file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import POOR_SCAN, SAMPLES

BORN_DIGITAL = SAMPLES / "corpus" / "born-digital" / "bd01_rl_ii_l1.pdf"
OTHER = SAMPLES / "corpus" / "born-digital" / "bd02_fp_ii_l1b.pdf"
COMMAND = [sys.executable, "-m", "cli"]


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def test_outputs_mirror_folders_and_reruns_skip_what_is_done(tmp_path: Path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    for folder, source in (("a", BORN_DIGITAL), ("b", OTHER)):
        (inbox / folder).mkdir(parents=True)
        shutil.copy(source, inbox / folder / "pk.pdf")
    shutil.copy(BORN_DIGITAL, inbox / "a" / "pk.png")  # same stem in one folder: both keep their suffix
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\nnothing else")

    first = run("extract", str(inbox), "-o", str(out), "--workers", "1")
    assert first.returncode == 1, first.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == ["a/pk.pdf.json", "a/pk.png.json", "b/pk.json", "broken.json"]
    lines = first.stderr.strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("[1/4] ") and "FAILED corrupt_pdf" in first.stderr
    assert json.loads((out / "b" / "pk.json").read_text())["document"]["sha256"] != json.loads(
        (out / "a" / "pk.pdf.json").read_text())["document"]["sha256"]
    assert not list(out.rglob("*.part"))

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    again = run("extract", str(inbox), "-o", str(out))
    assert again.returncode == 1 and again.stderr.count("skipped (output is up to date)") == 4
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == before

    shutil.copy(BORN_DIGITAL, inbox / "b" / "pk.pdf")  # new bytes under an old name: done again
    changed = run("extract", str(inbox), "-o", str(out))
    assert changed.stderr.count("skipped") == 3 and "b/pk.pdf: ok" in changed.stderr
    forced = run("extract", str(inbox), "-o", str(out), "--force")
    assert "skipped" not in forced.stderr


def test_exit_codes_and_version(tmp_path: Path):
    assert run("extract", str(BORN_DIGITAL)).returncode == 0
    assert run("extract", str(tmp_path)).returncode == 2  # no input file
    assert run("extract", "--no-such-option", str(BORN_DIGITAL)).returncode == 2
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("pk-extract ")


def test_ctrl_c_keeps_finished_files_and_exits_130(tmp_path: Path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(BORN_DIGITAL, inbox / "a-first.pdf")
    shutil.copy(POOR_SCAN, inbox / "b-scan.pdf")  # OCR: seconds, long enough to be interrupted
    # Ctrl+C as a terminal delivers it: SIGINT at its default, whatever a test before left in this
    # process (an ignored SIGINT is inherited across exec, and Python then never raises KeyboardInterrupt).
    process = subprocess.Popen([*COMMAND, "extract", str(inbox), "-o", str(out), "--workers", "1"],
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not (out / "a-first.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C sends: the whole foreground group
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted: 1 of 2 file(s) finished" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-first.json"]
    assert json.loads((out / "a-first.json").read_text())["agreements"]
    rerun = run("extract", str(inbox / "a-first.pdf"), "-o", str(out))
    assert "skipped (output is up to date)" in rerun.stderr

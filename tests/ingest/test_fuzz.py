"""Fuzzing the entry point: hypothesis mutates generated sample files (bit flips, truncations, spliced
random bytes, repeated and dropped ranges) and every mutant must come back as a result with stable
codes, never an exception, within a time bound.

Marked `fuzz` and skipped unless PK_FUZZ is set (it runs minutes):
`PK_FUZZ=1 pytest -m fuzz tests/ingest/test_fuzz.py` (PK_FUZZ_EXAMPLES, default 200, per sample kind).
A failing mutant is saved under PK_FUZZ_KEEP (default /tmp/pk-fuzz) to add to tests/ingest/malformed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.options import ExtractOptions
from extractor.pipeline import extract_or_failure
from tests.ingest.malformed import scan_png
from tests.ingest.test_malformed import INPUT_CODES

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"
SOURCES = {
    "born-digital": (SAMPLES / "born-digital" / "bd02_fp_ii_l1b.pdf").read_bytes(),
    "structure": (SAMPLES / "structure" / "st05_rl_tw.pdf").read_bytes(),
    "png": scan_png(),
}
EXAMPLES = int(os.environ.get("PK_FUZZ_EXAMPLES", "200"))
KEEP = Path(os.environ.get("PK_FUZZ_KEEP", "/tmp/pk-fuzz"))
# Low resolution: a mutant that falls back to OCR must not make the run hours long.
OPTIONS = ExtractOptions(workers=1, dpi=100, page_timeout_s=60)
PARSER_CODES = {"no_agreement", "targets_missing", "table_doubt", "party_missing", "lampiran_failed"}

pytestmark = [pytest.mark.fuzz,
              pytest.mark.skipif(not os.environ.get("PK_FUZZ"), reason="fuzzing runs only with PK_FUZZ=1")]


@st.composite
def mutants(draw, source: bytes) -> bytes:
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "splice", "repeat", "drop"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "repeat":
            data[at:at] = data[at: at + draw(st.integers(1, 4096))]
        else:
            del data[at: at + draw(st.integers(1, 4096))]
        if not data:
            break
    return bytes(data)


def check_mutant(data: bytes, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"mutant{suffix}"
    path.write_bytes(data)
    started = time.monotonic()
    try:
        result = extract_or_failure(path, OPTIONS)
        codes = {problem.code for problem in result.errors}
        assert codes <= INPUT_CODES | PARSER_CODES, codes
        assert "internal_error" not in codes, result.errors
        assert time.monotonic() - started < 300
    except BaseException:
        KEEP.mkdir(parents=True, exist_ok=True)
        (KEEP / f"{int(time.time() * 1000)}{suffix}").write_bytes(data)
        raise


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_mutated_samples_never_crash(kind: str, tmp_path_factory):
    suffix = ".png" if kind == "png" else ".pdf"

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutants(SOURCES[kind]))
    def run(data: bytes) -> None:
        check_mutant(data, suffix, tmp_path_factory.mktemp("fuzz"))

    run()

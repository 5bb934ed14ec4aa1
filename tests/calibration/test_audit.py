"""The audit: a judged random sample of unflagged fields -> the batch's wrong fields, with an interval."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from cli import app
from extractor.scoring.audit import estimate, wilson_interval
from tests.conftest import SAMPLES

BORN_DIGITAL = SAMPLES / "corpus" / "born-digital"


@pytest.mark.parametrize(("wrong", "judged", "low", "high"), [
    (0, 100, 0.0, 0.0370), (5, 100, 0.0215, 0.1118), (50, 100, 0.4038, 0.5962), (0, 0, 0.0, 1.0)])
def test_wilson_interval_matches_the_textbook_values(wrong, judged, low, high):
    got = wilson_interval(wrong, judged)
    assert got == pytest.approx((low, high), abs=5e-4)


def test_an_estimate_scales_the_sample_to_the_batch_and_ignores_unjudged_rows():
    found = estimate(10_000, ["right"] * 195 + ["wrong"] * 5 + [""] * 3)
    assert (found.judged, found.wrong, found.unjudged) == (200, 5, 3)
    assert found.error_rate == pytest.approx(0.025)
    assert found.wrong_fields_low < 250 < found.wrong_fields_high <= 10_000 * 0.06


def test_draw_then_estimate_from_real_extraction_results(tmp_path):
    runner = CliRunner()
    out = tmp_path / "results"
    inputs = [str(BORN_DIGITAL / f"{stem}.pdf") for stem in ("bd01_rl_ii_l1", "bd02_fp_ii_l1b")]
    assert runner.invoke(app, ["extract", *inputs, "-o", str(out), "-w", "1"]).exit_code == 0
    (out / "notes.json").write_text("{}", encoding="utf-8")  # not a result: skipped, named
    sheet = tmp_path / "audit.csv"
    drawn = runner.invoke(app, ["audit", "draw", str(out), "-o", str(sheet), "-n", "30", "--seed", "3"])
    assert drawn.exit_code == 0, drawn.output
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert len(rows) == 30 and len({(r["file"], r["agreement"], r["field"]) for r in rows}) == 30
    assert all(r["verdict"] == "" and int(r["population"]) > 30 for r in rows)
    again = tmp_path / "again.csv"
    runner.invoke(app, ["audit", "draw", str(out), "-o", str(again), "-n", "30", "--seed", "3"])
    assert again.read_text(encoding="utf-8") == sheet.read_text(encoding="utf-8"), "same seed, same sample"

    for i, row in enumerate(rows):
        row["verdict"] = "wrong" if i == 0 else "right"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(app, ["audit", "estimate", str(sheet)])
    assert result.exit_code == 0, result.output
    assert "judged=30 wrong=1" in result.output and "error_rate=0.0333" in result.output

    rows[1]["verdict"] = "maybe"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    refused = runner.invoke(app, ["audit", "estimate", str(sheet)])
    assert refused.exit_code == 2 and "line 3" in refused.output and "maybe" in refused.output

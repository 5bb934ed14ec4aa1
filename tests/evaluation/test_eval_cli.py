"""`pk-extract eval` end to end on a tiny folder: a real PDF, a broken file, the OVERALL line last."""

from __future__ import annotations

import json
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from cli import app

TRUTH = {
    "schema_version": "1",
    "document": {"filename": "pk.pdf", "page_count": 1},
    "agreements": [{"pages": [1], "year": {"value": 2024}, "organization": {"value": "Inspektorat"},
                    "performance_targets": []}],
    "meta": {"source": "generated", "group": "born-digital", "scanned": False},
}


def test_eval_runs_scores_and_names_failed_files(tmp_path):
    pdf = canvas.Canvas(str(tmp_path / "pk.pdf"), pagesize=A4, invariant=1)
    pdf.drawString(72, 760, "PERJANJIAN KINERJA TAHUN 2024")
    pdf.save()
    (tmp_path / "pk.truth.json").write_text(json.dumps(TRUTH))
    (tmp_path / "broken.pdf").write_bytes(b"this is not a pdf at all")
    broken = dict(TRUTH, meta={"source": "generated", "group": "scanned", "scanned": True})
    (tmp_path / "broken.truth.json").write_text(json.dumps(broken))
    (tmp_path / "no_truth.pdf").write_bytes((tmp_path / "pk.pdf").read_bytes())
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r1.pdf").write_bytes((tmp_path / "pk.pdf").read_bytes())
    without_meta = {key: value for key, value in TRUTH.items() if key != "meta"}
    (tmp_path / "real" / "r1.truth.json").write_text(json.dumps(without_meta))
    report = tmp_path / "report.json"

    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--json", str(report), "--workers", "1"])

    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"OVERALL field_f1=\d\.\d{3} clean=\d\.\d{3} scanned=\d\.\d{3} capture=\d\.\d{3} "
                        r"false_alarm=\d\.\d{3} s_per_page=\d+\.\d{2} "
                        r"worst_source=\S*:\d\.\d{3}/\d\.\d{3} target_rows_f1=\d\.\d{3}", last)
    assert "broken.pdf" in result.stdout
    data = json.loads(report.read_text())
    files = {entry["file"].rsplit("/", 1)[-1]: entry for entry in data["files"]}
    assert set(files) == {"pk.pdf", "broken.pdf", "r1.pdf"}
    assert files["broken.pdf"]["failure"] and files["broken.pdf"]["recall"] == 0.0
    assert files["broken.pdf"]["truth"] == 2
    assert set(data["groups"]) == {"born-digital", "scanned", "real"}
    assert files["r1.pdf"]["group"] == "real" and files["pk.pdf"]["group"] == "born-digital"

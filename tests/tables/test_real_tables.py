"""Real born-digital lampiran tables, read in place from ../shared/real, against their truth rows."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.tables.lampiran import read_lampiran
from tests.tables.pdfgen import pages_of

# ruled and borderless Word exports, LibreOffice-converted docx tables (centred cells, stacked
# bullets in one cell, wrapped amounts), continued budget tables, Jumlah rows
TARGET_FIELDS = ("objective", "indicator", "target", "target_value", "unit")
FILES = ["s02", "s05", "s08", "s10", "s11", "s18", "s19", "s20", "s21"]


def norm(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip().lower()
    return text.strip(" .,;:-")


def truth_value(leaf: dict | None) -> object:
    return norm(leaf.get("value")) if isinstance(leaf, dict) else None


@pytest.mark.parametrize("name", FILES)
def test_real_born_digital_tables(real_dir: Path, name: str) -> None:
    truth = json.loads((real_dir / f"{name}.truth.json").read_text())
    pages = pages_of(real_dir / f"{name}.pdf")
    for agreement in truth["agreements"]:
        result = read_lampiran([p for p in pages if p.number in agreement["pages"]])
        got = [tuple(norm(getattr(r, f).value) for f in TARGET_FIELDS) for r in result.performance_targets]
        want = [tuple(truth_value(r.get(f)) for f in TARGET_FIELDS) for r in agreement["performance_targets"]]
        assert got == want
        got_programs = [(norm(p.name.value), p.budget.value, norm(p.note.value)) for p in result.programs]
        want_programs = [(truth_value(p["name"]), truth_value(p["budget"]), truth_value(p["note"]))
                         for p in agreement["programs"]]
        assert got_programs == want_programs
        assert result.total_budget.value == truth_value(agreement.get("total_budget"))

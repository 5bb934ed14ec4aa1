"""The wheel behaves like the checkout: it carries every runtime data file, and an install of it
extracts the same JSON (flags included) as the source tree."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractor.errors import CalibrationMissing
from extractor.pipeline import extract
from extractor.scoring.calibration import load_table
from tests.conftest import ROOT, SAMPLES

PACKAGES = ("extractor", "models", "api", "cli")
SAMPLE = SAMPLES / "corpus" / "born-digital" / "bd01_rl_ii_l1.pdf"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(out), str(ROOT)], check=True, timeout=300)
    return next(out.glob("pk_extract-*.whl"))


def tracked_data_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    return [name for name in listed if not name.endswith(".py") and "/tests/" not in name]


def test_wheel_carries_every_runtime_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in tracked_data_files() if name not in names]
    assert "extractor/scoring/calibration.json" in names
    assert missing == []


def test_installed_wheel_extracts_what_the_checkout_extracts(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, timeout=300)
    script = ("import sys, json; sys.path.insert(0, sys.argv[1]); import extractor;"
              "assert extractor.__file__.startswith(sys.argv[1]), extractor.__file__;"
              "from extractor.pipeline import extract;"
              "print(extract(sys.argv[2]).model_dump_json())")
    ran = subprocess.run([sys.executable, "-c", script, str(target), str(SAMPLE)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300, check=True)
    installed = json.loads(ran.stdout)
    checkout = json.loads(extract(SAMPLE).model_dump_json())
    assert installed["agreements"] == checkout["agreements"]


def test_missing_calibration_is_an_error_not_a_silent_fallback(tmp_path: Path) -> None:
    with pytest.raises(CalibrationMissing, match="calibration"):
        load_table.__wrapped__(tmp_path / "calibration.json")

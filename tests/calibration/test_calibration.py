"""Calibration: the fitted map's shape, the committed table, applying it, and the calibrate command."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from extractor.options import ExtractOptions
from extractor.scoring.calibration import (
    CEILING,
    SCHEMA,
    TABLE_PATH,
    CalibrationTable,
    calibrate_agreements,
    load_table,
)
from extractor.scoring.evidence import Evidence, family_of
from extractor.scoring.reasons import DOUBT as DOUBT_REASONS
from models.agreement import Agreement, Party, TargetRow
from models.document import Document, PageInfo, Problem
from models.extracted import Field
from tooling.evaluation.scorer import ALL_FIELD_KEYS
from tooling.fit import (
    capture_and_false_alarm,
    cross_validate,
    expected_calibration_error,
    fit_table,
)

ROOT = Path(__file__).resolve().parents[2]
BORN_DIGITAL = ROOT / "samples" / "corpus" / "born-digital"
RAW_GRID = np.linspace(0.0, 1.0, 41)


def synthetic(seed: int = 7, n: int = 3000) -> tuple[list[Evidence], list[bool]]:
    """Fields whose chance of being right grows with raw confidence and falls on OCR pages and doubt."""
    rng = np.random.default_rng(seed)
    families = ("year", "party.nip", "party.name", "performance_targets.target_value", "programs.budget")
    records, right = [], []
    for _ in range(n):
        raw = float(rng.uniform(0.3, 1.0))
        ocr = bool(rng.random() < 0.5)
        doubt = bool(rng.random() < 0.1)
        p = raw - 0.15 * ocr - 0.3 * doubt
        reasons = ("nip_invalid",) if doubt else ()
        records.append(Evidence(str(rng.choice(families)), raw, reasons, False, ocr, 0.8 if ocr else None))
        right.append(bool(rng.random() < p))
    return records, right


@pytest.fixture(scope="module")
def fitted() -> CalibrationTable:
    records, right = synthetic()
    return fit_table(records, right, threshold=0.8)


def probabilities(table: CalibrationTable, **evidence) -> list[float]:
    return [table.probability(Evidence(raw=float(raw), **evidence)) for raw in RAW_GRID]


@pytest.mark.parametrize("source", ["fitted", "committed"])
def test_calibrated_probability_never_falls_as_raw_confidence_rises(source, fitted):
    table = fitted if source == "fitted" else load_table()
    families = [*sorted(table.families), "never.seen"]
    for family in families:
        for is_null in (False, True):
            for ocr, page_conf in ((False, None), (True, 0.55), (True, 0.95)):
                curve = probabilities(table, family=family, reasons=(), is_null=is_null, ocr=ocr,
                                      page_ocr_confidence=page_conf)
                assert all(b >= a for a, b in itertools.pairwise(curve)), (family, is_null, ocr)
                assert curve[-1] > curve[0], family
                assert max(curve) < CEILING  # no reading is certain, a text layer's included


def test_fit_learns_the_evidence_and_improves_calibration(fitted):
    records, right = synthetic(seed=11)
    calibrated = [fitted.probability(r) for r in records]
    raw = [r.raw for r in records]
    assert expected_calibration_error(calibrated, right) < expected_calibration_error(raw, right) / 2
    assert expected_calibration_error(calibrated, right) < 0.05
    clean = Evidence("party.nip", 0.9, (), False, False, None)
    scanned = Evidence("party.nip", 0.9, (), False, True, 0.8)
    assert fitted.probability(scanned) < fitted.probability(clean)


@pytest.mark.parametrize("source", ["fitted", "committed"])
def test_a_validation_reason_lowers_the_calibrated_confidence(source, fitted):
    table = fitted if source == "fitted" else load_table()
    for reason in ("nip_invalid", "nip_mismatch", "sum_mismatch", "stamp_overlap", "low_ocr_confidence"):
        for family in ("party.nip", "programs.budget", "year"):
            plain = Evidence(family, 0.95, (), False, True, 0.9)
            doubted = Evidence(family, 0.95, (reason,), False, True, 0.9)
            assert table.probability(doubted) < table.probability(plain), (reason, family)


def test_committed_table_loads_and_matches_the_schema():
    payload = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    assert payload["schema"] == SCHEMA
    table = CalibrationTable.from_json(TABLE_PATH.read_text(encoding="utf-8"))
    assert 0.0 < table.review_threshold < 1.0
    assert table.raw_logit >= 0.0
    assert table.fields > 1000
    assert {family_of(key) for key in ALL_FIELD_KEYS} <= set(table.families)
    assert all(table.reasons[r] < 0 for r in table.reasons if r in DOUBT_REASONS)
    assert ExtractOptions().review_threshold == pytest.approx(table.review_threshold)
    with pytest.raises(ValueError):
        CalibrationTable.from_json(json.dumps({**payload, "schema": "other/9"}))


def hand_made() -> tuple[list[Agreement], Document]:
    agreement = Agreement(
        pages=[1, 2],
        year=Field[int](value=2024, confidence=0.99, page=1),
        organization=Field[str](value="Dinas Kesehatan", confidence=0.95, page=1),
        first_party=Party(
            name=Field[str](value="Dr. Contoh Nama, M.Kes", confidence=0.9, page=1),
            nip=Field[str](value="197001011990031001", confidence=0.9, reasons=["nip_mismatch"], page=2),
            position=Field[str].missing(),
        ),
    )
    document = Document(filename="x.pdf", sha256="0" * 64, page_count=2, pages=[
        PageInfo(number=1, source="text", width=595, height=842),
        PageInfo(number=2, source="ocr", ocr_confidence=0.7, width=595, height=842)])
    return [agreement], document


def leaves(agreement: Agreement) -> dict[str, Field]:
    fields = {name: getattr(agreement, name) for name in ("year", "organization")}
    party = agreement.first_party
    fields.update({f"party.{name}": getattr(party, name) for name in ("name", "nip", "position")})
    return fields


def test_applying_calibration_sets_needs_review_by_the_threshold(fitted):
    agreements, document = hand_made()
    agreements = calibrate_agreements(agreements, document, ExtractOptions(review_threshold=0.0),
                                      table=fitted)
    confidences = {key: f.confidence for key, f in leaves(agreements[0]).items()}
    assert not any(f.needs_review for f in leaves(agreements[0]).values())
    assert confidences["party.nip"] < confidences["party.name"]
    assert agreements[0].first_party.nip.reasons == ["nip_mismatch"]

    middle = (confidences["party.nip"] + confidences["party.name"]) / 2
    agreements, document = hand_made()
    agreements = calibrate_agreements(agreements, document, ExtractOptions(review_threshold=middle),
                                      table=fitted)
    fields = leaves(agreements[0])
    for key, field in fields.items():
        assert field.confidence == pytest.approx(confidences[key])
        assert field.needs_review == (field.confidence < middle), key
    assert fields["party.nip"].needs_review and not fields["party.name"].needs_review

    agreements, document = hand_made()
    agreements = calibrate_agreements(agreements, document, ExtractOptions(review_threshold=1.0),
                                      table=fitted)
    assert all(f.needs_review for f in leaves(agreements[0]).values())


def test_a_missing_required_value_is_flagged_by_the_committed_table():
    agreements, document = hand_made()
    agreements = calibrate_agreements(agreements, document, ExtractOptions())
    position = agreements[0].first_party.position
    assert position.value is None and position.needs_review
    assert "missing" in position.reasons


def test_flag_shares_count_errors_caught_and_right_values_flagged():
    capture, false_alarm = capture_and_false_alarm(
        [0.1, 0.9, 0.2, 0.95, 0.99], [False, False, True, True, True], threshold=0.5)
    assert capture == pytest.approx(0.5)
    assert false_alarm == pytest.approx(1 / 3)


def test_calibrate_command_fits_a_table_and_checks_it(tmp_path):
    from cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for stem in ("bd01_rl_ii_l1", "bd02_fp_ii_l1b"):
        for suffix in (".pdf", ".truth.json"):
            shutil.copy(BORN_DIGITAL / f"{stem}{suffix}", corpus / f"{stem}{suffix}")
    out = tmp_path / "table.json"
    cache = tmp_path / "cache"
    runner = CliRunner()
    fit = runner.invoke(app, ["calibrate", str(corpus), "-o", str(out), "--cache", str(cache), "-w", "1"])
    assert fit.exit_code == 0, fit.output
    table = CalibrationTable.from_json(out.read_text(encoding="utf-8"))
    assert table.fields > 50 and "party.nip" in table.families
    assert len(list(cache.glob("*.json"))) == 2
    assert "CALIBRATION ALL:" in fit.output and "HELD-OUT ALL:" in fit.output and "ECE raw=" in fit.output
    check = runner.invoke(app, ["calibrate", str(corpus), "-o", str(out), "--cache", str(cache), "--check"])
    assert check.exit_code == 0, check.output
    assert out.read_text(encoding="utf-8") == table.to_json()


def test_a_whole_table_in_doubt_is_evidence_on_its_rows_but_not_on_the_statement():
    table = load_table().model_copy(update={"table_doubt": -1.0})  # the weight is fitted; here fixed

    def calibrated(problems: list[Problem]) -> Agreement:
        agreements, document = hand_made()
        agreements[0].performance_targets = [TargetRow(
            indicator=Field[str](value="Persentase layanan", confidence=0.99, page=2),
            target=Field[str](value="80 %", confidence=0.99, page=2))]
        agreements = calibrate_agreements(agreements, document, ExtractOptions(), problems, table=table)
        return agreements[0]

    plain = calibrated([])
    doubted = calibrated([Problem(code="table_doubt", page=2, message="rows may be lost")])
    elsewhere = calibrated([Problem(code="table_doubt", page=9, message="another agreement's table")])
    assert load_table().table_doubt <= 0
    row, doubted_row = plain.performance_targets[0], doubted.performance_targets[0]
    assert doubted_row.indicator.confidence < row.indicator.confidence
    assert doubted_row.target.confidence < row.target.confidence
    assert doubted.year.confidence == plain.year.confidence
    assert elsewhere.performance_targets[0].target.confidence == row.target.confidence


def test_cross_validation_scores_each_source_with_a_table_fitted_without_it():
    records, right = synthetic(n=2000)
    groups = ["a" if i % 2 else "b" for i in range(len(records))]
    # source "c": a reason seen nowhere else, always on wrong values
    odd = [Evidence("party.nip", 0.95, ("ocr_disputed",), False, True, 0.9) for _ in range(40)]
    held = cross_validate([*records, *odd], [*right, *[False] * 40], [*groups, *["c"] * 40])
    fitted_with_c = fit_table([*records, *odd], [*right, *[False] * 40], threshold=0.5)
    held_c = held.probabilities[-1]
    assert held_c > fitted_with_c.probability(odd[0]), "held out, c's lesson is not known"
    assert all(0.0 <= p < 1.0 for p in held.probabilities)

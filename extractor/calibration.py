"""Calibrated confidence: the parser's raw evidence -> the probability that a field's value is right.

The parser scores each Field from its own evidence (rule priors, word confidences, reason caps); those
numbers are not probabilities. This stage maps a field's evidence -- its family (`party.nip`,
`performance_targets.target_value`, ...), raw confidence, reason codes, whether the value is null, and
the page's text source and OCR confidence -- through a small logistic model fitted on samples/ by
`pk-extract calibrate` and stored in `calibration.json`, so extraction never fits anything.

The model is constrained so that it reads sensibly on documents unlike the samples: the calibrated
probability never falls when the raw confidence rises, and a doubt reason (a validation failure, OCR
suspicion, ...) never raises it. A validation error caps it at 0.5 (pk-domain.md §8.2: errors make the
record suspect), whatever the fit says. `needs_review` is `calibrated < ExtractOptions.review_threshold`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from extractor.errors import CalibrationMissing
from extractor.options import ExtractOptions
from models.agreement import Agreement
from models.document import Document
from models.extracted import Field

TABLE_PATH = Path(__file__).with_name("calibration.json")
SCHEMA = "pk-extract-calibration/1"
LOW_CONFIDENCE = "low_confidence"
# Reasons that say a value is doubtful; their weight is kept below zero (an unseen one gets its prior).
DOUBT_REASONS = frozenset({
    "nip_invalid", "nip_mismatch", "nip_corrected", "nip_tmt_invalid", "nip_birthdate_invalid", "nip_length",
    "nip_gender_digit", "nip_sequence_zero", "nip_age_at_tmt", "nip_gender_conflict", "name_mismatch",
    "year_mismatch", "year_invalid", "year_from_fallback", "date_year_mismatch", "date_late_for_original",
    "sum_mismatch", "low_ocr_confidence", "stamp_overlap", "inferred_from_layout", "same_person_both_parties",
    "regional_head_has_nip", "rank_incomplete", "ocr_suspect", "merged_cells", "number_ambiguous",
    "role_inferred", "unknown_word", "spelling_mended", "rank_unknown", "rank_mismatch",
    "target_out_of_range", "row_suspect", "in_mismatched_sum", "ocr_disputed", "unit_suspect",
    "decimal_point", "stray_mark", "amount_suspect", "text_unread",
})
# Validation errors (pk-domain.md §8.2, two readings that contradict each other, a row or unit no
# table could hold) make a value suspect whatever else is known: its confidence is capped, so it is
# always reviewed.
ERROR_REASONS = frozenset({
    "nip_invalid", "nip_length", "nip_birthdate_invalid", "nip_tmt_invalid", "nip_gender_digit",
    "nip_sequence_zero", "same_person_both_parties", "year_invalid", "nip_mismatch", "sum_mismatch",
    "row_suspect", "unit_suspect",
})
ERROR_CAP = 0.5
DOUBT_PRIOR = -1.0
# The raw confidence always counts a little: a family never becomes blind to its own evidence.
MIN_SLOPE = 0.1
DOUBT_CEILING = -0.1
RAW_FLOOR = 0.01


@dataclass(frozen=True)
class Evidence:
    """What calibration knows about one field; `family` pools first and second party."""

    family: str
    raw: float
    reasons: tuple[str, ...]
    is_null: bool
    ocr: bool
    page_ocr_confidence: float | None
    neighbour_doubt: bool = False
    context_doubt: float = 0.0


def family_of(key: str) -> str:
    """Scorer key (`first_party.nip`) -> calibration family (`party.nip`)."""
    head, _, tail = key.partition(".")
    return f"party.{tail}" if head in ("first_party", "second_party") else key


def iter_fields(agreement: Agreement) -> Iterator[tuple[str, Field, int]]:
    """Every Field of an agreement with its scorer key and scope (0: the agreement itself, else one party
    or one row); each TW cell is yielded under its column's key. Scopes are numbered in that order."""
    scope = 0
    for name, value in agreement:
        if isinstance(value, Field):
            yield name, value, scope
    for party_name in ("first_party", "second_party"):
        party = getattr(agreement, party_name)
        if party is not None:
            scope += 1
            for name, value in party:
                yield f"{party_name}.{name}", value, scope
    for table, rows in (("performance_targets", agreement.performance_targets),
                        ("programs", agreement.programs)):
        for row in rows:
            scope += 1
            for name, value in row:
                if isinstance(value, Field):
                    yield f"{table}.{name}", value, scope
                elif isinstance(value, list):
                    for cell in value:
                        yield f"{table}.{name}", cell, scope


def is_doubted(field: Field) -> bool:
    return any(reason in DOUBT_REASONS for reason in field.reasons)


def agreement_evidence(agreement: Agreement, document: Document) -> list[tuple[str, Field, Evidence]]:
    """Evidence for every Field of one agreement, in `iter_fields` order.

    A doubt on another field of the same party or row counts too: OCR damage and misread row borders
    rarely touch just one cell.
    """
    fields = list(iter_fields(agreement))
    doubts: dict[int, int] = {}
    context: dict[str, list[int]] = {}
    for key, field, scope in fields:
        doubts[scope] = doubts.get(scope, 0) + is_doubted(field)
        context.setdefault(context_of(key), []).append(is_doubted(field))
    shares = {name: sum(flags) / len(flags) for name, flags in context.items()}
    evidence = []
    for key, field, scope in fields:
        ocr, page_confidence = page_facts(document, agreement.pages, field.page)
        neighbour = scope != 0 and doubts[scope] - is_doubted(field) > 0
        evidence.append((key, field, evidence_of(key, field, ocr, page_confidence, neighbour,
                                                 shares[context_of(key)])))
    return evidence


def context_of(key: str) -> str:
    """A field's wider context: its table, or the statement page (agreement and party fields)."""
    table = key.partition(".")[0]
    return table if table in ("performance_targets", "programs") else "statement"


def page_facts(document: Document, pages: list[int], page: int | None) -> tuple[bool, float | None]:
    """(read by OCR, page OCR confidence) of the field's page, else of the agreement's first page."""
    by_number = {info.number: info for info in document.pages}
    info = by_number.get(page) if page is not None else None
    if info is None:
        info = next((by_number[p] for p in pages if p in by_number), None)
    if info is None:
        return False, None
    return info.source == "ocr", info.ocr_confidence


def evidence_of(key: str, field: Field, ocr: bool, page_confidence: float | None,
                neighbour_doubt: bool = False, context_doubt: float = 0.0) -> Evidence:
    reasons = tuple(sorted({r for r in field.reasons if r != LOW_CONFIDENCE}))
    return Evidence(family_of(key), float(field.confidence), reasons, field.value is None, ocr,
                    page_confidence, neighbour_doubt, context_doubt)


def logit(p: float) -> float:
    p = min(1 - RAW_FLOOR, max(RAW_FLOOR, p))
    return math.log(p / (1 - p))


def sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


class CalibrationTable(BaseModel):
    """The fitted model, as stored in calibration.json; every weight is a logit offset."""

    schema_: str = SCHEMA
    review_threshold: float
    fitted_on: str = ""
    fields: int = 0
    code_hash: str = ""
    bias: float = 0.0
    raw_logit: float = 1.0
    null: float = 0.0
    ocr: float = 0.0
    ocr_doubt: float = 0.0
    neighbour_doubt: float = 0.0
    context_doubt: float = 0.0
    families: dict[str, dict[str, float]] = {}
    reasons: dict[str, float] = {}

    model_config = {"populate_by_name": True}

    def to_json(self) -> str:
        payload = self.model_dump()
        payload["schema"] = payload.pop("schema_")
        return json.dumps(payload, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CalibrationTable:
        payload = json.loads(text)
        if payload.get("schema") != SCHEMA:
            raise ValueError(f"calibration table schema {payload.get('schema')!r}, expected {SCHEMA!r}")
        payload["schema_"] = payload.pop("schema")
        return cls.model_validate(payload)

    def reason_weight(self, reason: str) -> float:
        """A reason never seen while fitting weighs its prior: doubt lowers, anything else is neutral."""
        if reason in self.reasons:
            return self.reasons[reason]
        return DOUBT_PRIOR if reason in DOUBT_REASONS else 0.0

    def score(self, evidence: Evidence) -> float:
        """The calibrated logit of one field."""
        family = self.families.get(evidence.family, {})
        slope = family.get("raw_logit", self.raw_logit)
        z = self.bias + family.get("bias", 0.0) + slope * logit(evidence.raw)
        if evidence.is_null:
            z += self.null + family.get("null", 0.0)
        if evidence.ocr:
            z += self.ocr + family.get("ocr", 0.0)
            if evidence.page_ocr_confidence is not None:
                z += self.ocr_doubt * (1 - evidence.page_ocr_confidence)
        if evidence.neighbour_doubt:
            z += self.neighbour_doubt
        z += self.context_doubt * evidence.context_doubt
        return z + sum(self.reason_weight(r) for r in evidence.reasons)

    def probability(self, evidence: Evidence) -> float:
        probability = float(sigmoid(self.score(evidence)))
        if ERROR_REASONS.intersection(evidence.reasons):
            probability = min(probability, ERROR_CAP)
        return probability


@cache
def load_table(path: Path = TABLE_PATH) -> CalibrationTable:
    """The committed table. Its absence is a broken install, never a reason to keep raw confidences
    quietly (every flag would change): `pk-extract calibrate` fits one, `calibrate=False` skips it."""
    if not path.is_file():
        raise CalibrationMissing(f"no calibration table at {path}; reinstall pk-extract or run "
                                 "`pk-extract calibrate samples/`")
    return CalibrationTable.from_json(path.read_text(encoding="utf-8"))


def calibrate_agreements(agreements: list[Agreement], document: Document, options: ExtractOptions,
                         table: CalibrationTable | None = None) -> list[Agreement]:
    """Set calibrated `confidence` and `needs_review` on every Field, in place; the parser's reasons stay."""
    table = table or load_table()
    threshold = options.review_threshold
    for agreement in agreements:
        for _key, field, evidence in agreement_evidence(agreement, document):
            probability = table.probability(evidence)
            field.confidence = round(probability, 4)
            field.needs_review = field.confidence < threshold
            if field.needs_review and not field.reasons:
                field.reasons.append(LOW_CONFIDENCE)
    return agreements


# ---- fitting -------------------------------------------------------------------------------------------

class Design:
    """Column layout of the logistic model: global weights, per-family offsets, one per reason."""

    GLOBAL = ("bias", "null", "ocr", "ocr_doubt", "neighbour_doubt", "context_doubt")
    FAMILY = ("bias", "raw_logit", "null", "ocr")

    def __init__(self, records: list[Evidence]):
        self.families = sorted({r.family for r in records})
        counts: dict[str, int] = {}
        for record in records:
            for reason in record.reasons:
                counts[reason] = counts.get(reason, 0) + 1
        self.reasons = sorted(r for r in counts if r != "missing")
        self.columns: list[tuple[str, str]] = [("global", name) for name in self.GLOBAL]
        self.columns += [(f"family:{f}", name) for f in self.families for name in self.FAMILY]
        self.columns += [("reason", r) for r in self.reasons]
        self.index = {column: i for i, column in enumerate(self.columns)}

    def matrix(self, records: list[Evidence]) -> np.ndarray:
        x = np.zeros((len(records), len(self.columns)))
        for i, r in enumerate(records):
            row = x[i]
            row[self.index["global", "bias"]] = 1
            row[self.index["global", "neighbour_doubt"]] = r.neighbour_doubt
            row[self.index["global", "context_doubt"]] = r.context_doubt
            row[self.index["global", "null"]] = r.is_null
            row[self.index["global", "ocr"]] = r.ocr
            if r.ocr and r.page_ocr_confidence is not None:
                row[self.index["global", "ocr_doubt"]] = 1 - r.page_ocr_confidence
            fam = f"family:{r.family}"
            row[self.index[fam, "bias"]] = 1
            row[self.index[fam, "raw_logit"]] = logit(r.raw)
            row[self.index[fam, "null"]] = r.is_null
            row[self.index[fam, "ocr"]] = r.ocr
            for reason in r.reasons:
                if ("reason", reason) in self.index:
                    row[self.index["reason", reason]] += 1
        return x

    def bounds_and_prior(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(lower, upper, prior mean, penalty) per column: the shape constraints and the smoothing."""
        n = len(self.columns)
        lower, upper = np.full(n, -np.inf), np.full(n, np.inf)
        mean, penalty = np.zeros(n), np.full(n, 0.01)
        for i, (group, name) in enumerate(self.columns):
            if group == "global" and name in ("ocr_doubt", "neighbour_doubt", "context_doubt"):
                upper[i] = 0.0
            elif group.startswith("family:"):
                penalty[i] = 0.5
                if name == "raw_logit":
                    lower[i], mean[i] = MIN_SLOPE, 1.0
            elif group == "reason":
                penalty[i] = 0.5
                if name in DOUBT_REASONS:
                    upper[i] = DOUBT_CEILING
                    mean[i] = DOUBT_PRIOR
        return lower, upper, mean, penalty

    def table(self, weights: np.ndarray, threshold: float) -> CalibrationTable:
        w = {column: float(round(weights[i], 5)) for i, column in enumerate(self.columns)}
        families = {f: {name: w[f"family:{f}", name] for name in self.FAMILY} for f in self.families}
        reasons = {r: w["reason", r] for r in self.reasons}
        return CalibrationTable(
            review_threshold=threshold, bias=w["global", "bias"],
            raw_logit=float(np.mean([families[f]["raw_logit"] for f in families])) if families else 1.0,
            null=w["global", "null"], ocr=w["global", "ocr"], ocr_doubt=w["global", "ocr_doubt"],
            neighbour_doubt=w["global", "neighbour_doubt"], context_doubt=w["global", "context_doubt"],
            families=families, reasons=reasons, fields=0)


def fit_logistic(x: np.ndarray, y: np.ndarray, lower: np.ndarray, upper: np.ndarray, mean: np.ndarray,
                 penalty: np.ndarray, steps: int = 3000) -> np.ndarray:
    """Penalised logistic regression under box constraints, by projected Adam; small data, plain numpy."""
    w = np.clip(mean.copy(), lower, upper)
    m, v = np.zeros_like(w), np.zeros_like(w)
    n = len(y)
    for step in range(1, steps + 1):
        p = sigmoid(x @ w)
        grad = x.T @ (p - y) / n + 2 * penalty * (w - mean) / n
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        rate = 0.05 if step < steps // 2 else 0.01
        w = w - rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        w = np.clip(w, lower, upper)
    return w


def fit_table(records: list[Evidence], correct: list[bool], threshold: float) -> CalibrationTable:
    design = Design(records)
    x = design.matrix(records)
    y = np.asarray(correct, dtype=float)
    lower, upper, mean, penalty = design.bounds_and_prior()
    weights = fit_logistic(x, y, lower, upper, mean, penalty)
    table = design.table(weights, threshold)
    table.fields = len(records)
    return table


def expected_calibration_error(probabilities: list[float], correct: list[bool], bins: int = 10) -> float:
    """Weighted mean gap between confidence and accuracy over equal-width bins."""
    if not probabilities:
        return 0.0
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(correct, dtype=float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() * abs(p[mask].mean() - y[mask].mean())
    return total / len(p)


def capture_and_false_alarm(probabilities: list[float], correct: list[bool], threshold: float
                            ) -> tuple[float, float]:
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(correct, dtype=bool)
    flagged = p < threshold
    capture = float(flagged[~y].mean()) if (~y).any() else 0.0
    false_alarm = float(flagged[y].mean()) if y.any() else 0.0
    return capture, false_alarm


def choose_threshold(probabilities: list[float], correct: list[bool], max_false_alarm: float = 0.10) -> float:
    """The highest threshold (most errors caught) whose false-alarm share stays within the bound."""
    best = 0.5
    for threshold in np.round(np.arange(0.30, 0.995, 0.005), 3):
        _capture, false_alarm = capture_and_false_alarm(probabilities, correct, float(threshold))
        if false_alarm <= max_false_alarm:
            best = float(threshold)
    return best

"""Calibrated confidence: the parser's raw evidence -> the probability that a field's value is right.

The parser scores each Field from its own evidence (rule priors, word confidences, reason caps); those
numbers are not probabilities. This stage maps a field's evidence (scoring/evidence.py) through a small
logistic model fitted by `pk-extract calibrate` (scoring/fit.py, validated by leaving one source out)
and stored in `calibration.json`, so extraction never fits anything.

The model is constrained so that it reads sensibly on documents unlike the fitting set: the calibrated
probability never falls when the raw confidence rises, and a doubt never raises it. A validation error
caps it at 0.5 (pk-domain.md §8.2: errors make the record suspect), whatever the fit says, and no
reading is ever certain: the logistic is scaled to `CEILING`, a text layer included (its characters
are exact, the table structure read from them is not). `needs_review` is `calibrated <
ExtractOptions.review_threshold`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from extractor.errors import CalibrationMissing
from extractor.options import ExtractOptions
from extractor.scoring.evidence import Evidence, agreement_evidence
from extractor.scoring.reasons import DOUBT, ERROR, Reason
from models.agreement import Agreement
from models.document import Document, Problem

TABLE_PATH = Path(__file__).with_name("calibration.json")
SCHEMA = "pk-extract-calibration/1"
ERROR_CAP = 0.5
CEILING = 0.995
DOUBT_PRIOR = -1.0
RAW_FLOOR = 0.01


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
    table_doubt: float = 0.0
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
        return DOUBT_PRIOR if reason in DOUBT else 0.0

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
        if evidence.table_doubt:
            z += self.table_doubt
        z += self.context_doubt * evidence.context_doubt
        return z + sum(self.reason_weight(r) for r in evidence.reasons)

    def probability(self, evidence: Evidence) -> float:
        probability = CEILING * float(sigmoid(self.score(evidence)))
        if ERROR.intersection(evidence.reasons):
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
                         problems: Iterable[Problem] = (), table: CalibrationTable | None = None
                         ) -> list[Agreement]:
    """Copies of the agreements with calibrated `confidence` and `needs_review` on every Field; the
    parser's reasons stay. `problems`: the file's, whose table doubts lower the confidence of the
    rows they concern."""
    table = table or load_table()
    threshold = options.review_threshold
    problems = list(problems)
    agreements = [agreement.model_copy(deep=True) for agreement in agreements]
    for agreement in agreements:
        for _key, field, evidence in agreement_evidence(agreement, document, problems):
            probability = table.probability(evidence)
            field.confidence = round(probability, 4)
            field.needs_review = field.confidence < threshold
            if field.needs_review and not field.reasons:
                field.reasons.append(Reason.LOW_CONFIDENCE)
    return agreements

"""How many wrong values did the flags let through? An audit sample answers it for a whole batch.

Reviewers check every flagged field; nobody checks the rest. Drawing a simple random sample of the
unflagged fields, having a person judge each one right or wrong, and scaling the share found wrong
to all unflagged fields gives the number an archive can state ("at most N wrong fields, 95%"), with
a Wilson score interval, which stays honest for the small error shares an audit expects (a normal
approximation would give a negative lower bound at 0 errors).
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from models.extracted import Field
from models.result import ExtractionResult

Z_95 = 1.959964
SHEET_COLUMNS = ("file", "agreement", "field", "value", "page", "confidence", "population", "verdict")
RIGHT, WRONG = "right", "wrong"


@dataclass(frozen=True)
class AuditItem:
    """One unflagged field drawn for a person to judge against the page."""

    file: str
    agreement: int
    field: str
    value: str
    page: int | None
    confidence: float


def unflagged_fields(results: Iterable[tuple[str, ExtractionResult]]) -> Iterator[AuditItem]:
    """Every field not flagged for review, with where to find it (file, agreement, dotted path)."""
    for name, result in results:
        for index, agreement in enumerate(result.agreements, start=1):
            for path, field in _fields(agreement, ""):
                if not field.needs_review:
                    yield AuditItem(name, index, path, "" if field.value is None else str(field.value),
                                    field.page, field.confidence)


def draw(items: list[AuditItem], size: int, seed: int) -> list[AuditItem]:
    """A simple random sample without replacement, reproducible from the seed."""
    return random.Random(seed).sample(items, min(size, len(items)))


def write_sheet(path: Path, sample: list[AuditItem], population: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SHEET_COLUMNS)
        for item in sample:
            writer.writerow([item.file, item.agreement, item.field, item.value, item.page or "",
                             f"{item.confidence:.4f}", population, ""])


class AuditEstimate(BaseModel):
    """Unflagged fields judged, found wrong, and what that means for the whole batch."""

    population: int
    judged: int
    wrong: int
    unjudged: int
    error_rate: float
    error_rate_low: float
    error_rate_high: float
    wrong_fields_low: int
    wrong_fields_high: int


def read_sheet(path: Path) -> tuple[int, list[str]]:
    """(population, verdicts) of a filled-in sheet; a verdict other than right/wrong is an error."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        raise ValueError(f"{path}: no sampled fields in the sheet")
    verdicts = []
    for number, row in enumerate(rows, start=2):
        verdict = (row.get("verdict") or "").strip().lower()
        if verdict not in ("", RIGHT, WRONG):
            raise ValueError(f"{path}: line {number}: verdict {verdict!r}; "
                             "write 'right', 'wrong' or leave it empty")
        verdicts.append(verdict)
    return int(rows[0]["population"]), verdicts


def estimate(population: int, verdicts: list[str], z: float = Z_95) -> AuditEstimate:
    judged = [v for v in verdicts if v]
    wrong = judged.count(WRONG)
    low, high = wilson_interval(wrong, len(judged), z)
    rate = wrong / len(judged) if judged else 0.0
    return AuditEstimate(population=population, judged=len(judged), wrong=wrong,
                         unjudged=len(verdicts) - len(judged), error_rate=rate, error_rate_low=low,
                         error_rate_high=high, wrong_fields_low=math.floor(low * population),
                         wrong_fields_high=math.ceil(high * population))


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of a binomial share; (0, 1) when nothing was judged."""
    if trials == 0:
        return 0.0, 1.0
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return max(0.0, centre - half), min(1.0, centre + half)


def _fields(model: BaseModel, prefix: str) -> Iterator[tuple[str, Field]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Field):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from _fields(value, f"{path}.")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Field):
                    yield f"{path}[{index}]", item
                elif isinstance(item, BaseModel):
                    yield from _fields(item, f"{path}[{index}].")

"""Signed copies of one PK in one file: a scan of the original and a second signed copy, or the
same statement and lampiran filed twice. They are one agreement (pk-record.md: each row once);
the later copy's pages join the first.

Two agreements are copies when what makes a PK itself agrees: the year, revision or not, both
parties' names and every target row's indicator. Each copy is then a second reading of the other:
field by field the surer reading is kept, and where the two say different things the field says so
(`ocr_disputed`), as a second OCR reading of a cell would.
"""

from __future__ import annotations

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.scoring.reasons import Reason
from models.agreement import Agreement
from models.extracted import Field

# Two readings of one printed text (OCR of two scans) differ by a few characters at most.
SAME_TEXT = 90


def merge_copies(agreements: list[Agreement]) -> list[Agreement]:
    """The agreements with every later copy folded into the first one it copies."""
    kept: list[Agreement] = []
    for agreement in agreements:
        original = next((k for k in kept if is_copy(k, agreement)), None)
        if original is None:
            kept.append(agreement)
        else:
            original.pages = sorted({*original.pages, *agreement.pages})
            _second_reading(original, agreement)
    return kept


def is_copy(first: Agreement, second: Agreement) -> bool:
    if not first.performance_targets or first.year.value != second.year.value:
        return False
    if first.is_revision.value != second.is_revision.value:
        return False
    if not all(_same(_name(first, party), _name(second, party)) for party in ("first_party", "second_party")):
        return False
    rows, others = first.performance_targets, second.performance_targets
    return len(rows) == len(others) and all(_same(a.indicator.value, b.indicator.value)
                                            for a, b in zip(rows, others, strict=True))


def _second_reading(kept: BaseModel, copy: BaseModel) -> None:
    """Fold `copy` into `kept` (same shape), field by field."""
    for name in type(kept).model_fields:
        mine, theirs = getattr(kept, name), getattr(copy, name)
        if isinstance(mine, Field) and isinstance(theirs, Field):
            setattr(kept, name, _surer(mine, theirs))
        elif isinstance(mine, BaseModel) and isinstance(theirs, BaseModel):
            _second_reading(mine, theirs)
        elif isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
            for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
                if isinstance(a, Field) and isinstance(b, Field):
                    mine[index] = _surer(a, b)
                elif isinstance(a, BaseModel) and isinstance(b, BaseModel):
                    _second_reading(a, b)


def _surer(a: Field, b: Field) -> Field:
    chosen = a if a.confidence >= b.confidence else b
    if a.value != b.value and Reason.OCR_DISPUTED not in chosen.reasons:
        chosen.reasons.append(Reason.OCR_DISPUTED)
    return chosen


def _name(agreement: Agreement, party: str) -> str | None:
    found = getattr(agreement, party)
    return found.name.value if found is not None else None


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return fuzz.ratio(" ".join(a.lower().split()), " ".join(b.lower().split())) >= SAME_TEXT

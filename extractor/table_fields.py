"""Fields with evidence from table words: value, raw text, confidence, page and box of the words used."""

from __future__ import annotations

import statistics
from typing import Any

from models.document import Word
from models.extracted import Field
from models.geometry import union_bbox

LOW_OCR = 0.6


def raw_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def word_confidence(words: list[Word]) -> float:
    """Mean word confidence, pulled down by the weakest word (one bad digit spoils a number)."""
    if not words:
        return 0.0
    confidences = [w.confidence for w in words]
    return 0.7 * statistics.fmean(confidences) + 0.3 * min(confidences)


def make_field(value: Any, words: list[Word], page: int, structure: float,
               reasons: list[str] | None = None, review_threshold: float = 0.8,
               raw: str | None = None) -> Field:
    """A table field: confidence = how sure the table structure is x how well its words were read."""
    reasons = list(reasons or [])
    if words and any(w.source == "ocr" and w.confidence < LOW_OCR for w in words):
        reasons.append("low_ocr_confidence")
    if not words:
        confidence = structure if value is None else 0.5 * structure
    else:
        confidence = structure * (0.55 + 0.45 * word_confidence(words))
    confidence = round(max(0.0, min(1.0, confidence)), 3)
    return Field(
        value=value,
        raw=raw if raw is not None else (raw_text(words) if words else None),
        confidence=confidence,
        needs_review=confidence < review_threshold or bool(reasons),
        reasons=reasons,
        page=page if words else None,
        bbox=union_bbox([w.bbox for w in words]),
    )

"""Raw per-field confidence from evidence (pk-domain.md §8.3): how the value was found (rule prior), the
words' OCR confidence, how well a label matched, how many places agree, and validation reasons.

The priors are starting values meant to be calibrated on samples/; `needs_review` is then a plain
threshold on the result (ExtractOptions.review_threshold).
"""

from __future__ import annotations

from pydantic import BaseModel

from extractor.parse.officials import Evidence
from extractor.scoring.reasons import cap
from models.agreement import Agreement
from models.extracted import Field

# How often a rule's reading is right when the words are clean (to be calibrated on samples/).
RULE_PRIOR: dict[str, float] = {
    "party_block_label": 0.96,
    "signature_name": 0.92,
    "signature_nip": 0.96,
    "signature_rank": 0.93,
    "signature_position": 0.93,
    "title_position": 0.9,
    "title_year": 0.99,
    "annex_title_year": 0.95,
    "inline_year": 0.9,
    "date_year": 0.75,
    "title_revision": 0.95,
    "no_revision_word": 0.95,
    "document_number": 0.9,
    "kop": 0.96,
    "title_unit": 0.92,
    "position_unit": 0.93,
    "regional_head": 0.93,
    "no_sub_unit": 0.88,
    "date_line": 0.96,
    "elected_head_no_nip": 0.93,
    "not_printed": 0.85,
}
LOW_OCR_CONFIDENCE = 0.4


def evidence_confidence(evidence: Evidence, agree: int = 0, disagree: int = 0) -> float:
    prior = RULE_PRIOR.get(evidence.rule, 0.85)
    value = prior * min(1.0, 0.7 + 0.4 * evidence.word_confidence) * (0.6 + 0.4 * evidence.match_score)
    for _ in range(agree):
        value = 1 - (1 - value) * 0.5
    if disagree:
        value *= 0.7
    return round(max(0.0, min(1.0, value)), 4)


class ReviewStats(BaseModel):
    fields: int = 0
    flagged: int = 0


def finalized(agreement: Agreement, threshold: float) -> Agreement:
    """A copy of the agreement with each field's raw confidence capped by its reasons and judged
    against the review threshold: the parser's own verdict, before calibration."""
    scored = agreement.model_copy(deep=True)
    finalize(scored, threshold)
    return scored


def finalize(model: BaseModel, threshold: float, stats: ReviewStats | None = None) -> ReviewStats:
    """Apply reason caps and the review threshold to every Field inside `model`, recursively."""
    stats = stats or ReviewStats()
    if isinstance(model, Field):
        model.confidence = cap(model.confidence, model.reasons)
        model.needs_review = model.confidence < threshold
        stats.fields += 1
        stats.flagged += model.needs_review
        return stats
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                finalize(item, threshold, stats)
    return stats


def make_field(ev: Evidence | None, value: object, *, agree: int = 0, disagree: int = 0,
               reasons: list[str] | None = None, confidence: float | None = None) -> Field:
    reasons = list(reasons or [])
    if ev is None:
        if value is None and confidence is None:
            return Field.missing(*reasons)
        return Field(value=value, confidence=confidence or 0.0, reasons=reasons)
    if ev.word_confidence < LOW_OCR_CONFIDENCE and "low_ocr_confidence" not in reasons:
        reasons.append("low_ocr_confidence")
    conf = evidence_confidence(ev, agree, disagree) if confidence is None else confidence
    return Field(value=value, raw=ev.text, confidence=conf, reasons=reasons, page=ev.page, bbox=ev.bbox)

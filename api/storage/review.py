"""What people are asked to look at, and how far they got: the review queue (whole-table doubts and
flagged fields), the audit sample of fields the extraction did not flag and the error rate it implies,
and review progress per document. All are queries over the kept review items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import BigInteger, Text, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from api.storage.agreements import AgreementFilters, filtered
from api.storage.tables import AgreementRow, DocumentRow, ReviewItemRow
from extractor.scoring.audit import RIGHT, WRONG, AuditEstimate, estimate

AUDIT_MULTIPLIER, AUDIT_MODULUS = 2654435761, 4294967291
Sort = Literal["confidence", "document"]
REVIEWED = ("corrected", "confirmed")


@dataclass
class ItemFilters:
    """Filters on the items themselves (the agreement filters pick their agreements)."""

    reason: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    kinds: tuple[str, ...] = ("field", "table")
    sort: Sort = "confidence"

    def narrow(self) -> bool:
        return bool(self.reason or self.min_confidence is not None or self.max_confidence is not None
                    or set(self.kinds) != {"field", "table"})


def audit_order(seed: int) -> Any:
    """A seeded pseudo-random order computed in SQL (64-bit on both backends). Items keep their ids
    while people work (`rebuild` updates them in place), so a seed names one sample."""
    shifted = cast(ReviewItemRow.id + seed, BigInteger)
    return (shifted * literal(AUDIT_MULTIPLIER, BigInteger)) % literal(AUDIT_MODULUS, BigInteger)


def _items(filters: AgreementFilters) -> Any:
    return filtered(select(ReviewItemRow, AgreementRow.document_id)
                    .join(AgreementRow, AgreementRow.id == ReviewItemRow.agreement_id), filters)


def _unflagged(query: Any) -> Any:
    return query.where(ReviewItemRow.kind == "field", ReviewItemRow.extracted_flag.is_(False))


def audit_sample(session: Session, filters: AgreementFilters, size: int, seed: int
                 ) -> list[tuple[ReviewItemRow, int]]:
    """The first `size` fields the extraction did not flag, in the seed's order, whatever people did
    with them since: the same seed is the same sample all through an audit."""
    if size <= 0:
        return []
    return [(item, document_id) for item, document_id in session.execute(
        _unflagged(_items(filters)).order_by(audit_order(seed), ReviewItemRow.id).limit(size))]


def _with_item_filters(query: Any, items: ItemFilters) -> Any:
    query = query.where(ReviewItemRow.kind.in_(items.kinds))
    if items.reason:
        text = cast(ReviewItemRow.reasons, Text)
        query = query.where(or_(text.contains(f'"{items.reason}"', autoescape=True),
                                text.contains(f'"{items.reason}:', autoescape=True)))
    if items.min_confidence is not None:
        query = query.where(ReviewItemRow.confidence >= items.min_confidence)
    if items.max_confidence is not None:
        query = query.where(ReviewItemRow.confidence <= items.max_confidence)
    return query


def review_queue(session: Session, filters: AgreementFilters, items: ItemFilters, limit: int, offset: int,
                 audit_size: int, seed: int) -> tuple[list[tuple[ReviewItemRow, int, bool]], int]:
    """The audit sample's fields nobody judged yet, then whole-table doubts and flagged fields, least
    confident first (a table doubt counts as confidence 0) or in document order. Items: (row,
    document id, is audit)."""
    audit = [(item, document_id) for item, document_id in audit_sample(session, filters, audit_size, seed)
             if item.status == "extracted"]
    flagged = _with_item_filters(_items(filters).where(ReviewItemRow.needs_review.is_(True)), items)
    if items.narrow():
        flagged_total = session.scalar(select(func.count()).select_from(flagged.subquery())) or 0
    else:  # each agreement keeps its counts: summing them spares counting the items
        flagged_total = session.scalar(filtered(select(func.sum(AgreementRow.needs_review_count
                                                                + AgreementRow.open_tables)), filters)) or 0
    result = [(item, document_id, True) for item, document_id in audit[offset:offset + limit]]
    remaining = limit - len(result)
    if remaining > 0:
        start = max(0, offset - len(audit))
        order = ((ReviewItemRow.confidence, ReviewItemRow.agreement_id, ReviewItemRow.id)
                 if items.sort == "confidence" else
                 (AgreementRow.document_id, ReviewItemRow.agreement_id, ReviewItemRow.kind.desc(),
                  ReviewItemRow.page, ReviewItemRow.id))
        rows = session.execute(flagged.order_by(*order).limit(remaining).offset(start))
        result.extend((item, document_id, False) for item, document_id in rows)
    return result, len(audit) + flagged_total


@dataclass
class AuditResult:
    estimate: AuditEstimate
    sample: int
    right: int


def audit_estimate(session: Session, filters: AgreementFilters, size: int, seed: int) -> AuditResult:
    """The error rate among the fields the extraction did not flag, from people's decisions on the
    audit sample: a confirmation says the value was right, a correction that it was wrong."""
    counted = select(func.count(ReviewItemRow.id)).join(AgreementRow,
                                                         AgreementRow.id == ReviewItemRow.agreement_id)
    population = session.scalar(_unflagged(filtered(counted, filters))) or 0
    sample = audit_sample(session, filters, size, seed)
    verdicts = [RIGHT if item.status == "confirmed" else WRONG if item.status == "corrected" else ""
                for item, _document_id in sample]
    return AuditResult(estimate=estimate(population, verdicts), sample=len(sample),
                       right=verdicts.count(RIGHT))


def review_progress(session: Session, filters: AgreementFilters) -> list[dict[str, Any]]:
    """Per document: fields still flagged and fields people handled, tables still doubted and tables
    checked, agreements with work left and in all."""
    is_field = ReviewItemRow.kind == "field"
    flag = ReviewItemRow.needs_review.is_(True)
    reviewed = is_field & ~flag & ReviewItemRow.status.in_(REVIEWED)
    counts = {
        "fields_open": func.sum(case((is_field & flag, 1), else_=0)),
        "fields_reviewed": func.sum(case((reviewed, 1), else_=0)),
        "tables_open": func.sum(case((~is_field & flag, 1), else_=0)),
        "tables_checked": func.sum(case((~is_field & ~flag, 1), else_=0)),
    }
    query = filtered(select(AgreementRow.document_id, *counts.values())
                     .join(ReviewItemRow, ReviewItemRow.agreement_id == AgreementRow.id), filters)
    by_document = {row[0]: dict(zip(counts, (int(v or 0) for v in row[1:]), strict=True))
                   for row in session.execute(query.group_by(AgreementRow.document_id))}
    open_items = AgreementRow.needs_review_count + AgreementRow.open_tables
    agreements = filtered(select(AgreementRow.document_id, DocumentRow.filename, func.count(AgreementRow.id),
                                 func.sum(case((open_items > 0, 1), else_=0)))
                          .join(DocumentRow, DocumentRow.id == AgreementRow.document_id), filters)
    progress = []
    for document_id, filename, total, left in session.execute(
            agreements.group_by(AgreementRow.document_id, DocumentRow.filename)
            .order_by(AgreementRow.document_id)):
        counted = by_document.get(document_id, dict.fromkeys(counts, 0))
        progress.append({"document_id": document_id, "filename": filename, "agreements": int(total),
                         "agreements_open": int(left or 0), **counted})
    return progress

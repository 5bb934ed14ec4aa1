"""The review queue (whole-table doubts and flagged fields, optionally after an audit sample), the
audit estimate the sample's decisions give, review progress per document, and who the caller is."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from api.deps import Principal, get_services, viewer
from api.errors import ERROR_RESPONSES
from api.routes.agreements import agreement_filters
from api.schemas import (
    AuditEstimatePublic,
    DocumentProgress,
    Me,
    ReviewItem,
    ReviewProgress,
    ReviewQueue,
)
from api.storage import review
from api.storage.agreements import AgreementFilters
from api.storage.review import ItemFilters

router = APIRouter(tags=["review"], responses=ERROR_RESPONSES)
AuditSize = Annotated[int, Query(ge=0, le=1000, description=(
    "Add this many randomly chosen fields the extraction did not flag (audit: true) at the head of the "
    "queue, to measure the error rate of fields nobody was asked to check; those a person already "
    "judged are left out."))]
Seed = Annotated[int, Query(ge=0, le=1_000_000, description="Picks the audit sample; the same seed gives "
                                                            "the same sample on every page and every day.")]
Confidence = Annotated[float | None, Query(ge=0.0, le=1.0)]


def item_filters(reason: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_]+$", description=(
                     "Only items with this reason code (a table doubt's code is its reason)."))] = None,
                 min_confidence: Confidence = None, max_confidence: Confidence = None,
                 kinds: Annotated[list[Literal["field", "table"]] | None, Query(max_length=2, description=(
                     "field: flagged fields; table: whole-table doubts. Both by default."))] = None,
                 sort: Annotated[Literal["confidence", "document"], Query(description=(
                     "confidence: least confident first (table doubts first); document: in the order of "
                     "the documents and their pages."))] = "confidence") -> ItemFilters:
    return ItemFilters(reason=reason, min_confidence=min_confidence, max_confidence=max_confidence,
                       kinds=tuple(kinds or ("field", "table")), sort=sort)


@router.get("/review-queue", response_model=ReviewQueue)
def review_queue(request: Request,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
                 filters: AgreementFilters = Depends(agreement_filters),
                 items: ItemFilters = Depends(item_filters),
                 audit_sample: AuditSize = 0, seed: Seed = 0,
                 _user: Principal = Depends(viewer)) -> ReviewQueue:
    """Whole-table doubts (kind table: check the table against its page, add the rows it lacks) and
    flagged fields (kind field), least confident first."""
    with get_services(request).reads.begin() as session:
        rows, total = review.review_queue(session, filters, items, limit, offset, audit_sample, seed)
        return ReviewQueue(items=[
            ReviewItem(agreement_id=item.agreement_id, document_id=document_id, path=item.path,
                       value=item.value, raw=item.raw, confidence=item.confidence, reasons=item.reasons or [],
                       page=item.page, bbox=item.bbox, audit=audit, kind=item.kind or "field",
                       status=item.status)
            for item, document_id, audit in rows], total=total)


@router.get("/audit-estimate", response_model=AuditEstimatePublic)
def audit_estimate(request: Request, audit_sample: Annotated[int, Query(ge=1, le=1000, description=(
                       "The sample's size, as given to the review queue."))],
                   seed: Seed = 0, filters: AgreementFilters = Depends(agreement_filters),
                   _user: Principal = Depends(viewer)) -> AuditEstimatePublic:
    """The error rate among fields the extraction did not flag, from people's decisions on the audit
    sample (confirmed: right, corrected: wrong), with its Wilson 95% interval and the number of wrong
    unflagged fields it implies for the whole population."""
    with get_services(request).reads.begin() as session:
        result = review.audit_estimate(session, filters, audit_sample, seed)
    found = result.estimate
    return AuditEstimatePublic(
        seed=seed, sample=result.sample, population=found.population, judged=found.judged,
        right=result.right, wrong=found.wrong, unjudged=found.unjudged, error_rate=found.error_rate,
        error_rate_low=found.error_rate_low, error_rate_high=found.error_rate_high,
        wrong_fields=round(found.error_rate * found.population), wrong_fields_low=found.wrong_fields_low,
        wrong_fields_high=found.wrong_fields_high)


@router.get("/review-progress", response_model=ReviewProgress)
def review_progress(request: Request, filters: AgreementFilters = Depends(agreement_filters),
                    _user: Principal = Depends(viewer)) -> ReviewProgress:
    """How far people got, per document: flagged fields left and handled, table doubts left and
    checked, agreements with work left."""
    with get_services(request).reads.begin() as session:
        documents = [DocumentProgress(**row) for row in review.review_progress(session, filters)]
    numbers = ("agreements", "agreements_open", "fields_open", "fields_reviewed", "tables_open",
               "tables_checked")
    total = DocumentProgress(document_id=0, filename="", **{
        name: sum(getattr(d, name) for d in documents) for name in numbers})
    return ReviewProgress(documents=documents, total=total)


@router.get("/me", response_model=Me)
def me(user: Principal = Depends(viewer)) -> Me:
    """The caller's name and role, so a page knows whether to offer editing."""
    return Me(name=user.name, role=user.role)  # type: ignore[arg-type]

"""The review queue: flagged fields, least confident first, optionally after an audit sample."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.deps import Principal, get_services, viewer
from api.errors import ERROR_RESPONSES
from api.schemas import ReviewItem, ReviewQueue
from api.storage import agreements
from api.storage.agreements import AgreementFilters

router = APIRouter(tags=["review"], responses=ERROR_RESPONSES)


@router.get("/review-queue", response_model=ReviewQueue)
def review_queue(request: Request,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
                 year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
                 organization: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")] = None,
                 audit_sample: Annotated[int, Query(ge=0, le=1000, description=(
                     "Add this many randomly chosen confident fields (audit: true) at the head of the "
                     "queue, to measure the error rate of fields nobody was asked to check."))] = 0,
                 seed: Annotated[int, Query(ge=0, le=1_000_000, description="Picks the audit sample; "
                                            "the same seed gives the same sample on every page.")] = 0,
                 _user: Principal = Depends(viewer)) -> ReviewQueue:
    filters = AgreementFilters(year=year, organization=organization)
    with get_services(request).reads.begin() as session:
        rows, total = agreements.review_queue(session, filters, limit, offset, audit_sample, seed)
        return ReviewQueue(items=[
            ReviewItem(agreement_id=item.agreement_id, document_id=document_id, path=item.path,
                       value=item.value, raw=item.raw, confidence=item.confidence, reasons=item.reasons or [],
                       page=item.page, bbox=item.bbox, audit=audit)
            for item, document_id, audit in rows], total=total)

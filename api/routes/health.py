"""Liveness with the database checked and the queue's depth; needs no token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from api.deps import get_services
from api.schemas import Health
from api.storage.tables import DocumentRow

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> Health:
    with get_services(request).sessions.begin() as session:
        rows = session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status)).all()
        counts = {status: count for status, count in rows}
    return Health(status="ok", database="ok", queued=counts.get("queued", 0),
                  processing=counts.get("processing", 0))

"""Prometheus metrics (text format), like /healthz without a token: counts only, never a name or NIP."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.deps import get_services
from api.metrics import make_registry

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}},
                             "description": "Prometheus text exposition format"}})
def metrics(request: Request) -> Response:
    """Jobs by state, pages per second, extraction seconds, review backlog: for the whole cluster, read
    from the database."""
    state = request.app.state
    if getattr(state, "metrics", None) is None:
        state.metrics = make_registry(get_services(request), state.queue.health)
    return Response(generate_latest(state.metrics), media_type=CONTENT_TYPE_LATEST)

"""Health for load balancers and operators; needs no token. 503 when the service cannot do its work:
the database does not answer, no worker can run jobs, the Celery broker does not answer (worker kind
`celery`), or a job's claim has gone unrenewed past its lease (its worker is gone and nobody took it
back)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import func, select

from api.deps import get_services
from api.schemas import Health
from api.storage import documents
from api.storage.tables import DocumentRow

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: {"model": Health, "description": "unhealthy"}})
def healthz(request: Request, response: Response) -> Health:
    services = get_services(request)
    workers = request.app.state.queue.health()
    problems: list[str] = []
    counts: dict[str, int] = {}
    stuck = 0
    try:
        with services.reads.begin() as session:
            rows = session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status))
            counts = {status: count for status, count in rows}
            stuck = documents.stuck_count(session, services.settings.job_lease_s)
        database = "ok"
    except Exception:
        database = "unavailable"
        problems.append("the database does not answer")
    if workers["configured"] and not workers["alive"]:
        problems.append("no worker is running")
    elif workers["configured"] and workers["failing"] >= workers["alive"]:
        problems.append("every worker fails to reach the job table")
    if workers.get("broker") == 0:
        problems.append("the broker does not answer")
    if stuck:
        problems.append(f"{stuck} job(s) not renewed within the lease of {services.settings.job_lease_s:g} s")
    response.status_code = 503 if problems else 200
    return Health(status="unhealthy" if problems else "ok", database=database, problems=problems,
                  queued=counts.get("queued", 0), processing=counts.get("processing", 0), stuck=stuck,
                  workers=workers)

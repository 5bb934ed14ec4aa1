"""The FastAPI application: opens the database (migrating it), resumes interrupted jobs, starts the
worker pool and the page renderer, and mounts one router per resource behind the request middleware."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.config import Settings, get_settings
from api.errors import install_error_handlers
from api.middleware import AccessLog, AuthenticateFirst, BodyLimit, SecurityHeaders
from api.pages import PageRenderer
from api.routes import agreements, documents, exports, health, metrics, review, tokens
from api.services import Services, open_services
from api.supervisor import ProcessJobQueue
from api.worker import JobQueue, ThreadJobQueue, recover

log = logging.getLogger(__name__)
QueueFactory = Callable[[Services], JobQueue]
JSON_BODY_LIMIT = 8 * 1024 * 1024  # a PATCH holds at most 500 changes of at most 10,000 characters


@contextmanager
def run_workers_beside(settings: Settings) -> Iterator[None]:
    """The job queue in this process for web processes started beside it (`serve --web-processes`):
    they get no workers and no start-up recovery of their own (children read PK_* from the environment),
    so jobs are recovered once and run by one pool. Web processes see the queue through the database."""
    services = open_services(settings)
    recover_at_start(services)
    queue = default_queue(services)
    os.environ.update({"PK_WORKERS": "0", "PK_RECOVER_ON_START": "false"})
    queue.start()
    try:
        yield
    finally:
        queue.stop(wait=True)
        services.close()


def recover_at_start(services: Services) -> None:
    """Requeue the jobs a stopped service left `processing`: only where this service ran them all (its
    own workers). Celery workers on other machines may be running them: their leases decide."""
    settings = services.settings
    if settings.recover_on_start and settings.worker_kind != "celery":
        resumed = recover(services)
        log.info("requeued %d interrupted job(s) at start", resumed,
                 extra={"event": "jobs_recovered", "jobs": resumed})


def default_queue(services: Services) -> JobQueue:
    settings = services.settings
    if settings.worker_kind == "celery":
        from api.celery_queue import CeleryJobQueue

        return CeleryJobQueue(services, sweep=settings.recover_on_start)
    if settings.worker_kind == "thread":
        return ThreadJobQueue(services, settings.workers)
    return ProcessJobQueue(services, settings.workers)


def openapi_schema(app: FastAPI) -> dict:
    """FastAPI's schema, plus what its parameters cannot say: If-Match is required on a correction
    (missing: 428, so the parameter stays optional in the code)."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        for parameter in schema["paths"]["/agreements/{agreement_id}"]["patch"]["parameters"]:
            if parameter["name"].lower() == "if-match":
                parameter["required"] = True
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None, queue_factory: QueueFactory = default_queue) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = open_services(settings)
        services.store.sweep()
        recover_at_start(services)
        queue = queue_factory(services)
        renderer = PageRenderer(settings.page_render_workers, settings.max_image_pixels)
        app.state.services, app.state.queue, app.state.renderer = services, queue, renderer
        queue.start()
        try:
            yield
        finally:
            queue.stop(wait=True)
            renderer.close()
            services.close()

    app = FastAPI(title="pk-extract", version="1", lifespan=lifespan,
                  description="Perjanjian Kinerja records: uploads, background extraction, review, exports.")
    install_error_handlers(app)
    app.add_middleware(BodyLimit, upload_limit=settings.max_request_bytes, other_limit=JSON_BODY_LIMIT)
    app.add_middleware(AuthenticateFirst)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    for module in (health, metrics, documents, agreements, review, exports, tokens):
        app.include_router(module.router)
    try:
        from api.routes import web
    except ImportError:
        web = None
    if web is not None:
        app.include_router(web.router)
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    return app

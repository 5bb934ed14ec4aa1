"""The FastAPI application: opens the database (migrating it), resumes interrupted jobs, starts the
worker pool, and mounts one router per resource."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.config import Settings, get_settings
from api.errors import BodySizeLimit, install_error_handlers
from api.routes import agreements, documents, exports, health, review, tokens
from api.services import Services, open_services
from api.worker import JobQueue, ProcessJobQueue, ThreadJobQueue, recover

log = logging.getLogger(__name__)
QueueFactory = Callable[[Services], JobQueue]


def default_queue(services: Services) -> JobQueue:
    settings = services.settings
    if settings.worker_kind == "thread":
        return ThreadJobQueue(services, settings.workers)
    return ProcessJobQueue(services, settings.workers)


def create_app(settings: Settings | None = None, queue_factory: QueueFactory = default_queue) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = open_services(settings or get_settings())
        if services.settings.recover_on_start:
            resumed = recover(services)
            if resumed:
                log.info("requeued %d interrupted job(s)", resumed)
        queue = queue_factory(services)
        app.state.services, app.state.queue = services, queue
        queue.start()
        try:
            yield
        finally:
            queue.stop(wait=False)
            services.close()

    app = FastAPI(title="pk-extract", version="1", lifespan=lifespan,
                  description="Perjanjian Kinerja records: uploads, background extraction, review, exports.")
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, limit=lambda: (settings or get_settings()).max_request_bytes)
    for module in (health, documents, agreements, review, exports, tokens):
        app.include_router(module.router)
    try:
        from api.routes import web
    except ImportError:
        web = None
    if web is not None:
        app.include_router(web.router)
    return app

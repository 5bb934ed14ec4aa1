"""One error envelope for every error response: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import errno
import logging
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger(__name__)
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
                415: "unsupported_media_type", 422: "validation_error", 428: "precondition_required",
                500: "internal_error", 503: "unavailable", 507: "insufficient_storage"}


RowT = TypeVar("RowT")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


def allowed_methods(request: Request) -> list[str]:
    """Every method some route offers at this path (Starlette's 405 names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _scope = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, details: Any = None,
                 headers: dict[str, str] | None = None):
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.details = details
        self.headers = headers
        super().__init__(message)


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


def _json_safe(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.details, error.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = STATUS_CODES.get(error.status_code, "error")
        message, details = str(error.detail), getattr(error, "details", None)
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(error.status_code, code, message, details, headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(422, "validation_error", "the request is not valid", _json_safe(error.errors()))

    @app.exception_handler(OSError)
    async def _os_error(_request: Request, error: OSError) -> JSONResponse:
        if error.errno in DISK_FULL_ERRNOS:
            log.error("the file store is full", extra={"event": "storage_full"})
            return error_response(507, "insufficient_storage", "the file store is full; nothing was "
                                  "stored. Free space on the server and send the files again")
        log.exception("unhandled error", exc_info=error)
        return error_response(500, "internal_error", "an unexpected error occurred")

    @app.exception_handler(DBAPIError)
    async def _database_error(_request: Request, error: DBAPIError) -> JSONResponse:
        if getattr(error.orig, "sqlstate", None) == "53100" or "disk is full" in str(error.orig):
            log.error("the database's disk is full", extra={"event": "database_full"})
            return error_response(507, "insufficient_storage", "the database's disk is full; nothing "
                                  "was changed. Free space on the server and try again")
        log.exception("database error", exc_info=error)
        return error_response(503 if error.connection_invalidated else 500,
                              "unavailable" if error.connection_invalidated else "internal_error",
                              "the database could not answer; try again")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=error)
        return error_response(500, "internal_error", "an unexpected error occurred")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for these error statuses, all with the one error envelope."""
    return {status: {"model": ErrorResponse, "description": STATUS_CODES[status].replace("_", " ")}
            for status in statuses}


ERROR_RESPONSES = error_responses(400, 401, 403, 404, 409, 413, 422, 428)


def get_or_404(session, model: type[RowT], ident: int, what: str) -> RowT:
    """The row with this primary key, or the API's 404 naming what was asked for."""
    row = session.get(model, ident)
    if row is None:
        raise ApiError(404, f"no {what} {ident}")
    return row

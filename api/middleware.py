"""ASGI middleware around every request: the token is checked before a body is read and the body is held
to its limit as it streams, one access-log line per request without personal data, and the security
headers."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders

from api.deps import CHALLENGE, PRINCIPAL_STATE, principal_for
from api.errors import error_response

access_log = logging.getLogger("api.access")
UPLOAD_PATH = "/documents"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}


def _has_body(headers: Headers) -> bool:
    return headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a body passes its limit; an HTTPException, so FastAPI's body reading
    passes it on and the error handlers answer 413 in the usual envelope."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request is larger than {limit} bytes")
        self.details = {"limit": limit}


class BodyLimit:
    """Holds every request body to its limit as it streams in, whether its size was declared
    (Content-Length: refused before reading) or not (chunked: refused at the first byte too many).
    Uploads (`POST /documents`) get `upload_limit`; every other body is JSON and gets `other_limit`."""

    def __init__(self, app: Any, upload_limit: int, other_limit: int):
        self.app, self.upload_limit, self.other_limit = app, upload_limit, other_limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _has_body(headers := Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and scope["path"].rstrip("/") == UPLOAD_PATH
        limit = self.upload_limit if upload else self.other_limit
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            error = BodyTooLarge(limit)
            await error_response(413, "payload_too_large", error.detail, error.details)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)


class AuthenticateFirst:
    """A request that carries a body must carry a valid token too, checked before one byte of the body
    is read; so nobody without a token can make the server spool anything. Roles are still checked by
    each route (an upload route reads its body only after that)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _has_body(headers := Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        scheme, _, token = headers.get("authorization", "").partition(" ")
        principal = None
        if scheme.lower() == "bearer" and token.strip():
            services = scope["app"].state.services
            principal = await principal_for(services, token.strip())
        if principal is None:
            message = "a valid bearer token is required before the request body is read"
            await error_response(401, "unauthorized", message, None, CHALLENGE)(scope, receive, send)
            return
        scope.setdefault("state", {})[PRINCIPAL_STATE] = principal
        await self.app(scope, receive, send)


class AccessLog:
    """One line per request: method, the route's template (never the filled-in path or the query's
    values: a search by NIP or name must not land in a log), the names of the query parameters, status,
    milliseconds, the token's id and a request id (also sent back as X-Request-ID)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, request_id, status = time.perf_counter(), uuid.uuid4().hex[:16], 500

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            principal = scope.get("state", {}).get(PRINCIPAL_STATE)
            query = scope.get("query_string", b"").decode("latin-1")
            access_log.info("request", extra={
                "event": "request", "request_id": request_id, "method": scope["method"],
                "route": getattr(route, "path", None) or "-",
                "query_keys": sorted({pair.split("=", 1)[0] for pair in query.split("&") if pair}),
                "status": status, "ms": round((time.perf_counter() - started) * 1000, 1),
                "token_id": principal.token_id if principal else None})


class SecurityHeaders:
    """Headers every response carries; the review pages add their own Content-Security-Policy."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""Request dependencies: the opened services and the caller's identity and role."""

from __future__ import annotations

from dataclasses import dataclass

from cachetools import TTLCache
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from api.services import Services
from api.storage.tokens import ROLE_RANK, find_token, hash_token

bearer = HTTPBearer(auto_error=False, description="An API token from `pk-extract tokens create`.")
PRINCIPAL_STATE = "principal"  # set by AuthenticateFirst when it already checked this request's token
CHALLENGE = {"WWW-Authenticate": "Bearer"}
TOKEN_CACHE_S = 5.0


@dataclass(frozen=True)
class Principal:
    token_id: int
    name: str
    role: str


_principals: TTLCache[str, Principal] = TTLCache(maxsize=4096, ttl=TOKEN_CACHE_S)  # event loop only


def get_services(request: Request) -> Services:
    return request.app.state.services


async def principal_for(services: Services, token: str) -> Principal | None:
    """The token's holder, from a short cache (a read costs no token query); revoking a token here
    forgets it at once, a revocation by another process or the command line takes up to
    TOKEN_CACHE_S to reach this one."""
    key = hash_token(token)
    if (principal := _principals.get(key)) is not None:
        return principal
    principal = await run_in_threadpool(lookup_token, services, token)
    if principal is not None:
        _principals[key] = principal
    return principal


def forget_token(token_id: int) -> None:
    for key, principal in list(_principals.items()):
        if principal.token_id == token_id:
            _principals.pop(key, None)


def lookup_token(services: Services, token: str) -> Principal | None:
    with services.reads.begin() as session:
        row = find_token(session, token)
        return None if row is None else Principal(token_id=row.id, name=row.name or f"token-{row.id}",
                                                  role=row.role)


async def authenticate(request: Request,
                       credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    """The caller's token (see `principal_for`), unless AuthenticateFirst already checked it."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "a bearer token is required", headers=CHALLENGE)
    principal = getattr(request.state, PRINCIPAL_STATE, None)
    if principal is None:
        principal = await principal_for(get_services(request), credentials.credentials)
    if principal is None:
        raise ApiError(401, "the token is not valid", headers=CHALLENGE)
    request.state.principal = principal
    return principal


def require(role: str):  # type: ignore[no-untyped-def]
    """A dependency that admits callers whose role is at least `role`."""

    async def check(principal: Principal = Depends(authenticate)) -> Principal:
        if ROLE_RANK[principal.role] < ROLE_RANK[role]:
            raise ApiError(403, f"this needs the {role} role; the token has {principal.role}")
        return principal

    return check


viewer = require("viewer")
reviewer = require("reviewer")
admin = require("admin")

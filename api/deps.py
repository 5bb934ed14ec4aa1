"""Request dependencies: the opened services and the caller's identity and role."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from api.services import Services
from api.storage.tokens import ROLE_RANK, find_token

bearer = HTTPBearer(auto_error=False, description="An API token from `pk-extract tokens create`.")
PRINCIPAL_STATE = "principal"  # set by AuthenticateFirst when it already checked this request's token
CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Principal:
    token_id: int
    name: str
    role: str


def get_services(request: Request) -> Services:
    return request.app.state.services


def lookup_token(services: Services, token: str) -> Principal | None:
    with services.reads.begin() as session:
        row = find_token(session, token)
        return None if row is None else Principal(token_id=row.id, name=row.name or f"token-{row.id}",
                                                  role=row.role)


def authenticate(request: Request,
                 credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "a bearer token is required", headers=CHALLENGE)
    principal = getattr(request.state, PRINCIPAL_STATE, None)
    if principal is None:
        principal = lookup_token(get_services(request), credentials.credentials)
    if principal is None:
        raise ApiError(401, "the token is not valid", headers=CHALLENGE)
    request.state.principal = principal
    return principal


def require(role: str):  # type: ignore[no-untyped-def]
    """A dependency that admits callers whose role is at least `role`."""

    def check(principal: Principal = Depends(authenticate)) -> Principal:
        if ROLE_RANK[principal.role] < ROLE_RANK[role]:
            raise ApiError(403, f"this needs the {role} role; the token has {principal.role}")
        return principal

    return check


viewer = require("viewer")
reviewer = require("reviewer")
admin = require("admin")

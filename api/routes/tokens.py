"""Token management (admin): create (the token is shown once), list, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import Principal, admin, forget_token, get_services
from api.errors import ERROR_RESPONSES, ApiError
from api.schemas import TokenCreate, TokenCreated, TokenList, TokenPublic
from api.storage import tokens
from api.storage.agreements import as_utc

router = APIRouter(prefix="/tokens", tags=["tokens"], responses=ERROR_RESPONSES)


@router.get("", response_model=TokenList)
def list_tokens(request: Request, _user: Principal = Depends(admin)) -> TokenList:
    with get_services(request).reads.begin() as session:
        return TokenList(items=[TokenPublic(id=r.id, name=r.name, role=r.role,
                                            created_at=as_utc(r.created_at), revoked=r.revoked)
                                for r in tokens.list_tokens(session)])


@router.post("", status_code=201, response_model=TokenCreated)
def create_token(request: Request, body: TokenCreate, _user: Principal = Depends(admin)) -> TokenCreated:
    with get_services(request).sessions.begin() as session:
        row, token = tokens.create_token(session, body.role, body.name)
        return TokenCreated(id=row.id, name=row.name, role=row.role, created_at=as_utc(row.created_at),
                            revoked=False, token=token)


@router.delete("/{token_id}", status_code=204, response_class=Response)
async def revoke_token(request: Request, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                       _user: Principal = Depends(admin)) -> Response:
    def revoke() -> bool:
        with get_services(request).sessions.begin() as session:
            return tokens.revoke_token(session, token_id)

    if not await run_in_threadpool(revoke):
        raise ApiError(404, f"no active token {token_id}")
    forget_token(token_id)  # in the event loop, where the token cache lives
    return Response(status_code=204)

"""API tokens with roles. Only a token's sha256 is stored; the token itself is shown once."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import TokenRow

ROLES = ("viewer", "reviewer", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, role: str, name: str) -> tuple[TokenRow, str]:
    if role not in ROLE_RANK:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    token = "pk_" + secrets.token_urlsafe(32)
    row = TokenRow(name=name, role=role, token_hash=hash_token(token), revoked=False)
    session.add(row)
    session.flush()
    return row, token


def find_token(session: Session, token: str) -> TokenRow | None:
    return session.scalar(select(TokenRow).where(TokenRow.token_hash == hash_token(token),
                                                 TokenRow.revoked.is_(False)))


def list_tokens(session: Session) -> list[TokenRow]:
    return list(session.scalars(select(TokenRow).order_by(TokenRow.id)))


def revoke_token(session: Session, token_id: int) -> bool:
    row = session.get(TokenRow, token_id)
    if row is None or row.revoked:
        return False
    row.revoked = True
    return True

"""Request and response shapes of the HTTP API (the shared contract)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from models.document import Problem

DocumentStatus = Literal["queued", "processing", "done", "failed"]
Role = Literal["viewer", "reviewer", "admin"]


class UploadedDocument(BaseModel):
    id: int
    filename: str
    sha256: str
    status: DocumentStatus
    duplicate: bool


class UploadResponse(BaseModel):
    documents: list[UploadedDocument]


class DocumentPublic(BaseModel):
    id: int
    filename: str
    sha256: str
    status: DocumentStatus
    page_count: int | None
    pages_done: int
    problems: list[Problem]
    agreement_ids: list[int]
    created_at: dt.datetime
    updated_at: dt.datetime


class DocumentList(BaseModel):
    items: list[DocumentPublic]
    total: int


class AgreementSummary(BaseModel):
    id: int
    document_id: int
    year: int | None
    government: str | None
    organization: str | None
    first_party_name: str | None
    second_party_name: str | None
    needs_review_count: int
    version: int
    pages: list[int]


class AgreementList(BaseModel):
    items: list[AgreementSummary]
    total: int


class AgreementPublic(BaseModel):
    id: int
    document_id: int
    version: int
    agreement: dict[str, Any] = Field(
        description="The contract's Agreement; every Field also has status, changed_by, changed_at.")


class Change(BaseModel):
    path: str = Field(max_length=256, pattern=r"^[A-Za-z0-9_.]+$", examples=["first_party.nip"])
    value: Any = None


class AgreementPatch(BaseModel):
    changes: list[Change] = Field(default_factory=list, max_length=500)
    confirmations: list[Annotated[str, Field(max_length=256, pattern=r"^[A-Za-z0-9_.]+$")]] = Field(
        default_factory=list, max_length=500)


class HistoryItem(BaseModel):
    path: str
    action: Literal["corrected", "confirmed"]
    old_value: Any
    new_value: Any
    reviewer: str
    at: dt.datetime
    version: int


class HistoryList(BaseModel):
    items: list[HistoryItem]


class ReviewItem(BaseModel):
    agreement_id: int
    document_id: int
    path: str
    value: Any
    raw: str | None
    confidence: float
    reasons: list[str]
    page: int | None
    bbox: list[float] | None
    audit: bool


class ReviewQueue(BaseModel):
    items: list[ReviewItem]
    total: int


class TokenCreate(BaseModel):
    role: Role
    name: str = Field(default="", max_length=128, pattern=r"^[^\x00-\x1f]*$")


class TokenPublic(BaseModel):
    id: int
    name: str
    role: Role
    created_at: dt.datetime
    revoked: bool


class TokenCreated(TokenPublic):
    token: str = Field(description="Shown once; only its hash is stored.")


class TokenList(BaseModel):
    items: list[TokenPublic]


class Health(BaseModel):
    status: Literal["ok", "unhealthy"]
    database: Literal["ok", "unavailable"]
    problems: list[str] = Field(description="Why the service is unhealthy; empty when it is not.")
    queued: int
    processing: int
    stuck: int = Field(description="Jobs whose claim was not renewed within the lease.")
    workers: dict[str, int] = Field(description="configured, alive, failing (and restarts_last_minute "
                                                "for worker processes).")

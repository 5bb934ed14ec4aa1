"""Request and response shapes of the HTTP API (the shared contract)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.table_reviews import TableReview
from models.document import PageInfo, Problem

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
    pages: list[PageInfo] | None = Field(default=None, description=(
        "The latest run's page facts (size in points, rotation, skew): given by GET /documents/{id}, "
        "left out of lists."))
    page_groups: list[list[int]] | None = Field(default=None, description=(
        "The pages of each agreement as a person grouped them; null: found by the extractor."))


PageNumbers = Annotated[list[Annotated[int, Field(ge=1, le=100_000)]], Field(min_length=1, max_length=10_000)]


class PageGrouping(BaseModel):
    agreements: list[PageNumbers] | None = Field(max_length=1000, description=(
        "The pages of each agreement (split, merge, move a page); null: let the extractor find them again."))


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
    open_tables: int = Field(default=0, description="Whole-table doubts nobody has checked yet.")


class AgreementList(BaseModel):
    items: list[AgreementSummary]
    total: int


class AgreementPublic(BaseModel):
    id: int
    document_id: int
    version: int
    agreement: dict[str, Any] = Field(
        description="The contract's Agreement; every Field also has status, changed_by, changed_at (and "
                    "flagged_for once a person handled a flagged field); a removed row has removed: true, "
                    "removed_by, removed_at and stays in its list, so row numbers never move.")
    tables: list[TableReview] = Field(default_factory=list, description=(
        "Whole-table doubts (table_doubt, targets_missing) on the agreement's pages, open or checked."))
    batch: str | None = Field(default=None, description=(
        "PATCH only: the id of what this save stored (pass it in `undo` to take it back); null when the "
        "save changed nothing."))


RecordPath = Annotated[str, Field(max_length=256, pattern=r"^[A-Za-z0-9_.]+$")]


class Change(BaseModel):
    path: str = Field(max_length=256, pattern=r"^[A-Za-z0-9_.]+$", examples=["first_party.nip"])
    value: Any = None


class AgreementPatch(BaseModel):
    changes: list[Change] = Field(default_factory=list, max_length=500)
    confirmations: list[RecordPath] = Field(default_factory=list, max_length=500)
    removals: list[RecordPath] = Field(default_factory=list, max_length=500, description=(
        "Table rows to mark removed (\"programs.3\"): kept in the record and the history, left out of "
        "reviews and exports."))
    restorations: list[RecordPath] = Field(default_factory=list, max_length=500,
                                     description="Removed rows to bring back.")
    checks: list[RecordPath] = Field(default_factory=list, max_length=100, description=(
        "Whole-table doubts a person compared with the page (their `key`, \"tables.table_doubt.2\")."))
    undo: list[Annotated[str, Field(max_length=32, pattern=r"^[0-9a-f]+$")]] = Field(
        default_factory=list, max_length=20, description="Earlier saves (their `batch`) to take back.")


HistoryAction = Literal["corrected", "confirmed", "removed", "restored", "checked", "undone"]


class HistoryItem(BaseModel):
    path: str
    action: HistoryAction = Field(description=(
        "corrected / confirmed: a field; removed / restored: a row; checked: a whole table; undone: an "
        "earlier save's entry taken back (new_value names that save's batch)."))
    old_value: Any
    new_value: Any
    reviewer: str
    at: dt.datetime
    version: int
    batch: str | None = Field(default=None, description="The save this entry belongs to.")


class HistoryList(BaseModel):
    items: list[HistoryItem]


class ReviewItem(BaseModel):
    agreement_id: int
    document_id: int
    path: str = Field(description="A field's path; for kind table, the table doubt's key "
                                  "(tables.CODE.PAGE), to pass in PATCH `checks`.")
    value: Any
    raw: str | None = Field(description="The reading; for kind table, the problem's message.")
    confidence: float = Field(description="0 for a whole-table doubt, so it comes first.")
    reasons: list[str] = Field(description="Reason codes; for kind table, the problem code first, then "
                                           "why the table is doubted.")
    page: int | None
    bbox: list[float] | None = Field(description="For kind table, the region of the rows read there.")
    audit: bool
    kind: Literal["field", "table"] = "field"
    status: str = Field(default="extracted", description="extracted, corrected, confirmed (fields); "
                                                         "extracted or checked (tables).")


class AuditEstimatePublic(BaseModel):
    """Error rate among the fields the extraction did not flag, from the audit sample's decisions."""

    seed: int
    sample: int = Field(description="Fields drawn (fewer when the population is smaller).")
    population: int = Field(description="Fields the extraction did not flag, under the filters.")
    judged: int
    right: int = Field(description="Sampled fields a person confirmed.")
    wrong: int = Field(description="Sampled fields a person corrected.")
    unjudged: int
    error_rate: float
    error_rate_low: float = Field(description="Wilson 95% interval, lower end.")
    error_rate_high: float
    wrong_fields: int = Field(description="error_rate x population, rounded: the implied wrong fields.")
    wrong_fields_low: int
    wrong_fields_high: int


class DocumentProgress(BaseModel):
    document_id: int
    filename: str
    agreements: int
    agreements_open: int
    fields_open: int
    fields_reviewed: int
    tables_open: int
    tables_checked: int


class ReviewProgress(BaseModel):
    documents: list[DocumentProgress]
    total: DocumentProgress = Field(description="All documents together (document_id 0).")


class Me(BaseModel):
    name: str
    role: Role


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

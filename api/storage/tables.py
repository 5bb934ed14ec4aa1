"""Tables. Runs are immutable, corrections append-only; agreements and review items are derived views
that are rebuilt from them whenever either changes."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    """One uploaded file and its job state (the queue is this table: status + claim token)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(512))
    size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), index=True)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The pages of each agreement as a person grouped them (a bundle split, merged or a page moved);
    # null: the extractor finds the agreements itself. Every extraction of the file follows it.
    page_groups: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    claim_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RunRow(Base):
    """One extraction of one document: the ExtractionResult JSON exactly as produced; never updated."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Pages read and seconds the extraction took (null: stored before migration 0005), for /metrics.
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AgreementRow(Base):
    """One PK of a document; points at the latest run and caches the effective record (`record`, the
    public JSON of GET /agreements/{id}) and its summary columns."""

    __tablename__ = "agreements"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    government: Mapped[str | None] = mapped_column(Text, nullable=True)
    organization: Mapped[str | None] = mapped_column(Text, nullable=True)
    first_party_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    first_party_nip: Mapped[str | None] = mapped_column(String(32), nullable=True)
    second_party_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    second_party_nip: Mapped[str | None] = mapped_column(String(32), nullable=True)
    needs_review_count: Mapped[int] = mapped_column(Integer, default=0)
    open_tables: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, deferred=True,
                                                          deferred_group="kept")
    # The whole-table doubts on its pages (api/table_reviews.py), kept like `record`.
    tables: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True, deferred=True,
                                                     deferred_group="kept")
    # The version at which the current run was attached: a save based on an older version conflicts with
    # the re-extraction. Null: kept before migration 0004; such rows are rebuilt at start.
    run_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CorrectionRow(Base):
    """A person's correction or confirmation of one field; rows are only ever inserted."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    reviewer: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The entries one save made together (a batch confirm), so they can be undone together.
    batch: Mapped[str | None] = mapped_column(String(32), nullable=True)


class ReviewItemRow(Base):
    """Every leaf field of every effective record (kind "field"), and every whole-table doubt on its pages
    (kind "table", path "tables.CODE.PAGE"), so the review queue and audit samples are queries. Rows are
    updated in place, so an item keeps its id (and its place in an audit sample) while people work."""

    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_items_queue", "needs_review", "confidence", "agreement_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(8), default="field", server_default="field")
    status: Mapped[str] = mapped_column(String(16))
    needs_review: Mapped[bool] = mapped_column(Boolean, index=True)
    # Whether the extraction itself flagged this field (null: a field a person added): the audit
    # population is the fields it did not flag, whatever people did with them since.
    extracted_flag: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    raw: Mapped[str | None] = mapped_column(Text, nullable=True)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bbox: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)


class TokenRow(Base):
    """An API token: only its sha256 is stored."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

"""Documents and their jobs. The job state lives on the document row; a job is claimed by one atomic
conditional UPDATE and finished only by the holder of its claim token, so no job runs to completion
twice even when a stopped worker wakes up late."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.storage import agreements
from api.storage.tables import DocumentRow, RunRow, utcnow
from models.result import ExtractionResult

QUEUED, PROCESSING, DONE, FAILED = "queued", "processing", "done", "failed"
INTERRUPTED = "extraction_interrupted"
STATUSES = (QUEUED, PROCESSING, DONE, FAILED)


def add_upload(session: Session, sha256: str, filename: str, size: int, page_count: int | None = None
               ) -> tuple[DocumentRow, bool]:
    """The document for these bytes, and whether it existed already (same sha256)."""
    existing = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
    if existing is not None:
        return existing, True
    row = DocumentRow(sha256=sha256, filename=filename, size=size, status=QUEUED, pages_done=0,
                      problems=[], attempts=0, page_count=page_count)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return session.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256)).one(), True
    return row, False


def claim_next(sessions: sessionmaker[Session], worker: str = "") -> tuple[int, str] | None:
    """Take the oldest queued job: (document id, claim token), or None when the queue is empty."""
    while True:
        with sessions.begin() as session:
            # NO KEY UPDATE: two workers still exclude each other, but a reviewer's save (KEY SHARE on
            # the document) does not hide the job from every worker while it lasts.
            candidate = session.scalar(
                select(DocumentRow.id).where(DocumentRow.status == QUEUED).order_by(DocumentRow.id)
                .limit(1).with_for_update(skip_locked=True, key_share=True))
            if candidate is None:
                return None
            token = uuid.uuid4().hex
            claimed = session.execute(
                update(DocumentRow)
                .where(DocumentRow.id == candidate, DocumentRow.status == QUEUED)
                .values(status=PROCESSING, claim_token=token, claimed_by=worker or None, pages_done=0,
                        attempts=DocumentRow.attempts + 1, updated_at=utcnow()))
            if claimed.rowcount == 1:
                return candidate, token


def requeue_interrupted(session: Session, max_attempts: int, worker: str | None = None) -> int:
    """Jobs left `processing` by a stopped service (or by one dead `worker`) go back to the queue and
    their old claims die; a job interrupted `max_attempts` times fails instead, so a file that kills
    its worker cannot stall the queue forever."""
    stuck = select(DocumentRow).where(DocumentRow.status == PROCESSING)
    if worker is not None:
        stuck = stuck.where(DocumentRow.claimed_by == worker)
    rows = session.scalars(stuck.with_for_update()).all()
    for row in rows:
        _interrupt(row, max_attempts)
    return len(rows)


def _interrupt(row: DocumentRow, max_attempts: int) -> None:
    row.claim_token, row.claimed_by, row.updated_at = None, None, utcnow()
    if row.attempts >= max_attempts:
        row.status = FAILED
        row.problems = [{"code": INTERRUPTED, "page": None, "message": (
            f"extraction was interrupted {row.attempts} times (worker stopped or crashed); "
            "re-extract to try again")}]
    else:
        row.status, row.pages_done = QUEUED, 0


def requeue_expired(session: Session, lease_s: float, max_attempts: int) -> list[int]:
    """Jobs whose claim was not renewed for `lease_s` (their worker is gone: killed with its server, a
    node that vanished) go back to the queue, counted like any interruption; their ids."""
    cutoff = utcnow() - dt.timedelta(seconds=lease_s)
    rows = session.scalars(select(DocumentRow).where(DocumentRow.status == PROCESSING,
                                                     DocumentRow.updated_at < cutoff)
                           .with_for_update(skip_locked=True)).all()
    for row in rows:
        _interrupt(row, max_attempts)
    return [row.id for row in rows if row.status == QUEUED]


def claim_document(session: Session, document_id: int, worker: str, lease_s: float, max_attempts: int
                   ) -> str | None:
    """Claim one given document (a Celery task names its document): its claim token, or None when it is
    not waiting (done, failed, deleted, or held by a worker whose lease is alive). A claim whose lease
    ran out is taken back first, counted as an interruption, so a dead worker's job is redone once."""
    cutoff = utcnow() - dt.timedelta(seconds=lease_s)
    expired = session.scalar(select(DocumentRow).where(DocumentRow.id == document_id,
                                                       DocumentRow.status == PROCESSING,
                                                       DocumentRow.updated_at < cutoff)
                             .with_for_update(key_share=True))
    if expired is not None:
        _interrupt(expired, max_attempts)
        session.flush()
    token = uuid.uuid4().hex
    claimed = session.execute(
        update(DocumentRow).where(DocumentRow.id == document_id, DocumentRow.status == QUEUED)
        .values(status=PROCESSING, claim_token=token, claimed_by=worker or None, pages_done=0,
                attempts=DocumentRow.attempts + 1, updated_at=utcnow()))
    return token if claimed.rowcount == 1 else None


def queued_ids(session: Session) -> list[int]:
    return list(session.scalars(select(DocumentRow.id).where(DocumentRow.status == QUEUED)
                                .order_by(DocumentRow.id)))


def stuck_count(session: Session, lease_s: float) -> int:
    """Jobs `processing` whose claim has not been renewed within the lease."""
    cutoff = utcnow() - dt.timedelta(seconds=lease_s)
    return session.scalar(select(func.count()).where(DocumentRow.status == PROCESSING,
                                                     DocumentRow.updated_at < cutoff)) or 0


def renew(session: Session, document_id: int, token: str) -> bool:
    """The claim holder is alive: push its lease forward."""
    result = session.execute(update(DocumentRow)
                             .where(DocumentRow.id == document_id, DocumentRow.claim_token == token)
                             .values(updated_at=utcnow()))
    return result.rowcount == 1


def release(session: Session, document_id: int | None = None, token: str | None = None,
            worker: str | None = None) -> int:
    """Give claimed jobs back untouched (one claim, or all of a worker told to stop): queued again,
    and the attempt they had begun is not counted, so routine restarts never fail a job."""
    if document_id is not None:
        where = [DocumentRow.id == document_id, DocumentRow.claim_token == token]
    else:
        where = [DocumentRow.claimed_by == worker, DocumentRow.status == PROCESSING]
    result = session.execute(update(DocumentRow).where(*where)
                             .values(status=QUEUED, claim_token=None, claimed_by=None, pages_done=0,
                                     attempts=case((DocumentRow.attempts > 0, DocumentRow.attempts - 1),
                                                   else_=0),
                                     updated_at=utcnow()))
    return result.rowcount


def requeue(session: Session, document_id: int) -> bool:
    """Queue a document again (re-extraction); a job in progress keeps running."""
    result = session.execute(update(DocumentRow)
                             .where(DocumentRow.id == document_id, DocumentRow.status != PROCESSING)
                             .values(status=QUEUED, claim_token=None, pages_done=0, attempts=0,
                                     updated_at=utcnow()))
    return result.rowcount == 1


def record_progress(session: Session, document_id: int, token: str, pages_done: int,
                    page_count: int | None) -> bool:
    values: dict[str, Any] = {"pages_done": pages_done, "updated_at": utcnow()}
    if page_count is not None:
        values["page_count"] = page_count
    result = session.execute(update(DocumentRow)
                             .where(DocumentRow.id == document_id, DocumentRow.claim_token == token)
                             .values(**values))
    return result.rowcount == 1


def finish(session: Session, document_id: int, token: str, result: ExtractionResult,
           extractor_version: str, seconds: float | None = None) -> bool:
    """Store the run and its agreements, if this worker still holds the claim; else change nothing."""
    document = session.scalar(select(DocumentRow).where(DocumentRow.id == document_id,
                                                        DocumentRow.claim_token == token,
                                                        DocumentRow.status == PROCESSING)
                              .with_for_update(key_share=True))
    if document is None:
        return False
    failed = result.document.page_count == 0 and bool(result.errors)
    run = RunRow(document_id=document_id, extractor_version=extractor_version,
                 result=result.model_dump(mode="json"), pages=result.document.page_count, seconds=seconds)
    session.add(run)
    session.flush()
    agreements.attach_run(session, document_id, run, by_pages=document.page_groups is not None)
    document.status = FAILED if failed else DONE
    document.claim_token, document.claimed_by = None, None
    document.page_count = result.document.page_count
    document.pages_done = result.document.page_count
    document.problems = [problem.model_dump(mode="json") for problem in result.errors]
    document.updated_at = utcnow()
    return True


def list_documents(session: Session, status: str | None, limit: int, offset: int
                   ) -> tuple[list[DocumentRow], int]:
    query = select(DocumentRow)
    if status:
        query = query.where(DocumentRow.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(DocumentRow.id).limit(limit).offset(offset)).all()
    return list(rows), total


def latest_run(session: Session, document_id: int) -> RunRow | None:
    return session.scalar(select(RunRow).where(RunRow.document_id == document_id)
                          .order_by(RunRow.id.desc()).limit(1))


def run_count(session: Session, document_id: int) -> int:
    return session.scalar(select(func.count()).where(RunRow.document_id == document_id)) or 0

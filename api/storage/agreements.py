"""Agreements, corrections and review items. Each change to an agreement (a run, a correction) rebuilds
its cached summary and review items from `apply_corrections`, inside the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, cast, delete, func, literal, or_, select, update
from sqlalchemy.orm import Session

from api.records import (
    Correction,
    EffectiveRecord,
    InvalidChange,
    apply_corrections,
    iter_fields,
    locate,
    to_json_value,
    to_public,
    validate_value,
)
from api.storage.tables import AgreementRow, CorrectionRow, DocumentRow, ReviewItemRow, RunRow, utcnow
from models.agreement import Agreement


class VersionConflict(Exception):
    def __init__(self, current: int):
        self.current = current
        super().__init__(f"the record is at version {current}")


class InvalidChanges(Exception):
    def __init__(self, problems: list[InvalidChange]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class AgreementFilters:
    year: int | None = None
    government: str | None = None
    organization: str | None = None
    person: str | None = None
    nip: str | None = None
    needs_review: bool | None = None
    status: str | None = None


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; every stored one is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def lock_agreements(session: Session, document_id: int) -> dict[int, AgreementRow]:
    """The document's agreements by position, locked in id order (the caller holds the document)."""
    rows = session.scalars(select(AgreementRow).where(AgreementRow.document_id == document_id)
                           .order_by(AgreementRow.id).with_for_update(key_share=True))
    return {row.position: row for row in rows}


def attach_run(session: Session, document_id: int, run: RunRow) -> None:
    """Point the document's agreements at a new run (creating rows for new ones) and rebuild them.
    The caller holds the document's row lock; the agreements are locked here, all at once, by id."""
    existing = lock_agreements(session, document_id)
    for position, _agreement in enumerate(run.result.get("agreements", [])):
        row = existing.get(position)
        if row is None:
            row = AgreementRow(document_id=document_id, position=position, run_id=run.id, version=1,
                               needs_review_count=0, pages=[])
            session.add(row)
        else:
            row.run_id = run.id
            row.version += 1
        session.flush()
        rebuild(session, row, effective(session, row))


def public_record(session: Session, row: AgreementRow) -> dict[str, Any]:
    """The effective record as GET /agreements/{id} shows it: the copy kept on the row (made when a run
    or a correction last changed it), or computed for rows stored before there was one."""
    return row.record if row.record is not None else to_public(effective(session, row))


def corrections_of(session: Session, agreement_id: int) -> list[CorrectionRow]:
    return list(session.scalars(select(CorrectionRow).where(CorrectionRow.agreement_id == agreement_id)
                                .order_by(CorrectionRow.id)))


def _correction(row: CorrectionRow) -> Correction:
    return Correction(path=row.path, action=row.action, new_value=row.new_value, reviewer=row.reviewer,
                      at=as_utc(row.at), run_id=row.run_id)


def effective(session: Session, row: AgreementRow) -> EffectiveRecord:
    return effective_many(session, [row])[0]


def _agreement_at(result: dict[str, Any], position: int) -> Agreement | None:
    agreements = result.get("agreements", [])
    return Agreement.model_validate(agreements[position]) if position < len(agreements) else None


def effective_many(session: Session, rows: list[AgreementRow]) -> list[EffectiveRecord]:
    """`effective` for many agreements with two queries in all: their corrections, then every run they
    need (the current one, and the older ones their corrections were made against)."""
    by_agreement: dict[int, list[Correction]] = {}
    for correction in session.scalars(select(CorrectionRow)
                                      .where(CorrectionRow.agreement_id.in_([row.id for row in rows]))
                                      .order_by(CorrectionRow.id)):
        by_agreement.setdefault(correction.agreement_id, []).append(_correction(correction))
    run_ids = {row.run_id for row in rows} | {c.run_id for cs in by_agreement.values() for c in cs}
    results = {run_id: result for run_id, result in
               session.execute(select(RunRow.id, RunRow.result).where(RunRow.id.in_(run_ids)))}
    records = []
    for row in rows:
        corrections = by_agreement.get(row.id, [])
        readings = {c.run_id: _agreement_at(results[c.run_id], row.position) for c in corrections
                    if c.run_id != row.run_id and c.run_id in results}
        extracted = _agreement_at(results[row.run_id], row.position)
        assert extracted is not None, f"run {row.run_id} has no agreement {row.position}"
        records.append(apply_corrections(extracted, corrections, row.run_id,
                                         {k: v for k, v in readings.items() if v is not None}))
    return records


def rebuild(session: Session, row: AgreementRow, record: EffectiveRecord) -> None:
    agreement = record.agreement
    first, second = agreement.first_party, agreement.second_party
    row.year = agreement.year.value
    row.government = agreement.government.value
    row.organization = agreement.organization.value
    row.first_party_name = first.name.value if first else None
    row.first_party_nip = first.nip.value if first else None
    row.second_party_name = second.name.value if second else None
    row.second_party_nip = second.nip.value if second else None
    row.pages = list(agreement.pages)
    row.record = to_public(record)
    row.updated_at = utcnow()
    session.execute(delete(ReviewItemRow).where(ReviewItemRow.agreement_id == row.id))
    items = [ReviewItemRow(agreement_id=row.id, path=path, status=record.meta[path].status
                           if path in record.meta else "extracted", needs_review=field.needs_review,
                           confidence=field.confidence, value=to_json_value(field.value), raw=field.raw,
                           reasons=list(field.reasons), page=field.page,
                           bbox=list(field.bbox) if field.bbox else None)
             for path, field in iter_fields(agreement)]
    row.needs_review_count = sum(1 for item in items if item.needs_review)
    session.add_all(items)


def correct(session: Session, agreement_id: int, expected_version: int, changes: list[tuple[str, Any]],
            confirmations: list[str], reviewer: str) -> EffectiveRecord | None:
    """Append corrections and confirmations as one new version (nothing to append: the record as it
    is, same version); None when the agreement is unknown."""
    document_id = session.scalar(select(AgreementRow.document_id).where(AgreementRow.id == agreement_id))
    if document_id is None:
        return None
    # Lock order of every writer: the document, then its agreements. KEY SHARE lets a worker storing a
    # run (NO KEY UPDATE on the document) in, and keeps a deletion (FOR UPDATE) out until we are done.
    session.execute(select(DocumentRow.id).where(DocumentRow.id == document_id)
                    .with_for_update(read=True, key_share=True))
    row = session.scalar(select(AgreementRow).where(AgreementRow.id == agreement_id)
                         .with_for_update(key_share=True))
    if row is None:
        return None
    if row.version != expected_version:
        raise VersionConflict(row.version)
    before = effective(session, row)
    problems: list[InvalidChange] = []
    staged: list[tuple[str, str, Any, Any]] = []
    probe = before.agreement.model_copy(deep=True)
    for path, value in changes:
        try:
            new_value = to_json_value(validate_value(path, value))
            field = locate(probe, path, create=True)
            staged.append(("corrected", path, to_json_value(field.value), new_value))
            field.value = validate_value(path, value)
        except InvalidChange as problem:
            problems.append(problem)
    for path in confirmations:
        try:
            current = to_json_value(locate(probe, path).value)
            staged.append(("confirmed", path, current, current))
        except InvalidChange as problem:
            problems.append(problem)
    if problems:
        raise InvalidChanges(problems)
    if not staged:
        return before
    bumped = session.execute(update(AgreementRow)
                             .where(AgreementRow.id == agreement_id, AgreementRow.version == expected_version)
                             .values(version=expected_version + 1))
    if bumped.rowcount != 1:
        raise VersionConflict(expected_version)
    session.refresh(row)
    for action, path, old, new in staged:
        session.add(CorrectionRow(agreement_id=agreement_id, run_id=row.run_id, path=path, action=action,
                                  old_value=old, new_value=new, reviewer=reviewer, version=row.version))
    session.flush()
    record = effective(session, row)
    rebuild(session, row, record)
    return record


def list_agreements(session: Session, filters: AgreementFilters, limit: int | None, offset: int
                    ) -> tuple[list[AgreementRow], int]:
    query = filtered(select(AgreementRow), filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AgreementRow.id).limit(limit).offset(offset)).all()
    return list(rows), total


def _contains(column: Any, text: str) -> Any:
    return func.lower(column).contains(text.lower(), autoescape=True)


def filtered(query: Any, filters: AgreementFilters) -> Any:
    if filters.year is not None:
        query = query.where(AgreementRow.year == filters.year)
    if filters.government:
        query = query.where(_contains(AgreementRow.government, filters.government))
    if filters.organization:
        query = query.where(_contains(AgreementRow.organization, filters.organization))
    if filters.person:
        query = query.where(or_(_contains(AgreementRow.first_party_name, filters.person),
                                _contains(AgreementRow.second_party_name, filters.person)))
    if filters.nip:
        query = query.where(or_(AgreementRow.first_party_nip == filters.nip,
                                AgreementRow.second_party_nip == filters.nip))
    if filters.needs_review is not None:
        query = query.where(AgreementRow.needs_review_count > 0 if filters.needs_review
                            else AgreementRow.needs_review_count == 0)
    if filters.status:
        has_status = select(ReviewItemRow.id).where(ReviewItemRow.agreement_id == AgreementRow.id,
                                                    ReviewItemRow.status != "extracted")
        if filters.status == "extracted":
            query = query.where(~has_status.exists())
        else:
            query = query.where(select(ReviewItemRow.id).where(
                ReviewItemRow.agreement_id == AgreementRow.id,
                ReviewItemRow.status == filters.status).exists())
    return query


AUDIT_MULTIPLIER, AUDIT_MODULUS = 2654435761, 4294967291


def audit_order(seed: int) -> Any:
    """A seeded pseudo-random order computed in SQL (64-bit on both backends)."""
    shifted = cast(ReviewItemRow.id + seed, BigInteger)
    return (shifted * literal(AUDIT_MULTIPLIER, BigInteger)) % literal(AUDIT_MODULUS, BigInteger)


def review_queue(session: Session, filters: AgreementFilters, limit: int, offset: int, audit_sample: int,
                 seed: int) -> tuple[list[tuple[ReviewItemRow, int, bool]], int]:
    """Fields to review, least confident first, after `audit_sample` confident fields picked by a seeded
    hash order (stable across pages). Items: (row, document id, is audit)."""
    base = filtered(select(ReviewItemRow, AgreementRow.document_id)
                    .join(AgreementRow, AgreementRow.id == ReviewItemRow.agreement_id), filters)
    audit: list[Any] = []
    if audit_sample:
        audit = list(session.execute(
            base.where(ReviewItemRow.needs_review.is_(False), ReviewItemRow.status == "extracted")
            .order_by(audit_order(seed), ReviewItemRow.id)
            .limit(audit_sample)))
    flagged = base.where(ReviewItemRow.needs_review.is_(True))
    # Each agreement keeps its count of flagged fields: summing them spares counting the items.
    flagged_total = session.scalar(filtered(select(func.sum(AgreementRow.needs_review_count)), filters)) or 0
    items = [(item, document_id, True) for item, document_id in audit[offset:offset + limit]]
    remaining = limit - len(items)
    if remaining > 0:
        start = max(0, offset - len(audit))
        rows = session.execute(flagged.order_by(ReviewItemRow.confidence, ReviewItemRow.agreement_id,
                                                ReviewItemRow.id).limit(remaining).offset(start))
        items.extend((item, document_id, False) for item, document_id in rows)
    return items, len(audit) + flagged_total


def history(session: Session, agreement_id: int) -> list[CorrectionRow]:
    return corrections_of(session, agreement_id)

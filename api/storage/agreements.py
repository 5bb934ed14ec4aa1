"""Agreements and their review items. Each change to an agreement (a run, a correction) rebuilds its
kept record, whole-table reviews, summary and review items from `apply_corrections`, inside the same
transaction (corrections are stored by `api.storage.corrections`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from api.field_paths import InvalidChange, locate, to_json_value
from api.records import (
    Correction,
    EffectiveRecord,
    apply_corrections,
    live_fields,
    to_public,
)
from api.storage.tables import AgreementRow, CorrectionRow, ReviewItemRow, RunRow, utcnow
from api.table_reviews import TableReview, table_reviews
from models.agreement import Agreement


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


def _follow_pages(session: Session, existing: dict[int, AgreementRow], new: list[dict[str, Any]]
                  ) -> dict[int, AgreementRow]:
    """A run from a person's page grouping: each new agreement takes the stored one it shares most pages
    with (api.regroup.match); stored ones no group carries on go. Positions are renumbered in two
    steps, so the (document, position) key never holds twice."""
    from api.regroup import match

    rows = {row.id: row for row in existing.values()}
    taken = match({row.id: list(row.pages or []) for row in rows.values()},
                  [list(agreement.get("pages") or []) for agreement in new])
    for row in rows.values():
        row.position = -row.id
    session.flush()
    kept = set(taken.values())
    for row in rows.values():
        if row.id not in kept:
            session.delete(row)
    for position, agreement_id in taken.items():
        rows[agreement_id].position = position
    session.flush()
    return {position: rows[agreement_id] for position, agreement_id in taken.items()}


def attach_run(session: Session, document_id: int, run: RunRow, by_pages: bool = False) -> None:
    """Point the document's agreements at a new run (creating rows for new ones) and rebuild them: by
    position, or (`by_pages`, a person's grouping) by the pages they share. The caller holds the
    document's row lock; the agreements are locked here, all at once, by id."""
    existing = lock_agreements(session, document_id)
    new = run.result.get("agreements", [])
    if by_pages:
        existing = _follow_pages(session, existing, new)
    for position, _agreement in enumerate(new):
        row = existing.get(position)
        if row is None:
            row = AgreementRow(document_id=document_id, position=position, run_id=run.id, version=1,
                               run_version=1, needs_review_count=0, open_tables=0, pages=[])
            session.add(row)
        else:
            row.run_id = run.id
            row.version += 1
            row.run_version = row.version
        session.flush()
        rebuild(session, row, effective(session, row))


def public_record(session: Session, row: AgreementRow) -> dict[str, Any]:
    """The effective record as GET /agreements/{id} shows it: the copy kept on the row (made when a run
    or a correction last changed it), or computed for rows stored before there was one."""
    return row.record if row.record is not None else to_public(effective(session, row))


def public_tables(session: Session, row: AgreementRow) -> list[dict[str, Any]]:
    """The agreement's whole-table reviews, kept like its record (computed for rows kept before)."""
    if row.tables is not None:
        return row.tables
    record = effective(session, row)
    return [review.model_dump(mode="json") for review in table_reviews(record, record.problems)]


def corrections_of(session: Session, agreement_id: int) -> list[CorrectionRow]:
    return list(session.scalars(select(CorrectionRow).where(CorrectionRow.agreement_id == agreement_id)
                                .order_by(CorrectionRow.id)))


def to_correction(row: CorrectionRow) -> Correction:
    return Correction(path=row.path, action=row.action, new_value=row.new_value, reviewer=row.reviewer,
                      at=as_utc(row.at), run_id=row.run_id, batch=row.batch)


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
        by_agreement.setdefault(correction.agreement_id, []).append(to_correction(correction))
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
        record = apply_corrections(extracted, corrections, row.run_id,
                                   {k: v for k, v in readings.items() if v is not None})
        record.extracted = extracted
        record.problems = list(results[row.run_id].get("errors") or [])
        records.append(record)
    return records


def _extracted_flag(extracted: Agreement | None, path: str) -> bool | None:
    """Whether the run flagged the field at `path`; None for a field it never read (a person added it)."""
    if extracted is None:
        return None
    try:
        return locate(extracted, path).needs_review
    except InvalidChange:
        return None


def _items(record: EffectiveRecord, tables: list[TableReview]) -> dict[str, dict[str, Any]]:
    """The review items of a record, by path: its live fields, then its whole-table reviews."""
    items: dict[str, dict[str, Any]] = {}
    for path, field in live_fields(record):
        meta = record.meta.get(path)
        items[path] = dict(kind="field", status=meta.status if meta else "extracted",
                           needs_review=field.needs_review, confidence=field.confidence,
                           value=to_json_value(field.value), raw=field.raw, reasons=list(field.reasons),
                           page=field.page, bbox=list(field.bbox) if field.bbox else None,
                           extracted_flag=_extracted_flag(record.extracted, path))
    for review in tables:
        is_open = review.status == "open"
        items[review.key] = dict(kind="table", status="extracted" if is_open else "checked",
                                 needs_review=is_open, confidence=0.0, value=None, raw=review.message,
                                 reasons=[review.code, *review.details], page=review.page,
                                 bbox=review.region, extracted_flag=None)
    return items


def rebuild(session: Session, row: AgreementRow, record: EffectiveRecord) -> None:
    """Keep the record, its table reviews and summary on the row, and bring its review items in line;
    an item is updated where it stands, so it keeps its id."""
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
    tables = table_reviews(record, record.problems)
    row.tables = [review.model_dump(mode="json") for review in tables]
    row.updated_at = utcnow()
    if row.run_version is None:
        row.run_version = row.version
    wanted = _items(record, tables)
    existing = {item.path: item for item in
                session.scalars(select(ReviewItemRow).where(ReviewItemRow.agreement_id == row.id))}
    for path, values in wanted.items():
        item = existing.pop(path, None)
        if item is None:
            session.add(ReviewItemRow(agreement_id=row.id, path=path, **values))
            continue
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
    for stale in existing.values():
        session.delete(stale)
    row.needs_review_count = sum(1 for v in wanted.values() if v["kind"] == "field" and v["needs_review"])
    row.open_tables = sum(1 for v in wanted.values() if v["kind"] == "table" and v["needs_review"])


def rebuild_outdated(sessions: sessionmaker[Session], batch: int = 200) -> int:
    """Rebuild the agreements kept before migration 0004 (no `run_version`): their table reviews, item
    kinds and extraction flags. Run at start; a no-op once done."""
    done = 0
    while True:
        with sessions.begin() as session:
            rows = list(session.scalars(select(AgreementRow).where(AgreementRow.run_version.is_(None))
                                        .order_by(AgreementRow.id).limit(batch)
                                        .with_for_update(skip_locked=True)))
            if not rows:
                return done
            for row, record in zip(rows, effective_many(session, rows), strict=True):
                rebuild(session, row, record)
            done += len(rows)


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
    if filters.nip and (digits := "".join(filters.nip.split())):
        if len(digits) >= 18:
            query = query.where(or_(AgreementRow.first_party_nip == digits,
                                    AgreementRow.second_party_nip == digits))
        else:
            query = query.where(or_(AgreementRow.first_party_nip.contains(digits, autoescape=True),
                                    AgreementRow.second_party_nip.contains(digits, autoescape=True)))
    if filters.needs_review is not None:
        open_items = AgreementRow.needs_review_count + AgreementRow.open_tables
        query = query.where(open_items > 0 if filters.needs_review else open_items == 0)
    if filters.status:
        item = aliased(ReviewItemRow)  # the review queue selects review items itself: no correlation
        has_status = select(item.id).where(item.agreement_id == AgreementRow.id, item.status != "extracted")
        if filters.status == "extracted":
            query = query.where(~has_status.exists())
        else:
            query = query.where(select(item.id).where(item.agreement_id == AgreementRow.id,
                                                      item.status == filters.status).exists())
    return query


def history(session: Session, agreement_id: int) -> list[CorrectionRow]:
    return corrections_of(session, agreement_id)

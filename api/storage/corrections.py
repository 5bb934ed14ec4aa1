"""Saving a person's work on one agreement: corrections, confirmations, removed and restored rows,
checked tables and undone batches, appended as one new version under one batch id (so a batch confirm
can be taken back as a whole, each field keeping its own history entry).

Two people may work on one agreement at once. A save names the version it was based on (If-Match). When
the record moved on since, the save still goes through unless a change made since touches what it
touches (the same field, the row it lies in, a row both are adding) with another outcome, or the
document was re-extracted since: then nothing is stored and the conflict names who changed what.
Saving what is already saved (Enter on a confirmed field) stores nothing and keeps the version."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.field_paths import InvalidChange, locate, to_json_value, validate_value
from api.records import ROW_PATH, EffectiveRecord, undone_batches
from api.storage.agreements import as_utc, corrections_of, effective, rebuild, to_correction
from api.storage.tables import AgreementRow, CorrectionRow, DocumentRow
from api.table_reviews import table_reviews
from models.agreement import Agreement

HARMLESS = {("confirmed", "confirmed"), ("removed", "removed"), ("restored", "restored"),
            ("checked", "checked")}


class VersionConflict(Exception):
    """The save touches what changed since its version; `conflicts` says who changed what."""

    def __init__(self, current: int, conflicts: list[dict[str, Any]] | None = None):
        self.current = current
        self.conflicts = conflicts or []
        super().__init__(f"the record is at version {current}")


class RegroupPending(Exception):
    """The document's pages were regrouped and its extraction is pending: its agreements may change."""


class InvalidChanges(Exception):
    def __init__(self, problems: list[InvalidChange]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class Edit:
    """One save: field values, confirmations, rows removed or restored, tables checked, batches undone."""

    changes: list[tuple[str, Any]] = field(default_factory=list)
    confirmations: list[str] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)
    restorations: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    undo: list[str] = field(default_factory=list)


@dataclass
class Saved:
    record: EffectiveRecord
    batch: str | None  # None: nothing new was stored


@dataclass
class Step:
    action: str
    path: str
    old: Any
    new: Any


def _ensure_live(record: EffectiveRecord, path: str) -> None:
    if (row := record.row_removed(path)) is not None:
        raise InvalidChange(path, f"row {row} was removed; restore it first", "row_removed")


def _handled(record: EffectiveRecord, path: str, flagged: bool) -> bool:
    meta = record.meta.get(path)
    return meta is not None and meta.status != "extracted" and not flagged


def _row_label(agreement: Agreement, path: str) -> Any:
    found = ROW_PATH.fullmatch(path)
    if not found:
        raise InvalidChange(path, "name a table row, e.g. performance_targets.2 or programs.0", "not_a_row")
    rows = getattr(agreement, found.group(1))
    index = int(found.group(2))
    if index >= len(rows):
        raise InvalidChange(path, f"there is no row {index}", "not_a_row")
    row = rows[index]
    return to_json_value((row.indicator if found.group(1) == "performance_targets" else row.name).value)


def plan(before: EffectiveRecord, edit: Edit, batches: dict[str, list[CorrectionRow]]) -> list[Step]:
    """What the edit stores, in order; a step that would change nothing is left out. InvalidChanges
    lists every refused part."""
    problems: list[InvalidChange] = []
    steps: list[Step] = []
    probe = before.agreement.model_copy(deep=True)

    def attempt(work: Any, *args: Any) -> None:
        try:
            work(*args)
        except InvalidChange as problem:
            problems.append(problem)

    def change(path: str, value: Any) -> None:
        _ensure_live(before, path)
        new = validate_value(path, value)
        target = locate(probe, path, create=True)
        old, new_json = to_json_value(target.value), to_json_value(new)
        if old != new_json or not _handled(before, path, target.needs_review):
            steps.append(Step("corrected", path, old, new_json))
        target.value = new

    def confirm(path: str) -> None:
        _ensure_live(before, path)
        target = locate(probe, path)
        if not _handled(before, path, target.needs_review):
            current = to_json_value(target.value)
            steps.append(Step("confirmed", path, current, current))

    def remove(path: str) -> None:
        label = _row_label(probe, path)
        if path not in before.removed:
            steps.append(Step("removed", path, label, None))

    def restore(path: str) -> None:
        label = _row_label(probe, path)
        if path in before.removed:
            steps.append(Step("restored", path, None, label))

    reviews = {review.key: review for review in table_reviews(before, before.problems)}

    def check(key: str) -> None:
        if key not in reviews:
            raise InvalidChange(key, "no whole-table doubt of this agreement has this key",
                                "no_table_doubt")
        if reviews[key].status == "open":
            steps.append(Step("checked", key, reviews[key].message, None))

    undone = undone_batches([to_correction(c) for rows in batches.values() for c in rows])

    def take_back(batch: str) -> None:
        if batch not in batches:
            raise InvalidChange("undo", f"no save {batch!r} on this record", "no_batch")
        if batch in undone:
            return
        for path in dict.fromkeys(c.path for c in batches[batch]):
            try:
                current = to_json_value(locate(probe, path).value)
            except InvalidChange:
                current = None
            steps.append(Step("undone", path, current, batch))

    for path, value in edit.changes:
        attempt(change, path, value)
    for path in edit.confirmations:
        attempt(confirm, path)
    for path in edit.removals:
        attempt(remove, path)
    for path in edit.restorations:
        attempt(restore, path)
    for key in edit.checks:
        attempt(check, key)
    for batch in edit.undo:
        attempt(take_back, batch)
    if problems:
        raise InvalidChanges(problems)
    return steps


def _unit(path: str, extracted: Agreement | None) -> str:
    """A row a person added is one unit: two people adding "row 5" add the same row."""
    found = ROW_PATH.match(path)
    if found and extracted is not None and int(found.group(2)) >= len(getattr(extracted, found.group(1))):
        return found.group(0)
    return path


def _overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def conflicts(later: list[CorrectionRow], wanted: list[tuple[str, str, Any]], before: EffectiveRecord
              ) -> list[dict[str, Any]]:
    """The changes made since the save's version that touch what it wants, with another outcome."""
    found: dict[str, dict[str, Any]] = {}
    for action, path, value in wanted:
        mine = _unit(path, before.extracted)
        for theirs in later:
            if not _overlap(mine, _unit(theirs.path, before.extracted)):
                continue
            same = theirs.path == path and ((action, theirs.action) in HARMLESS or (
                action == theirs.action == "corrected" and theirs.new_value == value))
            if not same:
                found[path] = {"path": path, "changed_path": theirs.path, "action": theirs.action,
                               "reviewer": theirs.reviewer, "value": theirs.new_value,
                               "at": as_utc(theirs.at).isoformat(), "version": theirs.version}
    return list(found.values())


def _wanted(edit: Edit, batches: dict[str, list[CorrectionRow]]) -> list[tuple[str, str, Any]]:
    """(action, path, value) of everything the edit asks for, before dropping what is already so."""
    wanted = [("corrected", path, to_json_value(value)) for path, value in edit.changes]
    wanted += [("confirmed", path, None) for path in edit.confirmations]
    wanted += [("removed", path, None) for path in edit.removals]
    wanted += [("restored", path, None) for path in edit.restorations]
    wanted += [("checked", key, None) for key in edit.checks]
    wanted += [("undone", c.path, batch) for batch in edit.undo for c in batches.get(batch, [])]
    return wanted


def correct(session: Session, agreement_id: int, expected_version: int, edit: Edit, reviewer: str
            ) -> Saved | None:
    """Store the edit as one new version; None when the agreement is unknown."""
    document_id = session.scalar(select(AgreementRow.document_id).where(AgreementRow.id == agreement_id))
    if document_id is None:
        return None
    # Lock order of every writer: the document, then its agreements. KEY SHARE lets a worker storing a
    # run (NO KEY UPDATE on the document) in, and keeps a deletion (FOR UPDATE) out until we are done.
    document = session.execute(select(DocumentRow.status, DocumentRow.page_groups)
                               .where(DocumentRow.id == document_id)
                               .with_for_update(read=True, key_share=True)).one()
    if document.page_groups is not None and document.status in ("queued", "processing"):
        raise RegroupPending()
    row = session.scalar(select(AgreementRow).where(AgreementRow.id == agreement_id)
                         .with_for_update(key_share=True))
    if row is None:
        return None
    if expected_version > row.version:
        raise VersionConflict(row.version)
    stored = corrections_of(session, agreement_id)
    batches: dict[str, list[CorrectionRow]] = {}
    for correction in stored:
        if correction.batch:
            batches.setdefault(correction.batch, []).append(correction)
    before = effective(session, row)
    if row.version != expected_version:
        wanted = _wanted(edit, batches)
        if (row.run_version or row.version) > expected_version:
            raise VersionConflict(row.version, [
                {"path": path, "changed_path": path, "action": "reextracted", "reviewer": None,
                 "value": None, "at": as_utc(row.updated_at).isoformat(), "version": row.run_version}
                for _action, path, _value in wanted])
        found = conflicts([c for c in stored if c.version > expected_version], wanted, before)
        if found:
            raise VersionConflict(row.version, found)
    steps = plan(before, edit, batches)
    if not steps:
        return Saved(record=before, batch=None)
    bumped = session.execute(update(AgreementRow)
                             .where(AgreementRow.id == agreement_id, AgreementRow.version == row.version)
                             .values(version=row.version + 1))
    if bumped.rowcount != 1:
        raise VersionConflict(row.version)
    session.refresh(row)
    batch = uuid.uuid4().hex[:16]
    for step in steps:
        session.add(CorrectionRow(agreement_id=agreement_id, run_id=row.run_id, path=step.path,
                                  action=step.action, old_value=step.old, new_value=step.new,
                                  reviewer=reviewer, version=row.version, batch=batch))
    session.flush()
    record = effective(session, row)
    rebuild(session, row, record)
    return Saved(record=record, batch=batch)

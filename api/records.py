"""The effective record: an immutable extracted Agreement plus append-only corrections, combined by the
pure function `apply_corrections`. No database here, so the rules are tested on plain values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel

from api.field_paths import InvalidChange, iter_fields, locate, to_json_value, validate_value
from models.agreement import Agreement
from models.extracted import Field, FieldStatus

# corrected / confirmed: a field; removed / restored: a table row ("programs.3"); checked: a whole table a
# person compared with its page ("tables.table_doubt.2"); undone: the path of a correction whose batch a
# person took back (new_value names that batch).
Action = Literal["corrected", "confirmed", "removed", "restored", "checked", "undone"]
FIELD_ACTIONS = ("corrected", "confirmed")
ROW_ACTIONS = ("removed", "restored")
REEXTRACT_DISAGREES = "reextract_disagrees"
ROW_PATH = re.compile(r"(performance_targets|programs)\.(\d{1,6})")


class Correction(BaseModel):
    """One stored correction or confirmation, made against the run `run_id`."""

    path: str
    action: Action
    new_value: Any = None
    reviewer: str
    at: dt.datetime
    run_id: int
    batch: str | None = None


class FieldMeta(BaseModel):
    status: FieldStatus = "extracted"
    changed_by: str | None = None
    changed_at: dt.datetime | None = None


class Handled(BaseModel):
    """Who removed a row or checked a table, and when."""

    by: str
    at: dt.datetime


class EffectiveRecord(BaseModel):
    """The agreement with corrections applied; `removed` rows stay in their lists (paths keep their row
    numbers) and are left out of reviews and exports; `flagged_for` keeps the reasons a field was
    flagged for before a person handled it."""

    agreement: Agreement
    meta: dict[str, FieldMeta]
    extracted: Agreement | None = None  # the run's reading, set by the storage layer
    problems: list[dict[str, Any]] = []  # the run's document problems (whole-table doubts among them)
    removed: dict[str, Handled] = {}
    checked: dict[str, Handled] = {}
    flagged_for: dict[str, list[str]] = {}

    def row_removed(self, path: str) -> str | None:
        """The removed row a field path lies in, if any."""
        found = ROW_PATH.match(path)
        row = found.group(0) if found else None
        return row if row in self.removed else None


def _reading(agreement: Agreement | None, path: str) -> Any:
    try:
        return to_json_value(locate(agreement, path).value) if agreement is not None else None
    except InvalidChange:
        return None


def undone_batches(corrections: list[Correction]) -> set[str]:
    """Batches a later `undone` entry took back; undoing an undo brings its batch back (read newest
    first, an undo that was itself undone counts for nothing)."""
    undone: set[str] = set()
    for correction in reversed(corrections):
        if correction.batch is not None and correction.batch in undone:
            continue
        if correction.action == "undone" and isinstance(correction.new_value, str):
            undone.add(correction.new_value)
    return undone


def active_corrections(corrections: list[Correction]) -> list[Correction]:
    undone = undone_batches(corrections)
    return [c for c in corrections if c.action != "undone" and (c.batch is None or c.batch not in undone)]


def apply_corrections(extracted: Agreement, corrections: list[Correction], run_id: int,
                      readings: dict[int, Agreement] | None = None) -> EffectiveRecord:
    """Corrections in order on a copy of the extraction. A person's value always wins. Where it was made
    against an older run, the field is flagged for review only when the current run reads something
    else than the reading the person replaced (that run's, from `readings`) and than the person's value:
    an extractor that reads again what it read before has nothing new to say."""
    corrections = active_corrections(corrections)
    if not corrections:
        return EffectiveRecord(agreement=extracted, meta={})
    agreement = extracted.model_copy(deep=True)
    record = EffectiveRecord(agreement=agreement, meta={})
    latest: dict[str, Correction] = {}
    for correction in corrections:
        handled = Handled(by=correction.reviewer, at=correction.at)
        if correction.action in ROW_ACTIONS:
            if correction.action == "removed":
                record.removed[correction.path] = handled
            else:
                record.removed.pop(correction.path, None)
            continue
        if correction.action == "checked":
            record.checked[correction.path] = handled
            continue
        try:
            field = locate(agreement, correction.path, create=True)
        except InvalidChange:  # a later run read fewer rows than the person corrected: kept in history
            continue
        if field.reasons and correction.path not in record.flagged_for:
            record.flagged_for[correction.path] = list(field.reasons)
        field.value = validate_value(correction.path, correction.new_value)
        field.confidence = 1.0
        field.needs_review = False
        field.reasons = []
        record.meta[correction.path] = FieldMeta(status=correction.action, changed_by=correction.reviewer,
                                                 changed_at=correction.at)
        latest[correction.path] = correction
    for path, correction in latest.items():
        if correction.run_id == run_id:
            continue
        new_reading = _reading(extracted, path)
        if new_reading == to_json_value(locate(agreement, path).value):
            continue
        if readings is not None and correction.run_id in readings and \
                _reading(readings[correction.run_id], path) == new_reading:
            continue
        field = locate(agreement, path)
        field.needs_review = True
        field.reasons = [REEXTRACT_DISAGREES]
    return record


def live_fields(record: EffectiveRecord) -> Iterator[tuple[str, Field[Any]]]:
    """Every field a person may still review: those of removed rows are out."""
    for path, field in iter_fields(record.agreement):
        if record.row_removed(path) is None:
            yield path, field


def to_public(record: EffectiveRecord) -> dict[str, Any]:
    """The contract's Agreement JSON where every Field also says its status, who changed it and when
    (and, once handled, what it had been flagged for); a removed row says so, by whom and when."""
    data = record.agreement.model_dump(mode="json")
    for path, _field in iter_fields(record.agreement):
        target = _node(data, path)
        meta = record.meta.get(path, FieldMeta())
        target.update(meta.model_dump(mode="json"))
        if path in record.flagged_for:
            target["flagged_for"] = record.flagged_for[path]
    for path, handled in record.removed.items():
        try:
            row = _node(data, path)
        except (IndexError, KeyError):  # a row a later run no longer reads
            continue
        if isinstance(row, dict):
            row.update(removed=True, removed_by=handled.by, removed_at=handled.at.isoformat())
    return data


def _node(data: Any, path: str) -> Any:
    target = data
    for part in path.split("."):
        target = target[int(part)] if isinstance(target, list) else target[part]
    return target


def needs_review_count(record: EffectiveRecord) -> int:
    return sum(1 for _path, field in live_fields(record) if field.needs_review)

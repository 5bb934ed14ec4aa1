"""Whole-table doubts of one agreement (pk-record.md `table_doubt`, `targets_missing`).

No single field can say that a table lost rows, so the run's document problems of these codes that lie
on the agreement's pages become review items of their own: each with the region of the table on that
page (to highlight), the tables a person may add rows to, and whether a person has checked it. A check is
a correction with the path `tables.CODE.PAGE` (`key`), so it stays in the history and survives a
re-extraction that doubts the same table again."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from api.records import EffectiveRecord
from extractor.tables.doubt import DOUBTS, TABLE_DOUBT, TARGETS_MISSING

TABLE_CODES = (TARGETS_MISSING, TABLE_DOUBT)
TABLE_LISTS = ("performance_targets", "programs")


class TableReview(BaseModel):
    key: str
    code: str
    page: int | None
    message: str
    details: list[str]
    tables: list[str]
    region: list[float] | None
    status: Literal["open", "checked"]
    checked_by: str | None = None
    checked_at: dt.datetime | None = None


def table_key(code: str, page: int | None) -> str:
    return f"tables.{code}.{page or 0}"


def _belongs(code: str, page: int | None, pages: list[int]) -> bool:
    if not pages:
        return page is None
    if code == TARGETS_MISSING:
        return page in (None, pages[0])
    return page in pages


def _rows_on_page(record: EffectiveRecord, page: int | None) -> dict[str, list[list[float]]]:
    """Boxes of the live rows' fields on `page`, per table list."""
    found: dict[str, list[list[float]]] = {}
    for name in TABLE_LISTS:
        for index, row in enumerate(getattr(record.agreement, name)):
            if f"{name}.{index}" in record.removed:
                continue
            for field_name in type(row).model_fields:
                field = getattr(row, field_name)
                fields = field if isinstance(field, list) else [field]
                for leaf in fields:
                    if leaf is not None and leaf.page == page and leaf.bbox:
                        found.setdefault(name, []).append(list(leaf.bbox))
    return found


def _union(boxes: list[list[float]]) -> list[float] | None:
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes)]


def table_reviews(record: EffectiveRecord, problems: list[dict[str, Any]]) -> list[TableReview]:
    """One review per (code, page) among the run's `problems` on the agreement's pages; problems of one
    code on one page are one review (their messages joined)."""
    pages = list(record.agreement.pages)
    merged: dict[str, TableReview] = {}
    for problem in problems:
        code, page = problem.get("code"), problem.get("page")
        if code not in TABLE_CODES or not _belongs(code, page, pages):
            continue
        key = table_key(code, page)
        message = str(problem.get("message") or "")
        details = [name for name, words in DOUBTS.items() if words in message]
        if key in merged:
            review = merged[key]
            if message and message not in review.message:
                review.message = f"{review.message} {message}".strip()
            review.details += [d for d in details if d not in review.details]
            continue
        rows = _rows_on_page(record, page)
        tables = [name for name in TABLE_LISTS if name in rows] or (
            ["performance_targets"] if code == TARGETS_MISSING else list(TABLE_LISTS))
        checked = record.checked.get(key)
        merged[key] = TableReview(
            key=key, code=code, page=page, message=message, details=details, tables=tables,
            region=_union([box for name in tables for box in rows.get(name, [])]),
            status="checked" if checked else "open", checked_by=checked.by if checked else None,
            checked_at=checked.at if checked else None)
    return list(merged.values())

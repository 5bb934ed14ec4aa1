"""Exports of effective records: JSON in the contract shape, CSV and XLSX with one row per performance
target and a second table of programs (rows a person removed are left out; CSV/XLSX keep each row's
number). Shared by the HTTP routes and `pk-extract export`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.field_paths import to_json_value
from api.records import EffectiveRecord, to_public
from api.storage import agreements
from api.storage.agreements import AgreementFilters
from api.storage.tables import AgreementRow, DocumentRow
from models.agreement import Party

Table = Literal["targets", "programs"]
BATCH = 500
PARTY_COLUMNS = ("name", "nip", "position", "rank")
HEAD_COLUMNS = ["agreement_id", "document_id", "filename", "version", "year", "is_revision",
                "document_number", "government", "organization", "sub_unit",
                *[f"first_party_{c}" for c in PARTY_COLUMNS], *[f"second_party_{c}" for c in PARTY_COLUMNS],
                "signing_place", "signing_date"]
TARGET_COLUMNS = [*HEAD_COLUMNS, "row", "objective", "indicator", "target", "target_value", "unit",
                  "tw1", "tw2", "tw3", "tw4", "needs_review"]
PROGRAM_COLUMNS = [*HEAD_COLUMNS, "row", "program", "budget", "note", "total_budget", "needs_review"]
COLUMNS: dict[Table, list[str]] = {"targets": TARGET_COLUMNS, "programs": PROGRAM_COLUMNS}


def iter_records(session: Session, filters: AgreementFilters
                 ) -> Iterator[tuple[AgreementRow, str, EffectiveRecord]]:
    rows, _total = agreements.list_agreements(session, filters, None, 0)
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        query = select(DocumentRow.id, DocumentRow.filename).where(
            DocumentRow.id.in_({row.document_id for row in batch}))
        names = {document_id: filename for document_id, filename in session.execute(query)}
        for row, record in zip(batch, agreements.effective_many(session, batch), strict=True):
            yield row, names.get(row.document_id, ""), record


def _party(prefix: str, party: Party | None) -> dict[str, Any]:
    return {f"{prefix}_{c}": getattr(party, c).value if party else None for c in PARTY_COLUMNS}


def _head(row: AgreementRow, filename: str, record: EffectiveRecord) -> dict[str, Any]:
    a = record.agreement
    return {"agreement_id": row.id, "document_id": row.document_id, "filename": filename,
            "version": row.version, "year": a.year.value, "is_revision": a.is_revision.value,
            "document_number": a.document_number.value,
            "government": a.government.value, "organization": a.organization.value,
            "sub_unit": a.sub_unit.value, **_party("first_party", a.first_party),
            **_party("second_party", a.second_party), "signing_place": a.signing_place.value,
            "signing_date": to_json_value(a.signing_date.value)}


Records = list[tuple[AgreementRow, str, EffectiveRecord]]


def table_rows(records: Records, table: Table) -> list[dict[str, Any]]:
    """One row per target (or program); an agreement without any still gets one row, so none is lost."""
    out: list[dict[str, Any]] = []
    for row, filename, record in records:
        head = _head(row, filename, record)
        a = record.agreement
        if table == "targets":
            live = [(i, t) for i, t in enumerate(a.performance_targets)
                    if f"performance_targets.{i}" not in record.removed]
            for index, t in live:
                quarters = [q.value for q in (t.quarterly_targets or [])][:4]
                quarters += [None] * (4 - len(quarters))
                cells = (t.objective, t.indicator, t.target, t.target_value, t.unit)
                flagged = any(f.needs_review for f in cells)
                out.append({**head, "row": index, "objective": t.objective.value,
                            "indicator": t.indicator.value, "target": t.target.value,
                            "target_value": t.target_value.value, "unit": t.unit.value,
                            **{f"tw{i + 1}": q for i, q in enumerate(quarters)}, "needs_review": flagged})
            if not live:
                out.append(head)
        else:
            programs = [(i, p) for i, p in enumerate(a.programs) if f"programs.{i}" not in record.removed]
            for index, p in programs:
                out.append({**head, "row": index, "program": p.name.value, "budget": p.budget.value,
                            "note": p.note.value, "total_budget": a.total_budget.value,
                            "needs_review": any(f.needs_review for f in (p.name, p.budget, p.note))})
            if not programs:
                out.append({**head, "total_budget": a.total_budget.value})
    return out


def _cell_text(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection guard)."""
    if isinstance(value, str) and value[:1] in ("=", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(records: Records, table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[table], extrasaction="ignore")
    writer.writeheader()
    for line in table_rows(records, table):
        writer.writerow({k: _cell_text(v) for k, v in line.items()})
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Strings go in as text even when they start with "=" (never as formulas)."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def to_xlsx(records: Records) -> bytes:
    workbook = Workbook(write_only=True)
    for table in ("targets", "programs"):
        sheet = workbook.create_sheet(table)
        sheet.freeze_panes = "A2"
        sheet.append(COLUMNS[table])
        for line in table_rows(records, table):
            sheet.append([_xlsx_cell(sheet, line.get(column)) for column in COLUMNS[table]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _without_removed_rows(record: EffectiveRecord) -> dict[str, Any]:
    """The public record with the rows a person removed left out (the export is the contract's shape)."""
    data = to_public(record)
    for name in ("performance_targets", "programs"):
        data[name] = [row for row in data.get(name) or [] if not row.get("removed")]
    return data


def to_json(records: Records) -> str:
    payload = {"agreements": [{"id": row.id, "document_id": row.document_id, "filename": filename,
                               "version": row.version, "agreement": _without_removed_rows(record)}
                              for row, filename, record in records]}
    return json.dumps(payload, ensure_ascii=False, indent=2)

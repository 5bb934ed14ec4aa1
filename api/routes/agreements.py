"""Agreements: filtered list, the effective record with its ETag, corrections, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from sqlalchemy.orm import Session

from api.deps import Principal, get_services, reviewer, viewer
from api.errors import ERROR_RESPONSES, ApiError, get_or_404
from api.schemas import (
    AgreementList,
    AgreementPatch,
    AgreementPublic,
    AgreementSummary,
    HistoryItem,
    HistoryList,
)
from api.storage import agreements
from api.storage.agreements import AgreementFilters, as_utc
from api.storage.corrections import Edit, InvalidChanges, RegroupPending, VersionConflict, correct
from api.storage.tables import AgreementRow
from api.storage.transactions import in_transaction

router = APIRouter(prefix="/agreements", tags=["agreements"], responses=ERROR_RESPONSES)
AgreementId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
FieldStatusFilter = Annotated[str | None, Query(
    pattern="^(extracted|corrected|confirmed)$",
    description="corrected / confirmed: records with at least one field a person corrected / confirmed; "
                "extracted: records nobody has touched yet.")]


async def agreement_filters(year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
                      government: Text = None,
                      organization: Text = None,
                      person: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$",
                                                          description="Part of either party's name.")] = None,
                      nip: Annotated[str | None, Query(max_length=32, pattern=r"^[0-9 ]*$")] = None,
                      needs_review: Annotated[bool | None, Query(
                          description="true: records with flagged fields left; false: none left.")] = None,
                      status: FieldStatusFilter = None) -> AgreementFilters:
    """The filters shared by the list, the review queue and the exports."""
    return AgreementFilters(year=year, government=government, organization=organization, person=person,
                            nip=nip, needs_review=needs_review, status=status)


def summary(row: AgreementRow) -> AgreementSummary:
    return AgreementSummary(id=row.id, document_id=row.document_id, year=row.year, government=row.government,
                            organization=row.organization, first_party_name=row.first_party_name,
                            second_party_name=row.second_party_name,
                            needs_review_count=row.needs_review_count, version=row.version,
                            pages=list(row.pages or []), open_tables=row.open_tables or 0)


def record_response(session: Session, row: AgreementRow, response: Response,
                    batch: str | None = None) -> AgreementPublic:
    response.headers["ETag"] = f'"{row.version}"'
    return AgreementPublic(id=row.id, document_id=row.document_id, version=row.version,
                           agreement=agreements.public_record(session, row),
                           tables=agreements.public_tables(session, row), batch=batch)


@router.get("", response_model=AgreementList)
def list_agreements(request: Request, filters: AgreementFilters = Depends(agreement_filters),
                    limit: Annotated[int, Query(ge=1, le=500)] = 50,
                    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
                    _user: Principal = Depends(viewer)) -> AgreementList:
    with get_services(request).reads.begin() as session:
        rows, total = agreements.list_agreements(session, filters, limit, offset)
        return AgreementList(items=[summary(row) for row in rows], total=total)


def _row(session: Session, agreement_id: int) -> AgreementRow:
    return get_or_404(session, AgreementRow, agreement_id, "agreement")


@router.get("/{agreement_id}", response_model=AgreementPublic)
def get_agreement(request: Request, response: Response, agreement_id: AgreementId,
                  _user: Principal = Depends(viewer)) -> AgreementPublic:
    with get_services(request).reads.begin() as session:
        row = _row(session, agreement_id)
        return record_response(session, row, response)


def parse_if_match(value: str | None) -> int:
    if value is None:
        raise ApiError(428, 'the If-Match header with the record\'s version (its ETag, e.g. "3") is required')
    tag = value.strip().removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit()) or len(tag) > 9:
        raise ApiError(409, f"If-Match {value!r} names no version of this record", code="conflict")
    return int(tag)


@router.patch("/{agreement_id}", response_model=AgreementPublic)
def patch_agreement(request: Request, response: Response, agreement_id: AgreementId, patch: AgreementPatch,
                    if_match: Annotated[str | None, Header(max_length=64)] = None,
                    user: Principal = Depends(reviewer)) -> AgreementPublic:
    """Store corrections, confirmations, removed or restored rows, checked tables and undone saves as one
    new version. If-Match names the version the edit was based on: changes made since to other fields
    are merged; a change since to the same field (or row, or a re-extraction) is a 409 naming who
    changed what. Saving what is already so stores nothing and keeps the version."""
    expected = parse_if_match(if_match)
    edit = Edit(changes=[(change.path, change.value) for change in patch.changes],
                confirmations=patch.confirmations, removals=patch.removals,
                restorations=patch.restorations, checks=patch.checks, undo=patch.undo)

    def apply(session: Session) -> AgreementPublic:
        try:
            saved = correct(session, agreement_id, expected, edit, user.name)
        except VersionConflict as conflict:
            names = ", ".join(f"{c['path']} ({c['action']} by {c['reviewer'] or 'a re-extraction'})"
                              for c in conflict.conflicts)
            raise ApiError(409, f"the record changed meanwhile: it is at version {conflict.current}, "
                           f"not {expected}" + (f"; changed since: {names}" if names else "")
                           + "; reload it and apply the change again",
                           details={"current_version": conflict.current,
                                    "conflicts": conflict.conflicts}) from conflict
        except RegroupPending as pending:
            raise ApiError(409, "the document's pages were regrouped and it is being extracted again; "
                           "save once it is done", code="regrouping") from pending
        except InvalidChanges as invalid:
            details = [{"path": p.path, "reason": p.reason, "rule": p.rule} for p in invalid.problems]
            raise ApiError(422, str(invalid), code="invalid_value", details=details) from invalid
        if saved is None:
            raise ApiError(404, f"no agreement {agreement_id}")
        return record_response(session, _row(session, agreement_id), response, saved.batch)

    return in_transaction(get_services(request).sessions, apply)


@router.get("/{agreement_id}/history", response_model=HistoryList)
def agreement_history(request: Request, agreement_id: AgreementId,
                      _user: Principal = Depends(viewer)) -> HistoryList:
    with get_services(request).reads.begin() as session:
        _row(session, agreement_id)
        return HistoryList(items=[
            HistoryItem(path=c.path, action=c.action, old_value=c.old_value, new_value=c.new_value,
                        reviewer=c.reviewer, at=as_utc(c.at), version=c.version, batch=c.batch)
            for c in agreements.history(session, agreement_id)])

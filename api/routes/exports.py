"""Exports of the effective records, filtered like `GET /agreements`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from api import exports
from api.deps import Principal, get_services, viewer
from api.errors import ERROR_RESPONSES
from api.routes.agreements import agreement_filters
from api.storage.agreements import AgreementFilters

router = APIRouter(prefix="/exports", tags=["exports"], responses=ERROR_RESPONSES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _records(request: Request, filters: AgreementFilters) -> exports.Records:
    with get_services(request).reads.begin() as session:
        return list(exports.iter_records(session, filters))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/agreements.json", response_class=Response,
            responses={200: {"content": {"application/json": {}}, "description": "Contract-shaped records"}})
def export_json(request: Request, filters: AgreementFilters = Depends(agreement_filters),
                _user: Principal = Depends(viewer)) -> Response:
    return Response(exports.to_json(_records(request, filters)), media_type="application/json",
                    headers=_attachment("agreements.json"))


@router.get("/agreements.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per target or program"}})
def export_csv(request: Request, filters: AgreementFilters = Depends(agreement_filters),
               table: Annotated[Literal["targets", "programs"], Query()] = "targets",
               _user: Principal = Depends(viewer)) -> Response:
    body = exports.to_csv(_records(request, filters), table)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers=_attachment(f"agreements-{table}.csv"))


@router.get("/agreements.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "Sheets: targets, programs"}})
def export_xlsx(request: Request, filters: AgreementFilters = Depends(agreement_filters),
                _user: Principal = Depends(viewer)) -> Response:
    return Response(exports.to_xlsx(_records(request, filters)), media_type=XLSX,
                    headers=_attachment("agreements.xlsx"))

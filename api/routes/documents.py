"""Uploads, document status and progress, page pictures, deletion and re-extraction."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from cachetools import LRUCache
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import Principal, admin, get_services, reviewer, viewer
from api.errors import ERROR_RESPONSES, ApiError, error_responses, get_or_404
from api.pages import ImageTooLarge, PageUnavailable, RendererBusy
from api.regroup import InvalidGroups, check_groups, would_drop
from api.schemas import DocumentList, DocumentPublic, DocumentStatus, PageGrouping, UploadResponse
from api.services import Services
from api.storage import documents
from api.storage.agreements import as_utc
from api.storage.tables import AgreementRow, CorrectionRow, DocumentRow, RunRow
from api.uploads import UPLOAD_BODY, received_files, store_files
from models.document import PageInfo

router = APIRouter(prefix="/documents", tags=["documents"], responses=ERROR_RESPONSES)
DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
# Runs never change; keyed by database too, as run ids restart in another database (tests, a restore).
_PAGES: LRUCache[tuple[str, int], list[PageInfo]] = LRUCache(maxsize=4096)


def _latest_run_id(session: Session, document_id: int) -> int | None:
    return session.scalar(select(RunRow.id).where(RunRow.document_id == document_id)
                          .order_by(RunRow.id.desc()).limit(1))


def run_pages(session: Session, document_id: int) -> list[PageInfo] | None:
    """The page facts of the document's latest run (size, rotation, skew), None before any run."""
    run_id = _latest_run_id(session, document_id)
    if run_id is None:
        return None
    key = (str(session.get_bind().url), run_id)
    if (pages := _PAGES.get(key)) is None:
        result = session.scalar(select(RunRow.result).where(RunRow.id == run_id)) or {}
        pages = [PageInfo.model_validate(page) for page in result.get("document", {}).get("pages", [])]
        _PAGES[key] = pages
    return pages


def to_public(session: Session, row: DocumentRow, with_pages: bool = False) -> DocumentPublic:
    agreement_ids = session.scalars(select(AgreementRow.id).where(AgreementRow.document_id == row.id)
                                    .order_by(AgreementRow.position)).all()
    return DocumentPublic(id=row.id, filename=row.filename, sha256=row.sha256, status=row.status,
                          page_count=row.page_count, pages_done=row.pages_done, problems=row.problems or [],
                          agreement_ids=list(agreement_ids), created_at=as_utc(row.created_at),
                          updated_at=as_utc(row.updated_at),
                          pages=run_pages(session, row.id) if with_pages else None,
                          page_groups=row.page_groups)


@router.post("", status_code=202, response_model=UploadResponse, openapi_extra=UPLOAD_BODY,
             responses=error_responses(415, 507))
async def upload_documents(request: Request, _user: Principal = Depends(admin)) -> UploadResponse:
    """Store each file (by sha256) and queue its extraction; answers at once. The body is read only
    after the token is checked; one refused file (size, pages, pixels) stores none of them."""
    services = get_services(request)
    async with received_files(request, services.store, services.settings.max_upload_bytes) as files:
        stored = await run_in_threadpool(store_files, services, files)
    request.app.state.queue.notify(document.id for document in stored if not document.duplicate)
    return UploadResponse(documents=stored)


@router.get("", response_model=DocumentList)
def list_documents(request: Request, status: DocumentStatus | None = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
                   _user: Principal = Depends(viewer)) -> DocumentList:
    services = get_services(request)
    with services.reads.begin() as session:
        rows, total = documents.list_documents(session, status, limit, offset)
        return DocumentList(items=[to_public(session, row) for row in rows], total=total)


def _get_row(session: Session, document_id: int) -> DocumentRow:
    return get_or_404(session, DocumentRow, document_id, "document")


@router.get("/{document_id}", response_model=DocumentPublic)
def get_document(request: Request, document_id: DocumentId,
                 _user: Principal = Depends(viewer)) -> DocumentPublic:
    with get_services(request).reads.begin() as session:
        return to_public(session, _get_row(session, document_id), with_pages=True)


@router.delete("/{document_id}", status_code=204, response_class=Response)
def delete_document(request: Request, document_id: DocumentId, _user: Principal = Depends(admin)) -> Response:
    """Remove the document, its runs, agreements and corrections, and the stored file."""
    delete_with_file(get_services(request), document_id)
    return Response(status_code=204)


def delete_with_file(services: Services, document_id: int) -> None:
    """The row and its file go in one transaction: the file is moved aside while the row is locked and
    deleted, and removed only after the commit (put back if the commit fails)."""
    retired = None
    try:
        with services.sessions.begin() as session:
            row = session.scalar(select(DocumentRow).where(DocumentRow.id == document_id).with_for_update())
            if row is None:
                raise ApiError(404, f"no document {document_id}")
            sha = row.sha256
            session.delete(row)
            session.flush()
            retired = services.store.retire(sha)
    except BaseException:
        if retired is not None:
            services.store.restore(retired, sha)
        raise
    services.store.purge(retired)
    services.store.drop_searchable(sha)


@router.put("/{document_id}/grouping", status_code=202, response_model=DocumentPublic)
def group_pages(request: Request, document_id: DocumentId, grouping: PageGrouping,
                _user: Principal = Depends(reviewer)) -> DocumentPublic:
    """Say which pages make up each agreement (split a bundle's agreement, merge two, move a page) and
    extract the document again that way: each agreement follows its pages, with its corrections.
    Refused (409) while the document is being extracted, or when an agreement people corrected would
    be left without pages; corrections to the document wait until the extraction is done."""
    services = get_services(request)
    with services.sessions.begin() as session:
        row = session.scalar(select(DocumentRow).where(DocumentRow.id == document_id).with_for_update())
        if row is None:
            raise ApiError(404, f"no document {document_id}")
        groups = None
        if grouping.agreements is not None:
            try:
                groups = check_groups(grouping.agreements, row.page_count)
            except InvalidGroups as error:
                raise ApiError(422, str(error), code="invalid_value") from error
            stored = dict(session.execute(select(AgreementRow.id, AgreementRow.pages)
                                          .where(AgreementRow.document_id == document_id)).all())
            corrected = set(session.scalars(select(CorrectionRow.agreement_id)
                                            .where(CorrectionRow.agreement_id.in_(stored))))
            dropped = would_drop({k: list(v or []) for k, v in stored.items()}, groups, corrected)
            if dropped:
                raise ApiError(409, f"agreement(s) {', '.join(map(str, dropped))} hold corrections and no "
                               "group keeps any of their pages", details={"agreement_ids": dropped})
        if not documents.requeue(session, document_id):
            raise ApiError(409, "the document is being extracted right now")
        row.page_groups = groups
        session.flush()
        session.refresh(row)
        public = to_public(session, row)
    request.app.state.queue.notify([document_id])
    return public


@router.post("/{document_id}/reextract", status_code=202, response_model=DocumentPublic)
def reextract_document(request: Request, document_id: DocumentId,
                       _user: Principal = Depends(admin)) -> DocumentPublic:
    """Queue the document again (e.g. after an extractor upgrade); corrections are kept and win."""
    services = get_services(request)
    with services.sessions.begin() as session:
        row = _get_row(session, document_id)
        if not documents.requeue(session, document_id):
            raise ApiError(409, "the document is being extracted right now")
        session.refresh(row)
        public = to_public(session, row)
    request.app.state.queue.notify([document_id])
    return public


def _page_source(services: Services, document_id: int, number: int) -> tuple[str, int]:
    """The document's sha256 and the clockwise turn the extractor gave page `number`."""
    with services.reads.begin() as session:
        sha = _get_row(session, document_id).sha256
        pages = run_pages(session, document_id) or []
        return sha, next((page.rotation for page in pages if page.number == number), 0)


@router.get("/{document_id}/pages/{number}/image", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "The upright page as PNG."},
                       **error_responses(503)})
async def page_image(request: Request, document_id: DocumentId,
                     number: Annotated[int, Path(ge=1, le=100_000)],
                     dpi: Annotated[int | None, Query(ge=36, le=300)] = None,
                     _user: Principal = Depends(viewer)) -> Response:
    services = get_services(request)
    sha, rotation = await run_in_threadpool(_page_source, services, document_id, number)
    try:
        png = await request.app.state.renderer.png(services.store.path_for(sha), sha, number,
                                                   dpi or services.settings.page_image_dpi, rotation)
    except PageUnavailable as error:
        raise ApiError(404, str(error)) from error
    except ImageTooLarge as error:
        raise ApiError(422, str(error), code="image_too_large") from error
    except RendererBusy as error:
        raise ApiError(503, str(error), code="unavailable", headers={"Retry-After": "1"}) from error
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


def _searchable_copy(services: Services, document_id: int) -> tuple[FilePath, str]:
    with services.reads.begin() as session:
        row = _get_row(session, document_id)
        sha, filename, status = row.sha256, row.filename, row.status
    copy = services.store.searchable_path(sha)
    if not copy.is_file():
        why = ("it is not extracted yet" if status in (documents.QUEUED, documents.PROCESSING)
               else "it has no scanned page read by OCR, or is no PDF")
        raise ApiError(404, f"no searchable copy of document {document_id}: {why}")
    return copy, filename


@router.get("/{document_id}/searchable.pdf", response_class=FileResponse,
            responses={200: {"content": {"application/pdf": {}},
                             "description": "The scan with the OCR words as an invisible text layer."}})
async def searchable_pdf(request: Request, document_id: DocumentId,
                         _user: Principal = Depends(viewer)) -> FileResponse:
    """The uploaded scan again, pages untouched, with our OCR words as its invisible text layer (what
    OCRmyPDF gives), from the latest extraction."""
    copy, filename = await run_in_threadpool(_searchable_copy, get_services(request), document_id)
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return FileResponse(copy, media_type="application/pdf", filename=f"{stem}.searchable.pdf")

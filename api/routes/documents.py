"""Uploads, document status and progress, page pictures, deletion and re-extraction."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import Principal, admin, get_services, viewer
from api.errors import ERROR_RESPONSES, ApiError, get_or_404
from api.pages import PageUnavailable, count_pages, render_page_png
from api.schemas import DocumentList, DocumentPublic, DocumentStatus, UploadedDocument, UploadResponse
from api.services import Services
from api.storage import documents
from api.storage.agreements import as_utc
from api.storage.files import UploadTooLarge
from api.storage.tables import AgreementRow, DocumentRow

router = APIRouter(prefix="/documents", tags=["documents"], responses=ERROR_RESPONSES)
DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def display_name(filename: str | None) -> str:
    """The client's file name reduced to its last component; stored as a label only."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload"


def to_public(session: Session, row: DocumentRow) -> DocumentPublic:
    agreement_ids = session.scalars(select(AgreementRow.id).where(AgreementRow.document_id == row.id)
                                    .order_by(AgreementRow.position)).all()
    return DocumentPublic(id=row.id, filename=row.filename, sha256=row.sha256, status=row.status,
                          page_count=row.page_count, pages_done=row.pages_done, problems=row.problems or [],
                          agreement_ids=list(agreement_ids), created_at=as_utc(row.created_at),
                          updated_at=as_utc(row.updated_at))


def _store_one(services: Services, upload: UploadFile) -> UploadedDocument:
    settings = services.settings
    try:
        sha, size = services.store.put_stream(upload.file, settings.max_upload_bytes)
    except UploadTooLarge as error:
        raise ApiError(413, f"{display_name(upload.filename)} is larger than {error.limit} bytes",
                       details={"filename": display_name(upload.filename), "limit": error.limit}) from error
    with services.sessions.begin() as session:
        existing = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha))
        if existing is None:
            pages = count_pages(services.store.path_for(sha))
            if pages is not None and pages > settings.max_pages:
                services.store.delete(sha)
                raise ApiError(413, f"{display_name(upload.filename)} has {pages} pages; the limit is "
                               f"{settings.max_pages}", code="too_many_pages",
                               details={"pages": pages, "limit": settings.max_pages})
        row, duplicate = documents.add_upload(session, sha, display_name(upload.filename), size)
        if not duplicate and row.page_count is None:
            row.page_count = count_pages(services.store.path_for(sha))
        session.flush()
        return UploadedDocument(id=row.id, filename=row.filename, sha256=row.sha256, status=row.status,
                                duplicate=duplicate)


@router.post("", status_code=202, response_model=UploadResponse)
def upload_documents(request: Request, files: Annotated[list[UploadFile], File(description="PDFs or images")],
                     _user: Principal = Depends(admin)) -> UploadResponse:
    """Store each file (by sha256) and queue its extraction; answers at once."""
    services = get_services(request)
    stored = [_store_one(services, upload) for upload in files]
    request.app.state.queue.notify()
    return UploadResponse(documents=stored)


@router.get("", response_model=DocumentList)
def list_documents(request: Request, status: DocumentStatus | None = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
                   _user: Principal = Depends(viewer)) -> DocumentList:
    services = get_services(request)
    with services.sessions.begin() as session:
        rows, total = documents.list_documents(session, status, limit, offset)
        return DocumentList(items=[to_public(session, row) for row in rows], total=total)


def _get_row(session: Session, document_id: int) -> DocumentRow:
    return get_or_404(session, DocumentRow, document_id, "document")


@router.get("/{document_id}", response_model=DocumentPublic)
def get_document(request: Request, document_id: DocumentId,
                 _user: Principal = Depends(viewer)) -> DocumentPublic:
    with get_services(request).sessions.begin() as session:
        return to_public(session, _get_row(session, document_id))


@router.delete("/{document_id}", status_code=204, response_class=Response)
def delete_document(request: Request, document_id: DocumentId, _user: Principal = Depends(admin)) -> Response:
    """Remove the document, its runs, agreements and corrections, and the stored file."""
    services = get_services(request)
    with services.sessions.begin() as session:
        row = _get_row(session, document_id)
        sha = row.sha256
        session.delete(row)
    services.store.delete(sha)
    return Response(status_code=204)


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
    request.app.state.queue.notify()
    return public


@router.get("/{document_id}/pages/{number}/image", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "The upright page as PNG."}})
def page_image(request: Request, document_id: DocumentId, number: Annotated[int, Path(ge=1, le=100_000)],
               dpi: Annotated[int | None, Query(ge=36, le=300)] = None,
               _user: Principal = Depends(viewer)) -> Response:
    services = get_services(request)
    with services.sessions.begin() as session:
        row = _get_row(session, document_id)
        sha = row.sha256
        run = documents.latest_run(session, document_id)
        rotation = 0
        if run is not None:
            for page in run.result.get("document", {}).get("pages", []):
                if page.get("number") == number:
                    rotation = int(page.get("rotation") or 0)
    try:
        png = render_page_png(services.store.path_for(sha), number, dpi or services.settings.page_image_dpi,
                              rotation)
    except PageUnavailable as error:
        raise ApiError(404, str(error)) from error
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})

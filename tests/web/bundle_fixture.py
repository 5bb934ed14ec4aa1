"""A bundle of two PKs (four pages) whose stored record wrongly holds all four pages as one agreement,
as an extractor that missed the second statement page leaves it; a test fixes it from the review page
and runs the extraction itself (the live test server has no worker)."""

from __future__ import annotations

import io
import uuid

import pypdfium2
from sqlalchemy import select, update

from api.services import Services
from api.storage import documents
from api.storage.tables import AgreementRow, DocumentRow
from api.worker import process_document
from models.document import PageInfo
from tests.web import pk_fixture as pk


def seed_swallowed_bundle(services: Services) -> int:
    """The agreement id of the record that swallowed the second PK's pages."""
    tag = uuid.uuid4().hex[:8]
    merged = pypdfium2.PdfDocument.new()
    drawing = None
    for org in ("Dinas Pendidikan", "Dinas Perikanan"):
        data, drawn = pk.make_pdf(org, tag)
        drawing = drawing or drawn
        merged.import_pages(pypdfium2.PdfDocument(data))
    buffer = io.BytesIO()
    merged.save(buffer)
    data = buffer.getvalue()
    sha, size = services.store.put_stream(io.BytesIO(data), len(data) + 1)
    token = uuid.uuid4().hex
    with services.sessions.begin() as session:
        row, _duplicate = documents.add_upload(session, sha, f"bundel-{tag}.pdf", size, page_count=4)
        row.status, row.claim_token = documents.PROCESSING, token
        session.flush()
        document_id = row.id
    result = pk.make_result(data, drawing, sha, "Dinas Pendidikan", f"bundel-{tag}.pdf")
    result.agreements[0].pages = [1, 2, 3, 4]
    result.document.page_count = 4
    result.document.pages = [PageInfo(number=n, source="text", width=pk.PAGE_W, height=pk.PAGE_H)
                             for n in range(1, 5)]
    with services.sessions.begin() as session:
        assert documents.finish(session, document_id, token, result, "test-fixture")
        return session.scalar(select(AgreementRow.id).where(AgreementRow.document_id == document_id))


def run_queued_extraction(services: Services, agreement_id: int) -> None:
    """What a worker does with the regrouped document: claim it (this one, not another test's queued
    upload), extract it, store the run."""
    token = uuid.uuid4().hex
    with services.sessions.begin() as session:
        document_id = session.scalar(select(AgreementRow.document_id).where(AgreementRow.id == agreement_id))
        claimed = session.execute(update(DocumentRow).where(DocumentRow.id == document_id,
                                                            DocumentRow.status == documents.QUEUED)
                                  .values(status=documents.PROCESSING, claim_token=token))
        assert claimed.rowcount == 1
    assert process_document(services, document_id, token)

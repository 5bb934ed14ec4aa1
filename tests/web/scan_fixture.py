"""A scan turned 1.8 degrees clockwise, as a crooked sheet on a scanner gives it: a page drawn with
reportlab, rendered at 150 dpi, turned, and stored as a PNG upload. Its record says what the extractor
says for such a page: `skew_degrees` 1.8 and boxes in the deskewed frame (the page as drawn). One word is
printed in blue, so a test can find its ink in a screenshot."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import pypdfium2
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from sqlalchemy import select

from api.services import Services
from api.storage import documents
from api.storage.tables import AgreementRow
from models.agreement import Agreement
from models.document import Document, PageInfo
from models.extracted import Field
from models.result import ExtractionResult

DPI = 150
SKEW = 1.8
SIZE = 12.0
BLUE_WORD = "DINAS PERIKANAN"
BLUE_X, BLUE_TOP = 440.0, 400.0


@dataclass
class SkewedScan:
    agreement_id: int
    bbox: tuple[float, float, float, float]


def _page_png(tag: str) -> tuple[bytes, float, float]:
    """The turned scan and its size in points."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    height = A4[1]
    pdf.setFont("Helvetica", SIZE)
    for top in (BLUE_TOP - 22, BLUE_TOP + 22):  # a neighbouring line above and below, in black
        pdf.drawString(60, height - top - SIZE * 0.75, "Sasaran dan indikator kinerja tahun 2024 berikut")
    pdf.drawString(60, height - BLUE_TOP - SIZE * 0.75, "Organisasi perangkat daerah :")
    pdf.setFillColorRGB(0, 0, 0.85)
    pdf.drawString(BLUE_X, height - BLUE_TOP - SIZE * 0.75, BLUE_WORD)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica", 7)
    pdf.drawString(60, 40, f"scan {tag}")
    pdf.showPage()
    pdf.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    image = document[0].render(scale=DPI / 72).to_pil().convert("RGB")
    document.close()
    turned = image.rotate(-SKEW, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    out = io.BytesIO()
    turned.save(out, format="PNG")
    return out.getvalue(), turned.width * 72 / DPI, turned.height * 72 / DPI


def seed_skewed_scan(services: Services) -> SkewedScan:
    tag = uuid.uuid4().hex[:8]
    png, width, height = _page_png(tag)
    bbox = (BLUE_X, BLUE_TOP, round(BLUE_X + stringWidth(BLUE_WORD, "Helvetica", SIZE), 1),
            round(BLUE_TOP + SIZE * 0.97, 1))
    sha, size = services.store.put_stream(io.BytesIO(png), len(png) + 1)
    token = uuid.uuid4().hex
    with services.sessions.begin() as session:
        row, _duplicate = documents.add_upload(session, sha, f"scan-{tag}.png", size, page_count=1)
        row.status, row.claim_token = documents.PROCESSING, token
        session.flush()
        document_id = row.id
    agreement = Agreement(pages=[1], organization=Field[str](
        value="Dinas Perikanan", raw=BLUE_WORD, confidence=0.6, needs_review=True,
        reasons=["low_ocr_confidence"], page=1, bbox=bbox))
    page = PageInfo(number=1, source="ocr", skew_degrees=SKEW, ocr_confidence=0.8, width=width, height=height)
    document = Document(filename=f"scan-{tag}.png", sha256=sha, page_count=1, pages=[page])
    result = ExtractionResult(document=document, agreements=[agreement])
    with services.sessions.begin() as session:
        assert documents.finish(session, document_id, token, result, "test-fixture")
        agreement_id = session.scalar(select(AgreementRow.id).where(AgreementRow.document_id == document_id))
    return SkewedScan(agreement_id=agreement_id, bbox=bbox)

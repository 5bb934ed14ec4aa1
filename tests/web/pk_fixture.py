"""A small fictional PK as a real two-page PDF (reportlab) plus the ExtractionResult an extractor
would have produced for it, with word boxes measured from the drawing itself.

The record is stored through the service's own storage layer (upload row, claimed job, finished run),
so the browser tests exercise the real database, file store and page rendering."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from sqlalchemy import select

from api.services import Services
from api.storage import documents
from api.storage.tables import AgreementRow
from models.agreement import Agreement
from models.document import Document, PageInfo, Problem
from models.result import ExtractionResult

PAGE_W, PAGE_H = A4
BAD_NIP = "197513232000032001"  # month 13: the birth date cannot exist
GOOD_NIP = "197501232000032001"


@dataclass
class Drawing:
    """Boxes of what was drawn, in PDF points on the upright page (top-left origin), per page."""

    boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = field(default_factory=dict)
    page: int = 1

    def text(self, pdf: canvas.Canvas, key: str | None, x: float, y_top: float, text: str,
             size: float = 10.5, bold: bool = False, align: str = "left") -> None:
        font = "Helvetica-Bold" if bold else "Helvetica"
        width = stringWidth(text, font, size)
        x0 = {"left": x, "center": x - width / 2, "right": x - width}[align]
        baseline = y_top + size * 0.75
        pdf.setFont(font, size)
        pdf.drawString(x0, PAGE_H - baseline, text)
        if key:
            self.boxes[key] = (self.page, (round(x0, 1), round(y_top, 1), round(x0 + width, 1),
                                           round(baseline + size * 0.22, 1)))


def _statement_page(pdf: canvas.Canvas, d: Drawing, org: str) -> None:
    mid = PAGE_W / 2
    d.text(pdf, "government", mid, 60, "PEMERINTAH KABUPATEN CONTOH", 13, True, "center")
    d.text(pdf, "organization", mid, 80, org.upper(), 13, True, "center")
    d.text(pdf, None, mid, 98, "Jl. Contoh No. 1, Kabupaten Contoh", 8.5, False, "center")
    pdf.setLineWidth(1.2)
    pdf.line(60, PAGE_H - 112, PAGE_W - 60, PAGE_H - 112)
    d.text(pdf, "year", mid, 140, "PERJANJIAN KINERJA TAHUN 2024", 13, True, "center")
    d.text(pdf, None, 70, 180, "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan")
    d.text(pdf, None, 70, 196, "akuntabel serta berorientasi hasil, kami yang bertanda tangan di bawah ini:")
    rows = [("Nama", "first_party.name", "dr. SITI RAHMAWATI, M.Kes"),
            ("NIP", "first_party.nip", "19751323 200003 2 001"),
            ("Jabatan", "first_party.position", f"Kepala {org} Kabupaten Contoh")]
    for i, (label, key, value) in enumerate(rows):
        d.text(pdf, None, 90, 226 + 18 * i, label)
        d.text(pdf, None, 160, 226 + 18 * i, ":")
        d.text(pdf, key, 172, 226 + 18 * i, value)
    d.text(pdf, None, 70, 286, "Selanjutnya disebut PIHAK PERTAMA.")
    rows = [("Nama", "second_party.name", "H. BAMBANG SUTRISNO, S.H."),
            ("Jabatan", "second_party.position", "Bupati Contoh")]
    for i, (label, key, value) in enumerate(rows):
        d.text(pdf, None, 90, 316 + 18 * i, label)
        d.text(pdf, None, 160, 316 + 18 * i, ":")
        d.text(pdf, key, 172, 316 + 18 * i, value)
    d.text(pdf, None, 70, 358, "Selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA.")
    d.text(pdf, None, 70, 388, "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai")
    d.text(pdf, None, 70, 404, "lampiran perjanjian ini, untuk mencapai target kinerja jangka menengah.")
    d.text(pdf, "signing_date", 400, 460, "Contoh, 2 Januari 2024")
    d.text(pdf, None, 110, 484, "PIHAK KEDUA,", bold=True)
    d.text(pdf, None, 400, 484, "PIHAK PERTAMA,", bold=True)
    d.text(pdf, None, 90, 570, "H. BAMBANG SUTRISNO, S.H.", bold=True)
    d.text(pdf, None, 380, 570, "dr. SITI RAHMAWATI, M.Kes", bold=True)
    d.text(pdf, None, 380, 586, "NIP. 19751323 200003 2 001")


TARGETS = [
    ("Meningkatnya derajat kesehatan masyarakat", "Angka kematian ibu (per 100.000 KH)", "85", 85.0,
     "/100.000 KH"),
    ("Meningkatnya derajat kesehatan masyarakat", "Cakupan imunisasi dasar lengkap", "95,5 %", 95.5, "%"),
    ("Meningkatnya mutu pelayanan kesehatan", "Persentase puskesmas terakreditasi", "Paripurna", None, None),
]
PROGRAMS = [
    ("Program Pemenuhan Upaya Kesehatan Perorangan", 1250000000, "APBD"),
    ("Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan", 420500000, "DAK"),
]


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".") + ",00"


def _annex_page(pdf: canvas.Canvas, d: Drawing) -> None:
    d.page = 2
    mid = PAGE_W / 2
    d.text(pdf, None, mid, 60, "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024", 12, True, "center")
    cols = [50, 210, 420, 545]
    top = 100
    pdf.setLineWidth(0.6)
    d.text(pdf, None, cols[0] + 4, top + 6, "Sasaran Strategis", 9.5, True)
    d.text(pdf, None, cols[1] + 4, top + 6, "Indikator Kinerja", 9.5, True)
    d.text(pdf, None, cols[2] + 4, top + 6, "Target", 9.5, True)
    for i, (objective, indicator, target, _value, _unit) in enumerate(TARGETS):
        y = top + 24 + 30 * i
        d.text(pdf, f"performance_targets.{i}.objective", cols[0] + 4, y + 8, objective[:30], 8.5)
        d.text(pdf, f"performance_targets.{i}.indicator", cols[1] + 4, y + 8, indicator, 8.5)
        d.text(pdf, f"performance_targets.{i}.target", cols[2] + 4, y + 8, target, 8.5)
    bottom = top + 24 + 30 * len(TARGETS)
    for x in cols:
        pdf.line(x, PAGE_H - top, x, PAGE_H - bottom)
    for y in [top, top + 24, *(top + 24 + 30 * i for i in range(1, len(TARGETS))), bottom]:
        pdf.line(cols[0], PAGE_H - y, cols[-1], PAGE_H - y)
    top = bottom + 40
    d.text(pdf, None, 54, top + 6, "Program", 9.5, True)
    d.text(pdf, None, 360, top + 6, "Anggaran", 9.5, True)
    d.text(pdf, None, 480, top + 6, "Keterangan", 9.5, True)
    for i, (name, budget, note) in enumerate(PROGRAMS):
        y = top + 26 + 20 * i
        d.text(pdf, f"programs.{i}.name", 54, y, name, 8.5)
        d.text(pdf, f"programs.{i}.budget", 360, y, rupiah(budget), 8.5)
        d.text(pdf, f"programs.{i}.note", 480, y, note, 8.5)
    d.text(pdf, "total_budget", 360, top + 26 + 20 * len(PROGRAMS), "Rp 1.760.500.000,00", 8.5, True)


def make_pdf(org: str, tag: str) -> tuple[bytes, Drawing]:
    """The PDF bytes (unique per `tag`) and where each value was drawn."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(f"PK {org} {tag}")
    drawing = Drawing()
    _statement_page(pdf, drawing, org)
    pdf.showPage()
    _annex_page(pdf, drawing)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue(), drawing


def _field(d: Drawing, key: str, value: Any, raw: str | None = None, confidence: float = 0.97,
           reasons: tuple[str, ...] = ()) -> dict[str, Any]:
    page, bbox = d.boxes.get(key, (None, None))
    return {"value": value, "raw": raw if raw is not None else (None if value is None else str(value)),
            "confidence": confidence, "needs_review": bool(reasons), "reasons": list(reasons),
            "page": page, "bbox": bbox}


def make_result(pdf: bytes, drawing: Drawing, sha256: str, org: str, filename: str,
                second_party: bool = True) -> ExtractionResult:
    """What a good extractor reports for the PDF: mostly sure, with a few fields flagged and why."""
    d = drawing
    agreement = Agreement.model_validate(dict(
        pages=[1, 2],
        year=_field(d, "year", 2024, "PERJANJIAN KINERJA TAHUN 2024"),
        is_revision={"value": False, "confidence": 0.95},
        government=_field(d, "government", "Pemerintah Kabupaten Contoh", "PEMERINTAH KABUPATEN CONTOH"),
        organization=_field(d, "organization", org, org.upper(), 0.58, ("name_mismatch",)),
        first_party=dict(
            name=_field(d, "first_party.name", "dr. SITI RAHMAWATI, M.Kes", confidence=0.62,
                        reasons=("low_ocr_confidence",)),
            nip=_field(d, "first_party.nip", BAD_NIP, "19751323 200003 2 001", 0.31,
                       ("nip_invalid", "nip_birthdate_invalid")),
            position=_field(d, "first_party.position", f"Kepala {org} Kabupaten Contoh"),
        ),
        second_party=dict(
            name=_field(d, "second_party.name", "H. BAMBANG SUTRISNO, S.H."),
            position=_field(d, "second_party.position", "Bupati Contoh"),
        ) if second_party else None,
        signing_place=_field(d, "signing_date", "Contoh", "Contoh"),
        signing_date=_field(d, "signing_date", "2024-01-02", "Contoh, 2 Januari 2024"),
        performance_targets=[
            dict(objective=_field(d, f"performance_targets.{i}.objective", objective),
                      indicator=_field(d, f"performance_targets.{i}.indicator", indicator),
                      target=_field(d, f"performance_targets.{i}.target", target,
                                    reasons=("target_unparsed",) if value is None else (),
                                    confidence=0.55 if value is None else 0.96),
                      target_value=_field(d, f"performance_targets.{i}.target", value, target),
                      unit=_field(d, f"performance_targets.{i}.target", unit, target))
            for i, (objective, indicator, target, value, unit) in enumerate(TARGETS)],
        programs=[dict(name=_field(d, f"programs.{i}.name", name),
                             budget=_field(d, f"programs.{i}.budget", budget, rupiah(budget),
                                           reasons=("sum_mismatch",) if i == 1 else (),
                                           confidence=0.5 if i == 1 else 0.95),
                             note=_field(d, f"programs.{i}.note", note))
                  for i, (name, budget, note) in enumerate(PROGRAMS)],
        total_budget=_field(d, "total_budget", 1760500000, "Rp 1.760.500.000,00"),
    ))
    pages = [PageInfo(number=n, source="text", width=PAGE_W, height=PAGE_H) for n in (1, 2)]
    return ExtractionResult(document=Document(filename=filename, sha256=sha256, page_count=2, pages=pages),
                            agreements=[agreement])


def flagged_paths(result: ExtractionResult) -> list[str]:
    from api.field_paths import iter_fields

    return [path for path, f in iter_fields(result.agreements[0]) if f.needs_review]


@dataclass
class Seeded:
    document_id: int
    agreement_id: int
    result: ExtractionResult
    drawing: Drawing


def seed_agreement(services: Services, org: str, tag: str, second_party: bool = True,
                   problems: tuple[Problem, ...] = ()) -> Seeded:
    """Upload the PDF into the file store and finish its job with the hand-made result (and these
    document problems, e.g. a whole-table doubt)."""
    pdf, drawing = make_pdf(org, tag)
    sha, size = services.store.put_stream(io.BytesIO(pdf), len(pdf) + 1)
    filename = f"pk-2024-{org.lower().replace(' ', '-')}.pdf"
    token = uuid.uuid4().hex
    with services.sessions.begin() as session:
        row, _duplicate = documents.add_upload(session, sha, filename, size)
        row.page_count, row.status, row.claim_token = 2, documents.PROCESSING, token
        session.flush()
        document_id = row.id
    result = make_result(pdf, drawing, sha, org, filename, second_party)
    result.errors = list(problems)
    with services.sessions.begin() as session:
        assert documents.finish(session, document_id, token, result, "test-fixture")
        agreement_id = session.scalar(select(AgreementRow.id).where(AgreementRow.document_id == document_id))
    return Seeded(document_id=document_id, agreement_id=agreement_id, result=result, drawing=drawing)


def queue_upload(services: Services, tag: str) -> int:
    """A document left waiting in the queue (no worker runs in the test server): batch progress."""
    pdf, _ = make_pdf("Dinas Pendidikan", tag)
    sha, size = services.store.put_stream(io.BytesIO(pdf), len(pdf) + 1)
    with services.sessions.begin() as session:
        row, _ = documents.add_upload(session, sha, "pk-2024-dinas-pendidikan.pdf", size)
        row.page_count = 2
        session.flush()
        return row.id


def fail_upload(services: Services, tag: str) -> int:
    """A document whose extraction failed with a recorded problem, as the worker stores it."""
    data = f"not a PDF {tag}".encode()
    filename = "scan-kecamatan.pdf"
    sha, size = services.store.put_stream(io.BytesIO(data), len(data) + 1)
    token = uuid.uuid4().hex
    with services.sessions.begin() as session:
        row, _ = documents.add_upload(session, sha, filename, size)
        row.status, row.claim_token = documents.PROCESSING, token
        session.flush()
        document_id = row.id
    problem = Problem(code="not_a_pdf", message="The file is not a PDF or an image.")
    result = ExtractionResult(document=Document(filename=filename, sha256=sha, page_count=0),
                              errors=[problem])
    with services.sessions.begin() as session:
        assert documents.finish(session, document_id, token, result, "test-fixture")
    return document_id

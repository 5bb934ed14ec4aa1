"""Small PK-like PDFs built with reportlab for the service tests (no real document is copied)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

PARTY_ONE = ("dr. SITI RAHAYU, M.Kes", "197001012000032001", "Kepala Dinas Kesehatan Kabupaten Contoh")
PARTY_TWO = ("Ir. BUDI SANTOSO, M.T.", None, "Bupati Contoh")
TARGETS = [("Meningkatnya derajat kesehatan", "Angka kematian ibu", "85,5 %"),
           ("Meningkatnya derajat kesehatan", "Cakupan imunisasi dasar", "95 %"),
           ("Meningkatnya tata kelola", "Opini BPK", "WTP")]


def pk_pdf(tag: str, pages: int = 2) -> bytes:
    """A born-digital PK: title, party block, signature page and a target table; `tag` makes the bytes
    (and so the sha256) unique; extra pages repeat the lampiran."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(f"PK {tag}")
    width, height = A4
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, height - 80, "PEMERINTAH KABUPATEN CONTOH")
    pdf.drawCentredString(width / 2, height - 100, "PERJANJIAN KINERJA TAHUN 2024")
    pdf.drawCentredString(width / 2, height - 120, "DINAS KESEHATAN")
    pdf.setFont("Helvetica", 11)
    y = height - 170
    for label, party in (("PIHAK PERTAMA", PARTY_ONE), ("PIHAK KEDUA", PARTY_TWO)):
        name, nip, position = party
        for text in (f"Nama : {name}", f"NIP : {nip}" if nip else None, f"Jabatan : {position}"):
            if text:
                pdf.drawString(72, y, text)
                y -= 16
        pdf.drawString(72, y, f"Selanjutnya disebut {label}.")
        y -= 28
    pdf.drawString(320, y - 20, "Contoh, 2 Januari 2024")
    pdf.drawString(72, 40, f"ref {tag}")
    for page in range(1, pages):
        pdf.showPage()
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawCentredString(width / 2, height - 80, "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024")
        pdf.setFont("Helvetica", 10)
        y = height - 130
        pdf.drawString(60, y, "No   Sasaran Strategis   Indikator Kinerja   Target")
        for number, (objective, indicator, target) in enumerate(TARGETS, start=1):
            y -= 20
            pdf.drawString(60, y, f"{number}.   {objective}   {indicator}   {target}")
        pdf.drawString(72, 40, f"ref {tag} page {page + 1}")
    pdf.save()
    return buffer.getvalue()


def scan_pdf(tag: str, pages: int = 4, dpi: int = 100) -> bytes:
    """`pk_pdf` printed and scanned: every page one image, no text layer, so extraction runs OCR."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pk_pdf(tag, pages))
    images = [document[index].render(scale=dpi / 72).to_pil().convert("L") for index in range(len(document))]
    document.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()

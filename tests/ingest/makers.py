"""Small PK-like inputs made on the fly: born-digital pages, "scans" of them, and broken files.

Names and numbers are invented; nothing here comes from the real corpus.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

TITLE = "PERJANJIAN KINERJA TAHUN 2024"
BODY = [
    "DINAS PERTANIAN DAN PANGAN KABUPATEN CONTOH",
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif,",
    "transparan dan akuntabel serta berorientasi pada hasil, kami",
    "yang bertanda tangan di bawah ini:",
    "Nama : BUDI SANTOSO, S.T.",
    "Jabatan : Kepala Bidang Tanaman Pangan",
    "Selanjutnya disebut pihak pertama.",
]
TABLE = [
    ("No", "Sasaran Strategis", "Indikator Kinerja", "Target"),
    ("1", "Meningkatnya produksi", "Produksi padi", "5000 ton"),
    ("2", "Meningkatnya layanan", "Indeks kepuasan", "85 %"),
]
TABLE_X = (60, 110, 290, 470)
NOISY_WORDS = [
    "PERJANJlAN", "kine~a", "TAHUN", "2O24", "Petemakan", "be~anji", "•••", "l:/.)..", "~\\.", "Dinas",
    "Petemakan", "kine~a", "PlHAK", "KESA", ",.", "'\"'", ":~", "Bandunq", "2O24", "rnendapat", "Urnurn",
    "••", "~", ".~..!/",
]


def pk_pdf(path: Path, pages: int = 1, stored_landscape: bool = False) -> Path:
    """A born-digital PK page (title, statement, a three-row table), repeated `pages` times.

    `stored_landscape`: the page is stored landscape with its content turned, and /Rotate 90 shows
    it upright, as some converters and scanners write portrait pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        if stored_landscape:
            pdf.setPageRotation(90)  # reportlab then stores the page as 842 x 595
            pdf.transform(0, 1, -1, 0, A4[1], 0)
        draw_pk(pdf, A4[1])
        pdf.showPage()
    pdf.save()
    return path


def turned_pk_pdf(path: Path, turn: int) -> Path:
    """A born-digital PK page whose content is drawn turned by `turn` degrees counter-clockwise on the
    page, without /Rotate (as converters write landscape sections): a viewer shows it sideways."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    portrait, landscape = A4, (A4[1], A4[0])
    transforms = {90: (landscape, (0, 1, -1, 0, A4[1], 0)), 270: (landscape, (0, -1, 1, 0, 0, A4[0])),
                  180: (portrait, (-1, 0, 0, -1, A4[0], A4[1]))}
    size, matrix = transforms[turn]
    pdf = canvas.Canvas(str(path), pagesize=size)
    pdf.transform(*matrix)
    draw_pk(pdf, A4[1])
    pdf.showPage()
    pdf.save()
    return path


def draw_pk(pdf, height: float) -> None:
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(150, height - 80, TITLE)
    pdf.setFont("Helvetica", 12)
    for index, line in enumerate(BODY):
        pdf.drawString(60, height - 130 - index * 22, line)
    for row, cells in enumerate(TABLE):
        for x, cell in zip(TABLE_X, cells, strict=True):
            pdf.drawString(x, height - 320 - row * 24, cell)


def render_scan(pdf_path: Path, dpi: int = 200, page: int = 1) -> Image.Image:
    """A grayscale "scan" of a born-digital page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return document[page - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def turn(image: Image.Image, counter_clockwise: float) -> Image.Image:
    """The page as a crooked scanner would deliver it: turned, gaps filled white."""
    return image.rotate(counter_clockwise, expand=True, fillcolor=255, resample=Image.BICUBIC)


def image_pdf(path: Path, images: list[Image.Image], dpi: int, noisy_layer: bool = False,
              text_first_page: bool = False) -> Path:
    """A PDF of full-page images (a scan), optionally with a noisy invisible OCR layer on top,
    optionally preceded by one born-digital page (a mixed file)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    if text_first_page:
        draw_pk(pdf, A4[1])
        pdf.showPage()
    for image in images:
        width, height = image.width * 72 / dpi, image.height * 72 / dpi
        pdf.setPageSize((width, height))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width, height)
        if noisy_layer:
            draw_invisible(pdf, height)
        pdf.showPage()
    pdf.save()
    return path


def draw_invisible(pdf, height: float) -> None:
    text = pdf.beginText(60, height - 80)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 12)
    for start in range(0, len(NOISY_WORDS), 6):
        text.textLine(" ".join(NOISY_WORDS[start:start + 6]))
    pdf.drawText(text)


def multipage_tiff(path: Path, images: list[Image.Image], dpi: int) -> Path:
    images[0].save(path, save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    return path


def encrypted_pdf(path: Path, user_password: str) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    encrypt = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-secret", strength=128)
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    draw_pk(pdf, A4[1])
    pdf.showPage()
    pdf.save()
    return path


TARGET_ROWS = [
    (["Jumlah unit usaha yang mendapat", "sertifikat teknis sistem jaminan", "mutu (unit)"], "7"),
    (["Jumlah pelaku usaha yang", "menerapkan teknologi pengolahan", "hasil peternakan (orang)"], "2"),
    (["Persentase kelompok ternak", "yang meningkat usahanya (%)"], "5"),
]


def target_table_pdf(path: Path) -> Path:
    """A ruled Indikator | Target table whose target cells hold one digit each, as real PKs do."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    left, middle, right, top = 60, 400, 470, A4[1] - 120
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(left, top + 40, "KINERJA TAHUNAN")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(left + 6, top - 16, "Indikator Kinerja")
    pdf.drawString(middle + 6, top - 16, "Target")
    rows_top = [top, top - 24]
    for lines, _target in TARGET_ROWS:
        rows_top.append(rows_top[-1] - 18 * len(lines) - 24)
    for y in rows_top:
        pdf.line(left, y, right, y)
    for x in (left, middle, right):
        pdf.line(x, rows_top[0], x, rows_top[-1])
    for (lines, target), row_top, row_bottom in zip(TARGET_ROWS, rows_top[1:-1], rows_top[2:], strict=True):
        for index, line in enumerate(lines):
            pdf.drawString(left + 6, row_top - 18 - 18 * index, line)
        pdf.drawString(right - 16, (row_top + row_bottom) / 2 - 4, target)
    pdf.showPage()
    pdf.save()
    return path

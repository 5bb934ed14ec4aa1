"""Small PK PDFs drawn with reportlab for end-to-end parser tests (fictional region and officials)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

WIDTH, HEIGHT = A4


@dataclass
class Official:
    name: str
    position: str
    rank: str | None = None
    nip: str | None = None


REGION = "KABUPATEN SUKAMAJU"
HEAD = Official("H. ADANG SURYANA, S.H.", "BUPATI SUKAMAJU")
KADIS = Official("dr. RINA KUSUMAWATI, M.Kes", "Kepala Dinas Kesehatan Kabupaten Sukamaju",
                 "Pembina Utama Muda", "19700101 199003 2 005")
KABID = Official("Ir. BAMBANG HERMAWAN, M.T.", "Kepala Bidang Pelayanan Kesehatan", "Pembina",
                 "19750215 200012 1 003")


class Writer:
    def __init__(self, path: Path) -> None:
        self.canvas = Canvas(str(path), pagesize=A4)
        self.y = HEIGHT - 60

    def line(self, text: str, x: float = 72, size: int = 11, gap: float = 16, center: bool = False) -> None:
        self.canvas.setFont("Helvetica", size)
        if center:
            self.canvas.drawCentredString(WIDTH / 2, self.y, text)
        else:
            self.canvas.drawString(x, self.y, text)
        self.y -= gap

    def columns(self, left: str, right: str, gap: float = 16) -> None:
        self.canvas.setFont("Helvetica", 11)
        if left:
            self.canvas.drawCentredString(160, self.y, left)
        if right:
            self.canvas.drawCentredString(420, self.y, right)
        self.y -= gap

    def page(self) -> None:
        self.canvas.showPage()
        self.y = HEIGHT - 60

    def save(self) -> None:
        self.canvas.save()

    def signatures(self, first: Official, second: Official | None, date: str, labels: bool = True) -> None:
        self.y -= 10
        self.columns("", date)
        if labels:
            self.columns("PIHAK KEDUA," if second else "", "PIHAK PERTAMA,")
        self.columns(second.position.upper() + "," if second and not labels else "",
                     first.position.upper() + "," if not labels else "")
        self.y -= 60
        self.columns(second.name if second else "", first.name)
        self.columns(second.rank or "" if second else "", first.rank or "")
        self.columns(f"NIP. {second.nip}" if second and second.nip else "",
                     f"NIP. {first.nip}" if first.nip else "")

    def statement(self, year: int, first: Official, second: Official | None, date: str, unit: str) -> None:
        self.line(f"PEMERINTAH {REGION}", center=True, size=13)
        self.line(unit.upper(), center=True, size=13, gap=30)
        self.line(f"PERJANJIAN KINERJA TAHUN {year}", center=True, size=13, gap=28)
        self.line("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan")
        self.line("akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:", gap=22)
        self.party(first)
        self.line("selanjutnya disebut PIHAK PERTAMA", gap=22)
        if second is not None:
            self.party(second)
            self.line("selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA", gap=22)
        self.line("PIHAK PERTAMA berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran")
        self.line("perjanjian ini. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi")
        self.line("tanggung jawab kami.", gap=20)
        self.signatures(first, second, date)

    def party(self, official: Official) -> None:
        rows = [("Nama", official.name)]
        if official.nip:
            rows.append(("NIP", official.nip))
        if official.rank:
            rows.append(("Pangkat/Gol.", official.rank))
        rows.append(("Jabatan", official.position))
        for label, value in rows:
            self.canvas.setFont("Helvetica", 11)
            self.canvas.drawString(90, self.y, label)
            self.canvas.drawString(190, self.y, ":")
            self.canvas.drawString(200, self.y, value)
            self.y -= 16

    def lampiran(self, year: int, first: Official, second: Official | None, unit: str,
                 rows: list[tuple[str, str]], date: str, office_line: str | None = None) -> None:
        self.line(f"PERJANJIAN KINERJA TAHUN {year}", center=True, size=13)
        self.line(f"{unit.upper()} {REGION}", center=True, size=12)
        if office_line:
            self.line(office_line, center=True, size=12)
        self.y -= 14
        self.canvas.setFont("Helvetica-Bold", 10)
        for x, text in ((72, "No"), (100, "Sasaran Strategis"), (260, "Indikator Kinerja"), (470, "Target")):
            self.canvas.drawString(x, self.y, text)
        self.y -= 18
        self.canvas.setFont("Helvetica", 10)
        for number, (indicator, target) in enumerate(rows, start=1):
            self.canvas.drawString(72, self.y, f"{number}.")
            self.canvas.drawString(100, self.y, "Meningkatnya derajat kesehatan")
            self.canvas.drawString(260, self.y, indicator)
            self.canvas.drawString(470, self.y, target)
            self.y -= 18
        self.y -= 20
        self.signatures(first, second, date, labels=office_line is not None)


def bundle_of_two(path: Path) -> Path:
    """Two PKs, each a statement page followed by its lampiran page."""
    writer = Writer(path)
    writer.statement(2024, KADIS, HEAD, "Sukamaju, 15 Januari 2024", "Dinas Kesehatan")
    writer.page()
    writer.lampiran(2024, KADIS, HEAD, "Dinas Kesehatan", [("Angka kematian ibu", "85 /100.000 KH"),
                                                            ("Persentase balita gizi buruk", "5,5 %")],
                    "Sukamaju, 15 Januari 2024")
    writer.page()
    writer.statement(2024, KABID, KADIS, "Sukamaju,      Januari 2024", "Dinas Kesehatan")
    writer.page()
    writer.lampiran(2024, KABID, KADIS, "Dinas Kesehatan", [("Persentase puskesmas terakreditasi", "90 %")],
                    "Sukamaju,      Januari 2024")
    writer.save()
    return path


def lampiran_only(path: Path) -> Path:
    """Two lampiran-only PKs, one per page, each with its own PIHAK KEDUA / PIHAK PERTAMA block."""
    writer = Writer(path)
    writer.lampiran(2023, KABID, KADIS, "Dinas Kesehatan", [("Persentase puskesmas terakreditasi", "90 %")],
                    "Sukamaju,      2023", office_line="KEPALA BIDANG PELAYANAN KESEHATAN")
    writer.page()
    seksi = Official("SITI AMINAH, S.KM", "Kepala Seksi Pelayanan Kesehatan Primer", "Penata Tk. I",
                     "19800310 200501 2 011")
    writer.lampiran(2023, seksi, KABID, "Dinas Kesehatan", [("Jumlah puskesmas dibina", "25 Puskesmas")],
                    "Sukamaju,      2023", office_line="KEPALA SEKSI PELAYANAN KESEHATAN PRIMER")
    writer.save()
    return path


def regional_head(path: Path) -> Path:
    """A Bupati's own PK: one party block, one signer, no NIP."""
    writer = Writer(path)
    writer.statement(2025, HEAD, None, "Sukamaju, 3 Februari 2025", "")
    writer.save()
    return path


def not_a_pk(path: Path) -> Path:
    writer = Writer(path)
    writer.line("KATA PENGANTAR", center=True, size=14, gap=30)
    for text in ("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya laporan ini.",
                 "Laporan ini memuat capaian program dan kegiatan selama satu tahun anggaran.",
                 "Kami mengucapkan terima kasih kepada semua pihak yang telah membantu."):
        writer.line(text)
    writer.save()
    return path


def cover_then_lampiran_then_statement(path: Path) -> Path:
    """A cover page, the lampiran placed before its statement page, then the statement page."""
    writer = Writer(path)
    writer.y = HEIGHT / 2
    writer.line("PERJANJIAN KINERJA", center=True, size=16, gap=24)
    writer.line("DINAS KESEHATAN KABUPATEN SUKAMAJU", center=True, size=14, gap=24)
    writer.line("TAHUN 2024", center=True, size=14)
    writer.page()
    writer.lampiran(2024, KADIS, HEAD, "Dinas Kesehatan", [("Angka kematian ibu", "85 /100.000 KH")],
                    "Sukamaju, 15 Januari 2024")
    writer.page()
    writer.statement(2024, KADIS, HEAD, "Sukamaju, 15 Januari 2024", "Dinas Kesehatan")
    writer.save()
    return path


def statements_then_annexes(path: Path) -> Path:
    """Two statement pages first, then both annexes in the other order: annexes pair by signer name."""
    writer = Writer(path)
    writer.statement(2024, KADIS, HEAD, "Sukamaju, 15 Januari 2024", "Dinas Kesehatan")
    writer.page()
    writer.statement(2024, KABID, KADIS, "Sukamaju, 16 Januari 2024", "Dinas Kesehatan")
    writer.page()
    writer.lampiran(2024, KABID, KADIS, "Dinas Kesehatan", [("Persentase puskesmas terakreditasi", "90 %")],
                    "Sukamaju, 16 Januari 2024")
    writer.page()
    writer.lampiran(2024, KADIS, HEAD, "Dinas Kesehatan", [("Angka kematian ibu", "85 /100.000 KH")],
                    "Sukamaju, 15 Januari 2024")
    writer.save()
    return path


MINUTES = [
    "Rapat evaluasi capaian kinerja dibuka oleh Sekretaris Dinas pada pukul 09.00 dan dihadiri",
    "seluruh kepala bidang. Sasaran pertama adalah meningkatnya derajat kesehatan masyarakat, dengan",
    "indikator angka kematian ibu; target tahun ini sebesar 85 per 100.000 kelahiran hidup dan",
    "realisasi triwulan pertama baru mencapai 20 % dari target yang ditetapkan bersama.",
    "1. Target sebesar 90 % puskesmas terakreditasi dinilai realistis oleh peserta rapat, dengan",
    "catatan bahwa anggaran sebesar Rp 1.250.000.000 harus dicairkan sebelum akhir bulan Maret.",
    "2. Indikator persentase balita gizi buruk disepakati tetap 5,5 %, mengingat capaian tahun",
    "lalu yang belum memenuhi target dan keterbatasan tenaga gizi di beberapa kecamatan terpencil.",
    "Peserta rapat meminta agar perjanjian kinerja tahun 2024 ditandatangani paling lambat minggu",
    "depan, sehingga target kinerja setiap bidang dapat segera dipantau melalui aplikasi e-SAKIP.",
]


def minutes_then_pk(path: Path) -> Path:
    """Two pages of meeting minutes that talk about sasaran, indikator and targets (numbered
    paragraphs, amounts), then one signed PK: statement page and lampiran."""
    writer = Writer(path)
    for _ in range(2):
        writer.line("NOTULEN RAPAT EVALUASI KINERJA", center=True, size=13, gap=30)
        for text in MINUTES * 2:
            writer.line(text, x=60, size=10, gap=15)
        writer.page()
    writer.statement(2024, KADIS, HEAD, "Sukamaju, 15 Januari 2024", "Dinas Kesehatan")
    writer.page()
    writer.lampiran(2024, KADIS, HEAD, "Dinas Kesehatan", [("Angka kematian ibu", "85 /100.000 KH")],
                    "Sukamaju, 15 Januari 2024")
    writer.save()
    return path

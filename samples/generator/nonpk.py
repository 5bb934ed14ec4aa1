"""Documents that sit next to PKs in archives but are not PKs: they must yield no agreement."""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from samples.generator import content as C
from samples.generator.logos import shield
from samples.generator.numbers import fmt_number
from samples.generator.render_reportlab import Emblem, Styles, esc

KINDS = ("kata_pengantar", "renaksi", "surat", "lkjip")


def render_nonpk(kind: str, rng: random.Random, path: Path) -> int:
    """Write one non-PK document; returns its page count."""
    region = rng.choice([r for r in C.all_regions() if r.kind != "Provinsi"])
    agency = rng.choice(C.AGENCIES)
    year = rng.randint(2018, 2025)
    st = Styles(rng.choice(["Times", "Helvetica"]), 11)
    size = landscape(A4) if kind == "renaksi" else A4
    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        invariant=1,
        leftMargin=22 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=kind,
    )
    width = size[0] - 42 * mm
    story: list = [Emblem(shield(rng.randint(0, 3)), 56), Spacer(1, 8)]
    head = f"{agency.name} {region.full}"
    if kind == "kata_pengantar":
        story += [Paragraph("KATA PENGANTAR", st.title), Spacer(1, 12)]
        for text in [
            f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, atas limpahan rahmat-Nya sehingga "
            f"Laporan Kinerja Instansi Pemerintah (LKjIP) {head} Tahun {year - 1} dapat diselesaikan.",
            f"Laporan ini disusun sebagai bentuk pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi "
            f"{head} dalam mencapai sasaran strategis sebagaimana tertuang dalam Perjanjian Kinerja Tahun "
            f"{year - 1} dan Rencana Strategis {year - 4}-{year + 1}.",
            "Kami menyadari bahwa laporan ini masih jauh dari sempurna. Oleh karena itu saran dan masukan "
            "sangat kami harapkan demi perbaikan di masa yang akan datang.",
        ]:
            story += [Paragraph(esc(text), st.indent), Spacer(1, 6)]
        story += [
            Spacer(1, 30),
            Paragraph(f"{region.seat}, Maret {year}", st.sig),
            Paragraph(f"{agency.head.upper()},", st.sig),
            Spacer(1, 50),
            Paragraph(f"<b><u>{esc(rng.choice(C.SURNAMES).upper())}</u></b>", st.sig),
        ]
    elif kind == "renaksi":
        story += [
            Paragraph(f"RENCANA AKSI KINERJA TAHUN {year}", st.title),
            Paragraph(head.upper(), st.title),
            Spacer(1, 10),
        ]
        header = ["No", "Sasaran", "Indikator", "Target", *C.MONTHS]
        rows = [[Paragraph(h[:3] if i > 3 else h, st.head) for i, h in enumerate(header)]]
        n = 0
        for objective, indicators in agency.objectives:
            for spec in indicators[:2]:
                n += 1
                monthly = [fmt_number(rng.randint(5, 100), 0) for _ in C.MONTHS]
                rows.append(
                    [
                        Paragraph(str(n), st.cell_c),
                        Paragraph(esc(objective), st.cell),
                        Paragraph(esc(spec[0]), st.cell),
                        Paragraph("100 %", st.cell_c),
                        *[Paragraph(m, st.cell_c) for m in monthly],
                    ]
                )
        widths = [0.03, 0.17, 0.2, 0.06] + [0.54 / 12] * 12
        table = Table(rows, colWidths=[w * width for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            )
        )
        story.append(table)
    elif kind == "surat":
        story += [
            Paragraph(f"PEMERINTAH {region.full.upper()}", st.title),
            Paragraph(agency.name.upper(), st.title),
            Spacer(1, 14),
        ]
        for text in [
            f"Nomor : 005/{rng.randint(100, 999)}/{agency.short}/{year}",
            "Lampiran : -",
            "Perihal : Undangan Penyusunan Perjanjian Kinerja",
            "",
            f"Yth. Kepala Perangkat Daerah se-{region.full}",
            "di tempat",
            "",
        ]:
            story.append(Paragraph(esc(text) or "&nbsp;", st.body))
        story += [
            Paragraph(
                esc(
                    f"Dalam rangka penyusunan Perjanjian Kinerja Tahun {year} sesuai Peraturan Menteri "
                    "PANRB Nomor 53 Tahun 2014, bersama ini kami mengundang Saudara untuk hadir pada rapat "
                    "koordinasi yang akan dilaksanakan pada hari Senin, "
                    f"{rng.randint(5, 25)} Januari {year}, "
                    f"pukul 09.00 WIB, bertempat di Ruang Rapat {agency.name}."
                ),
                st.indent,
            ),
            Spacer(1, 6),
            Paragraph("Demikian atas perhatian dan kehadirannya kami ucapkan terima kasih.", st.indent),
            Spacer(1, 30),
            Paragraph(f"{agency.head.upper()},", st.sig),
            Spacer(1, 50),
            Paragraph(
                f"<b><u>{esc(rng.choice(C.MALE_NAMES).upper())} {esc(rng.choice(C.SURNAMES).upper())}"
                "</u></b>",
                st.sig,
            ),
        ]
    else:
        story += [
            Paragraph("BAB II", st.title),
            Paragraph("PERENCANAAN KINERJA", st.title),
            Spacer(1, 10),
            Paragraph(
                esc(
                    f"Rencana Strategis {head} periode {year - 3}-{year + 2} menetapkan tujuan dan "
                    "sasaran yang diukur dengan Indikator Kinerja Utama (IKU) sebagai berikut."
                ),
                st.indent,
            ),
            Spacer(1, 8),
            Paragraph(f"Tabel 2.1 Indikator Kinerja Utama {agency.name}", st.sig),
            Spacer(1, 4),
        ]
        rows = [
            [
                Paragraph(h, st.head)
                for h in [
                    "No",
                    "Sasaran Strategis",
                    "Indikator Kinerja Utama",
                    "Kondisi Awal",
                    "Target Akhir Renstra",
                ]
            ]
        ]
        for n, (objective, indicators) in enumerate(agency.objectives, start=1):
            rows.append(
                [
                    Paragraph(str(n), st.cell_c),
                    Paragraph(esc(objective), st.cell),
                    Paragraph(esc(indicators[0][0]), st.cell),
                    Paragraph(fmt_number(rng.randint(40, 80), 0), st.cell_c),
                    Paragraph(fmt_number(rng.randint(80, 100), 0), st.cell_c),
                ]
            )
        table = Table(rows, colWidths=[w * width for w in (0.06, 0.32, 0.32, 0.15, 0.15)])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [
            table,
            Spacer(1, 10),
            Paragraph(
                esc(
                    "Capaian atas target tersebut diuraikan lebih lanjut pada Bab III Akuntabilitas Kinerja."
                ),
                st.indent,
            ),
        ]
    pages: list[int] = []
    doc.build(story, onFirstPage=lambda c, d: pages.append(1), onLaterPages=lambda c, d: pages.append(1))
    return len(pages)

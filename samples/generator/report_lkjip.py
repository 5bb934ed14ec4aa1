"""LKjIP chapters around a PK: an IKU table with a target column per year, the PK's targets retold
in prose, a pengukuran table (target, realisasi, capaian) and a realisasi anggaran table."""

from __future__ import annotations

import random

from samples.generator.numbers import fmt_number
from samples.generator.report_prose import Block, context_sections, host_office, indicator_lines, realised
from samples.generator.spec import Pk


def lkjip_before(rng: random.Random, pk: Pk) -> list[Block]:
    head = f"{host_office(pk)} {pk.region.full}"
    blocks: list[Block] = [
        ("title", f"LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN {pk.year}"),
        ("title", head.upper()),
        ("h", "BAB I PENDAHULUAN"),
        ("h", "1.1 Latar Belakang"),
        (
            "p",
            f"Laporan Kinerja Instansi Pemerintah (LKjIP) {head} Tahun {pk.year} merupakan wujud "
            "pertanggungjawaban atas pelaksanaan tugas dan fungsi dalam mencapai sasaran strategis yang "
            "telah ditetapkan dalam Rencana Strategis dan Perjanjian Kinerja.",
        ),
        ("h", "1.2 Maksud dan Tujuan"),
        (
            "n",
            "1. Memberikan informasi kinerja yang terukur kepada pemberi mandat atas kinerja yang telah "
            "dan seharusnya dicapai;",
        ),
        ("n", "2. Sebagai upaya perbaikan berkesinambungan untuk meningkatkan kinerja di tahun berikutnya."),
        ("h", "1.3 Tugas Pokok dan Fungsi"),
        (
            "p",
            f"{host_office(pk)} mempunyai tugas membantu Kepala Daerah melaksanakan urusan pemerintahan "
            "yang menjadi kewenangan daerah dan tugas pembantuan yang diberikan kepada daerah. Dalam "
            "melaksanakan tugas tersebut, perangkat daerah menyelenggarakan fungsi perumusan kebijakan "
            "teknis, pelaksanaan kebijakan, evaluasi dan pelaporan, serta administrasi.",
        ),
        *context_sections(rng, pk, "1."),
        ("h", "BAB II PERENCANAAN KINERJA"),
        ("h", "2.1 Indikator Kinerja Utama"),
        ("p", "Indikator Kinerja Utama dan target tahunannya selama periode Rencana Strategis adalah:"),
        ("table", iku_table(rng, pk)),
        ("h", f"2.2 Perjanjian Kinerja Tahun {pk.year}"),
        (
            "p",
            f"Perjanjian Kinerja Tahun {pk.year} ditandatangani oleh {pk.first.name} selaku "
            f"{pk.first.position}. Sasaran dan target yang diperjanjikan adalah sebagai berikut.",
        ),
    ]
    for k, j, objective, indicator, target in indicator_lines(pk):
        if j == 1:
            blocks.append(("n", f"{k}. {objective}"))
        blocks.append(("p", f"Sasaran {k}.{j}: indikator {indicator} dengan target sebesar {target}."))
    blocks.append(
        ("p", "Dokumen Perjanjian Kinerja yang telah ditandatangani disajikan pada halaman berikut.")
    )
    return blocks


def iku_table(rng: random.Random, pk: Pk) -> tuple[list[str], list[list[str]], list[float]]:
    """Targets of every year of the Renstra period: the PK year's column repeats the PK's targets."""
    years = [pk.year - 1, pk.year, pk.year + 1]
    rows = []
    for n, (_, _, _, indicator, target) in enumerate(indicator_lines(pk), start=1):
        rows.append([f"{n}", indicator, realised(rng, target)[0], target, realised(rng, target)[0]])
    labels = ["No", "Indikator Kinerja Utama", *(f"Target {y}" for y in years)]
    return labels, rows, [0.07, 0.48, 0.15, 0.15, 0.15]


def lkjip_after(rng: random.Random, pk: Pk) -> list[Block]:
    rows = []
    for k, j, objective, indicator, target in indicator_lines(pk):
        real, ratio = realised(rng, target)
        rows.append([f"{k}.{j}", objective if j == 1 else "", indicator, target, real, ratio])
    blocks: list[Block] = [
        ("h", "BAB III AKUNTABILITAS KINERJA"),
        ("h", "3.1 Capaian Kinerja Organisasi"),
        (
            "p",
            "Pengukuran kinerja dilakukan dengan membandingkan target dan realisasi setiap indikator "
            "sebagaimana tabel berikut.",
        ),
        (
            "table",
            (
                ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
                rows,
                [0.07, 0.25, 0.32, 0.12, 0.12, 0.12],
            ),
        ),
    ]
    blocks.append(("h", "3.2 Analisis Capaian per Indikator"))
    for row in rows:
        blocks.append(
            (
                "p",
                f"Indikator {row[2]} dengan target sebesar {row[3]} terealisasi sebesar {row[4]}, "
                f"sehingga capaian kinerjanya {row[5]} %.",
            )
        )
    if pk.programs:
        spent = []
        for n, program in enumerate(pk.programs, start=1):
            share = rng.uniform(0.82, 0.99)
            used = int((program.budget or 0) * share)
            spent.append(
                [f"{n}.", program.name, program.budget_text, fmt_number(used, 0), fmt_number(share * 100, 2)]
            )
        blocks += [
            ("h", "3.3 Realisasi Anggaran"),
            ("p", "Realisasi anggaran per program sampai dengan akhir tahun adalah sebagai berikut."),
            (
                "table",
                (
                    ["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "%"],
                    spent,
                    [0.07, 0.4, 0.2, 0.2, 0.13],
                ),
            ),
        ]
    blocks += [
        ("h", "BAB IV PENUTUP"),
        (
            "p",
            f"Secara umum sasaran strategis {host_office(pk)} Tahun {pk.year} telah tercapai. Kendala yang "
            f"dihadapi akan menjadi bahan perbaikan perencanaan tahun {pk.year + 1}.",
        ),
        ("sig", [f"{pk.place}, Februari {pk.year + 1}", pk.first.sig_title, "", pk.first.sig_name]),
    ]
    return blocks

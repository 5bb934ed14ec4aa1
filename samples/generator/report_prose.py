"""Prose that surrounds PKs in longer documents: meeting minutes and LKjIP chapters.

They talk about the same sasaran, indicators and targets as the PKs they carry ("Target sebesar ...",
"Sasaran 2.1: ...", numbered paragraphs, a draft-target table, a pengukuran table with realisasi),
so a parser that builds agreements from prose finds plenty to misread. None of it is an agreement.
"""

from __future__ import annotations

import random

from samples.generator.numbers import fmt_number
from samples.generator.spec import Pk, join_name, make_name

# (style, payload): "title" | "h" | "p" | "n" (numbered paragraph, number in the text) | "kv" (label: value)
# | "table" (labels, rows, widths) | "sig" (lines) | "gap"
Block = tuple[str, object]


def people(rng: random.Random, pk: Pk, count: int) -> list[str]:
    out = []
    for _ in range(count):
        female = rng.random() < 0.4
        prefix, core, suffix = make_name(rng, pk.region, female)
        out.append(join_name(prefix, core, suffix))
    return out


def host_office(pk: Pk) -> str:
    return pk.agency.name if pk.agency else f"Sekretariat Daerah {pk.region.full}"


def indicator_lines(pk: Pk) -> list[tuple[int, int, str, str, str]]:
    """(sasaran number, indicator number, sasaran, indicator, target) of every indicator."""
    return [
        (k, j, o.text, i.text, i.target + (f" {i.satuan}" if i.satuan else ""))
        for k, o in enumerate(pk.objectives, start=1)
        for j, i in enumerate(o.indicators, start=1)
        if not i.subitems
    ]


def context_sections(rng: random.Random, pk: Pk, numbered: str) -> list[Block]:
    """Background pages every such report carries: issues, staff, the report's own outline."""
    staff = [
        [gol, str(rng.randint(2, 40))] for gol in ("IV/c", "IV/b", "IV/a", "III/d", "III/c", "III/b", "II/c")
    ]
    return [
        ("h", f"{numbered}1 Isu Strategis"),
        (
            "p",
            f"Isu strategis yang dihadapi {host_office(pk)} antara lain keterbatasan anggaran, belum "
            "meratanya kualitas layanan antar wilayah, serta kebutuhan integrasi data kinerja antar "
            "perangkat daerah. Isu tersebut menjadi dasar penetapan sasaran dan target kinerja tahunan.",
        ),
        (
            "p",
            "Selain itu, tuntutan masyarakat terhadap pelayanan yang cepat, mudah dan transparan terus "
            "meningkat, sehingga setiap unit kerja perlu menetapkan ukuran keberhasilan yang jelas dan dapat "
            "dipantau setiap triwulan melalui rencana aksi.",
        ),
        ("h", f"{numbered}2 Sumber Daya Aparatur"),
        (
            "p",
            f"Jumlah aparatur sipil negara pada {host_office(pk)} menurut golongan adalah sebagai berikut.",
        ),
        ("table", (["Golongan", "Jumlah (orang)"], staff, [0.5, 0.5])),
        ("h", f"{numbered}3 Sistematika"),
        ("n", "1. Bagian pertama menguraikan latar belakang, maksud dan tujuan serta isu strategis;"),
        ("n", "2. Bagian kedua memuat rencana strategis, indikator kinerja utama dan Perjanjian Kinerja;"),
        ("n", "3. Bagian ketiga menyajikan pengukuran, analisis capaian kinerja dan realisasi anggaran;"),
        ("n", "4. Bagian keempat memuat simpulan dan langkah perbaikan ke depan."),
    ]


def minutes_before(rng: random.Random, pks: list[Pk]) -> list[Block]:
    pk = pks[0]
    chair = people(rng, pk, 1)[0]
    day = rng.randint(3, 12)
    blocks: list[Block] = [
        ("title", "NOTULEN RAPAT"),
        ("title", f"PENYUSUNAN DAN PENANDATANGANAN PERJANJIAN KINERJA TAHUN {pk.year}"),
        ("title", host_office(pk).upper()),
        ("gap", ""),
        ("kv", ("Hari/Tanggal", f"Senin, {day} Januari {pk.year}")),
        ("kv", ("Waktu", "09.00 WIB s.d. selesai")),
        ("kv", ("Tempat", f"Ruang Rapat {host_office(pk)}")),
        ("kv", ("Pimpinan Rapat", chair)),
        ("kv", ("Peserta", "Pejabat struktural dan fungsional (daftar hadir terlampir)")),
        ("h", "I. PEMBUKAAN"),
        (
            "p",
            f"Rapat dibuka oleh pimpinan rapat pada pukul 09.15 WIB. Pimpinan rapat menyampaikan bahwa "
            f"Perjanjian Kinerja Tahun {pk.year} wajib ditandatangani paling lambat akhir bulan Januari "
            f"sesuai Peraturan Menteri PANRB Nomor 53 Tahun 2014 dan selaras dengan Rencana Strategis.",
        ),
        (
            "p",
            "Penyusunan Perjanjian Kinerja dilakukan secara berjenjang: Kepala Perangkat Daerah dengan "
            "Kepala Daerah, Kepala Bidang dengan Kepala Perangkat Daerah, dan Kepala Seksi dengan Kepala "
            "Bidang, sehingga target setiap jenjang mendukung target jenjang di atasnya.",
        ),
        *context_sections(rng, pk, "I."),
        ("h", "II. PEMBAHASAN"),
        (
            "n",
            "1. Sekretaris menyampaikan rancangan sasaran, indikator dan target kinerja yang telah "
            "dibahas dalam forum perangkat daerah, sebagai berikut:",
        ),
    ]
    for n, each in enumerate(pks, start=1):
        blocks.append(("n", f"1.{n}. {each.first.position}:"))
        for k, j, objective, indicator, target in indicator_lines(each):
            if j == 1:
                blocks.append(("p", f"Sasaran {k}: {objective}."))
            blocks.append(
                ("p", f"Sasaran {k}.{j}: {indicator}. Target sebesar {target} pada akhir tahun {pk.year}.")
            )
    rows = []
    for _, _, _, indicator, target in [line for each in pks for line in indicator_lines(each)][:6]:
        rows.append([indicator, realised(rng, target)[0], realised(rng, target)[0], target])
    blocks += [
        (
            "n",
            f"2. Peserta rapat membahas usulan target dibandingkan dengan target dan realisasi tahun "
            f"{pk.year - 1}:",
        ),
        (
            "table",
            (
                ["Indikator", f"Target {pk.year - 1}", f"Realisasi {pk.year - 1}", f"Usulan {pk.year}"],
                rows,
                [0.46, 0.18, 0.18, 0.18],
            ),
        ),
        (
            "n",
            f"3. Target sebesar {rows[0][3] if rows else '100 %'} dinilai realistis dengan mempertimbangkan "
            f"ketersediaan anggaran dan capaian tahun sebelumnya. Untuk indikator yang capaiannya di bawah "
            f"target, bidang terkait diminta menyusun rencana aksi triwulanan.",
        ),
        (
            "n",
            "4. Perjanjian Kinerja ditandatangani pada hari yang sama oleh para pejabat, sebagaimana "
            "terlampir dalam notulen ini.",
        ),
    ]
    return blocks


def minutes_after(rng: random.Random, pk: Pk) -> list[Block]:
    names = people(rng, pk, 7)
    positions = [
        "Sekretaris",
        "Kepala Bidang",
        "Kepala Bidang",
        "Kepala Sub Bagian",
        "Kepala Seksi",
        "Kepala Seksi",
        "Analis Kebijakan",
    ]
    blocks: list[Block] = [
        ("h", "III. TANGGAPAN PESERTA"),
        (
            "n",
            "1. Kepala Bidang menyampaikan bahwa target triwulan I perlu disesuaikan dengan jadwal "
            "pencairan anggaran, sehingga capaian triwulan I direncanakan paling sedikit 20 persen.",
        ),
        (
            "n",
            "2. Kepala Sub Bagian Perencanaan mengusulkan agar data dukung capaian setiap indikator "
            "diunggah ke aplikasi e-SAKIP paling lambat tanggal 10 setelah triwulan berakhir.",
        ),
        (
            "n",
            "3. Peserta menyepakati bahwa indikator yang sama pada beberapa sasaran diukur dengan "
            "formulasi yang sama agar capaiannya dapat dibandingkan.",
        ),
        ("h", "IV. KESIMPULAN"),
        (
            "n",
            f"1. Perjanjian Kinerja Tahun {pk.year} telah ditandatangani dan menjadi acuan penyusunan "
            "rencana aksi serta pengukuran kinerja triwulanan.",
        ),
        (
            "n",
            "2. Setiap bidang menyampaikan laporan capaian kinerja triwulan paling lambat tanggal 10 bulan "
            "berikutnya.",
        ),
        (
            "n",
            "3. Target sebesar yang tercantum dalam lampiran tidak dapat diubah kecuali melalui Perjanjian "
            "Kinerja Perubahan.",
        ),
        ("h", "V. PENUTUP"),
        (
            "p",
            "Rapat ditutup pada pukul 12.10 WIB. Demikian notulen ini dibuat untuk dipergunakan "
            "sebagaimana mestinya.",
        ),
        ("sig", [f"{pk.place}, Januari {pk.year}", "Notulis,", "", names[0]]),
        ("title", "DAFTAR HADIR"),
        (
            "table",
            (
                ["No", "Nama", "Jabatan", "Tanda Tangan"],
                [
                    [f"{i}.", n, p, f"{i}. ........"]
                    for i, (n, p) in enumerate(zip(names, positions, strict=True), start=1)
                ],
                [0.07, 0.4, 0.3, 0.23],
            ),
        ),
    ]
    return blocks


def realised(rng: random.Random, target: str) -> tuple[str, str]:
    digits = target.split()[0].replace(".", "").replace(",", ".").rstrip("%")
    try:
        value = float(digits)
    except ValueError:
        return target, "100"
    real = round(value * rng.uniform(0.85, 1.12), 2)
    ratio = 100 * real / value if value else 100.0
    return fmt_number(real, 2), fmt_number(round(ratio, 2), 2)

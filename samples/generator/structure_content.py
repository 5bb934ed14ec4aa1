"""Content the structure group needs beyond `content.py`: budget hierarchies, shared-target indicator
groups, many-row indicator families and the prose of reports that carry PKs.

Names follow the public Kepmendagri 050-5889/2021 nomenclature (pk-domain.md §2.4); no real official,
budget or document is copied.
"""

from __future__ import annotations

# Program -> kegiatan -> sub kegiatan, with the nomenclature code of each level (urusan.bidang.program,
# + .kegiatan, + .sub kegiatan). Codes of the technical programs are invented in the same shape.
Hierarchy = tuple[str, str, tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]]

SUPPORT_PROGRAM: Hierarchy = (
    "01",
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    (
        (
            "2.01",
            "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
            (
                ("0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
                ("0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD"),
                (
                    "0006",
                    "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
                ),
                ("0007", "Evaluasi Kinerja Perangkat Daerah"),
            ),
        ),
        (
            "2.02",
            "Administrasi Keuangan Perangkat Daerah",
            (
                ("0001", "Penyediaan Gaji dan Tunjangan ASN"),
                ("0005", "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD"),
            ),
        ),
        (
            "2.06",
            "Administrasi Umum Perangkat Daerah",
            (
                ("0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor"),
                ("0002", "Penyediaan Peralatan dan Perlengkapan Kantor"),
                ("0004", "Penyediaan Bahan Logistik Kantor"),
                ("0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"),
            ),
        ),
        (
            "2.08",
            "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
            (
                ("0001", "Penyediaan Jasa Surat Menyurat"),
                ("0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
                ("0004", "Penyediaan Jasa Pelayanan Umum Kantor"),
            ),
        ),
    ),
)

# Technical programs: (program code, program, [(kegiatan code, kegiatan, [(sub code, sub kegiatan)])])
TECHNICAL_PROGRAMS: tuple[Hierarchy, ...] = (
    (
        "02",
        "Program Peningkatan Kualitas Pelayanan Publik",
        (
            (
                "2.01",
                "Pengembangan Standar Pelayanan dan Survei Kepuasan Masyarakat",
                (
                    ("0003", "Penyusunan Standar Pelayanan Unit Layanan"),
                    ("0005", "Pelaksanaan Survei Kepuasan Masyarakat"),
                ),
            ),
            (
                "2.02",
                "Pengelolaan Pengaduan Masyarakat",
                (
                    ("0001", "Penanganan Pengaduan Masyarakat secara Daring dan Luring"),
                    ("0004", "Pemantauan Tindak Lanjut Pengaduan"),
                ),
            ),
        ),
    ),
    (
        "03",
        "Program Pengelolaan Data dan Informasi Sektoral",
        (
            (
                "2.01",
                "Penyelenggaraan Statistik Sektoral Perangkat Daerah",
                (
                    ("0002", "Pengumpulan dan Validasi Data Sektoral"),
                    ("0003", "Penyusunan Buku Profil Data Sektoral"),
                    ("0006", "Pengembangan Dasbor Data Sektoral"),
                ),
            ),
        ),
    ),
    (
        "04",
        "Program Pembinaan dan Pengawasan Teknis",
        (
            (
                "2.01",
                "Pembinaan Teknis kepada Unit Pelaksana",
                (
                    ("0001", "Bimbingan Teknis Petugas Lapangan"),
                    ("0002", "Monitoring dan Evaluasi Pelaksanaan Program Teknis"),
                ),
            ),
            (
                "2.03",
                "Pengawasan dan Pengendalian Mutu Layanan",
                (
                    ("0001", "Audit Mutu Internal Unit Layanan"),
                    ("0004", "Penyusunan Rekomendasi Perbaikan Mutu"),
                ),
            ),
        ),
    ),
)

# Indicators that share one merged target cell in Word PKs (each group under one sasaran):
# (sasaran, [indicator texts], shared target text, value, unit)
SHARED_TARGET_GROUPS: tuple[tuple[str, tuple[str, ...], str, float | None, str | None], ...] = (
    (
        "Meningkatnya kualitas pelayanan administrasi perkantoran",
        (
            "Persentase dokumen perencanaan dan penganggaran yang disusun tepat waktu",
            "Persentase laporan keuangan yang disusun tepat waktu",
            "Persentase kebutuhan sarana dan prasarana kantor yang terpenuhi",
            "Persentase layanan administrasi umum yang diselesaikan",
        ),
        "100%",
        100.0,
        "%",
    ),
    (
        "Terselenggaranya tata kelola keuangan yang akuntabel",
        (
            "Penyusunan laporan keuangan bulanan, semesteran dan tahunan",
            "Penatausahaan dan verifikasi dokumen pertanggungjawaban keuangan",
            "Rekonsiliasi data aset dan barang milik daerah",
        ),
        "Tersedianya laporan keuangan yang tepat waktu dan sesuai standar",
        None,
        None,
    ),
    (
        "Meningkatnya kualitas perencanaan dan evaluasi kinerja",
        (
            "Tersusunnya Rencana Kerja Perangkat Daerah",
            "Tersusunnya Laporan Kinerja Instansi Pemerintah",
            "Tersusunnya Perjanjian Kinerja dan Rencana Aksi",
        ),
        "3 Dokumen",
        3.0,
        "Dokumen",
    ),
)

# An indicator that reappears under several sasaran in real TW tables.
REPEATED_INDICATORS: tuple[tuple[str, str | None, str, float, float], ...] = (
    ("Indeks Kepuasan Masyarakat", "Indeks", "dec", 78, 90),
    ("Persentase capaian Standar Pelayanan Minimal", "%", "pct", 90, 100),
    ("Persentase rekomendasi hasil pengawasan yang ditindaklanjuti", "%", "pct", 80, 100),
)

# Many-row tables: SPM-style topics x indicator templates give distinct indicator texts.
LONG_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Meningkatnya cakupan pelayanan kesehatan sesuai standar",
        (
            "pelayanan kesehatan ibu hamil",
            "pelayanan kesehatan ibu bersalin",
            "pelayanan kesehatan bayi baru lahir",
            "pelayanan kesehatan balita",
            "pelayanan kesehatan pada usia pendidikan dasar",
            "pelayanan kesehatan pada usia produktif",
        ),
    ),
    (
        "Terkendalinya penyakit tidak menular dan menular",
        (
            "pelayanan kesehatan pada usia lanjut",
            "pelayanan kesehatan penderita hipertensi",
            "pelayanan kesehatan penderita diabetes melitus",
            "pelayanan kesehatan orang dengan gangguan jiwa berat",
            "pelayanan kesehatan orang terduga tuberkulosis",
            "pelayanan kesehatan orang dengan risiko terinfeksi HIV",
        ),
    ),
    (
        "Meningkatnya kualitas tata kelola administrasi perangkat daerah",
        (
            "layanan surat menyurat dan kearsipan",
            "layanan kepegawaian internal",
            "pengelolaan barang milik daerah",
            "penyusunan dokumen perencanaan",
            "penatausahaan keuangan",
            "pemeliharaan sarana dan prasarana kantor",
        ),
    ),
    (
        "Meningkatnya kualitas data dan informasi pelayanan",
        (
            "pengelolaan data sasaran pelayanan",
            "pemutakhiran sistem informasi pelayanan",
            "publikasi informasi pelayanan",
            "pengelolaan pengaduan pelayanan",
        ),
    ),
)
# (template, unit, kind, low, high); "{t}" is the topic
LONG_TEMPLATES: tuple[tuple[str, str | None, str, float, float], ...] = (
    ("Persentase {t} sesuai standar", "%", "pct", 80, 100),
    ("Jumlah laporan pelaksanaan {t}", "Laporan", "int", 2, 12),
    ("Jumlah petugas yang dilatih untuk {t}", "Orang", "int", 10, 120),
    ("Persentase unit kerja yang melaksanakan {t} tepat waktu", "%", "pct", 70, 100),
    ("Jumlah sarana pendukung {t} yang tersedia", "Unit", "int", 2, 40),
    ("Jumlah dokumen evaluasi {t}", "Dokumen", "int", 1, 4),
    ("Jumlah kegiatan sosialisasi {t} yang dilaksanakan", "Kegiatan", "int", 2, 24),
    ("Persentase rekomendasi hasil evaluasi {t} yang ditindaklanjuti", "%", "pct", 60, 100),
)

PENANGGUNG_JAWAB = ("Sekretariat", "Bidang Pelayanan", "Bidang Pengendalian", "Bidang Data dan Informasi")
SUMBER_DATA = ("Laporan Bidang", "Aplikasi SIMDA", "Survei Internal", "Laporan Tahunan", "BPS")

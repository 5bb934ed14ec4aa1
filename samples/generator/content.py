"""Realistic Indonesian content for generated PKs: regions, agencies, indicators, people, ranks.

Everything is invented from public naming patterns (pk-domain.md §4-§6); no real official appears.
"""

from __future__ import annotations

from dataclasses import dataclass

# (province, provincial capital, [(kind, name, seat of government)])
REGIONS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "Jawa Tengah",
        "Semarang",
        [
            ("Kabupaten", "Kendal", "Kendal"),
            ("Kabupaten", "Boyolali", "Boyolali"),
            ("Kabupaten", "Grobogan", "Purwodadi"),
            ("Kota", "Salatiga", "Salatiga"),
            ("Kabupaten", "Banyumas", "Purwokerto"),
        ],
    ),
    (
        "Jawa Barat",
        "Bandung",
        [
            ("Kabupaten", "Garut", "Garut"),
            ("Kabupaten", "Sumedang", "Sumedang"),
            ("Kota", "Bogor", "Bogor"),
            ("Kabupaten", "Bogor", "Cibinong"),
        ],
    ),
    (
        "Jawa Timur",
        "Surabaya",
        [
            ("Kabupaten", "Sidoarjo", "Sidoarjo"),
            ("Kabupaten", "Jombang", "Jombang"),
            ("Kota", "Malang", "Malang"),
            ("Kabupaten", "Lamongan", "Lamongan"),
        ],
    ),
    (
        "Lampung",
        "Bandar Lampung",
        [
            ("Kabupaten", "Pringsewu", "Pringsewu"),
            ("Kota", "Metro", "Metro"),
            ("Kabupaten", "Lampung Selatan", "Kalianda"),
        ],
    ),
    (
        "Sulawesi Tenggara",
        "Kendari",
        [("Kabupaten", "Konawe Utara", "Wanggudu"), ("Kota", "Baubau", "Baubau")],
    ),
    ("Aceh", "Banda Aceh", [("Kabupaten", "Aceh Barat", "Meulaboh"), ("Kabupaten", "Pidie", "Sigli")]),
    ("Maluku Utara", "Sofifi", [("Kabupaten", "Halmahera Barat", "Jailolo")]),
    ("Bali", "Denpasar", [("Kabupaten", "Gianyar", "Gianyar"), ("Kabupaten", "Tabanan", "Tabanan")]),
    ("Sumatera Barat", "Padang", [("Kabupaten", "Lima Puluh Kota", "Sarilamak"), ("Kota", "Solok", "Solok")]),
    (
        "Kalimantan Selatan",
        "Banjarbaru",
        [("Kabupaten", "Banjar", "Martapura"), ("Kabupaten", "Kotabaru", "Kotabaru")],
    ),
    ("Gorontalo", "Gorontalo", [("Kabupaten", "Pohuwato", "Marisa")]),
    ("Nusa Tenggara Barat", "Mataram", [("Kabupaten", "Lombok Timur", "Selong"), ("Kota", "Bima", "Bima")]),
]

STREETS = [
    "Jl. Soekarno-Hatta No. 12",
    "Jl. Pemuda No. 148",
    "Jl. Diponegoro No. 7",
    "Jl. Jenderal Sudirman No. 3",
    "Jl. Ahmad Yani Km. 4",
    "Jl. Pahlawan No. 21",
    "Jl. Merdeka Barat No. 5",
    "Jl. Gajah Mada No. 30",
]


@dataclass(frozen=True)
class Region:
    province: str
    kind: str  # "Provinsi", "Kabupaten", "Kota"
    name: str
    seat: str

    @property
    def full(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def government(self) -> str:
        return f"Pemerintah {self.full}"

    @property
    def head_title(self) -> str:
        return {"Provinsi": "Gubernur", "Kabupaten": "Bupati", "Kota": "Wali Kota"}[self.kind]


def all_regions() -> list[Region]:
    regions = []
    for province, capital, seconds in REGIONS:
        regions.append(Region(province, "Provinsi", province, capital))
        regions.extend(Region(province, kind, name, seat) for kind, name, seat in seconds)
    return regions


# Indicator: (indicator text, unit, kind, low, high) where kind picks how the target is written:
# "pct" 0-100 with decimals, "int" a count, "dec" an index with 2 decimals, "grade", "opinion",
# "level", "text:<fixed text>", "compound".
Indicator = tuple[str, str | None, str, float, float]


@dataclass(frozen=True)
class Unit:
    name: str
    head: str  # position of its head, without the region words


@dataclass(frozen=True)
class Agency:
    """One OPD: how its head is titled, what it aims for, which bidang/seksi and programs it has."""

    name: str
    short: str
    head: str
    objectives: tuple[tuple[str, tuple[Indicator, ...]], ...]
    bidang: tuple[tuple[Unit, tuple[Unit, ...]], ...]
    programs: tuple[str, ...]


GRADES = ["AA", "A", "BB", "B"]

AGENCIES: list[Agency] = [
    Agency(
        "Inspektorat",
        "Itda",
        "Inspektur",
        (
            (
                "Meningkatnya akuntabilitas keuangan dan kinerja pemerintah daerah",
                (
                    ("Level Kapabilitas APIP", "Level", "level", 3, 4),
                    ("Level Maturitas SPIP", "Level", "dec", 3, 3.6),
                    ("Opini BPK atas LKPD", None, "opinion", 0, 0),
                ),
            ),
            (
                "Meningkatnya tata kelola pemerintahan yang bersih dan bebas KKN",
                (
                    ("Persentase Tindak Lanjut Rekomendasi BPK", "%", "pct", 85, 100),
                    ("Indeks Survei Penilaian Integritas", "Indeks", "dec", 70, 80),
                    (
                        "Persentase Penanganan Pengaduan Masyarakat yang Ditindaklanjuti Tepat Waktu",
                        "%",
                        "pct",
                        90,
                        100,
                    ),
                ),
            ),
            (
                "Meningkatnya kualitas pengawasan internal",
                (
                    ("Persentase penurunan temuan keuangan yang bersifat material", "%", "pct", 40, 60),
                    ("Jumlah laporan hasil pengawasan", "Dokumen", "int", 40, 120),
                ),
            ),
        ),
        (
            (
                Unit("Sekretariat", "Sekretaris Inspektorat"),
                (Unit("Sub Bagian Perencanaan dan Keuangan", "Kepala Sub Bagian Perencanaan dan Keuangan"),),
            ),
        ),
        (
            "Program Penyelenggaraan Pengawasan",
            "Program Perumusan Kebijakan, Pendampingan dan Asistensi",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Dinas Kesehatan",
        "Dinkes",
        "Kepala Dinas Kesehatan",
        (
            (
                "Meningkatnya derajat kesehatan masyarakat",
                (
                    ("Angka Kematian Ibu", "per 100.000 KH", "int", 60, 120),
                    ("Angka Kematian Bayi", "per 1.000 KH", "dec", 6, 15),
                    ("Prevalensi stunting balita", "%", "pct", 10, 20),
                ),
            ),
            (
                "Meningkatnya kualitas pelayanan kesehatan dasar dan rujukan",
                (
                    ("Persentase fasilitas kesehatan memenuhi standar", "%", "pct", 85, 98),
                    ("Jumlah puskesmas terakreditasi paripurna", "Unit", "int", 4, 26),
                    ("Cakupan imunisasi dasar lengkap", "%", "pct", 88, 96),
                    ("Jumlah posyandu aktif", "Unit", "int", 380, 1460),
                ),
            ),
            (
                "Meningkatnya akses jaminan kesehatan",
                (
                    ("Cakupan kepesertaan JKN", "%", "pct", 90, 99),
                    ("Persentase capaian SPM bidang kesehatan", "%", "pct", 95, 100),
                ),
            ),
        ),
        (
            (
                Unit("Bidang Kesehatan Masyarakat", "Kepala Bidang Kesehatan Masyarakat"),
                (
                    Unit("Seksi Kesehatan Keluarga dan Gizi", "Kepala Seksi Kesehatan Keluarga dan Gizi"),
                    Unit(
                        "Seksi Promosi dan Pemberdayaan Masyarakat",
                        "Kepala Seksi Promosi dan Pemberdayaan Masyarakat",
                    ),
                ),
            ),
            (
                Unit(
                    "Bidang Pencegahan dan Pengendalian Penyakit",
                    "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
                ),
                (Unit("Seksi Surveilans dan Imunisasi", "Kepala Seksi Surveilans dan Imunisasi"),),
            ),
        ),
        (
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
            "Program Sediaan Farmasi, Alat Kesehatan dan Makanan Minuman",
            "Program Pemberdayaan Masyarakat Bidang Kesehatan",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Dinas Pendidikan",
        "Disdik",
        "Kepala Dinas Pendidikan",
        (
            (
                "Meningkatnya akses dan mutu pendidikan",
                (
                    ("Rata-rata Lama Sekolah", "Tahun", "dec", 8, 10.5),
                    ("Harapan Lama Sekolah", "Tahun", "dec", 12.5, 15),
                    ("Angka Partisipasi Murni SD/MI", "%", "pct", 95, 99.5),
                ),
            ),
            (
                "Meningkatnya kualitas satuan pendidikan",
                (
                    ("Persentase sekolah terakreditasi minimal B", "%", "pct", 80, 95),
                    ("Jumlah ruang kelas SD yang direhabilitasi", "Unit", "int", 20, 60),
                    ("Persentase guru berkualifikasi S1/D-IV", "%", "pct", 92, 100),
                ),
            ),
        ),
        (
            (
                Unit("Bidang Pembinaan Sekolah Dasar", "Kepala Bidang Pembinaan Sekolah Dasar"),
                (Unit("Seksi Kurikulum dan Penilaian", "Kepala Seksi Kurikulum dan Penilaian"),),
            ),
        ),
        (
            "Program Pengelolaan Pendidikan",
            "Program Pengembangan Kurikulum",
            "Program Pendidik dan Tenaga Kependidikan",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "Kepala Badan Perencanaan Pembangunan Daerah",
        (
            (
                "Meningkatnya kualitas perencanaan pembangunan daerah",
                (
                    ("Persentase Keselarasan RPJMD dengan RKPD", "%", "pct", 85, 98),
                    ("Persentase Keselarasan RPJMD dengan Renstra PD", "%", "pct", 60, 90),
                    ("Indeks Daya Saing Daerah", "Indeks", "dec", 3, 3.8),
                ),
            ),
            (
                "Meningkatnya kualitas data dan inovasi daerah",
                (
                    ("Persentase Produk Inovasi yang Dimanfaatkan", "%", "pct", 80, 100),
                    ("Jumlah dokumen perencanaan yang ditetapkan tepat waktu", "Dokumen", "int", 3, 8),
                ),
            ),
        ),
        (
            (
                Unit(
                    "Bidang Perencanaan Ekonomi dan Sumber Daya Alam",
                    "Kepala Bidang Perencanaan Ekonomi dan Sumber Daya Alam",
                ),
                (Unit("Sub Bidang Pertanian dan Pangan", "Kepala Sub Bidang Pertanian dan Pangan"),),
            ),
        ),
        (
            "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            "Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        (
            (
                "Terwujudnya ASN yang profesional, kompeten dan kompetitif",
                (
                    ("Indeks Profesionalitas ASN", "Indeks", "int", 70, 90),
                    ("Indeks Sistem Merit", "Indeks", "dec", 0.6, 0.9),
                    ("Persentase ASN yang mendapatkan pengembangan kompetensi", "%", "pct", 20, 60),
                ),
            ),
            (
                "Meningkatnya kualitas pelayanan administrasi kepegawaian",
                (
                    ("Persentase layanan administrasi kepegawaian tepat waktu", "%", "pct", 90, 100),
                    ("Persentase Ketepatan Waktu Penjatuhan Hukuman Disiplin", "%", "pct", 95, 100),
                ),
            ),
        ),
        (
            (
                Unit("Bidang Mutasi dan Promosi", "Kepala Bidang Mutasi dan Promosi"),
                (Unit("Sub Bidang Kepangkatan dan Pensiun", "Kepala Sub Bidang Kepangkatan dan Pensiun"),),
            ),
        ),
        (
            "Program Kepegawaian Daerah",
            "Program Pengembangan Sumber Daya Manusia",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        (
            (
                "Meningkatnya kemantapan jalan kabupaten",
                (
                    ("Persentase jalan dalam kondisi mantap", "%", "pct", 70, 90),
                    ("Panjang jalan yang ditingkatkan kualitasnya", "Km", "dec", 12, 40),
                    ("Jumlah jembatan yang dibangun/direhabilitasi", "Unit", "int", 3, 15),
                ),
            ),
            (
                "Meningkatnya kualitas infrastruktur dasar",
                (
                    ("Persentase rumah tangga dengan akses air minum layak", "%", "pct", 80, 98),
                    ("Persentase jaringan irigasi dalam kondisi baik", "%", "pct", 60, 80),
                    ("Luas daerah irigasi yang direhabilitasi", "Ha", "int", 150, 1800),
                ),
            ),
        ),
        (
            (
                Unit("Bidang Bina Marga", "Kepala Bidang Bina Marga"),
                (
                    Unit(
                        "Seksi Pembangunan Jalan dan Jembatan", "Kepala Seksi Pembangunan Jalan dan Jembatan"
                    ),
                ),
            ),
            (
                Unit("Bidang Sumber Daya Air", "Kepala Bidang Sumber Daya Air"),
                (Unit("Seksi Operasi dan Pemeliharaan", "Kepala Seksi Operasi dan Pemeliharaan"),),
            ),
        ),
        (
            "Program Penyelenggaraan Jalan",
            "Program Pengelolaan Sumber Daya Air",
            "Program Pengembangan Sistem dan Pengelolaan Persampahan Regional",
            "Program Penataan Bangunan Gedung",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "Kepala Dinas Komunikasi dan Informatika",
        (
            (
                "Meningkatnya Indeks Kematangan SPBE",
                (
                    ("Indeks SPBE", "Indeks", "dec", 2.5, 3.6),
                    ("Persentase Perangkat Daerah yang Menerapkan SPBE", "%", "pct", 80, 100),
                ),
            ),
            (
                "Meningkatnya kualitas komunikasi publik",
                (
                    ("Nilai Keterbukaan Informasi Publik", None, "text:Informatif", 0, 0),
                    ("Jumlah aplikasi layanan publik terintegrasi", "Aplikasi", "int", 5, 25),
                ),
            ),
            (
                "Meningkatnya akuntabilitas kinerja Dinas Komunikasi dan Informatika",
                (("Nilai SAKIP Dinas", None, "grade", 0, 0),),
            ),
        ),
        (
            (
                Unit("Bidang Aplikasi Informatika", "Kepala Bidang Aplikasi Informatika"),
                (Unit("Seksi Pengembangan Aplikasi", "Kepala Seksi Pengembangan Aplikasi"),),
            ),
        ),
        (
            "Program Informasi dan Komunikasi Publik",
            "Program Aplikasi Informatika",
            "Program Penyelenggaraan Statistik Sektoral",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Dinas Peternakan",
        "Disnak",
        "Kepala Dinas Peternakan",
        (
            (
                "Meningkatnya produksi dan produktivitas peternakan",
                (
                    (
                        "Jumlah produksi yang dihasilkan (ton)",
                        None,
                        "subitems:Daging|Telur|Susu",
                        20000,
                        800000,
                    ),
                    ("Populasi ternak sapi potong", "Ekor", "int", 30000, 120000),
                ),
            ),
            (
                "Terkendalinya penyakit hewan menular strategis",
                (
                    ("Persentase kasus penyakit hewan yang tertangani", "%", "pct", 85, 100),
                    (
                        "Jumlah kasus penyakit hewan menular (kasus)",
                        None,
                        "subitems:Anthrax|Rabies|Brucellosis",
                        0,
                        40,
                    ),
                ),
            ),
        ),
        (
            (
                Unit("Bidang Produksi", "Kepala Bidang Produksi"),
                (Unit("Seksi Pembibitan", "Kepala Seksi Pembibitan"),),
            ),
            (Unit("Balai Pengembangan Perbibitan Ternak", "Kepala Balai Pengembangan Perbibitan Ternak"), ()),
        ),
        (
            "Program Penyediaan dan Pengembangan Sarana Pertanian",
            "Program Pengendalian Kesehatan Hewan",
            "Program Peningkatan Produksi Peternakan",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
    Agency(
        "Dinas Perpustakaan dan Kearsipan",
        "Dispusip",
        "Kepala Dinas Perpustakaan dan Kearsipan",
        (
            (
                "Meningkatnya minat baca dan pelestarian arsip daerah",
                (
                    (
                        "Jumlah koleksi bahan pustaka dan naskah kuno yang dilestarikan",
                        None,
                        "compound",
                        0,
                        0,
                    ),
                    ("Tingkat Gemar Membaca Masyarakat", "Nilai", "dec", 55, 75),
                    ("Persentase arsip yang dikelola sesuai standar", "%", "pct", 60, 95),
                ),
            ),
            (
                "Meningkatnya kualitas layanan perpustakaan",
                (
                    ("Jumlah pengunjung perpustakaan", "Orang", "int", 20000, 150000),
                    ("Indeks Kepuasan Masyarakat", "Indeks", "dec", 80, 92),
                ),
            ),
        ),
        (
            (
                Unit("Bidang Pengelolaan Arsip", "Kepala Bidang Pengelolaan Arsip"),
                (Unit("Seksi Akuisisi dan Pengolahan Arsip", "Kepala Seksi Akuisisi dan Pengolahan Arsip"),),
            ),
        ),
        (
            "Program Pembinaan Perpustakaan",
            "Program Pelestarian Koleksi Nasional dan Naskah Kuno",
            "Program Pengelolaan Arsip",
            "Program Penunjang Urusan Pemerintahan Daerah",
        ),
    ),
]

HEAD_OBJECTIVES: tuple[tuple[str, tuple[Indicator, ...]], ...] = (
    (
        "Meningkatnya kualitas sumber daya manusia",
        (
            ("Indeks Pembangunan Manusia", "Indeks", "dec", 68, 80),
            ("Rata-rata Lama Sekolah", "Tahun", "dec", 7.5, 10),
        ),
    ),
    (
        "Meningkatnya pertumbuhan ekonomi daerah",
        (
            ("Pertumbuhan Ekonomi", "%", "pct", 4, 6.5),
            ("Tingkat Kemiskinan", "%", "pct", 6, 16),
            ("Tingkat Pengangguran Terbuka", "%", "pct", 3, 7),
        ),
    ),
    (
        "Terwujudnya tata kelola pemerintahan yang bersih, akuntabel dan transparan",
        (
            ("Opini BPK atas LKPD", None, "opinion", 0, 0),
            ("Nilai SAKIP Pemerintah Daerah", None, "grade", 0, 0),
            ("Indeks Reformasi Birokrasi", "Indeks", "dec", 60, 80),
        ),
    ),
)
HEAD_PROGRAMS = (
    "Program Penunjang Urusan Pemerintahan Daerah",
    "Program Pemenuhan Upaya Kesehatan Perorangan",
    "Program Pengelolaan Pendidikan",
    "Program Penyelenggaraan Jalan",
    "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
)

FUNDING = ["APBD", "APBD", "APBD", "DAK", "DAU", "APBD-P", "BLUD", "DBH"]

MALE_NAMES = [
    "Agus",
    "Budi",
    "Bambang",
    "Slamet",
    "Hendra",
    "Teguh",
    "Eko",
    "Joko",
    "Sugeng",
    "Rudi",
    "Dedi",
    "Yusuf",
    "Ahmad",
    "Muhammad",
    "Arief",
    "Fajar",
    "Wahyu",
    "Heru",
    "Irfan",
    "Andi",
    "Rahmat",
    "Syamsul",
    "Asep",
    "Dadang",
    "Ujang",
    "Taufik",
    "Zulkifli",
    "Hasan",
    "Imam",
    "Kurniawan",
]
FEMALE_NAMES = [
    "Sri",
    "Siti",
    "Dewi",
    "Endang",
    "Rina",
    "Yuliana",
    "Wahyuni",
    "Nurul",
    "Lestari",
    "Ratna",
    "Indah",
    "Fitri",
    "Nining",
    "Yeni",
    "Eni",
    "Tuti",
    "Herlina",
    "Ani",
    "Mulyani",
    "Kartika",
]
SURNAMES = [
    "Santoso",
    "Prasetyo",
    "Wibowo",
    "Setiawan",
    "Hidayat",
    "Nugroho",
    "Saputra",
    "Kusuma",
    "Susanto",
    "Pratama",
    "Gunawan",
    "Hakim",
    "Rahman",
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Sihombing",
    "Pangaribuan",
    "Wijaya",
    "Purnomo",
    "Suryadi",
    "Sulistyo",
    "Hartono",
    "Permana",
    "Sukmana",
    "Mahendra",
    "Firmansyah",
    "Ramadhan",
    "Syahputra",
    "Utomo",
    "Kurnia",
    "Fauzi",
    "Mulyadi",
]
BALI_MALE = ["I Made", "I Wayan", "I Nyoman", "I Ketut", "I Gede", "I Putu"]
BALI_FEMALE = ["Ni Made", "Ni Wayan", "Ni Nyoman", "Ni Ketut", "Ni Luh", "Ni Putu"]
BALI_NAMES = [
    "Sudarsana",
    "Mertayasa",
    "Suwardana",
    "Sukmawati",
    "Artawan",
    "Widiastuti",
    "Sudiarta",
    "Ariani",
]

MALE_PREFIX = ["", "", "", "Drs. ", "Ir. ", "H. ", "dr. ", "Dr. ", "Drs. H. ", "Ir. H. "]
FEMALE_PREFIX = ["", "", "", "Dra. ", "Ir. ", "Hj. ", "dr. ", "Dr. ", "Dra. Hj. "]
SUFFIXES = [
    "S.E.",
    "M.Si.",
    "S.Sos., M.Si.",
    "S.T., M.T.",
    "S.H., M.H.",
    "S.STP., M.AP.",
    "S.Kom.",
    "S.Pd., M.Pd.",
    "M.Kes.",
    "S.E., M.M.",
    "S.IP.",
    "S.Pt.",
    "S.Kep., Ns.",
    "MH",
    "M.Si",
    "SE, MM",
    "S.Sos",
    "S.T.",
    "M.P.",
    "S.Hut., M.Sc.",
]

# (pangkat, golongan)
RANKS = {
    "IV/e": "Pembina Utama",
    "IV/d": "Pembina Utama Madya",
    "IV/c": "Pembina Utama Muda",
    "IV/b": "Pembina Tingkat I",
    "IV/a": "Pembina",
    "III/d": "Penata Tingkat I",
    "III/c": "Penata",
    "III/b": "Penata Muda Tingkat I",
}
RANKS_BY_LEVEL = {
    "II": ["IV/c", "IV/c", "IV/b", "IV/d"],
    "III": ["IV/a", "IV/b", "III/d"],
    "IV": ["III/d", "III/c", "IV/a"],
    "head": ["IV/d", "IV/e"],
}

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

"""The PK vocabulary as data (pk-domain.md §1, §4, §9): anchors, labels, months, titles, ranks, regions.

Kept apart from the code that uses it so a new spelling is a one-line change.
"""

from __future__ import annotations

import re

TITLE_ANCHORS = ("PERJANJIAN KINERJA", "PENETAPAN KINERJA", "PERNYATAAN PERJANJIAN KINERJA")
LAMPIRAN_ANCHORS = ("LAMPIRAN PERJANJIAN KINERJA", "FORMULIR PERJANJIAN KINERJA")
OPENING_ANCHORS = (
    "dalam rangka mewujudkan manajemen pemerintahan",
    "yang bertanda tangan di bawah ini",
    "transparan dan akuntabel serta berorientasi pada hasil",
)
PROMISE_ANCHORS = (
    "berjanji akan mewujudkan target kinerja",
    "menjadi tanggung jawab kami",
    "pemberian penghargaan dan sanksi",
)
REVISION_WORDS = ("PERUBAHAN", "REVISI")
NON_PK_TITLES = (
    "KATA PENGANTAR", "DAFTAR ISI", "LAPORAN KINERJA", "RENCANA AKSI", "KEPUTUSAN", "BAB I",
    "RENCANA STRATEGIS", "INDIKATOR KINERJA UTAMA",
)

# Party-block field labels: canonical key -> printed variants (matched fuzzily on normalised text).
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("nama",),
    "nip": ("nip", "ni pppk", "nippppk", "nrp", "nip nrp"),
    "rank": ("pangkat", "pangkat gol", "pangkat golongan", "pangkat gol ruang", "golongan", "gol",
             "pangkat golongan ruang"),
    "position": ("jabatan",),
    "unit": ("unit kerja", "instansi"),
}

FIRST_PARTY_WORDS = ("PERTAMA", "KESATU")
SECOND_PARTY_WORDS = ("KEDUA",)
FIRST_PARTY_ALT = ("PEGAWAI YANG DINILAI",)
SECOND_PARTY_ALT = ("PEJABAT PENILAI",)

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2, "peb": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "december": 12, "dec": 12,
}
FULL_MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
               "oktober", "november", "desember", "pebruari", "nopember")

# Pangkat names, longest first so "Pembina Utama Muda" is never read as "Pembina".
PANGKAT = (
    "Pembina Utama Madya", "Pembina Utama Muda", "Pembina Utama", "Pembina Tingkat I", "Pembina Tk. I",
    "Pembina", "Penata Muda Tingkat I", "Penata Muda Tk. I", "Penata Muda", "Penata Tingkat I",
    "Penata Tk. I", "Penata", "Pengatur Muda Tingkat I", "Pengatur Muda", "Pengatur Tingkat I",
    "Pengatur", "Juru Muda Tingkat I", "Juru Muda", "Juru Tingkat I", "Juru",
)
# Each pangkat with its golongan/ruang (pk-domain.md §4.2), in the normal form of `rank_parts`.
PANGKAT_GOLONGAN = {
    "juru muda": "I/a", "juru muda tingkat i": "I/b", "juru": "I/c", "juru tingkat i": "I/d",
    "pengatur muda": "II/a", "pengatur muda tingkat i": "II/b", "pengatur": "II/c",
    "pengatur tingkat i": "II/d", "penata muda": "III/a", "penata muda tingkat i": "III/b",
    "penata": "III/c", "penata tingkat i": "III/d", "pembina": "IV/a", "pembina tingkat i": "IV/b",
    "pembina utama muda": "IV/c", "pembina utama madya": "IV/d", "pembina utama": "IV/e",
}
GOLONGAN_RE = re.compile(r"\b(?:I{1,3}|IV|[l1]V|[l1]{1,3})\s*[/.\-]\s*[a-eA-E]\b")
PANGKAT_RE = re.compile(
    r"\b(?:Pembina|Penata|Pengatur|Juru)(?:\s*(?:Utama|Muda|Madya|Tingkat|Tk\.?|TK\.?|I\b|1\b|\(|,|/))*"
    r"[^\n]*", re.IGNORECASE)

# Prefix titles of personal names (pk-domain.md §4.4); matching is case-sensitive for dr./Dr.
NAME_PREFIXES = (
    "Prof.", "Dr.", "dr.", "drg.", "drh.", "Ir.", "Drs.", "Dra.", "H.", "Hj.", "KH.", "K.H.", "Ns.",
    "apt.", "Rr.", "Rd.", "R.", "Tgk.", "T.", "Hajjah",
)
FEMALE_MARKERS = ("Hj.", "Dra.", "Ni ", "Cut ", "Hajjah")
MALE_MARKERS = ("H.", "Drs.", "Teuku", "T.")

REGIONAL_HEADS = ("GUBERNUR", "BUPATI", "WALIKOTA", "WALI KOTA")
DEPUTY_PREFIX = ("WAKIL",)
ACTING_PREFIXES = ("Plt.", "Plh.", "Pj.", "Pjs.", "a.n.", "u.b.")

# Position heads: the first word(s) of a jabatan; used to recognise position lines in signature blocks.
POSITION_HEADS = (
    "KEPALA", "GUBERNUR", "BUPATI", "WALIKOTA", "WALI KOTA", "WAKIL", "DIREKTUR", "SEKRETARIS",
    "INSPEKTUR", "CAMAT", "LURAH", "ASISTEN", "STAF AHLI", "KABID", "KASI", "KASUBAG", "KASUBBAG",
    "KADIS", "PLT", "PLH", "PJ", "MENTERI", "KETUA", "FUNGSIONAL", "PEJABAT", "KELAPA", "AN.", "A.N.",
)

# OPD kinds (organization level) and sub-unit kinds (below OPD), as printed after "Kepala".
OPD_HEADS = (
    "DINAS", "BADAN", "INSPEKTORAT", "SEKRETARIAT DAERAH", "SEKRETARIAT DPRD", "SEKRETARIAT DEWAN",
    "RUMAH SAKIT", "RSUD", "KECAMATAN", "SATUAN POLISI PAMONG PRAJA", "KANTOR", "BIRO",
)
SUB_UNIT_HEADS = (
    "SUB BAGIAN", "SUBBAGIAN", "SUB BAG", "SUBBAG", "SUB BIDANG", "SUBBIDANG", "BIDANG", "BAGIAN",
    "SEKSI", "BALAI", "BP.", "UPTD", "UPT", "SUBDIREKTORAT", "SEKRETARIAT",
)
# Abbreviated sub-unit heads as printed in a position, expanded the way the record spells them.
SUB_UNIT_ALIASES = {"SUB BAG": "Sub Bagian", "SUBBAG": "Sub Bagian", "KASUBAG": "Sub Bagian"}

REGION_KINDS = {
    "PROVINSI": "Provinsi", "PROPINSI": "Provinsi", "PROV.": "Provinsi", "PROV": "Provinsi",
    "KABUPATEN": "Kabupaten", "KAB.": "Kabupaten", "KOTA": "Kota",
}
HEAD_TO_REGION_KIND = {"GUBERNUR": "Provinsi", "BUPATI": "Kabupaten", "WALIKOTA": "Kota", "WALI KOTA": "Kota"}

# Words kept lower case when an upper-case organisation name is title-cased.
LOWER_WORDS = {"dan", "serta", "di", "ke", "dari", "untuk", "pada", "atas", "yang", "dengan", "se"}
# Acronyms kept upper case when title-casing.
ACRONYMS = {"DPRD", "RSUD", "UPTD", "UPT", "SDM", "BPBD", "PPKD", "TMII", "II", "III", "IV", "VI", "VII",
            "RI", "KB", "UMKM", "ESDM", "SKPD", "OPD", "BP", "PU", "PUPR", "BPKAD", "RS", "TU"}

# Common OPD names (regional agencies), used to undo OCR slips in an organisation name ("Petenakan").
COMMON_OPD_NAMES = (
    "Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan", "Dinas Peternakan",
    "Dinas Pertanian", "Dinas Pertanian Tanaman Pangan", "Dinas Perikanan", "Dinas Kelautan dan Perikanan",
    "Dinas Kehutanan", "Dinas Perkebunan", "Dinas Pariwisata dan Kebudayaan", "Dinas Pariwisata",
    "Dinas Perhubungan", "Dinas Sosial", "Dinas Tenaga Kerja", "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinas Perindustrian dan Perdagangan", "Dinas Perdagangan", "Dinas Perindustrian",
    "Dinas Koperasi dan Usaha Kecil", "Dinas Koperasi, Usaha Kecil dan Menengah",
    "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Pekerjaan Umum", "Dinas Bina Marga",
    "Dinas Sumber Daya Air", "Dinas Perumahan dan Permukiman",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Komunikasi dan Informatika",
    "Dinas Pemuda dan Olahraga", "Dinas Perpustakaan dan Kearsipan",
    "Dinas Perpustakaan dan Kearsipan Daerah",
    "Dinas Energi dan Sumber Daya Mineral", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Pemberdayaan Masyarakat dan Desa", "Dinas Ketahanan Pangan", "Dinas Pemadam Kebakaran",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "Dinas Kebudayaan", "Dinas Pertanahan",
    "Badan Perencanaan Pembangunan Daerah", "Badan Kepegawaian Daerah", "Badan Pendapatan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Badan Keuangan dan Aset Daerah",
    "Badan Penanggulangan Bencana Daerah", "Badan Kesatuan Bangsa dan Politik",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Badan Pengembangan Sumber Daya Manusia",
    "Badan Pemberdayaan Masyarakat dan Pemerintahan Desa", "Badan Lingkungan Hidup",
    "Badan Penelitian dan Pengembangan Daerah", "Inspektorat", "Inspektorat Daerah", "Sekretariat Daerah",
    "Sekretariat DPRD", "Satuan Polisi Pamong Praja", "Rumah Sakit Umum Daerah", "Rumah Sakit Jiwa",
)

# Provincial capitals: the signing place of a provincial PK whose page names no region (pk-domain.md §1.6).
PROVINCE_CAPITALS = {
    "banda aceh": "Aceh", "medan": "Sumatera Utara", "padang": "Sumatera Barat", "pekanbaru": "Riau",
    "jambi": "Jambi", "palembang": "Sumatera Selatan", "bengkulu": "Bengkulu", "bandar lampung": "Lampung",
    "pangkalpinang": "Kepulauan Bangka Belitung", "tanjungpinang": "Kepulauan Riau", "jakarta": "DKI Jakarta",
    "bandung": "Jawa Barat", "semarang": "Jawa Tengah", "yogyakarta": "Daerah Istimewa Yogyakarta",
    "surabaya": "Jawa Timur", "serang": "Banten", "denpasar": "Bali", "mataram": "Nusa Tenggara Barat",
    "kupang": "Nusa Tenggara Timur", "pontianak": "Kalimantan Barat", "palangka raya": "Kalimantan Tengah",
    "banjarbaru": "Kalimantan Selatan", "samarinda": "Kalimantan Timur", "tanjung selor": "Kalimantan Utara",
    "manado": "Sulawesi Utara", "palu": "Sulawesi Tengah", "makassar": "Sulawesi Selatan",
    "kendari": "Sulawesi Tenggara", "gorontalo": "Gorontalo", "mamuju": "Sulawesi Barat", "ambon": "Maluku",
    "sofifi": "Maluku Utara", "jayapura": "Papua", "manokwari": "Papua Barat",
}


def rank_parts(rank: str) -> tuple[str | None, str | None] | None:
    """A printed rank as (pangkat in normal form, golongan as "IV/c"); None when some of it is
    neither (OCR damage: "Pembina U adya", "Penata Tingkat I / NILd")."""
    golongan = None
    found = GOLONGAN_RE.search(rank)
    if found:
        roman, letter = re.split(r"\s*[/.\-]\s*", found.group(0))
        golongan = f"{roman.replace('l', 'I').replace('1', 'I')}/{letter.lower()}"
        rank = rank[:found.start()] + " " + rank[found.end():]
    words = re.sub(r"\b(?:Gol|Golongan|Ruang)\b\.?", " ", rank, flags=re.IGNORECASE)
    words = re.sub(r"(?:\b|(?<=[a-z]))(?:Tk|TK)\b\.?", " tingkat ", words)
    words = re.sub(r"[(),/.\-]", " ", words).lower().split()
    pangkat = " ".join("i" if w == "1" else w for w in words) or None
    if pangkat is not None and pangkat not in PANGKAT_GOLONGAN:
        return None
    return pangkat, golongan

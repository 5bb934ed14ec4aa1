"""Lampiran table vocabulary as data: header synonyms, units, funding sources, grades, stop words.

The table readers stay generic; a new layout variant should mostly be a new line here.
Header phrases are lower-case token tuples, matched longest first (pk-domain §2.2, §2.5).
"""

from __future__ import annotations

# Column kinds of performance and budget tables.
NO, OBJECTIVE, INDICATOR, TARGET, UNIT, NOTE = "no", "objective", "indicator", "target", "unit", "note"
PROGRAM, AMOUNT, IGNORED = "program", "amount", "ignored"
QUARTERS = ("tw1", "tw2", "tw3", "tw4")

HEADER_PHRASES: dict[str, list[str]] = {
    NO: ["no", "no.", "nomor"],
    OBJECTIVE: [
        "sasaran", "sasaran strategis", "sasaran strategis perangkat daerah", "sasaran program",
        "sasaran kegiatan", "sasaran sub kegiatan", "kinerja utama", "sasaran kinerja",
        "tujuan/sasaran", "sasaran/kinerja utama", "kinerja", "sasaran program/kegiatan",
        "sasaran program / kegiatan", "sasaran program/ kegiatan", "sasaran kegiatan/sub kegiatan",
    ],
    INDICATOR: [
        "indikator", "indikator kinerja", "indikator kinerja utama", "iku", "indikator sasaran",
        "indikator kinerja program", "indikator kinerja kegiatan", "indikator kinerja individu",
        "indikator output", "indikator outcome", "indikator sub kegiatan", "indikator program",
        "indikator kegiatan", "indikator kinerja sasaran", "tupoksi", "uraian tugas",
    ],
    TARGET: [
        "target", "target kinerja", "target tahunan", "target (%)", "target tahun", "target kinerja tahunan",
    ],
    UNIT: ["satuan", "sat.", "sat", "satuan ukur"],
    NOTE: ["keterangan", "keteragan", "ket", "ket.", "sumber", "sumber dana", "sumber anggaran"],
    PROGRAM: [
        "program", "kegiatan", "sub kegiatan", "program/kegiatan", "program / kegiatan",
        "program dan kegiatan", "nama program", "uraian",
    ],
    AMOUNT: [
        "anggaran", "anggaran (rp)", "anggaran (rp.)", "pagu", "pagu anggaran", "jumlah anggaran",
        "jumlah (rp)", "alokasi anggaran", "nilai (rp)", "(rp)", "(rp.)", "total anggaran",
        "total anggaran (rp)", "total (rp)", "pagu (rp)", "pagu indikatif",
    ],
    "tw1": ["tw i", "tw 1", "tw-i", "triwulan i", "trw i", "q1", "tw.i", "twi"],
    "tw2": ["tw ii", "tw 2", "tw-ii", "triwulan ii", "trw ii", "q2", "tw.ii", "twii"],
    "tw3": ["tw iii", "tw 3", "tw-iii", "triwulan iii", "trw iii", "q3", "tw.iii", "twiii"],
    "tw4": ["tw iv", "tw 4", "tw-iv", "triwulan iv", "trw iv", "q4", "tw.iv", "twiv"],
    IGNORED: [
        "realisasi", "formulasi", "formula", "cara perhitungan", "kondisi awal", "baseline",
        "penanggung jawab", "sumber data", "capaian", "kode", "kode rekening",
    ],
}

# Every header label: an indicator cell holding only one is a heading read as a row (validate.py).
HEADER_LABELS = frozenset(phrase for kind, phrases in HEADER_PHRASES.items() if kind != IGNORED
                          for phrase in phrases)
# Words that open a column heading or a report's sentence about targets, never a target's text: a
# target cell without a figure that starts with one ("Target sebesar", "Satuan") is no target.
LABEL_WORDS = frozenset({"target", "satuan", "indikator", "sasaran", "no", "nomor", "keterangan", "uraian",
                         "anggaran", "pagu", "triwulan", "sebesar", "yaitu", "adalah"})

# Words that may sit in a header band without naming a column ("TARGET / 2017", "(Rp)").
HEADER_FILLER = {"tahun", "rp", "(rp)", "(rp.)", "rp.", "persen", "(%)", "%", "2", "1", "3", "4"}

# A table whose title or header names these is an action plan or a report, not the PK (pk-record.md).
SKIP_TABLE_WORDS = ["rencana aksi", "renaksi", "realisasi", "pengukuran kinerja", "januari", "februari"]

# Lines that end a table: the signature area and new document parts.
# Party labels end a table even without a gap before them.
SIGNATURE_LABELS = ["pihak pertama", "pihak kesatu", "pihak kedua", "mengetahui", "menyetujui"]
STOP_LINE_PREFIXES = [
    *SIGNATURE_LABELS, "gubernur",
    "bupati", "walikota", "wali kota", "kepala", "sekretaris", "direktur", "camat", "inspektur",
    "nip", "nip.", "pembina", "penata", "lampiran",
]

TOTAL_WORDS = [
    "jumlah", "total", "jumlah total", "sub total", "subtotal", "jumlah anggaran", "total anggaran",
]

FUNDING_SOURCES = [
    "APBD", "APBD-P", "APBD Perubahan", "APBN", "DAK", "DAK Fisik", "DAK Non Fisik", "DAU", "DBH",
    "DBH-CHT", "DID", "BOK", "BLUD", "Otsus", "DOKA", "PAD", "Dana Desa", "Hibah", "PHLN", "PNBP",
    "Rupiah Murni", "DIPA", "BANKEU",
]

# Non-numeric targets (pk-domain §3.3): kept as text, target_value null.
GRADES = {"AA", "A", "BB", "B", "CC", "C", "D"}
OPINIONS = {"WTP", "WDP", "TW", "TMP"}
CATEGORY_TARGETS = [
    "tepat waktu", "informatif", "menuju informatif", "cukup informatif", "zona hijau", "baik",
    "sangat baik", "paripurna", "utama", "madya", "dasar", "pratama", "nindya", "kla",
]

# Unit vocabulary (pk-domain §3.5): canonical code by lower-case variant.
UNIT_CODES: dict[str, str] = {
    "%": "PERCENT", "persen": "PERCENT", "prosentase": "PERCENT", "persentase": "PERCENT",
    "indeks": "INDEX", "index": "INDEX", "poin": "INDEX", "skor": "INDEX", "nilai": "INDEX",
    "predikat": "GRADE", "kategori": "GRADE", "opini": "GRADE",
    "level": "LEVEL", "tingkat": "LEVEL",
    "dokumen": "DOCUMENT", "dok": "DOCUMENT", "laporan": "DOCUMENT", "buku": "DOCUMENT",
    "naskah": "DOCUMENT", "perda": "DOCUMENT", "perbup": "DOCUMENT", "rekomendasi": "DOCUMENT",
    "kebijakan": "DOCUMENT",
    "orang": "PERSON", "jiwa": "PERSON", "pegawai": "PERSON", "asn": "PERSON", "peserta": "PERSON",
    "unit": "ITEM", "buah": "ITEM", "paket": "ITEM", "aplikasi": "ITEM", "sistem": "ITEM",
    "layanan": "ITEM", "inovasi": "ITEM", "kegiatan": "ITEM", "kelompok": "ITEM", "lembaga": "ITEM",
    "koperasi": "ITEM", "umkm": "ITEM", "pasar": "ITEM", "gudang": "ITEM", "fasilitas": "ITEM",
    "desa": "REGION", "kelurahan": "REGION", "kecamatan": "REGION", "kawasan": "REGION", "opd": "REGION",
    "kali": "COUNT_EVENT", "kasus": "COUNT_EVENT", "kejadian": "COUNT_EVENT", "temuan": "COUNT_EVENT",
    "hari": "TIME", "minggu": "TIME", "bulan": "TIME", "tahun": "TIME", "jam": "TIME", "menit": "TIME",
    "km": "LENGTH", "kilometer": "LENGTH", "m": "LENGTH", "meter": "LENGTH", "m2": "AREA", "ha": "AREA",
    "hektar": "AREA", "km2": "AREA",
    "ton": "MASS", "kg": "MASS", "ton/ha": "YIELD", "kw/ha": "YIELD", "ekor": "MASS",
    "rasio": "RATE", "rp": "MONEY", "rupiah": "MONEY", "juta rupiah": "MONEY", "milyar": "MONEY",
    "miliar": "MONEY", "milyar rupiah": "MONEY",
}

# Units whose values are counts: "1.500" reads as thousands (pk-domain §3.1 rule 3).
COUNT_UNIT_CODES = {"PERSON", "ITEM", "REGION", "COUNT_EVENT", "DOCUMENT", "LENGTH", "AREA", "MASS", "MONEY"}
# Units with a bounded range: "72,950" Indeks reads as a decimal.
BOUNDED_UNIT_CODES = {"PERCENT", "INDEX", "LEVEL", "GRADE"}

# Money scale words after an amount or in a header (pk-domain §3.4).
MONEY_SCALES: dict[str, int] = {
    "ribu": 1_000, "rb": 1_000, "juta": 1_000_000, "jt": 1_000_000, "miliar": 1_000_000_000,
    "milyar": 1_000_000_000, "m": 1_000_000_000, "triliun": 1_000_000_000_000, "t": 1_000_000_000_000,
}

# A whole Satuan cell read this way by Tesseract is a "%".
OCR_PERCENT_UNITS = {"Yo", "Ya", "yo", "o/o", "0/0", "%o", "Vo", "96", "9%", "%%"}

# Levels of a budget list, outermost first (a list that mixes them gives amounts at one level only).
BUDGET_LEVELS = ("program", "kegiatan", "sub kegiatan")


def budget_level(name: str) -> int | None:
    """0 for "Program ...", 1 for "Kegiatan ...", 2 for "Sub Kegiatan ..."; None when unnamed."""
    lowered = " ".join(name.lower().replace("-", " ").split())
    named = [level for level, word in enumerate(BUDGET_LEVELS) if lowered.startswith(word)]
    return named[-1] if named else None

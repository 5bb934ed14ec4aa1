"""Agreement-level facts of the title block and positions: year, revision, number, government,
organization and sub-unit (pk-domain.md §1.1-1.2; conventions of pk-record.md).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from extractor.layout import Line
from extractor.rules import lexicon

_YEAR = r"((?:19|20)\d\d)"
TITLE_YEAR_RE = re.compile(
    rf"\b(?:TAHUN(?:\s+ANGGARAN)?|T\.?\s?A\.?)\s*:?\s*{_YEAR}\b(?!\s*[-–/]\s*\d)", re.I)
INLINE_YEAR_RE = re.compile(rf"\bpada\s+tahun\s+{_YEAR}\b", re.I)
DOC_NUMBER_RE = re.compile(r"^\s*No(?:mor|\.)?\s*[:.]\s*(?P<number>\S.*?)\s*$", re.I)
REGION_RE = re.compile(
    r"\b(?P<kind>PROVINSI|PROPINSI|PROV\.?|KABUPATEN|KAB\.|KOTA)\s+(?P<name>(?-i:[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,3}))",
    re.I)
HEAD_RE = re.compile(r"\b(?P<head>GUBERNUR|BUPATI|WALIKOTA|WALI\s+KOTA)\s+"
                     r"(?:PROVINSI\s+|KABUPATEN\s+|KOTA\s+)?"
                     r"(?P<name>(?-i:[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,2}))", re.I)
MINISTRY_RE = re.compile(r"\bKEMENTERIAN\s+[A-Z][A-Za-z ,]+", re.I)
_REGION_STOP = {"DAN", "NOMOR", "TAHUN", "SELAKU", "SELANJUTNYA", "PADA", "DI", "YANG", "BADAN", "DINAS",
                "KEPALA", "NIP", "PIHAK", "SEKRETARIAT", "INSPEKTORAT", "KANTOR", "RUMAH", "GUBERNUR",
                "BUPATI",
                "PROVINSI", "PROPINSI", "KABUPATEN", "DIREKTUR", "TELEPON", "TELP", "JALAN", "JL",
                "KODE", "POS", "KECAMATAN", "KELURAHAN", "DESA", "SEKRETARIS", "INSPEKTUR", "CAMAT"}


def norm_upper(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().upper()


def snap_opd_name(name: str) -> str:
    """A near-miss of a common OPD name (one or two OCR slips) replaced by the name itself."""
    best = process.extractOne(name, lexicon.COMMON_OPD_NAMES, scorer=fuzz.ratio, processor=str.lower)
    if best and 92 <= best[1] < 100 and len(name) > 12:
        return best[0]
    return name


def title_case(text: str) -> str:
    """Upper-case names as the record spells them: "DINAS PARIWISATA DAN KEBUDAYAAN" -> "Dinas Pariwisata dan
    Kebudayaan"; mixed-case text is kept as printed."""
    if text != text.upper():
        return text
    out = []
    for index, word in enumerate(text.split()):
        bare = word.strip(",.()")
        if bare in lexicon.ACRONYMS or (bare.endswith(".") and len(bare) <= 3):
            out.append(word)
        elif index > 0 and bare.lower() in lexicon.LOWER_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def is_title_line(text: str) -> bool:
    upper = norm_upper(text)
    if len(upper) > 90 or len(upper) < 12:
        return False
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) < 0.6 * len(letters):
        return False  # a title is printed in capitals; prose that mentions "Perjanjian Kinerja" is not
    return any(fuzz.partial_ratio(anchor, upper) >= 88 for anchor in lexicon.TITLE_ANCHORS)


def _fix_year_digits(text: str) -> str:
    """OCR letters inside a four-digit year after TAHUN ("TAHUN 2O16" -> "TAHUN 2016")."""
    return re.sub(r"(?<=TAHUN\s)[2Z][0OoD][0-9OoDlI|]{2}\b",
                  lambda m: m.group(0).translate(str.maketrans("ZOoDlI|", "2000111")), text, flags=re.I)


def title_year(lines: list[Line]) -> tuple[int, Line] | None:
    """The fiscal year printed in the title block ("TAHUN 2024", "TAHUN ANGGARAN 2016", "TA. 2016")."""
    for line in lines:
        match = TITLE_YEAR_RE.search(_fix_year_digits(line.text))
        if match:
            return int(match.group(1)), line
    for index, line in enumerate(lines):
        if is_title_line(line.text):
            for candidate in lines[index: index + 3]:
                bare = (re.fullmatch(rf"\s*{_YEAR}\s*", candidate.text)
                        or re.search(rf"KINERJA\s+{_YEAR}", candidate.text))
                if bare:
                    return int(bare.group(1)), candidate
    return None


def inline_year(lines: list[Line]) -> tuple[int, Line] | None:
    for line in lines:
        match = INLINE_YEAR_RE.search(line.text)
        if match:
            return int(match.group(1)), line
    return None


def revision_lines(lines: list[Line]) -> list[Line]:
    return [line for line in lines if re.search(r"\b(PERUBAHAN|REVISI)\b", line.text, re.I)
            and len(line.text) < 100
            and not re.search(r"perubahan\s+(?:atas|kedua|pertama)", line.text, re.I)]


def document_number(lines: list[Line]) -> tuple[str, Line] | None:
    for line in lines:
        match = DOC_NUMBER_RE.match(line.text)
        if match and re.search(r"\d", match["number"]):
            return match["number"], line
    return None


def government_of(text: str) -> str | None:
    """The government a text names: "PEMERINTAH PROVINSI JAWA BARAT", "... PROVINSI JAWA BARAT",
    "GUBERNUR JAWA BARAT" -> "Pemerintah Provinsi Jawa Barat"."""
    ministry = MINISTRY_RE.search(text)
    if ministry and "REPUBLIK" not in ministry.group(0).upper()[:12]:
        return title_case(norm_upper(ministry.group(0).split(",")[0]).replace(" REPUBLIK INDONESIA", ""))
    match = REGION_RE.search(text)
    if match:
        kind = lexicon.REGION_KINDS.get(match["kind"].upper(), "Provinsi")
        name = _region_name(match["name"])
        if name:
            return f"Pemerintah {kind} {name}"
    head = HEAD_RE.search(text)
    if head:
        kind = lexicon.HEAD_TO_REGION_KIND[re.sub(r"\s+", " ", head["head"].upper())]
        name = _region_name(head["name"])
        if name:
            return f"Pemerintah {kind} {name}"
    return None


def _region_name(raw: str) -> str | None:
    words = []
    for word in raw.split():
        if word.upper().strip(",.") in _REGION_STOP or len(word.strip(",.'-")) < 2:
            break  # no region's name has a one-letter word: "P.001/002" after it is a page mark
        words.append(word.strip(",."))
    if not words:
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def strip_region(text: str) -> str:
    """A unit or position without its region words ("... PROVINSI JAWA BARAT" -> "...")."""
    cut = re.split(r"\s+(?:PROVINSI|PROPINSI|PROV\.?|KABUPATEN|KAB\.|PEMERINTAH)\b", text, maxsplit=1,
                   flags=re.I)[0]
    cut = re.split(r"\s+KOTA\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?\s*$", cut, flags=re.I)[0]
    return cut.strip(" ,.")


def organization_from_unit_line(text: str) -> str | None:
    """An OPD named by a kop or title line ("DINAS KESEHATAN PROVINSI JAWA BARAT" -> "Dinas Kesehatan")."""
    upper = norm_upper(text)
    if any(upper.startswith(head) for head in lexicon.OPD_HEADS) and not upper.startswith("PEMERINTAH"):
        return title_case(strip_region(re.sub(r"\s+", " ", text).strip()))
    return None


_HEAD_OF = re.compile(
    r"^(?:(?:Plt|Plh|Pj|Pjs)\.?\s+)?(?:KEPALA|DIREKTUR|INSPEKTUR|SEKRETARIS|CAMAT|KELAPA)\s+(?P<rest>.+)$",
    re.I)
_UNIT_AFTER = r"(?:DINAS|BADAN|INSPEKTORAT|SEKRETARIAT|RUMAH SAKIT|RUMAH|RSUD)\b"


# Offices whose holder's title names the unit differently ("Inspektur" heads the "Inspektorat").
_OFFICE_UNITS = (
    (r"^INSPEKTUR\s+JENDERAL\b", "Inspektorat Jenderal"),
    (r"^SEKRETARIS\s+JENDERAL\b", "Sekretariat Jenderal"),
    (r"^SEKRETARIS\s+DAERAH\b", "Sekretariat Daerah"),
    (r"^SEKRETARIS\s+(?:DPRD|DEWAN)\b", "Sekretariat DPRD"),
    (r"^(?:ASISTEN|STAF\s+AHLI)\b", "Sekretariat Daerah"),
    (r"^INSPEKTUR\b", "Inspektorat"),
)


def organization_from_position(position: str, government: str | None = None) -> str | None:
    """The OPD of a position: "Kepala Dinas Kesehatan Provinsi X" -> "Dinas Kesehatan";
    a regional head's position gives the government itself."""
    text = re.sub(r"\s+", " ", position).strip(" ,")
    upper = text.upper()
    if any(upper.startswith(head) for head in lexicon.REGIONAL_HEADS) or upper.startswith("WAKIL "):
        return government
    pada = re.search(rf"\b(?:pada|di)\s+(?P<unit>{_UNIT_AFTER}.+)$", text, re.I)
    if pada:
        return title_case(strip_region(pada["unit"]))
    bare = re.sub(r"^(?:Plt|Plh|Pj|Pjs)\.?\s+", "", text, flags=re.I)
    for pattern, unit in _OFFICE_UNITS:
        if re.match(pattern, bare, re.I):
            return unit
    camat = re.match(r"^CAMAT\s+(?P<area>.+)$", bare, re.I)
    if camat:
        return "Kecamatan " + title_case(strip_region(camat["area"]))
    directorate = re.match(r"^DIREKTUR\s+(?P<rest>JENDERAL\s+.+)$", bare, re.I)
    if directorate:
        return "Direktorat " + title_case(strip_region(directorate["rest"]))
    match = _HEAD_OF.match(text)
    if not match:
        return None
    rest = match["rest"]
    rest_upper = rest.upper()
    for head in lexicon.OPD_HEADS:
        if rest_upper.startswith(head):
            return title_case(strip_region(rest))
        found = re.search(rf"\b{re.escape(head)}\b", rest_upper)
        if found and any(rest_upper.startswith(s) for s in lexicon.SUB_UNIT_HEADS):
            return title_case(strip_region(rest[found.start():]))
    return None


def sub_unit_from_position(position: str) -> str | None:
    """The bidang / seksi / balai a below-OPD position heads: "KEPALA SEKSI PROMOSI" -> "Seksi Promosi"."""
    text = re.sub(r"\s+", " ", position).strip(" ,")
    if re.fullmatch(r"(?:Plt\.?\s+)?SEKRETARIS", text, re.I):
        return "Sekretariat"
    match = _HEAD_OF.match(text)
    if not match:
        return None
    rest = re.split(rf"\s+(?:(?:pada|di)\s+)?{_UNIT_AFTER}", match["rest"], flags=re.I)[0]
    rest_upper = rest.upper()
    for alias, spelled in lexicon.SUB_UNIT_ALIASES.items():
        if rest_upper.startswith(alias + " "):
            rest = spelled + rest[len(alias):]
            rest_upper = rest.upper()
            break
    if text.upper().startswith("SEKRETARIS") and not rest_upper.startswith(lexicon.SUB_UNIT_HEADS):
        # The Sekretaris of a dinas / badan / inspektorat heads its Sekretariat; Sekretaris Daerah is an OPD.
        if re.match(rf"^(?:{_UNIT_AFTER})", rest_upper) or not rest.strip():
            return "Sekretariat"
        return None
    if any(rest_upper.startswith(head) for head in lexicon.SUB_UNIT_HEADS):
        return title_case(strip_region(rest))
    return None


def is_regional_head(position: str | None) -> bool:
    if not position:
        return False
    upper = norm_upper(position)
    upper = re.sub(r"^(PJ|PLT|PLH|PJS)\.?\s+", "", upper)
    return any(upper.startswith(head) for head in lexicon.REGIONAL_HEADS)

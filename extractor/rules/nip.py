"""NIP (civil-servant number) reading and structural checks (pk-domain.md §4.1, §7.1)."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel

# Letters OCR puts in place of digits inside a digit-only field.
OCR_DIGIT_FIXES = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "!": "1",
    "L": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6", "g": "9", "q": "9",
    "T": "7",
})
NIP_LABEL_RE = re.compile(r"^\s*(?:NIP|N[I1l|]P|NI\s*PPPK|NRP)\s*[.:]*\s*", re.IGNORECASE)
_LOOKALIKES = "OoDQlIi|!LSsBZzGbgqT"
_TOKEN_RE = re.compile(rf"[0-9{re.escape(_LOOKALIKES)}]+")


class NipInfo(BaseModel):
    """What the digits of a NIP say; `problems` empty means structurally valid."""

    digits: str
    ocr_fixed: bool = False
    birth_date: dt.date | None = None
    tmt_year: int | None = None
    tmt_month: int | None = None
    gender: int | None = None
    sequence: int | None = None
    is_pppk: bool = False
    problems: list[str] = []

    @property
    def valid(self) -> bool:
        return not self.problems


def nip_digits(text: str) -> tuple[str, bool]:
    """Digits of a printed NIP ("NIP. 19700101 199003 1 005", "19620927n199103 1 004").

    Tokens that are mostly digits get OCR letter fixes; other letters are dropped as stray marks.
    Returns the digits and whether any letter was turned into a digit.
    """
    body = NIP_LABEL_RE.sub("", text)
    fixed = False
    out = []
    for token in re.split(r"[\s.\-:,]+", body):
        if not token:
            continue
        digits = sum(ch.isdigit() for ch in token)
        lookalike = all(ch.isdigit() or ch in _LOOKALIKES for ch in token)
        if digits == len(token):
            out.append(token)
        elif (lookalike and (digits or len(token) <= 3)) or digits >= max(2, len(token) // 2):
            for run in _TOKEN_RE.findall(token):
                translated = run.translate(OCR_DIGIT_FIXES)
                fixed = fixed or any(not c.isdigit() for c in run)
                out.append("".join(c for c in translated if c.isdigit()))
    return "".join(out), fixed


def decode_nip(digits: str, year: int | None = None) -> NipInfo:
    """Structure of an 18-digit NIP; every broken rule is a problem code (§8.2 rules 8-12)."""
    info = NipInfo(digits=digits)
    if len(digits) != 18 or not digits.isdigit():
        info.problems.append("nip_length")
        return info
    try:
        info.birth_date = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        info.problems.append("nip_birthdate_invalid")
    if info.birth_date and not 1940 <= info.birth_date.year <= (year or 2100) - 18:
        info.problems.append("nip_birthdate_invalid")
    info.tmt_year, info.tmt_month = int(digits[8:12]), int(digits[12:14])
    if info.tmt_month == 21:
        info.is_pppk = True
    elif not 1 <= info.tmt_month <= 12:
        info.problems.append("nip_tmt_invalid")
    if info.tmt_year < 1960 or (year and info.tmt_year > year):
        info.problems.append("nip_tmt_invalid")
    if info.birth_date and info.tmt_year and not 15 <= info.tmt_year - info.birth_date.year <= 50:
        info.problems.append("nip_age_at_tmt")
    info.gender = int(digits[14])
    if info.gender not in (1, 2):
        info.problems.append("nip_gender_digit")
    info.sequence = int(digits[15:18])
    if info.sequence == 0:
        info.problems.append("nip_sequence_zero")
    return info


def repair_nip(digits: str, year: int | None = None) -> str | None:
    """A single-digit OCR substitution that makes an invalid 18-digit NIP valid, when exactly one does."""
    if len(digits) != 18:
        return None
    confusions = {"0": "8689", "1": "7", "7": "1", "8": "0369", "3": "8", "5": "6", "6": "5", "9": "0"}
    found = set()
    for i, ch in enumerate(digits):
        for alt in confusions.get(ch, ""):
            candidate = digits[:i] + alt + digits[i + 1:]
            if decode_nip(candidate, year).valid:
                found.add(candidate)
    return found.pop() if len(found) == 1 else None

"""Place-and-date lines ("Bandung, 25 Januari 2024", "Boyolali,    Januari 2026"), pk-domain.md §1.6, §3.6."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel
from rapidfuzz import process

from extractor.rules.lexicon import FULL_MONTHS, MONTHS

_YEAR = r"(?:19|20)\d\d"
# Place, comma, then anything ending in a year: the shape of a signing line.
DATE_LINE_RE = re.compile(
    rf"^\s*(?P<place>[A-Za-z][A-Za-z .'\-]{{1,40}}?)\s*,\s*(?P<date>[^,]{{0,40}}?\b(?P<year>{_YEAR}))\s*$")
NUMERIC_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*({_YEAR})\b")
ISO_DATE_RE = re.compile(rf"\b({_YEAR})-(\d\d)-(\d\d)\b")
WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")


class DateLine(BaseModel):
    place: str | None = None
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None
    day_blank: bool = False
    month_blank: bool = False


def month_number(word: str) -> int | None:
    """Month of an Indonesian (or English) month word, tolerating one or two OCR slips."""
    key = word.lower().strip(".,")
    if key in MONTHS:
        return MONTHS[key]
    if len(key) >= 4:
        match = process.extractOne(key, FULL_MONTHS, score_cutoff=80)
        if match:
            return MONTHS[match[0]]
    return None


def parse_date(text: str) -> DateLine:
    """Day, month and year of a date text; blank day or month leaves `date` None with the blank noted."""
    text = text.strip()
    iso = ISO_DATE_RE.search(text)
    if iso:
        return _make(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = NUMERIC_DATE_RE.search(text)
    if numeric:
        return _make(int(numeric[3]), int(numeric[2]), int(numeric[1]))
    year_match = re.search(rf"({_YEAR})\s*$", text) or re.search(_YEAR, text)
    if not year_match:
        return DateLine()
    year = int(year_match.group(0)[-4:] if year_match.lastindex is None else year_match.group(1))
    before = text[: year_match.start()]
    words = [w for w in re.split(r"[\s.\-–_…]+", before) if w and w.lower().strip(",") not in WEEKDAYS]
    month = day = None
    for index, word in enumerate(words):
        number = month_number(word) if not word.isdigit() else None
        if number:
            month = number
            if index > 0 and words[index - 1].isdigit():
                day = int(words[index - 1])
            break
    result = DateLine(year=year, month=month, day_blank=day is None, month_blank=month is None)
    if month and day:
        try:
            result.date = dt.date(year, month, day)
        except ValueError:
            result.day_blank = False
    return result


def _make(year: int, month: int, day: int) -> DateLine:
    try:
        return DateLine(date=dt.date(year, month, day), year=year, month=month)
    except ValueError:
        return DateLine(year=year)


def parse_date_line(text: str) -> DateLine | None:
    """Place and date of a signing line, or None when the text is not shaped like one."""
    match = DATE_LINE_RE.match(re.sub(r"^[\W_]+", "", text))  # a quote or speck before the place
    if not match:
        return None
    place = match["place"].strip()
    if len(place.split()) > 4 or place.lower() in ("tahun", "tahun anggaran"):
        return None
    result = parse_date(match["date"])
    result.place = place
    return result

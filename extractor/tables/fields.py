"""Fields with evidence from table words: value, raw text, confidence, page and box of the words used."""

from __future__ import annotations

import re
import statistics
from typing import Any

from extractor.scoring.reasons import Reason, cap
from models.document import Word
from models.extracted import Field
from models.geometry import union_bbox

LOW_OCR = 0.6
LOW_OCR_NUMBER = 0.8
CONFIRMED_READING = 0.98
# Why a value is null by the table's own shape: no such column (sasaran, keterangan), no Jumlah row.
NO_COLUMN = Reason.NO_COLUMN
NO_TOTAL_ROW = Reason.NO_TOTAL_ROW
# A header without the column settles its values: right in every such case on samples/.
NO_COLUMN_CONFIDENCE = 0.99
_STARTERS = re.compile(
    r"\b(?:Meningkatnya|Meningkatkan|Menurunnya|Terwujudnya|Tersedianya|Terlaksananya|"
    r"Terpenuhinya|Tercapainya|Terkendalinya|Terselenggaranya|Jumlah|Persentase|Prosentase)\b")
_SHORT_WORDS = {"di", "ke", "se", "tk", "ii", "iv", "vi", "no", "rp", "ha", "km", "kg", "m2", "dd"}
_STRAY = re.compile(r"\d|[\"'“”‘’`|]")
_ODD = re.compile(r"[^\w\s.,;:%()/\-–&'\"“”+<>≥≤=]")


def suspicion(words: list[Word], numeric: bool = False) -> list[str]:
    """Reasons to doubt OCR'd table text: garbage tokens, weak digits, or two cells' texts run
    together (a second sasaran or indicator opening inside one value)."""
    reasons: list[str] = []
    if not words:
        return reasons
    text = " ".join(w.text for w in words)
    if len(_STARTERS.findall(text)) > 1:
        reasons.append("merged_cells")
    if words[0].source != "ocr":
        return reasons
    odd = [w for w in words if _ODD.search(w.text) or (len(w.text) <= 2 and w.text.isalpha()
                                                        and w.text.lower() not in _SHORT_WORDS)]
    weak_digits = numeric and any(any(ch.isdigit() for ch in w.text) and w.confidence < LOW_OCR_NUMBER
                                  for w in words)
    if odd or weak_digits:
        reasons.append("ocr_suspect")
    if not numeric and has_stray_mark([w.text for w in words]):
        reasons.append("stray_mark")
    return reasons


def has_stray_mark(tokens: list[str]) -> bool:
    """A lone digit or quote between two words ("Kinerja dan 7 Keuangan"), or a quote never closed:
    specks and smudges that OCR read as characters."""
    for before, token, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if _STRAY.fullmatch(token) and before[-1:].isalpha() and after[:1].isalpha():
            return True
    text = " ".join(tokens)
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def raw_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def word_confidence(words: list[Word]) -> float:
    """Mean word confidence, pulled down by the weakest word (one bad digit spoils a number)."""
    if not words:
        return 0.0
    confidences = [w.confidence for w in words]
    return 0.7 * statistics.fmean(confidences) + 0.3 * min(confidences)


def make_field(value: Any, words: list[Word], page: int, structure: float,
               reasons: list[str] | None = None, review_threshold: float = 0.8,
               raw: str | None = None) -> Field:
    """A table field: confidence = how sure the table structure is x how well its words were read."""
    reasons = list(reasons or [])
    weak = [w for w in words if w.source == "ocr" and w.confidence < LOW_OCR]
    if weak and (len(weak) >= 0.15 * len(words) or min(w.confidence for w in weak) < 0.3):
        reasons.append("low_ocr_confidence")
    readings = [w.second_reading for w in words if w.source == "ocr" and w.second_reading is not None]
    if readings and not all(readings):
        reasons.append("ocr_disputed")
    if not words:
        confidence = structure if value is None else 0.5 * structure
    else:
        read = word_confidence(words)
        if readings and all(readings):  # a second reading of the cell says the same
            read = max(read, CONFIRMED_READING)
        confidence = structure * (0.55 + 0.45 * read)
    confidence = round(max(0.0, min(1.0, cap(confidence, reasons))), 3)
    return Field(
        value=value,
        raw=raw if raw is not None else (raw_text(words) if words else None),
        confidence=confidence,
        needs_review=confidence < review_threshold,
        reasons=reasons,
        page=page if words else None,
        bbox=union_bbox([w.bbox for w in words]),
    )

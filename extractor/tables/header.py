"""Table headings: header rows recognised from the lexicon (fuzzy, multi-line, wrapped cells),
the column model they define, and the fallbacks when OCR lost part or all of the heading."""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

from extractor.rules import table_lexicon as lex
from extractor.tables.grid import BUDGET, PERFORMANCE, Column, Line, zero_runs
from extractor.tables.header_words import PHRASE_TOKENS, is_header_word, match_phrase, norm_token
from extractor.tables.line_kinds import is_date_line, is_signature_label
from models.document import Word
from models.geometry import WordBoxes


@dataclass
class Header:
    kind: str
    columns: list[Column]
    top: float
    bottom: float
    skip: bool = False


@dataclass
class _Segment(WordBoxes):
    kind: str | None
    words: list[Word]


def _line_segments(line: Line) -> list[_Segment]:
    tokens = [norm_token(w.text) for w in line.words]
    segments: list[_Segment] = []
    i = 0
    while i < len(tokens):
        found = match_phrase(tokens[i:])
        if found:
            segments.append(_Segment(found[0], line.words[i:i + found[1]]))
            i += found[1]
        elif tokens[i] == "tw" and i + 1 < len(tokens) and len(tokens[i + 1]) <= 3 and tokens[i + 1] != "tw":
            segments.append(_Segment(QUARTER_UNREAD, line.words[i:i + 2]))  # "TW it": a numeral misread
            i += 2
        else:
            segments.append(_Segment(None, [line.words[i]]))
            i += 1
    return _quarters_in_order(segments)


QUARTER_UNREAD = "tw?"


def _quarters_in_order(segments: list[_Segment]) -> list[_Segment]:
    """Four quarter headings on one line are TW I..IV from left to right, however OCR read their
    numerals ("TWI Twi TW it TW IV"); fewer keep what was read, and a numeral not read is no heading."""
    quarters = [s for s in segments if s.kind in lex.QUARTERS or s.kind == QUARTER_UNREAD]
    if len(quarters) == len(lex.QUARTERS):
        for kind, segment in zip(lex.QUARTERS, sorted(quarters, key=lambda s: s.x0), strict=True):
            segment.kind = kind
    for segment in segments:
        if segment.kind == QUARTER_UNREAD:
            segment.kind = None
    return segments


_QUARTER_WORDS = {"tw", "trw", "triwulan"}


def _quarters_across(cells: list[_Segment]) -> None:
    """Four quarter headings across a header band are TW I..IV from left to right, even where OCR
    kept only the "TW" of some of them (the numeral under it lost, or on a line of its own)."""
    quarters = [c for c in cells if c.kind in lex.QUARTERS
                or (c.kind is None and norm_token(c.words[0].text) in _QUARTER_WORDS)]
    if len(quarters) == len(lex.QUARTERS):
        for kind, cell in zip(lex.QUARTERS, sorted(quarters, key=lambda c: c.x0), strict=True):
            cell.kind = kind


def _is_header_line(segments: list[_Segment]) -> set[str]:
    return {s.kind for s in segments if s.kind}


def table_kind(kinds: set[str]) -> str | None:
    """Performance or budget, from the column kinds a header names (None: no PK table)."""
    if lex.INDICATOR in kinds and kinds & {lex.TARGET, lex.OBJECTIVE, lex.UNIT, *lex.QUARTERS}:
        return PERFORMANCE
    if lex.OBJECTIVE in kinds and lex.TARGET in kinds:
        return PERFORMANCE
    if lex.PROGRAM in kinds and kinds & {lex.AMOUNT, lex.NOTE}:
        return BUDGET
    return None


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


def find_headers(lines: list[Line]) -> list[tuple[int, int, Header]]:
    """Header bands of tables on a page: (first line index, last line index, header)."""
    found: list[tuple[int, int, Header]] = []
    segs = [_line_segments(line) for line in lines]
    i = 0
    while i < len(lines):
        kinds = _is_header_line(segs[i])
        if len(kinds) < 2 or not _mostly_header(segs[i]):
            i += 1
            continue
        first, last = _band(lines, segs, i)
        header = _build_header(lines, segs, first, last)
        if header is None:
            i += 1
            continue
        found.append((first, last, header))
        i = last + 1
    return found


def _mostly_header(segments: list[_Segment]) -> bool:
    """A header line is mostly header vocabulary; prose that mentions "indikator" and "target" is not."""
    kinds = [s.kind for s in segments if s.kind and s.kind != lex.PROGRAM]
    if len(kinds) != len(set(kinds)):
        return False
    matched = sum(len(s.words) for s in segments if s.kind)
    filler = sum(1 for s in segments if not s.kind and is_header_word(s.words[0].text))
    total = sum(len(s.words) for s in segments)
    return matched + filler >= 0.6 * total


def _band_line(line: Line, anchor_kinds: set[str], segs: list[_Segment], upward: bool) -> bool:
    """A neighbour line belongs to the header band when it is header vocabulary only (short cell
    fragments like the "N" / "o" of a wrapped "No" allowed beside a real header word)."""
    if upward and _is_header_line(segs) & anchor_kinds:
        return False
    words = [norm_token(w.text) for w in line.words]
    real = [t for t in words if is_header_word(t) or t in PHRASE_TOKENS]
    short = [t for t in words if len(t) <= 2 and t.isalpha() and t not in real]
    named = [t for t in real if t in PHRASE_TOKENS]
    return len(real) + len(short) == len(words) and (bool(named) or not short)


def _band(lines: list[Line], segs: list[list[_Segment]], i: int) -> tuple[int, int]:
    height = statistics.median(w.bbox[3] - w.bbox[1] for w in lines[i].words)
    anchor_kinds = _is_header_line(segs[i])
    first = i
    while first > 0 and lines[first].top - lines[first - 1].bottom < 1.2 * height and _band_line(
            lines[first - 1], anchor_kinds, segs[first - 1], upward=True):
        first -= 1
    last = i
    while last + 1 < len(lines) and lines[last + 1].top - lines[last].bottom < 1.2 * height and _band_line(
            lines[last + 1], anchor_kinds, segs[last + 1], upward=False):
        last += 1
    return first, last


def _build_header(lines: list[Line], segs: list[list[_Segment]], first: int, last: int) -> Header | None:
    cells: list[_Segment] = []
    for index in range(first, last + 1):
        for seg in segs[index]:
            below = [c for c in cells if _overlaps(c.x0 - 2, c.x1 + 2, seg.x0, seg.x1)]
            if len(below) == 1 and _merge_vertical(below[0], seg):
                continue
            if len(below) > 1 and seg.kind in (lex.TARGET, None):
                continue
            cells.append(_Segment(seg.kind, list(seg.words)))
    for cell in cells:
        if cell.kind is None:
            glued = match_phrase(["".join(norm_token(w.text) for w in cell.words)])
            cell.kind = glued[0] if glued else None
    _quarters_across(cells)
    columns = [
        Column(c.kind, " ".join(w.text for w in c.words), c.x0, c.x1)
        for c in sorted(cells, key=lambda c: c.x0) if c.kind
    ]
    kind = table_kind({c.kind for c in columns})
    if kind is None:
        return None
    return Header(kind, _drop_duplicates(columns), lines[first].top, lines[last].bottom)


def _merge_vertical(upper: _Segment, lower: _Segment) -> bool:
    """Stack a header cell's second line onto its first when together they name one column."""
    tokens = [norm_token(w.text) for w in upper.words + lower.words]
    found = match_phrase(tokens)
    if lower.kind is None or (found and found[1] > len(upper.words)) or upper.kind is None:
        upper.words.extend(lower.words)
        if found and found[1] >= len(upper.words) - len(lower.words):
            upper.kind = found[0]
        elif upper.kind is None:
            upper.kind = lower.kind
        return True
    return False


def _drop_duplicates(columns: list[Column]) -> list[Column]:
    out: list[Column] = []
    for column in columns:
        if out and out[-1].kind == column.kind and column.kind not in (lex.PROGRAM,):
            out[-1].x1 = max(out[-1].x1, column.x1)
            out[-1].label += " " + column.label
            continue
        out.append(column)
    return out


def infer_target_column(columns: list[Column], lines: list[Line], height: float) -> None:
    """A performance table whose "Target" heading was not read: the target column is the last
    wide gutter of the rightmost column when the text right of it starts with numbers."""
    if any(c.kind == lex.TARGET for c in columns) or not columns:
        return
    last = max(columns, key=lambda c: c.centre)
    words = [w for line in lines for w in line.words if (w.bbox[0] + w.bbox[2]) / 2 >= last.left]
    if len(words) < 4:
        return
    lo, hi = int(min(w.bbox[0] for w in words)), int(max(w.bbox[2] for w in words)) + 1
    coverage = [0] * (hi - lo)
    for word in words:
        for x in range(int(word.bbox[0]) - lo, min(hi, int(word.bbox[2]) + 1) - lo):
            coverage[x] += 1
    runs = [run for run in zero_runs(coverage) if run[1] - run[0] >= 1.5 * height]
    for start, end in reversed(runs):
        split = lo + (start + end) / 2
        right_parts = [[w for w in line.words if w.bbox[0] >= split] for line in lines]
        starts = [part[0].text[:1].isdigit() for part in right_parts if part]
        if len(starts) >= 2 and sum(starts) >= 0.5 * len(starts):
            columns.append(Column(lex.TARGET, "", lo + end, hi, split, last.right))
            last.right = split
            columns.sort(key=lambda c: c.centre)
            return


def headerless_table(lines: list[Line], height: float) -> tuple[int, int, list[Column]] | None:
    """A performance table whose heading OCR lost: the longest run of multi-cell lines whose whitespace
    gutters split it into at least three bands, the last one holding target values."""
    run = _tabular_run(lines, height)
    if run is None:
        return None
    first, last = run
    words = [w for line in lines[first:last + 1] for w in line.words]
    lo, hi = int(min(w.bbox[0] for w in words)), int(max(w.bbox[2] for w in words)) + 1
    coverage = [0] * (hi - lo)
    for word in words:
        for x in range(int(word.bbox[0]) - lo, min(hi, int(word.bbox[2]) + 1) - lo):
            coverage[x] += 1
    gutters = [(lo + a, lo + b) for a, b in zero_runs(coverage) if b - a >= 0.5 * height]
    if len(gutters) < 2:
        return None
    edges = [lo, *[(a + b) / 2 for a, b in gutters], hi]
    bands = list(itertools.pairwise(edges))
    last_band = [[w for w in line.words if w.bbox[0] >= bands[-1][0]] for line in lines[first:last + 1]]
    starts = [bool(re.match(r"[\d<>≤≥]", part[0].text)) for part in last_band if part]
    if len(starts) < 2 or sum(starts) < 0.5 * len(starts):
        return None
    kinds = [lex.NO] * (len(bands) - 3) + [lex.OBJECTIVE, lex.INDICATOR, lex.TARGET]
    columns = [Column(kind, "", a, b, a, b) for kind, (a, b) in zip(kinds, bands, strict=True)]
    columns[0].left, columns[-1].right = float("-inf"), float("inf")
    return first, last, columns


def _tabular_run(lines: list[Line], height: float) -> tuple[int, int] | None:
    """The longest stretch of lines (a few single-cell continuation lines allowed) holding 2+ cells."""
    best, start, singles = None, None, 0
    for index, line in enumerate([*lines, None]):
        ends = line is None or is_date_line(line) or is_signature_label(line)
        cells = 0 if ends else _cells_in(line, height)
        if cells >= 2:
            start = index if start is None else start
            singles = 0
        elif start is not None and cells == 1 and singles < 3:
            singles += 1
        elif start is not None:
            end = index - 1 - singles
            if best is None or end - start > best[1] - best[0]:
                best = (start, end)
            start, singles = None, 0
    return best if best and best[1] - best[0] >= 3 else None


def _cells_in(line: Line, height: float) -> int:
    gaps = sum(1 for a, b in itertools.pairwise(line.words) if b.bbox[0] - a.bbox[2] > 1.5 * height)
    return gaps + 1


def is_skipped_table(lines: list[Line], header: Header) -> bool:
    """Rencana aksi, realisation and monthly tables are not PK targets (pk-record.md): said by the
    header's labels or by the title just above it."""
    if any(c.kind == lex.IGNORED and "realisasi" in c.label.lower() for c in header.columns) and \
            not any(c.kind == lex.TARGET for c in header.columns):
        return True
    above = [line for line in lines if header.top - 90 < line.bottom <= header.top]
    band = [line for line in lines if header.top <= line.top <= header.bottom]
    text = " ".join(line.text for line in above + band).lower()
    return any(word in text for word in lex.SKIP_TABLE_WORDS if word != "realisasi")


def mostly_numbers(texts: list[str]) -> bool:
    """A Satuan column holding numbers (most cells start with a digit) holds the targets."""
    return bool(texts) and sum(1 for t in texts if t[:1].isdigit()) >= 0.6 * len(texts)

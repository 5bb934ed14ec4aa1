"""Table geometry from word positions alone: header detection, column model, cells in columns.

Works the same on text-layer and OCR words, ruled or borderless, because it never needs the
ruling lines: columns come from the header's words and the whitespace gutters of the body, cells
from how text wraps inside a column (a line break where the next word would have fitted is a cell
break), from vertical gaps and from row numbering.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import collapse_ws
from models.document import Page, Word

PERFORMANCE, BUDGET = "performance", "budget"
_MARKER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+|\d{1,2}\.[A-Za-z].*|[a-z]\.[A-Z].*|[a-zA-Z][.)]|[IVX]{1,4}[.)]|[-–•·▪●*\uf0b7\uf0a7\uf0d8«»°©®¢e]+)$"
)
_BULLET = re.compile(r"^(?:[a-zA-Z][.)]|[a-z]\.[A-Z].*|[-–•·▪●*\uf0b7\uf0a7\uf0d8«»°©®¢e]+)$")
_DATE_LINE = re.compile(r"^[A-Z][A-Za-z .]+,[\s._…-]*(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?\d{4}\s*$")
_YEAR = re.compile(r"^\(?(?:19|20)\d\d\)?$")


@dataclass
class Line:
    """Words on one visual line (of the page, or of one column)."""

    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.bbox[1] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bbox[3] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].bbox[0]

    @property
    def x1(self) -> float:
        return max(w.bbox[2] for w in self.words)

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Column:
    kind: str
    label: str
    x0: float
    x1: float
    left: float = float("-inf")
    right: float = float("inf")

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Header:
    kind: str
    columns: list[Column]
    top: float
    bottom: float
    skip: bool = False


@dataclass
class Cell:
    """Consecutive lines of one column that belong together."""

    lines: list[Line]
    soft_breaks: list[int] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def starts_with_marker(self) -> bool:
        return bool(_MARKER.match(self.lines[0].words[0].text))

    @property
    def starts_with_bullet(self) -> bool:
        """A dash, dot or letter item ("- Daging", "a. Padi"), unlike a numbered row ("1.2.1")."""
        return bool(_BULLET.match(self.lines[0].words[0].text))


@dataclass
class TableBody:
    """One table's body on one page: its column lines, assigned by the column model."""

    page: int
    kind: str
    columns: list[Column]
    lines: dict[str, list[Line]] = field(default_factory=dict)
    pitch: float = 12.0
    height: float = 10.0
    ended: bool = False
    continued: bool = False
    bottom: float = 0.0
    structure: float = 0.95


def words_to_lines(words: list[Word]) -> list[Line]:
    """Cluster words into visual lines by vertical centre, independent of the reader's grouping."""
    if not words:
        return []
    height = statistics.median(w.bbox[3] - w.bbox[1] for w in words) or 10.0
    lines: list[list[Word]] = []
    centres: list[float] = []
    for word in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        centre = (word.bbox[1] + word.bbox[3]) / 2
        if lines and abs(centre - centres[-1]) <= 0.45 * height:
            lines[-1].append(word)
            centres[-1] = statistics.fmean((w.bbox[1] + w.bbox[3]) / 2 for w in lines[-1])
        else:
            lines.append([word])
            centres.append(centre)
    return [Line(sorted(ws, key=lambda w: w.bbox[0])) for ws in lines]


def _norm_token(text: str) -> str:
    return collapse_ws(text).lower().strip(":;,|")


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(b) >= 5 and fuzz.ratio(a, b) >= 80


_PHRASES = sorted(
    ((kind, tuple(phrase.split())) for kind, phrases in lex.HEADER_PHRASES.items() for phrase in phrases),
    key=lambda item: -len(item[1]),
)


def match_phrase(tokens: list[str]) -> tuple[str, int] | None:
    """The longest header phrase at the start of tokens: (kind, tokens used)."""
    for kind, phrase in _PHRASES:
        if len(phrase) <= len(tokens) and all(
            _token_match(t, p) for t, p in zip(tokens, phrase, strict=False)
        ):
            return kind, len(phrase)
    return None


@dataclass
class _Segment:
    kind: str | None
    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.bbox[0] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.bbox[2] for w in self.words)


def _line_segments(line: Line) -> list[_Segment]:
    tokens = [_norm_token(w.text) for w in line.words]
    segments: list[_Segment] = []
    i = 0
    while i < len(tokens):
        found = match_phrase(tokens[i:])
        if found:
            segments.append(_Segment(found[0], line.words[i:i + found[1]]))
            i += found[1]
        else:
            segments.append(_Segment(None, [line.words[i]]))
            i += 1
    return segments


def _is_header_line(segments: list[_Segment]) -> set[str]:
    return {s.kind for s in segments if s.kind}


def _table_kind(kinds: set[str]) -> str | None:
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
    filler = sum(1 for s in segments if not s.kind and _header_word(s.words[0].text))
    total = sum(len(s.words) for s in segments)
    return matched + filler >= 0.6 * total


def _header_word(text: str) -> bool:
    token = _norm_token(text)
    return bool(_YEAR.match(token)) or token in lex.HEADER_FILLER or match_phrase([token]) is not None


def _band_line(line: Line, anchor_kinds: set[str], segs: list[_Segment], upward: bool) -> bool:
    """A neighbour line belongs to the header band when it is header vocabulary only (short cell
    fragments like the "N" / "o" of a wrapped "No" allowed beside a real header word)."""
    if upward and _is_header_line(segs) & anchor_kinds:
        return False
    words = [_norm_token(w.text) for w in line.words]
    real = [t for t in words if _header_word(t) or t in _PHRASE_TOKENS]
    short = [t for t in words if len(t) <= 2 and t.isalpha() and t not in real]
    named = [t for t in real if t in _PHRASE_TOKENS]
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


_PHRASE_TOKENS = {t for _, phrase in _PHRASES for t in phrase}


def _token_in_phrase(text: str) -> bool:
    return _norm_token(text) in _PHRASE_TOKENS


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
            glued = match_phrase(["".join(_norm_token(w.text) for w in cell.words)])
            cell.kind = glued[0] if glued else None
    columns = [
        Column(c.kind, " ".join(w.text for w in c.words), c.x0, c.x1)
        for c in sorted(cells, key=lambda c: c.x0) if c.kind
    ]
    kind = _table_kind({c.kind for c in columns})
    if kind is None:
        return None
    return Header(kind, _drop_duplicates(columns), lines[first].top, lines[last].bottom)


def _merge_vertical(upper: _Segment, lower: _Segment) -> bool:
    """Stack a header cell's second line onto its first when together they name one column."""
    tokens = [_norm_token(w.text) for w in upper.words + lower.words]
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


def is_column_number_row(line: Line) -> bool:
    """The "1 2 3 4" (or "(1) (2)") row under a header, which is not data."""
    tokens = [w.text.strip("()") for w in line.words]
    return len(tokens) >= 3 and all(t.isdigit() and int(t) <= 20 for t in tokens)


def is_date_line(line: Line) -> bool:
    """"Bandung,      2016": the signing line under the tables."""
    return bool(_DATE_LINE.match(collapse_ws(line.text)))


def is_section_title(line: Line) -> bool:
    """"II. ALOKASI ANGGARAN": a new part of the lampiran starts."""
    return bool(_SECTION_TITLE.match(collapse_ws(line.text)))


def is_signature_label(line: Line) -> bool:
    """"PIHAK KEDUA," anywhere on the line: the signature block has begun."""
    lowered = collapse_ws(line.text).lower()
    return any(re.search(rf"(?:^|\s){label}\b", lowered) for label in lex.SIGNATURE_LABELS)


def is_stop_line(line: Line) -> bool:
    """The start of a signature area (its caller checks that a gap precedes it)."""
    lowered = collapse_ws(line.text).lower()
    return any(lowered.startswith(prefix + " ") or lowered == prefix for prefix in lex.STOP_LINE_PREFIXES)


def set_boundaries(columns: list[Column], body_words: list[Word]) -> None:
    """Place each boundary between two header columns in the emptiest gutter of the body's words."""
    columns.sort(key=lambda c: c.centre)
    for left, right in itertools.pairwise(columns):
        lo, hi = int(left.centre), int(min(right.centre, right.x0 + 2))
        if left.kind == lex.AMOUNT:
            lo = max(lo, int(left.x1) - 2)
        if hi - lo < 2:
            left.right = right.left = (lo + hi) / 2
            continue
        coverage = [0] * (hi - lo)
        for word in body_words:
            a, b = max(lo, int(word.bbox[0])), min(hi, int(word.bbox[2]) + 1)
            for x in range(a, b):
                coverage[x - lo] += 1
        left_aligned = right.kind in (lex.OBJECTIVE, lex.INDICATOR, lex.PROGRAM)
        starts = [w.bbox[0] for w in body_words] if left_aligned else []
        boundary = _emptiest_run(coverage, lo, starts)
        left.right = right.left = boundary


def _emptiest_run(coverage: list[int], lo: int, starts: list[float]) -> float:
    """Middle of the emptiest run; among equally empty runs, the one whose right edge most words
    start at (a left-aligned text column; justified text has wide spaces too), then the widest."""
    least = min(coverage)
    best: tuple[int, int, float] = (-1, -1, 0.0)
    start = None
    for x, value in enumerate([*coverage, least + 1]):
        if value == least and start is None:
            start = x
        elif value != least and start is not None:
            edge = lo + x
            aligned = sum(1 for s in starts if edge - 1.5 <= s <= edge + 3)
            key = (min(aligned, 3), x - start, lo + (start + x) / 2)
            best = max(best, key)
            start = None
    return best[2]


def assign_to_columns(columns: list[Column], lines: list[Line]) -> dict[str, list[Line]]:
    """Split body lines into per-column word lists, then re-cluster each column into lines."""
    per_column: dict[int, list[Word]] = {}
    for line in lines:
        for word in line.words:
            centre = (word.bbox[0] + word.bbox[2]) / 2
            for index, column in enumerate(columns):
                if column.left <= centre < column.right:
                    per_column.setdefault(index, []).append(word)
                    break
    _move_row_numbers(columns, per_column)
    out: dict[str, list[Line]] = {}
    for index, words in per_column.items():
        key = columns[index].kind
        if key in out:
            key = f"{key}{index}"
        out[key] = words_to_lines(words)
    return out


_ROW_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,5}\.?$")
_GARBLED_NUMBER = re.compile(r"^\(?[\d.,]{3,9}\)?$")
_SECTION_TITLE = re.compile(r"^(?:[IVXl1]{1,4}|[A-H])\.\s+[A-Z][A-Z ]+$")


def _move_row_numbers(columns: list[Column], per_column: dict[int, list[Word]]) -> None:
    """Indicator numbers ("1.3.1.2") printed in an unlabelled strip right of the sasaran text belong
    to the indicator rows they start, not to the sasaran."""
    kinds = [c.kind for c in columns]
    if lex.OBJECTIVE not in kinds or lex.INDICATOR not in kinds:
        return
    source, target = kinds.index(lex.OBJECTIVE), kinds.index(lex.INDICATOR)
    words = per_column.get(source, [])
    if not words:
        return
    middle = (min(w.bbox[0] for w in words) + max(w.bbox[2] for w in words)) / 2
    moving = [w for w in words
              if w.bbox[0] > middle and (_ROW_NUMBER.match(w.text) or _GARBLED_NUMBER.match(w.text))]
    if moving:
        per_column[source] = [w for w in words if w not in moving]
        per_column.setdefault(target, []).extend(moving)


def pitch_of(lines: list[Line]) -> float:
    """Typical distance between successive lines inside one cell."""
    diffs = sorted(b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top)
    if not diffs:
        return 14.0
    return diffs[len(diffs) // 4]


def segment_column(lines: list[Line], pitch: float, wrap: bool = True, markers: bool = True,
                   wide_limit: float | None = None) -> list[Cell]:
    """Cells of one column: break at a vertical gap, a row marker, or a line that ended early.

    A line ended early when the next line's first word would have fitted before the column's
    widest line (certain) or before the next column's text (`wide_limit`: only possible; such
    breaks are kept on the cell as `soft_breaks` for the caller to confirm).
    """
    if not lines:
        return []
    limit = max(line.x1 for line in lines)
    wide = max(limit, wide_limit or limit)
    marker_only = markers and _marker_mode(lines)
    cells = [Cell([lines[0]])]
    for prev, line in itertools.pairwise(lines):
        gap = line.top - prev.top
        starts_marker = markers and bool(_MARKER.match(line.words[0].text))
        soft = False
        if marker_only:
            new = starts_marker or gap > 2.2 * pitch
        else:
            height = line.bottom - line.top
            needed = prev.x1 + 0.3 * height + line.words[0].bbox[2] - line.words[0].bbox[0]
            new = gap > 1.4 * pitch or starts_marker or (wrap and needed < limit - 1)
            soft = wrap and not new and needed < wide - 1
        if new:
            cells.append(Cell([line]))
        else:
            if soft:
                cells[-1].soft_breaks.append(len(cells[-1].lines))
            cells[-1].lines.append(line)
    return cells


def _marker_mode(lines: list[Line]) -> bool:
    starts = [bool(_MARKER.match(line.words[0].text)) for line in lines]
    return starts[0] and sum(starts) >= 2


_RULING_NOISE = re.compile(r"^[|\[\]{}_—¦!]+$")


def clean_words(words: list[Word]) -> list[Word]:
    """Drop OCR'd ruling lines ("|", "[", "_") and strip them from word edges; they are not text."""
    out = []
    for word in words:
        if word.source == "ocr":
            if _RULING_NOISE.match(word.text):
                continue
            stripped = word.text.strip("|[]{}¦")
            if stripped != word.text:
                if not stripped:
                    continue
                word = word.model_copy(update={"text": stripped})
        out.append(word)
    return out


def page_lines(page: Page) -> list[Line]:
    return words_to_lines(clean_words(page.words))


def word_height(lines: list[Line]) -> float:
    heights = [w.bbox[3] - w.bbox[1] for line in lines for w in line.words]
    return statistics.median(heights) if heights else 10.0


@dataclass
class Break:
    """How likely a new cell starts at line `index` of a column (hard: certainly)."""

    index: int
    hard: bool
    score: float
    fits: bool = False


def line_breaks(lines: list[Line], pitch: float, wide_limit: float | None = None) -> list[Break]:
    """Evidence for a cell break before each line: gap, marker, an early line end, a capital letter."""
    if not lines:
        return []
    limit = max(line.x1 for line in lines)
    wide = max(limit, wide_limit or limit)
    marker_only = _marker_mode(lines)
    indent = statistics.median(line.x0 for line in lines)
    out = []
    for index in range(1, len(lines)):
        prev, line = lines[index - 1], lines[index]
        gap = (line.top - prev.top) / pitch
        height = line.bottom - line.top
        outdented = line.x0 < indent - height and len(line.words) > 1 and bool(
            re.fullmatch(r"\(?[\d.,]{1,9}\)?", line.words[0].text))
        marker = bool(_MARKER.match(line.words[0].text)) or outdented
        needed = prev.x1 + 0.3 * height + line.words[0].bbox[2] - line.words[0].bbox[0]
        hard = marker or gap > (2.2 if marker_only else 1.4)
        score = 5.0 * max(0.0, gap - 1.0) + (1.0 if needed < limit - 1 else 0.5 if needed < wide - 1 else 0.0)
        score += 0.5 if line.words[0].text[:1].isupper() else 0.0
        out.append(Break(index, hard, score, needed < limit - 1))
    return out


def cut(lines: list[Line], indices: set[int]) -> list[Cell]:
    bounds = [0, *sorted(i for i in indices if 0 < i < len(lines)), len(lines)]
    return [Cell(lines[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def cut_between_anchors(lines: list[Line], anchors: list[Cell] | list[Line], pitch: float,
                        wide_limit: float | None, starts: re.Pattern[str] | None = None,
                        levels: list[Line] | None = None) -> list[Cell]:
    """Rows of a text column: certain breaks, plus between every two anchors the likeliest break.

    Anchors are cells of a neighbouring column that has one entry per row (targets, amounts), so
    two consecutive anchors need a row break somewhere between them; where none is certain, the
    best-scoring line break there is taken (a larger gap, an early line end, a capital, and above
    all the anchor sitting where the table aligns anchors: level with a row's first line, its last,
    or its middle). `levels` (row numbers) mark certain breaks at the line level with each.
    """
    breaks = line_breaks(lines, pitch, wide_limit)
    cuts = {b.index for b in breaks if b.hard or (starts and starts.match(lines[b.index].text))}
    for mark in levels or []:
        level = [b.index for b in breaks if abs(lines[b.index].top - mark.top) < 0.3 * pitch]
        cuts.update(level[:1])
    if not anchors:
        return cut(lines, cuts)
    mode, certain = _alignment(lines, anchors, cuts, pitch)
    if certain and mode in ("top", "bottom") and not _marker_mode(lines):
        cuts.update(_level_cuts(lines, anchors, pitch, mode))
    for upper, lower in itertools.pairwise(anchors):
        lo, hi = upper.top + 0.3 * pitch, lower.bottom + 0.3 * pitch
        window = [b for b in breaks if lo < lines[b.index].top <= hi]
        if not window or any(b.index in cuts for b in window):
            continue
        def score(b: Break, upper: Cell | Line = upper, lower: Cell | Line = lower) -> float:
            if mode == "top":
                fits = abs(lines[b.index].top - lower.top) < 0.3 * pitch
            elif mode == "bottom":
                fits = abs(lines[b.index - 1].top - upper.top) < 0.3 * pitch
            else:
                start = max((c for c in cuts if c < b.index), default=0)
                fits = abs(Cell(lines[start:b.index]).centre - upper.centre) < 0.35 * pitch
            return b.score + (1.5 if fits else 0.0)
        cuts.add(max(window, key=score).index)
    return cut(lines, cuts)


def _level_cuts(lines: list[Line], anchors: list[Cell] | list[Line], pitch: float, mode: str) -> set[int]:
    """Where anchors sit level with a row's first (or last) line, that line starts (or ends) a row."""
    out = set()
    for anchor in anchors:
        level = [i for i, line in enumerate(lines) if abs(line.top - anchor.top) < 0.3 * pitch]
        if level:
            out.add(level[0] if mode == "top" else level[0] + 1)
    return out


def _alignment(lines: list[Line], anchors: list[Cell] | list[Line], cuts: set[int],
               pitch: float) -> tuple[str, bool]:
    """How anchors sit in their rows, voted over rows already certain to hold exactly one anchor;
    certain when the winner has twice the other votes."""
    votes = {"top": 0, "bottom": 0, "centre": 0}
    for row in cut(lines, cuts):
        inside = [a for a in anchors if row.top - 0.3 * pitch <= a.top <= row.bottom]
        if len(inside) != 1 or len(row.lines) < 2:
            continue
        anchor = inside[0]
        if abs(anchor.top - row.top) < 0.3 * pitch:
            votes["top"] += 1
        elif abs(anchor.top - row.lines[-1].top) < 0.3 * pitch:
            votes["bottom"] += 1
        else:
            votes["centre"] += 1
    if not any(votes.values()):
        return ("top" if abs(anchors[0].top - lines[0].top) < 0.5 * pitch else "centre"), False
    best = max(votes, key=lambda k: votes[k])
    others = sum(votes.values()) - votes[best]
    return best, votes[best] >= 2 * others and votes[best] > others


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
    runs = [run for run in _zero_runs(coverage) if run[1] - run[0] >= 1.5 * height]
    for start, end in reversed(runs):
        split = lo + (start + end) / 2
        right_parts = [[w for w in line.words if w.bbox[0] >= split] for line in lines]
        starts = [part[0].text[:1].isdigit() for part in right_parts if part]
        if len(starts) >= 2 and sum(starts) >= 0.5 * len(starts):
            columns.append(Column(lex.TARGET, "", lo + end, hi, split, last.right))
            last.right = split
            columns.sort(key=lambda c: c.centre)
            return


def _zero_runs(coverage: list[int]) -> list[tuple[int, int]]:
    runs, start = [], None
    for x, value in enumerate([*coverage, 1]):
        if value == 0 and start is None:
            start = x
        elif value != 0 and start is not None:
            runs.append((start, x))
            start = None
    return runs


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
    gutters = [(lo + a, lo + b) for a, b in _zero_runs(coverage) if b - a >= 0.5 * height]
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

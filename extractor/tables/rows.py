"""Rows of a text column: where one cell ends and the next begins.

Evidence for a break: a vertical gap, a row marker or bullet, a line that ended early (the next
word would have fitted), and anchors from a neighbouring column that has one entry per row
(targets, amounts, row numbers), aligned top, bottom or centre as the table does it.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

from extractor.tables.grid import MARKER, Cell, Line


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
        starts_marker = markers and bool(MARKER.match(line.words[0].text))
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


def numbering_apart(lines: list[Line], lone: re.Pattern[str], number: re.Pattern[str]
                    ) -> tuple[list[Line], list[Line]]:
    """A column's text lines, and its row numbers printed on lines of their own (`lone`: the whole
    line; `number`: the words that are the number). Numbering printed at a row's middle sits between
    the lines of a wrapped cell ("2" or "2 Rp" between "Pengarusutamaan Gender dan" and
    "Pemberdayaan Perempuan"): read as text it would start a row there, or join the cell's text;
    it is an anchor of the row instead."""
    text, alone = [], []
    for line in lines:
        (alone if lone.fullmatch(line.text.strip()) else text).append(line)
    numbers = [[w for w in line.words if number.fullmatch(w.text)] for line in alone]
    return text, [Line(words) for words in numbers if words]


TIGHT = 1.25  # line pitches: lines of one cell; a wider gap is padding between rows


def without_inner_numbers(cells: list[Cell]) -> list[Cell]:
    """Cells without the row number that a centred cell prints on its second or third line, out to
    the left of the text ("Indeks kepuasan ..." / "2. layanan ..."): it is the row's number, not its
    text. A number at the text's own indent ("5 tahun terakhir") stays."""
    out = []
    for cell in cells:
        kept = list(cell.lines)
        for index in range(1, len(kept)):
            line, others = kept[index], kept[:index] + kept[index + 1:]
            indent = min(other.x0 for other in others) - 0.5 * (line.bottom - line.top)
            first = line.words[0]
            if len(line.words) > 1 and NUMBER_WORD.fullmatch(first.text) and first.bbox[0] < indent \
                    and line.words[1].bbox[0] >= indent:
                kept[index] = Line(line.words[1:])
        out.append(Cell(kept, list(cell.soft_breaks)))
    return out


NUMBER_WORD = re.compile(r"\d{1,2}[.)]?")  # a row number as a word of its own


def _marker_mode(lines: list[Line]) -> bool:
    starts = [bool(MARKER.match(line.words[0].text)) for line in lines]
    return starts[0] and sum(starts) >= 2


@dataclass
class Break:
    """How likely a new cell starts at line `index` of a column (hard: certainly)."""

    index: int
    hard: bool
    score: float
    fits: bool = False
    marker: bool = False


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
        marker = bool(MARKER.match(line.words[0].text)) or outdented
        needed = prev.x1 + 0.3 * height + line.words[0].bbox[2] - line.words[0].bbox[0]
        hard = marker or gap > (2.2 if marker_only else 1.4)
        score = 5.0 * max(0.0, gap - 1.0) + (1.0 if needed < limit - 1 else 0.5 if needed < wide - 1 else 0.0)
        score += 0.5 if line.words[0].text[:1].isupper() else 0.0
        out.append(Break(index, hard, score, needed < limit - 1, marker))
    return _centred_markers(lines, out, pitch)


def _centred_markers(lines: list[Line], breaks: list[Break], pitch: float) -> list[Break]:
    """A row number printed at the middle of its cell (cells centred vertically) stands on the cell's
    second or third line. When the run of lines set at the cell's line spacing around it holds no
    other number and began after a wider gap, the row starts at that run's first line, not at the
    number: "Indeks kepuasan ..." / "2. layanan perizinan ..." / "pintu kabupaten"."""
    first = bool(MARKER.match(lines[0].words[0].text))
    for brk in breaks:
        if not brk.marker:
            continue
        start = run_start(lines, brk.index, pitch)
        numbered = (start == 0 and first) or any(b.marker for b in breaks if start <= b.index < brk.index)
        if 0 < start < brk.index and not numbered:
            brk.hard = brk.marker = False
            breaks[start - 1].hard = True
    return breaks


def run_start(lines: list[Line], index: int, pitch: float) -> int:
    """The first line of the run, set at one cell's line spacing, that holds line `index`."""
    while index > 0 and lines[index].top - lines[index - 1].top <= TIGHT * pitch:
        index -= 1
    return index


def cut(lines: list[Line], indices: set[int]) -> list[Cell]:
    bounds = [0, *sorted(i for i in indices if 0 < i < len(lines)), len(lines)]
    return [Cell(lines[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def cut_between_anchors(lines: list[Line], anchors: list[Cell] | list[Line], pitch: float,
                        wide_limit: float | None, starts: re.Pattern[str] | None = None,
                        levels: list[Line] | None = None, ruled: set[int] = frozenset()) -> list[Cell]:
    """Rows of a text column: certain breaks, plus between every two anchors the likeliest break.

    Anchors are cells of a neighbouring column that has one entry per row (targets, amounts), so
    two consecutive anchors need a row break somewhere between them; where none is certain, the
    best-scoring line break there is taken (a larger gap, an early line end, a capital, and above
    all the anchor sitting where the table aligns anchors: level with a row's first line, its last,
    or its middle). `levels` (row numbers) mark certain breaks at the line level with each, and so
    do `ruled` breaks (a table rule between two lines): no guess is sought between two anchors a
    rule already parts.
    """
    breaks = line_breaks(lines, pitch, wide_limit)
    return cut(lines, _guessed_cuts(lines, breaks, anchors, pitch, starts, levels, set(ruled)))


def _guessed_cuts(lines: list[Line], breaks: list[Break], anchors: list[Cell] | list[Line], pitch: float,
                  starts: re.Pattern[str] | None, levels: list[Line] | None, cuts: set[int]) -> set[int]:
    """`cuts` (certain already) with the certain breaks, the level ones and one per anchor window."""
    cuts |= {b.index for b in breaks if b.hard or (starts and starts.match(lines[b.index].text))}
    level_lines = []
    for mark in levels or []:  # level with a line's top: a number printed at a row's middle is not
        tolerance = min(0.3 * pitch, 0.4 * (mark.bottom - mark.top))
        level_lines += [i for i, line in enumerate(lines) if abs(line.top - mark.top) < tolerance][:1]
    marked = {*level_lines, *(b.index for b in breaks if b.marker)}
    for index in level_lines:  # ...unless it is the middle line of a tall centred cell
        start = run_start(lines, index, pitch)
        numbered = any(i in marked for i in range(start, index))
        cuts.add(start if 0 < start < index and not numbered else index)
    if not anchors:
        return cuts
    mode, certain = _alignment(lines, anchors, cuts, pitch)
    if certain and mode in ("top", "bottom") and not _marker_mode(lines):
        cuts.update(_level_cuts(lines, anchors, pitch, mode))
    for upper, lower in itertools.pairwise(anchors):
        # a line that starts before the upper anchor ends shares its row (a name wrapped around a
        # centred amount): the next row begins below every cell of this one
        lo = max(upper.top + 0.3 * pitch, upper.bottom)
        hi = min(lower.bottom + 0.3 * pitch, lower.top + 0.6 * pitch)
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
    return cuts


def with_rules(lines: list[Line], cells: list[Cell], ruled: set[int]) -> list[Cell]:
    """Cells guessed from geometry, cut again wherever a table rule runs between two lines. Guesses
    stay: a ruled cell may hold several rows (sub-items listed in one cell, each with a target)."""
    if not ruled:
        return cells
    guessed = set(itertools.accumulate(len(cell.lines) for cell in cells[:-1]))
    return cut(lines, guessed | ruled)


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

"""Two-column signature blocks (pk-domain.md §1.7, §4): where the block starts (the signing line or the
PIHAK labels), which party signs in which column, and each column's name, NIP, pangkat and position."""

from __future__ import annotations

import re

from extractor.layout import Line, words_in
from extractor.parse.labels import (
    LABEL_ONLY_RE,
    Role,
    is_nip_line,
    is_position_start,
    is_rank_line,
    looks_like_name,
    role_of,
)
from extractor.parse.officials import PartyFound, evidence
from extractor.rules.dates import parse_date_line

# Above a NIP with no signing line: a signature block has two columns and holds no amount, so a line of
# three or more parts, or one with an amount, is the table it follows.
TABLE_ROW_SEGMENTS = 3
AMOUNT_RE = re.compile(r"\d{1,3}(?:[.,]\d{3}){2,}")


def signature_anchor(lines: list[Line]) -> tuple[int, Line | None]:
    """Index of the first line of the signature block (date line or PIHAK labels), and the date line."""
    date_index, date_line = None, None
    for index in range(len(lines) - 1, -1, -1):
        date_line = signing_line(lines[index])
        if date_line is not None and lines[index].x1 > 0:
            date_index = index
            break
    label_index = None
    for index, line in enumerate(lines):
        if any(LABEL_ONLY_RE.match(seg.text) for seg in line.segments) and (
                date_index is None or index >= date_index - 1):
            label_index = index
            break
    candidates = [i for i in (date_index, label_index) if i is not None]
    if candidates:
        return min(candidates), date_line if date_index is not None else None
    nip_rows = [i for i, line in enumerate(lines) if any(is_nip_line(seg.text) for seg in line.segments)]
    if nip_rows:
        first = lines[nip_rows[0]]
        start = next((i for i, line in enumerate(lines) if line.top > first.top - 160), nip_rows[0])
        table_rows = [i for i in range(start, nip_rows[0]) if len(lines[i].segments) >= TABLE_ROW_SEGMENTS
                      or AMOUNT_RE.search(lines[i].text)]
        return (table_rows[-1] + 1 if table_rows else start), None
    return len(lines), None


def signing_roles(lines: list[Line]) -> set[Role]:
    """Roles whose signing label ("PIHAK KEDUA,") is printed alone on the page: a party signs there."""
    return {role for line in lines for seg in line.segments
            if LABEL_ONLY_RE.match(seg.text) and (role := role_of(seg.text)) is not None}


def signing_line(line: Line) -> Line | None:
    """The line shaped like "Place, date", or the one segment of it that is: on a scan, specks and
    stamp fragments before the place stand apart from it. A segment must name its month (a cell
    holding a place and a year is no signing line). A signing label that shares the line ("PIHAK
    KEDUA," beside "Bandar Lampung, Desember 2022") is no part of the place."""
    kept = [seg for seg in line.segments if not LABEL_ONLY_RE.match(seg.text)]
    if kept and len(kept) < len(line.segments):
        line = line.sub([word for seg in kept for word in seg.words])
    if parse_date_line(line.text):
        return line
    for segment in line.segments:
        parsed = parse_date_line(segment.text)
        if parsed is not None and parsed.month is not None:
            return segment
    return None


Label = tuple[float, Role]  # a signing label's centre x and the role it names


def find_signatures(lines: list[Line], page_width: float, carried: list[Label] | None = None
                    ) -> list[PartyFound]:
    """The signers of the page's signature block: left column PIHAK KEDUA, right PIHAK PERTAMA by default,
    unless labels say otherwise: the page's own, or those `carried` from the previous page, whose
    block the page break cut after its labels."""
    start, date_line = signature_anchor(lines)
    region = [line for line in lines[start:] if line is not date_line and date_line not in line.segments]
    if not region:
        return []
    labels = _labels(region) or list(carried or [])
    split = _column_split(region, page_width)
    if len(labels) >= 2:
        xs = sorted(x for x, _ in labels)
        if not xs[0] < split < xs[-1]:
            split = (xs[0] + xs[-1]) / 2
    found = []
    for side, (x_min, x_max) in (("left", (-1e9, split)), ("right", (split, 1e9))):
        column = words_in(region, x_min, x_max)
        party = _read_column(column)
        if party is None:
            continue
        role = next((r for x, r in labels if x_min <= x < x_max), None)
        inferred = role is None
        if role is None:
            role = "second" if side == "left" else "first"
        found.append(party.model_copy(update={"role": role, "role_inferred": inferred}))
    if len(found) == 1 and found[0].role_inferred:
        found[0] = found[0].model_copy(update={"role": "first"})
    return found


def _labels(region: list[Line]) -> list[Label]:
    labels: list[Label] = []
    for line in region:
        for seg in line.segments:
            if LABEL_ONLY_RE.match(seg.text) or (len(seg.words) <= 4 and "PIHAK" in seg.text.upper()):
                role = role_of(seg.text)
                if role:
                    labels.append((seg.center_x, role))
    return labels


def dangling_labels(lines: list[Line], found: list[PartyFound]) -> list[Label]:
    """Signing labels with no signer read under them: the page ended inside the signature block, and
    the next page's names sign in these columns."""
    if any(party.name or party.nip for party in found):
        return []
    start, date_line = signature_anchor(lines)
    return _labels([line for line in lines[start:] if line is not date_line])


def _column_split(region: list[Line], page_width: float) -> float:
    """The x that separates the two signature columns: inside the most gaps between line segments."""
    gaps = [(a.x1, b.x0) for line in region for a, b in zip(line.segments, line.segments[1:], strict=False)]
    gaps = [g for g in gaps if 0.2 * page_width < (g[0] + g[1]) / 2 < 0.8 * page_width]
    if not gaps:
        return page_width / 2
    candidates = [page_width / 2] + [(a + b) / 2 for a, b in gaps]

    def coverage(x: float) -> tuple[int, float]:
        return sum(1 for a, b in gaps if a <= x <= b), -abs(x - page_width / 2)

    best = max(candidates, key=coverage)
    holding = [(a, b) for a, b in gaps if a <= best <= b]
    if not holding:
        return page_width / 2
    return (max(a for a, _ in holding) + min(b for _, b in holding)) / 2


def _read_column(column: list[Line]) -> PartyFound | None:
    column = [line for line in column if not LABEL_ONLY_RE.match(line.text)]
    column = [_strip_label(line) for line in column]
    column = [line for line in column if line.words and line.text.strip(" ,.")]
    if not column:
        return None
    nip_index = next((i for i, line in enumerate(column) if is_nip_line(line.text)), None)
    rank_index = next((i for i, line in enumerate(column) if is_rank_line(line.text)
                       and (nip_index is None or i <= nip_index + 1)), None)
    marks = [i for i in (rank_index, nip_index) if i is not None]
    name_index = min(marks) - 1 if marks else _name_after_positions(column)
    if name_index is not None and (name_index < 0 or is_nip_line(column[name_index].text)
                                   or (not marks and is_position_start(column[name_index].text))):
        name_index = None
    party = PartyFound(role="first", source="signature", page=column[0].page)
    name_span = _name_span(column, name_index, bool(marks))
    if name_span is not None:
        party.name = evidence(column[name_span[0]:name_span[1] + 1], "signature_name")
        head = column[:name_span[0]]
    else:
        head = column[: min(marks)] if marks else column
    head = [line for line in head if signing_line(line) is None]
    if head and is_position_start(head[0].text):
        text = " ".join(h.text for h in head).strip().rstrip(",").strip()
        party.position = evidence(head, "signature_position", text=text)
    if rank_index is not None:
        party.rank = evidence([column[rank_index]], "signature_rank")
    if nip_index is not None:
        party.nip = evidence([column[nip_index]], "signature_nip")
    if party.name is None and party.nip is None and party.position is None:
        return None
    return party


def _name_span(column: list[Line], index: int | None, marked: bool) -> tuple[int, int] | None:
    """First and last line of the signer's name around the candidate line `index`."""
    if index is None:
        return None
    if (index > 0 and _is_title_tail(column[index].text) and _touching(column[index - 1], column[index])
            and looks_like_name(column[index - 1].text.rstrip(" ,") + " x")):
        return index - 1, index  # "SUGENG SIREGAR, S.Hut.," / "M.Sc,": suffix titles wrapped
    if not looks_like_name(column[index].text):
        return None
    first, last = index, index
    if not marked:  # an elected head's name (no pangkat or NIP below) may wrap downwards
        while last + 1 < len(column) and _touching(column[last], column[last + 1]) and looks_like_name(
                column[last + 1].text):
            last += 1
    while first > 0 and _touching(column[first - 1], column[first]) and looks_like_name(
            column[first - 1].text) and not is_position_start(column[first - 1].text):
        first -= 1
    return first, last


def _is_title_tail(text: str) -> bool:
    """A line holding only academic titles ("M.Sc,", "S.H., M.H.")."""
    tokens = [t for t in re.split(r"[\s,]+", text.strip()) if t]
    title = re.compile(r"[A-Z][A-Za-z]{0,4}\.(?:[A-Za-z]{1,5}\.?)*|[A-Z]{2,4}")
    return bool(tokens) and len(tokens) <= 3 and all(title.fullmatch(t) for t in tokens)


def _touching(upper: Line, lower: Line) -> bool:
    """Two lines of one wrapped value: no more than a small gap between them."""
    return lower.top - upper.bottom < 0.5 * lower.height


def _name_after_positions(column: list[Line]) -> int | None:
    """For a signer without rank or NIP (an elected head): the first line after the position lines."""
    seen_position = False
    for index, line in enumerate(column):
        if is_position_start(line.text) and not seen_position:
            seen_position = True
            continue
        if seen_position and index > 0 and line.top - column[index - 1].bottom < 0.8 * line.height:
            continue
        if not is_position_start(line.text):
            return index
    return None


def _strip_label(line: Line) -> Line:
    words = line.words
    for index, word in enumerate(words[:-1]):
        if re.fullmatch(r"P[I1l]HAK", word.text, re.IGNORECASE) and role_of(f"PIHAK {words[index + 1].text}"):
            return line.sub(words[:index] + words[index + 2:])
    return line

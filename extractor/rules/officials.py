"""People of a PK: party blocks ("Nama : ... / Jabatan : ... selanjutnya disebut PIHAK PERTAMA") and
two-column signature blocks (pk-domain.md §1.4, §1.7, §4).

Label matching is fuzzy on OCR-normalised text so "NlP", "Nama ." and "Jabatan 1" still read as labels.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.layout import Line, join_boxes, words_in
from extractor.rules import lexicon
from extractor.rules.dates import parse_date_line
from models.geometry import BBox

Role = Literal["first", "second"]
PARTY_FIELDS = ("name", "nip", "rank", "position")


class Evidence(BaseModel):
    """One reading of a value: the printed text, where it was, and how it was found."""

    text: str
    page: int
    bbox: BBox | None = None
    word_confidence: float = 1.0
    rule: str
    match_score: float = 1.0


class PartyFound(BaseModel):
    """A party as seen in one place (a party block or one signature column)."""

    role: Role
    role_inferred: bool = False
    source: Literal["party_block", "signature", "title"]
    page: int
    name: Evidence | None = None
    nip: Evidence | None = None
    rank: Evidence | None = None
    position: Evidence | None = None

    def get(self, key: str) -> Evidence | None:
        return getattr(self, key)


def evidence(lines: list[Line], rule: str, text: str | None = None, score: float = 1.0) -> Evidence:
    joined = text if text is not None else " ".join(line.text for line in lines)
    return Evidence(text=collapse(joined), page=lines[0].page, bbox=join_boxes(lines),
                    word_confidence=min(line.confidence for line in lines), rule=rule, match_score=score)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ocr_fold(text: str) -> str:
    """Lower-case letters only, with the usual OCR look-alikes of 'i' folded, for label comparison."""
    text = text.lower().replace("rn", "m")
    text = text.replace("l", "i").replace("1", "i").replace("|", "i").replace("!", "i")
    text = re.sub(r"[^a-z ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_LABELS = [(key, ocr_fold(variant)) for key, variants in lexicon.FIELD_LABELS.items() for variant in variants]


def match_label(text: str) -> tuple[str, float] | None:
    """The party-block field a printed label names ("NlP" -> nip), with a 0..1 match score."""
    text = re.sub(r"^\s*(?:\d{1,2}|[a-eA-E])[.)]\s*", "", text)  # "1. Nama", "a) NIP"
    folded = ocr_fold(text)
    if not folded or len(folded) > 28:
        return None
    best: tuple[str, float] | None = None
    for key, variant in _LABELS:
        if folded == variant:
            return key, 1.0
        if len(variant) <= 3:
            # Short labels only match exactly, or with one trailing stray token ("nip i").
            if folded.split()[0] == variant and len(folded.split()) <= 2:
                score = 0.9
            else:
                continue
        else:
            score = fuzz.ratio(folded, variant) / 100
            first = folded.split()[0]
            score = max(score, fuzz.ratio(first, variant.split()[0]) / 100 - 0.05)
        if score >= 0.8 and (best is None or score > best[1]):
            best = (key, score)
    return best


def split_label(line: Line) -> tuple[str, float, Line] | None:
    """(field, score, value part) when the line is "Label : value"; None otherwise."""
    words = line.words
    for index, word in enumerate(words[:5]):
        if ":" in word.text:
            before, _, after = word.text.partition(":")
            label_text = " ".join([w.text for w in words[:index]] + [before])
            value_words = words[index + 1:]
            if after.strip():
                value_words = [word.model_copy(update={"text": after}), *value_words]
            found = match_label(label_text)
            if found and value_words:
                return found[0], found[1], line.sub(value_words)
            if found:
                return found[0], found[1], line.sub([])  # type: ignore[list-item]
            return None
    if len(line.segments) >= 2:
        found = match_label(line.segments[0].text)
        if found:
            rest = [w for seg in line.segments[1:] for w in seg.words]
            if rest and _COLON_LOOKALIKE.match(rest[0].text.strip()) and len(rest) > 1:
                rest = rest[1:]
            elif rest and rest[0].text.startswith((":", ";")):
                rest = [rest[0].model_copy(update={"text": rest[0].text[1:]}), *rest[1:]]
            return (found[0], found[1], line.sub(rest)) if rest else None
    return None


# What OCR makes of the colon between a label and its value (":", ";", ">", "2.", "=").
_COLON_LOOKALIKE = re.compile(r"^(?:[:;>=+.,\-_~|]{1,3}|[2zZ]\.?|[>:;]{1,2}\.?)$")


_PIHAK_RE = re.compile(r"P[I1l]HAK\s*(KE\s*SATU|PERTAMA|KEDUA|[A-Z]{4,8})", re.IGNORECASE)


def role_of(text: str) -> Role | None:
    """The role a "PIHAK X" phrase names; the last mention wins ("selaku atasan PIHAK KESATU ... KEDUA")."""
    mentions = _PIHAK_RE.findall(text)
    for mention in reversed(mentions):
        word = mention.upper().replace(" ", "")
        if fuzz.ratio(word, "KEDUA") >= 80:
            return "second"
        if fuzz.ratio(word, "PERTAMA") >= 75 or fuzz.ratio(word, "KESATU") >= 75:
            return "first"
    upper = text.upper()
    if any(alt in upper for alt in lexicon.SECOND_PARTY_ALT):
        return "second"
    if any(alt in upper for alt in lexicon.FIRST_PARTY_ALT):
        return "first"
    return None


def is_designation(line: Line) -> bool:
    upper = line.text.upper()
    return ("DISEBUT" in upper or "SELAKU" in upper) and role_of(line.text) is not None


def find_party_blocks(lines: list[Line]) -> list[PartyFound]:
    """Party blocks of a statement page, in order, each closed by its "selanjutnya disebut" line."""
    blocks: list[PartyFound] = []
    current: dict[str, Evidence] = {}
    last_key: str | None = None
    last_line: Line | None = None
    value_x0 = 0.0
    pending: list[PartyFound] = []

    def close(role: Role | None, inferred: bool) -> None:
        nonlocal current
        if "name" in current or "position" in current:
            page = next(iter(current.values())).page
            party = PartyFound(role=role or "first", role_inferred=inferred, source="party_block", page=page,
                               **current)
            (blocks if role else pending).append(party)
        current = {}

    labels = _aligned_values([_label_of(lines, index) for index in range(len(lines))])
    orphan: Line | None = None
    consumed: set[int] = set()
    for index, line in enumerate(lines):
        labelled = labels[index]
        if labelled and labelled[0] in PARTY_FIELDS:
            key, score, value = labelled
            if key in current and key == "name":
                close(None, True)
            if (orphan is not None and key in ("position", "name") and value.words
                    and line.top - orphan.bottom < 1.5 * line.height
                    and abs(orphan.x0 - value.x0) < 3 * line.height):
                # The label sits on the last line of a value that starts one line above it.
                value = value.sub(orphan.words + value.words)
            below = lines[index + 1] if index + 1 < len(lines) else None
            if (not value.words and below is not None and labels[index + 1] is None
                    and not is_designation(below) and below.top - line.bottom < 1.5 * line.height):
                value = below  # "Nama :" with the value printed on the next line
                consumed.add(index + 1)
            if value.words:
                current[key] = evidence([value], "party_block_label", score=score)
                value_x0 = value.x0
            last_key, last_line, orphan = key, line, None
            continue
        if index in consumed:
            last_line = line
            continue
        orphan = None
        if is_designation(line):
            close(role_of(line.text), False)
            last_key = None
            continue
        following = labels[index + 1] if index + 1 < len(labels) else None
        starts_next = (following is not None and following[0] in ("position", "name")
                       and lines[index + 1].top - line.bottom < 1.5 * line.height)
        continues = (last_key in ("position", "name") and last_line is not None and last_key in current
                     and line.top - last_line.bottom < 1.5 * line.height
                     and abs(line.x0 - value_x0) < 3 * line.height and not starts_next)
        if continues and last_key is not None:
            previous = current[last_key]
            extra = evidence([line], previous.rule)
            current[last_key] = previous.model_copy(update={
                "text": collapse(previous.text + " " + extra.text),
                "bbox": join_boxes([line]) if previous.bbox is None else _union(previous.bbox, extra.bbox),
                "word_confidence": min(previous.word_confidence, extra.word_confidence)})
            last_line = line
            continue
        last_key = None
        orphan = line if starts_next else None
    close(None, True)
    if pending:
        # Blocks without a designation line: order decides (party 1 first, pk-domain.md §1.4).
        taken = {b.role for b in blocks}
        for party in pending:
            role: Role = "first" if "first" not in taken else "second"
            taken.add(role)
            blocks.append(party.model_copy(update={"role": role, "role_inferred": True}))
    return blocks


def _aligned_values(labels: list[tuple[str, float, Line] | None]) -> list[tuple[str, float, Line] | None]:
    """Values start in one column after the colons. A first word left of that column, with the next
    word on it, is what OCR made of a colon and a speck ("Nama st BUDI ..."): its text is dropped, its
    confidence kept."""
    values = [found[2] for found in labels if found and found[0] in PARTY_FIELDS and found[2].words]
    if len(values) < 3:
        return labels
    height = sorted(value.height for value in values)[len(values) // 2]
    starts = [value.words[0].bbox[0] for value in values]
    column = max(starts, key=lambda x: sum(abs(other - x) < 0.5 * height for other in starts))
    if sum(abs(other - column) < 0.5 * height for other in starts) < 3:
        return labels  # no column that three values share
    out = []
    for found in labels:
        if found and found[0] in PARTY_FIELDS and len(found[2].words) > 1:
            first, second = found[2].words[:2]
            if first.bbox[0] < column - 0.5 * height and abs(second.bbox[0] - column) < 0.5 * height:
                blanked = first.model_copy(update={"text": ""})  # its doubt stays with the value
                found = (found[0], found[1], found[2].sub([blanked, *found[2].words[1:]]))
        out.append(found)
    return out


def _label_of(lines: list[Line], index: int) -> tuple[str, float, Line] | None:
    """The label reading of a line, also when the label itself wrapped ("Pangkat/Golong" / "an : ...")."""
    line = lines[index]
    found = split_label(line)
    if found or index == 0:
        return found
    previous = lines[index - 1]
    if (":" not in previous.text and len(previous.words) <= 2 and ":" in line.text[:12]
            and line.top - previous.bottom < 1.5 * line.height):
        joined = previous.words[-1].model_copy(update={"text": previous.words[-1].text + line.words[0].text})
        merged = line.sub([joined, *line.words[1:]])
        merged.segments = [merged]
        return split_label(merged)
    return None


def _union(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


_NIP_LINE_RE = re.compile(r"^\s*(?:N[I1l|]P|NRP|NI\s*PPPK)\b\.?", re.IGNORECASE)
_LABEL_ONLY_RE = re.compile(
    r"^\s*(?:P[I1l]HAK\s+\S+|PEGAWAI\s+YANG\s+DINILAI|PEJABAT\s+PENILAI(?:\s+KINERJA)?)\s*[,.]?\s*$",
    re.IGNORECASE)


def is_nip_line(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return bool(_NIP_LINE_RE.match(text)) or (digits >= 14 and digits >= 0.7 * len(text.replace(" ", "")))


def is_rank_line(text: str) -> bool:
    stripped = text.strip()
    if re.match(r"^(Pembina|Penata|Pengatur|Juru)(?=$|[\s.,(/]|Tk|TK|Tingkat|Muda|Utama|Madya)", stripped,
                re.IGNORECASE):
        return len(stripped.split()) <= 7
    if re.search(r"\b(Pembina|Penata|Pengatur)(?=$|[\s.,(/]|Tk|TK|Tingkat|Muda|Utama|Madya)", stripped) and (
            len(stripped.split()) <= 6 and "," not in stripped):
        return True  # OCR noise before the pangkat ("7 Pembina Tingkat I")
    first = stripped.split()[0] if stripped.split() else ""
    if lexicon.GOLONGAN_RE.search(stripped) and len(stripped.split()) <= 6 and "NIP" not in stripped.upper():
        return True
    # An OCR-damaged pangkat word ("Pefnbina Tk. I").
    if len(stripped.split()) <= 5 and 6 <= len(first) <= 9 and any(
            fuzz.ratio(first.lower(), word) >= 80 and abs(len(first) - len(word)) <= 1
            for word in ("pembina", "penata", "pengatur")):
        return True
    return bool(re.match(r"^(?:Gol\.?\s*)?(?:I{1,3}|IV|[l1]V)\s*[/.\-]\s*[a-eA-E]\s*$", stripped))


def looks_like_name(text: str) -> bool:
    """A signer's name line: some real words, no role label, not a pangkat."""
    words = re.findall(r"[A-Za-z]{3,}", text)
    stripped = text.rstrip()
    if not words or "PIHAK" in text.upper() or is_rank_line(text) or (
            stripped.endswith(",") and "," not in stripped[:-1]):
        return False
    if is_position_start(text) and text.isupper():
        return False
    return sum(len(w) for w in words) >= 5


def is_position_start(text: str) -> bool:
    upper = text.upper().lstrip("( ")
    return any(upper.startswith(head) for head in lexicon.POSITION_HEADS)


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
        if any(_LABEL_ONLY_RE.match(seg.text) for seg in line.segments) and (
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
        return start, None
    return len(lines), None


def signing_roles(lines: list[Line]) -> set[Role]:
    """Roles whose signing label ("PIHAK KEDUA,") is printed alone on the page: a party signs there."""
    return {role for line in lines for seg in line.segments
            if _LABEL_ONLY_RE.match(seg.text) and (role := role_of(seg.text)) is not None}


def signing_line(line: Line) -> Line | None:
    """The line shaped like "Place, date", or the one segment of it that is: on a scan, specks and
    stamp fragments before the place stand apart from it. A segment must name its month (a cell
    holding a place and a year is no signing line)."""
    if parse_date_line(line.text):
        return line
    for segment in line.segments:
        parsed = parse_date_line(segment.text)
        if parsed is not None and parsed.month is not None:
            return segment
    return None


def find_signatures(lines: list[Line], page_width: float) -> list[PartyFound]:
    """The signers of the page's signature block: left column PIHAK KEDUA, right PIHAK PERTAMA by default."""
    start, date_line = signature_anchor(lines)
    region = [line for line in lines[start:] if line is not date_line and date_line not in line.segments]
    if not region:
        return []
    labels: list[tuple[float, Role]] = []
    for line in region:
        for seg in line.segments:
            if _LABEL_ONLY_RE.match(seg.text) or (len(seg.words) <= 4 and "PIHAK" in seg.text.upper()):
                role = role_of(seg.text)
                if role:
                    labels.append((seg.center_x, role))
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
    column = [line for line in column if not _LABEL_ONLY_RE.match(line.text)]
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

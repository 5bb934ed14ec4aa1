"""People of a PK: party blocks ("Nama : ... / Jabatan : ... selanjutnya disebut PIHAK PERTAMA", pk-domain.md
§1.4), read with `labels` (what a line of a person's block is); the signature blocks are read in
`signatures` with the same types.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from extractor.layout import Line, join_boxes
from extractor.parse.labels import Role, collapse, role_of, split_label
from models.geometry import BBox

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


_DANGLING_PIHAK = re.compile(r"P[I1l]HAK\W*$", re.IGNORECASE)


def _designation_text(lines: list[Line], index: int) -> str:
    """The "selanjutnya disebut PIHAK ..." sentence, with the next line's first word when the line
    wrapped between "PIHAK" and its number ("... disebut PIHAK" / "KEDUA.")."""
    text = lines[index].text
    if _DANGLING_PIHAK.search(text) and index + 1 < len(lines) and lines[index + 1].words:
        text += " " + lines[index + 1].words[0].text
    return text


def is_designation(line: Line) -> bool:
    upper = line.text.upper()
    return ("DISEBUT" in upper or "SELAKU" in upper) and (
        role_of(line.text) is not None or bool(_DANGLING_PIHAK.search(line.text)))


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
            close(role_of(_designation_text(lines, index)), False)
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



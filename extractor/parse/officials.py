"""People of a PK: party blocks ("Nama : ... / Jabatan : ... selanjutnya disebut PIHAK PERTAMA", pk-domain.md
§1.4) and what a line of a person's block is (label, NIP, pangkat, name, position); the signature blocks
are read in `rules.signatures` with these.

Label matching is fuzzy on OCR-normalised text so "NlP", "Nama ." and "Jabatan 1" still read as labels.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.layout import Line, join_boxes
from extractor.rules import lexicon
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


_NIP_LINE_RE = re.compile(r"^\s*(?:N[I1l|]P|NRP|NI\s*PPPK)\b\.?", re.IGNORECASE)
LABEL_ONLY_RE = re.compile(
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
    if any(word in lexicon.LOWER_WORDS for word in text.split()):
        return False  # "dan", "yang", "untuk": a phrase (a program, a sasaran), never a person's name
    return sum(len(w) for w in words) >= 5


def is_position_start(text: str) -> bool:
    upper = text.upper().lstrip("( ")
    return any(upper.startswith(head) for head in lexicon.POSITION_HEADS)

"""What a line of a person's block is: a field label (read fuzzily on OCR-folded text, so "NlP",
"Nama ." and "Jabatan 1" still count), the party a line names, a NIP or pangkat line, a name, the
start of a position."""

from __future__ import annotations

import re
from typing import Literal

from rapidfuzz import fuzz

from extractor.layout import Line
from extractor.rules import lexicon

Role = Literal["first", "second"]


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

"""The two parties of one agreement from every place that names them: the party blocks of the statement,
a position in the title, the signature blocks of every page. The party block is trusted first; the
others confirm or contradict it, and a party whose signing label is printed but nothing else read
comes back missing rather than absent."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractor.layout import Line
from extractor.parse import metadata
from extractor.parse.labels import is_position_start
from extractor.parse.officials import Evidence, PartyFound, evidence
from extractor.parse.segment import PageContext
from extractor.parse.signatures import Label, dangling_labels, find_signatures, signing_roles
from extractor.rules import lexicon
from extractor.rules.nip import decode_nip, nip_digits, repair_nip
from extractor.scoring.prior import make_field
from models.agreement import Party
from models.extracted import Field


def read_parties(ordered: list[PageContext], titles: dict[int, list[Line]], statement: PageContext | None,
             year: int | None) -> tuple[Party | None, Party | None]:
    sources: list[PartyFound] = []
    blocks = (statement or ordered[0]).facts.party_blocks
    sources.extend(blocks)
    if not any(b.role == "first" and b.position for b in blocks):
        title_position = _title_position(titles[ordered[0].page.number])
        if title_position is not None:
            sources.append(PartyFound(role="first", source="title", page=title_position.page,
                                      position=title_position))
    carried: list[Label] = []
    for context in ordered:
        found = find_signatures(context.lines, context.page.info.width, carried)
        sources.extend(found)
        carried = dangling_labels(context.lines, found)
    first = _party([s for s in sources if s.role == "first"], year)
    second = _party([s for s in sources if s.role == "second"], year)
    if second is not None and statement is None and second.position.value is None:
        # Lampiran-only PKs print the superior's name and NIP but rarely the office: null is as printed.
        second.position = Field(value=None, confidence=0.9, page=ordered[0].page.number)
    signing = {role for context in ordered for role in signing_roles(context.lines)}
    first = first if first is not None or "first" not in signing else _unread_party()
    second = second if second is not None or "second" not in signing else _unread_party()
    if first is not None and second is not None:
        _cross_party_checks(first, second)
    return first, second


def _title_position(lines: list[Line]) -> Evidence | None:
    """A title line naming the first party's office ("KEPALA SEKSI PROMOSI"), for PKs without party blocks."""
    for index, line in enumerate(lines):
        if is_position_start(line.text) and not metadata.is_title_line(line.text):
            group = [line]
            for follow in lines[index + 1:]:
                close = follow.top - group[-1].bottom < 0.6 * follow.height
                unit = metadata.organization_from_unit_line(follow.text)
                if close and not metadata.government_of(follow.text) and not unit:
                    group.append(follow)
                else:
                    break
            return evidence(group, "title_position")
    return None


def _unread_party() -> Party:
    """A party whose signing label is printed but none of whose lines was read (under a stamp, lost by
    OCR): every field missing, so a person looks, rather than no party at all."""
    return Party(name=Field.missing(), nip=Field.missing(), position=Field.missing(), rank=Field.missing())


def _party(found: list[PartyFound], year: int | None) -> Party | None:
    if not any(f.name or f.nip or f.position for f in found):
        return None
    party = Party()
    inferred = all(f.role_inferred for f in found if f.source == "signature") and not any(
        f.source == "party_block" and not f.role_inferred for f in found)
    extra = ["inferred_from_layout"] if inferred and any(f.source == "signature" for f in found) else []
    party.name = _name_field(found, extra)
    party.position = _text_field([f.position for f in found if f.position], extra)
    party.rank = _rank_field(found, extra)
    party.nip = _nip_field(found, year, party.position.value, extra)
    return party


def _name_key(name: str, spaced: bool = False) -> str:
    """Core name for comparison: titles, punctuation and case dropped."""
    text = clean_name(name).split(",")[0]
    words = [w for w in text.split() if w not in lexicon.NAME_PREFIXES and w.rstrip(".") + "." not in
             lexicon.NAME_PREFIXES]
    return re.sub(r"[^a-z ]" if spaced else r"[^a-z]", "", " ".join(words).lower()).strip()


def _name_field(found: list[PartyFound], extra: list[str]) -> Field:
    names = [f.name for f in found if f.name]
    if not names:
        return Field.missing()
    chosen = names[0]
    key = _name_key(chosen.text)
    spaced = _name_key(chosen.text, spaced=True)
    scores = [max(fuzz.ratio(_name_key(n.text), key),
                  fuzz.token_sort_ratio(_name_key(n.text, spaced=True), spaced),
                  fuzz.partial_ratio(_name_key(n.text), key)) for n in names[1:]]
    agree = sum(1 for score in scores if score >= 85)
    # OCR of a signed, stamped name is often clipped or garbled: only a clearly different name counts
    # against, except between two text-layer readings.
    disagree = sum(1 for n, score in zip(names[1:], scores, strict=True)
                   if score < 60 or (score < 85 and min(n.word_confidence, chosen.word_confidence) >= 0.99))
    reasons = [*extra] + (["name_mismatch"] if disagree else [])
    value = clean_name(chosen.text)
    if chosen.word_confidence < 1.0:
        # OCR drops the period of a leading title ("Ir BAMBANG" for "Ir. BAMBANG").
        value = re.sub(r"^(Ir|Drs|Dra|Hj|dr|drg|drh|Prof|KH)(?=\s+\S)", r"\1.", value)
    return make_field(chosen, value, agree=min(agree, 2), disagree=disagree, reasons=reasons)


def strip_junk(text: str) -> str:
    """OCR marks without letters or digits: leading and trailing ("> FUNGSIONAL", "BUPATI JOMBANG ~"),
    and a lone symbol between words that no title or office name prints ("PERLINDUNGAN § ANAK", a
    table rule read as a glyph); the words' own confidence keeps the doubt."""
    text = re.sub(r"^(?:[^A-Za-z0-9(]+|\d{1,2}[.)]?\s+)+", "", text)
    text = re.sub(r"(?<=\s)[^\w\s,./&()\-:;'\"]+\s+", "", text)
    return re.sub(r"(?:\s+[^A-Za-z0-9().]+)+$", "", text).strip()


def clean_name(text: str) -> str:
    """OCR slips around a printed name: stray leading marks, a comma read for a title's period ("Ir,")."""
    text = strip_junk(text).rstrip(" ,")
    text = re.sub(r"(?<=\s)[1l|](?=\s+[A-Z])", "I", text)  # Balinese "I" read as a digit
    words = text.split(" ")
    for index, word in enumerate(words[:4]):
        if word.endswith(",") and word[:-1] + "." in lexicon.NAME_PREFIXES:
            words[index] = word[:-1] + "."
        elif word + "." not in lexicon.NAME_PREFIXES and word not in lexicon.NAME_PREFIXES:
            break
    return " ".join(words)


def _text_field(evidences: list[Evidence], extra: list[str]) -> Field:
    if not evidences:
        return Field.missing()
    chosen = evidences[0]
    chosen = chosen.model_copy(update={"text": strip_junk(chosen.text)})
    key = re.sub(r"[^a-z]", "", chosen.text.lower())
    agree = sum(1 for e in evidences[1:]
                if fuzz.partial_ratio(re.sub(r"[^a-z]", "", e.text.lower()), key) >= 90)
    return make_field(chosen, chosen.text.strip(" ,"), agree=min(agree, 2), reasons=list(extra))


def _rank_field(found: list[PartyFound], extra: list[str]) -> Field:
    ranks = [f.rank.model_copy(update={"text": clean_rank(f.rank.text, ocr=f.rank.word_confidence < 1.0)})
             for f in found if f.rank]
    if ranks:
        field = _text_field(ranks, extra)
        if re.search(r"\b(?:Tk\.?|Tingkat)\s*$", field.value or "", re.I):
            field.reasons.append("rank_incomplete")
        return field
    readable = [f for f in found if f.source == "signature" and f.nip and f.nip.word_confidence >= 0.8]
    if any(metadata.is_regional_head(f.position.text) for f in found if f.position):
        return Field(value=None, confidence=0.95, page=found[0].page)  # elected heads have no pangkat
    if readable:
        # The signature column was read and printed no pangkat: null is the printed truth. On a scan
        # the pangkat line may just have been lost, so a person should look.
        scanned = min(f.nip.word_confidence for f in readable if f.nip) < 1.0
        return Field(value=None, confidence=0.7 if scanned else 0.92, page=found[0].page)
    if any(f.source == "signature" for f in found):
        return Field(value=None, confidence=0.6, page=found[0].page)
    return Field.missing()


def clean_rank(text: str, ocr: bool = False) -> str:
    """OCR's "|" or a lone "l" for the Roman one in "Pembina Tk. I"; on OCR text also the spacing OCR
    loses around the slash between pangkat and golongan ("Pembina /IV.a" -> "Pembina / IV.a")."""
    if ocr:
        text = re.sub(r"(?<=[A-Za-z.])\s*/\s*(?=(?:I{1,3}|IV)\s*[./\-]?\s*[a-eA-E]\b)", " / ", text)
    text = re.sub(r"(?<=\s)[|l](?=$|[\s,)])|(?<=\.)[|](?=$|[\s,)])", "I", text).strip()
    lead = re.search(r"\b(?:Pembina|Penata|Pengatur|Juru)", text)
    if lead and lead.start() > 0 and len(text[: lead.start()].split()) <= 2:
        text = text[lead.start():]  # OCR noise before the pangkat word
    elif not lead and text.split() and re.search(r"\b(?:Utama|Muda|Madya|Tk|Tingkat|I{1,3}|IV)\b", text):
        first = text.split()[0]
        best = max(("Pembina", "Penata", "Pengatur"), key=lambda w: fuzz.ratio(first.lower(), w.lower()))
        if fuzz.ratio(first.lower(), best.lower()) >= 75:
            text = best + text[len(first):]  # "mPeffbina Utama Muda" -> "Pembina Utama Muda"
    return re.sub(r"\b([Iil1|N]{1,3}|[Iil1|]V)(?=\s*[/.\-]\s*[a-eA-E]\b)",
                  lambda m: re.sub(r"[il1|N]", "I", m.group(1)), text)


def _nip_field(found: list[PartyFound], year: int | None, position: str | None, extra: list[str]) -> Field:
    readings = []
    for f in found:
        if f.nip:
            digits, fixed = nip_digits(f.nip.text)
            if digits:
                readings.append((f.nip, digits, fixed))
    if not readings:
        if metadata.is_regional_head(position) or any(
                metadata.is_regional_head(f.position.text) for f in found if f.position):
            return Field(value=None, confidence=0.95, page=found[0].page)  # elected heads have no NIP
        if any(f.source == "signature" and f.name for f in found):
            return Field(value=None, confidence=0.6, page=found[0].page, reasons=["missing"])
        return Field.missing()
    valid = [r for r in readings if decode_nip(r[1], year).valid]
    chosen_ev, digits, fixed = (valid or readings)[0]
    reasons = list(extra)
    if fixed:
        reasons.append("nip_corrected")
    if not decode_nip(digits, year).valid:
        repaired = repair_nip(digits, year) if chosen_ev.word_confidence < 0.95 else None
        if repaired:
            digits = repaired
            reasons.append("nip_corrected")
        else:
            reasons.append("nip_invalid")
    # Another reading disagrees only when it is itself a valid NIP: a clipped OCR reading is noise.
    others = [d for _, d, _ in readings if d != digits and decode_nip(d, year).valid]
    agree = sum(1 for _, d, _ in readings if d == digits) - 1
    if others:
        reasons.append("nip_mismatch")
    return make_field(chosen_ev, digits, agree=min(agree, 2), disagree=len(others), reasons=reasons)


def _cross_party_checks(first: Party, second: Party) -> None:
    if first.nip.value and first.nip.value == second.nip.value:
        for party in (first, second):
            party.nip.reasons.append("same_person_both_parties")
    if first.name.value and second.name.value and _name_key(first.name.value) == _name_key(second.name.value):
        for party in (first, second):
            party.name.reasons.append("same_person_both_parties")
    if second.nip.value and metadata.is_regional_head(second.position.value) and not re.match(
            r"^\s*Pj", second.position.value or "", re.I):
        second.nip.reasons.append("regional_head_has_nip")



"""One agreement's record from its pages: title block, parties, signing line and the lampiran tables.

Each value is taken from the most reliable place that has it (party block, then title, then
signature blocks) and every other place that has it is used to confirm or contradict it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.layout import Line
from extractor.rules import lexicon, metadata
from extractor.rules.dates import parse_date_line
from extractor.rules.nip import decode_nip, nip_digits, repair_nip
from extractor.rules.officials import (
    Evidence,
    PartyFound,
    evidence,
    find_party_blocks,
    is_designation,
    is_position_start,
    match_label,
)
from extractor.rules.signatures import find_signatures, signature_anchor, signing_roles
from extractor.scoring.prior import LOW_OCR_CONFIDENCE, evidence_confidence
from extractor.segment import PageFacts, Span, is_table_header
from models.agreement import Agreement, Party
from models.document import Page, Problem
from models.extracted import Field


@dataclass
class PageContext:
    page: Page
    lines: list[Line]
    facts: PageFacts


class Assembled(BaseModel):
    agreement: Agreement
    problems: list[Problem] = []


def make_field(ev: Evidence | None, value: object, *, agree: int = 0, disagree: int = 0,
               reasons: list[str] | None = None, confidence: float | None = None) -> Field:
    reasons = list(reasons or [])
    if ev is None:
        if value is None and confidence is None:
            return Field.missing(*reasons)
        return Field(value=value, confidence=confidence or 0.0, reasons=reasons)
    if ev.word_confidence < LOW_OCR_CONFIDENCE and "low_ocr_confidence" not in reasons:
        reasons.append("low_ocr_confidence")
    conf = evidence_confidence(ev, agree, disagree) if confidence is None else confidence
    return Field(value=value, raw=ev.text, confidence=conf, reasons=reasons, page=ev.page, bbox=ev.bbox)


def title_block(lines: list[Line]) -> list[Line]:
    """Lines above the opening sentence, the first party label or the table header."""
    heads = ("PEMERINTAH", "KEMENTERIAN")
    if not any(metadata.is_title_line(line.text) or (line.text.isupper() and line.text.startswith(heads))
               for line in lines[:14]):
        return []
    out = []
    for line in lines[:18]:
        lowered = line.text.lower()
        if (any(fuzz.partial_ratio(a, lowered) >= 85 for a in lexicon.OPENING_ANCHORS[:2])
                or is_table_header(line) or is_designation(line)):
            break
        labelled = match_label(line.text.split(":")[0]) if ":" in line.text else None
        if labelled and labelled[0] in ("name", "position"):
            break
        out.append(line)
    return out


def assemble(span: Span, contexts: dict[int, PageContext]) -> Assembled:
    """The agreement of one span; the statement page is read first, so its readings win ties."""
    pages = [contexts[n] for n in span.pages]
    statement = contexts[span.statement_page] if span.statement_page else None
    ordered = ([statement] if statement else []) + [c for c in pages if c is not statement]
    titles = {c.page.number: title_block(c.lines) for c in ordered}
    agreement = Agreement(pages=list(span.pages))
    problems: list[Problem] = []

    year_field, year_value = _year(ordered, titles, statement)
    agreement.year = year_field
    agreement.is_revision = _revision(ordered, titles)
    agreement.document_number = _document_number(ordered, titles)

    parties = _parties(ordered, titles, statement, year_value)
    agreement.first_party, agreement.second_party = parties
    positions = [p.position for p in parties if p is not None and p.position.value]
    agreement.government = _government(ordered, titles, positions)
    agreement.signing_place, agreement.signing_date = _signing(ordered)
    if agreement.government.value is None:
        agreement.government = _government_from_place(agreement.signing_place) or agreement.government
    first_position = parties[0].position if parties[0] else None
    second_position = parties[1].position if parties[1] else None
    agreement.organization = _organization(ordered, titles, first_position, second_position,
                                           agreement.government)
    agreement.sub_unit = _sub_unit(first_position)
    if agreement.sub_unit.value is None and not metadata.is_regional_head(
            first_position.value if first_position else None):
        agreement.sub_unit = _sub_unit_from_titles(ordered, titles) or agreement.sub_unit
    if agreement.first_party is None:
        problems.append(Problem(code="party_missing", page=span.pages[0],
                                message="No official (party block or signature) was found for this PK."))
    return Assembled(agreement=agreement, problems=problems)


def _year(ordered: list[PageContext], titles: dict[int, list[Line]],
          statement: PageContext | None) -> tuple[Field, int | None]:
    found: list[tuple[int, Evidence]] = []
    for index, context in enumerate(ordered):
        hit = metadata.title_year(titles[context.page.number])
        if hit:
            rule = "title_year" if index == 0 else "annex_title_year"
            found.append((hit[0], evidence([hit[1]], rule)))
    inline = metadata.inline_year(statement.lines) if statement else None
    if inline:
        found.append((inline[0], evidence([inline[1]], "inline_year")))
    if not found:
        for context in ordered:
            _, date_line = signature_anchor(context.lines)
            parsed = parse_date_line(date_line.text) if date_line else None
            if parsed and parsed.year:
                ev = evidence([date_line], "date_year")
                return make_field(ev, parsed.year, reasons=["year_from_fallback"]), parsed.year
        return Field.missing(), None
    value, ev = found[0]
    agree = sum(1 for v, _ in found[1:] if v == value)
    disagree = sum(1 for v, _ in found[1:] if v != value)
    reasons = ["year_mismatch"] if disagree else []
    return make_field(ev, value, agree=agree, disagree=disagree, reasons=reasons), value


def _revision(ordered: list[PageContext], titles: dict[int, list[Line]]) -> Field:
    for context in ordered:
        hits = metadata.revision_lines(titles[context.page.number])
        if hits:
            return make_field(evidence(hits[:1], "title_revision"), True)
    first = ordered[0]
    title_lines = [line for line in titles[first.page.number] if metadata.is_title_line(line.text)]
    if title_lines:
        return make_field(evidence(title_lines[:1], "no_revision_word"), False)
    return Field(value=False, confidence=0.85, page=first.page.number)


def _document_number(ordered: list[PageContext], titles: dict[int, list[Line]]) -> Field:
    for context in ordered:
        hit = metadata.document_number(titles[context.page.number])
        if hit:
            ev = evidence([hit[1]], "document_number")
            return make_field(ev, hit[0])
    ocr = any(w.confidence < 1.0 for line in ordered[0].lines[:20] for w in line.words)
    return Field(value=None, confidence=0.9 if ocr else 0.93, page=ordered[0].page.number)


# ---- parties ---------------------------------------------------------------------------------------

def _parties(ordered: list[PageContext], titles: dict[int, list[Line]], statement: PageContext | None,
             year: int | None) -> tuple[Party | None, Party | None]:
    sources: list[PartyFound] = []
    blocks = find_party_blocks(statement.lines) if statement else find_party_blocks(ordered[0].lines)
    sources.extend(blocks)
    if not any(b.role == "first" and b.position for b in blocks):
        title_position = _title_position(titles[ordered[0].page.number])
        if title_position is not None:
            sources.append(PartyFound(role="first", source="title", page=title_position.page,
                                      position=title_position))
    for context in ordered:
        sources.extend(find_signatures(context.lines, context.page.info.width))
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


# ---- government, organization, sub-unit --------------------------------------------------------------

def _government(ordered: list[PageContext], titles: dict[int, list[Line]], positions: list[Field]) -> Field:
    found: list[tuple[str, Evidence]] = []
    for context in ordered:
        for line in titles[context.page.number]:
            gov = metadata.government_of(line.text)
            if gov:
                is_kop = line.text.strip().upper().startswith(("PEMERINTAH", "KEMENTERIAN"))
                rule = "kop" if is_kop else "title_unit"
                found.append((gov, evidence([line], rule)))
    for position in positions:
        gov = metadata.government_of(position.value or "")
        if gov and position.page is not None:
            found.append((gov, Evidence(text=position.raw or "", page=position.page, bbox=position.bbox,
                                        rule="position_unit")))
    for context in ordered:
        for seg in (seg for line in context.lines for seg in line.segments):
            if len(seg.text) < 80 and seg.text.isupper():
                gov = metadata.government_of(seg.text)
                if gov and not gov.startswith("Kementerian"):
                    found.append((gov, evidence([seg], "position_unit")))
    if not found:
        return Field.missing()
    counts: dict[str, int] = {}
    for gov, _ in found:
        counts[gov] = counts.get(gov, 0) + 1
    value, ev = found[0]
    if counts[value] == 1 and max(counts.values()) > 2:
        value = max(counts, key=lambda k: counts[k])
        ev = next(e for g, e in found if g == value)
    return make_field(ev, value, agree=min(counts[value] - 1, 2), disagree=int(len(counts) > 1))


def _government_from_place(place: Field) -> Field | None:
    """Last resort when no page names the region: a provincial capital as the signing place."""
    province = lexicon.PROVINCE_CAPITALS.get((place.value or "").strip().lower())
    if province is None:
        return None
    return Field(value=f"Pemerintah Provinsi {province}", raw=place.raw, confidence=0.5, page=place.page,
                 bbox=place.bbox, reasons=["government_from_place"])


def _organization(ordered: list[PageContext], titles: dict[int, list[Line]], first_position: Field | None,
                  second_position: Field | None, government: Field) -> Field:
    if first_position is not None and metadata.is_regional_head(first_position.value) and government.value:
        return Field(value=government.value, raw=first_position.raw, confidence=0.9,
                     page=first_position.page, bbox=first_position.bbox)
    found: list[tuple[str, Evidence]] = []
    for context in ordered:
        title_lines = titles[context.page.number]
        for index, line in enumerate(title_lines):
            org = metadata.organization_from_unit_line(line.text)
            if org:
                group = _unit_lines(title_lines, index)
                org = metadata.organization_from_unit_line(" ".join(g.text for g in group)) or org
                found.append((org, evidence(group, "title_unit")))
    for position in (first_position, second_position):
        if position is None or not position.value or metadata.is_regional_head(position.value):
            continue
        org = metadata.organization_from_position(position.value, government.value)
        if org:
            ev = Evidence(text=position.raw or position.value, page=position.page or 0, bbox=position.bbox,
                          rule="position_unit")
            found.append((org, ev))
    if not found:
        return Field.missing()
    found = [(metadata.snap_opd_name(org), ev) for org, ev in found]
    value, ev = found[0]
    key = value.lower()
    agree = sum(1 for v, _ in found[1:] if v.lower() == key)
    disagree = sum(1 for v, _ in found[1:] if v.lower() != key and fuzz.ratio(v.lower(), key) < 90)
    return make_field(ev, value, agree=min(agree, 2), disagree=min(disagree, 1))


def _unit_lines(lines: list[Line], index: int) -> list[Line]:
    """A unit name printed over several title lines ("BADAN KOORDINASI ..." / "DAN PEMBANGUNAN ...")."""
    group = [lines[index]]
    for follow in lines[index + 1:]:
        upper = follow.text.strip().upper()
        if (not follow.text.isupper() or metadata.is_title_line(follow.text)
                or upper.startswith(("PROVINSI", "PROPINSI", "KABUPATEN", "KOTA ", "TAHUN", "PERJANJIAN"))
                or is_position_start(follow.text) or follow.top - group[-1].bottom > 2.5 * follow.height):
            break
        group.append(follow)
    return group


def _sub_unit_from_titles(ordered: list[PageContext], titles: dict[int, list[Line]]) -> Field | None:
    """A bidang / seksi line under the lampiran title, for a first party whose position does not say it."""
    for context in ordered:
        for line in reversed(titles[context.page.number]):
            upper = metadata.norm_upper(line.text)
            if any(upper.startswith(head + " ") for head in lexicon.SUB_UNIT_HEADS) and len(upper) < 90:
                value = metadata.title_case(metadata.strip_region(re.sub(r"\s+", " ", line.text.strip())))
                return make_field(evidence([line], "title_unit"), value)
    return None


def _sub_unit(first_position: Field | None) -> Field:
    if first_position is None or not first_position.value:
        return Field(value=None, confidence=0.5)
    sub = metadata.sub_unit_from_position(first_position.value)
    ev = Evidence(text=first_position.raw or first_position.value, page=first_position.page or 0,
                  bbox=first_position.bbox, rule="position_unit")
    if sub:
        return make_field(ev, sub, confidence=min(first_position.confidence, 0.9))
    return Field(value=None, raw=ev.text, confidence=min(first_position.confidence, 0.93),
                 page=ev.page, bbox=ev.bbox)


# ---- signing place and date ----------------------------------------------------------------------------

def _signing(ordered: list[PageContext]) -> tuple[Field, Field]:
    for context in ordered:
        _, date_line = signature_anchor(context.lines)
        parsed = parse_date_line(date_line.text) if date_line else None
        if parsed is None or date_line is None:
            continue
        ev = evidence([date_line], "date_line")
        place = make_field(ev, parsed.place)
        if parsed.date:
            date = make_field(ev, parsed.date)
        else:
            date = make_field(ev, None, reasons=["date_blank"], confidence=evidence_confidence(ev) * 0.95)
        return place, date
    return Field.missing(), Field.missing()

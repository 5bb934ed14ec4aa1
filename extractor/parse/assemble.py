"""One agreement's record from its pages: title block, parties, signing line and the lampiran tables.

Each value is taken from the most reliable place that has it (party block, then title, then
signature blocks) and every other place that has it is used to confirm or contradict it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.layout import Line
from extractor.parse import metadata
from extractor.parse.labels import is_position_start, match_label
from extractor.parse.officials import Evidence, evidence, is_designation
from extractor.parse.parties import read_parties
from extractor.parse.segment import PageContext, Span, is_table_header
from extractor.parse.signatures import signature_anchor
from extractor.rules import lexicon
from extractor.rules.dates import parse_date_line
from extractor.scoring.prior import evidence_confidence, make_field
from models.agreement import Agreement
from models.document import Problem
from models.extracted import Field


class Assembled(BaseModel):
    agreement: Agreement
    problems: list[Problem] = []


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

    parties = read_parties(ordered, titles, statement, year_value)
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

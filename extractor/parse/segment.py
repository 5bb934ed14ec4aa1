"""Which pages form each PK of a file (pk-domain.md §1, §7.2).

Every page is classified from its lines (statement page, lampiran page, continuation, cover, other);
agreements then start at statement pages, or, in lampiran-only files, at each titled lampiran page
that follows a complete one (one with its own signature block).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from extractor.layout import Line
from extractor.parse.metadata import is_title_line, norm_upper
from extractor.parse.officials import PartyFound, find_party_blocks, is_designation
from extractor.parse.signatures import find_signatures
from extractor.rules import lexicon
from models.document import Page

if TYPE_CHECKING:
    from extractor.tables.lattice import Lattice

PageKind = Literal["statement", "lampiran", "continuation", "cover", "other"]

_TABLE_WORDS = ("SASARAN", "INDIKATOR", "TARGET", "PROGRAM", "KEGIATAN", "ANGGARAN", "PAGU", "SATUAN",
                "KETERANGAN", "KINERJA UTAMA")


class PageFacts(BaseModel):
    """What segmentation needs to know about one page."""

    number: int
    kind: PageKind
    has_title: bool = False
    has_opening: bool = False
    has_party_block: bool = False
    has_table_header: bool = False
    has_grid: bool = False  # a drawn table grid (pages that continue a ruled table carry no header)
    prose: bool = False  # running text (minutes, a report): never an agreement's page by itself
    has_signature: bool = False
    has_role_labels: bool = False
    title_key: str | None = None
    first_party_name: str | None = None
    non_pk_title: bool = False
    word_count: int = 0
    mean_confidence: float = 1.0
    party_blocks: list[PartyFound] = Field(default_factory=list)  # read once, here; parties uses them


class Span(BaseModel):
    """The pages of one agreement, and which of them is its statement page (if any)."""

    pages: list[int] = Field(default_factory=list)
    statement_page: int | None = None
    title_key: str | None = None


def page_facts(number: int, lines: list[Line], width: float, grids: Sequence[Lattice] = ()) -> PageFacts:
    """`grids`: the page's drawn tables; text inside them is never prose, the text around them may be
    (minutes with a small ruled table are still minutes)."""
    has_grid = bool(grids)
    head = lines[:12]
    text_upper = norm_upper(" ".join(line.text for line in lines[:40]))
    words = [w for line in lines for w in line.words]
    facts = PageFacts(number=number, kind="other", word_count=len(words), has_grid=has_grid,
                      mean_confidence=sum(w.confidence for w in words) / len(words) if words else 0.0)
    facts.has_title = any(is_title_line(line.text) for line in head)
    facts.title_key = _title_key(head)
    facts.non_pk_title = any(
        line.text.isupper() and fuzz.ratio(title, norm_upper(line.text)[: len(title)]) >= 90
        and len(line.text) < 30 + len(title)
        for line in lines[:6] for title in lexicon.NON_PK_TITLES) and not facts.has_title
    lowered = text_upper.lower()
    facts.has_opening = any(fuzz.partial_ratio(anchor, lowered) >= 85 for anchor in lexicon.OPENING_ANCHORS)
    blocks = facts.party_blocks = find_party_blocks(lines)
    facts.has_party_block = any(b.name for b in blocks) and any(is_designation(line) for line in lines)
    facts.has_table_header = any(is_table_header(line) for line in lines)
    signers = find_signatures(lines, width)
    facts.has_signature = any(s.name or s.nip for s in signers)
    facts.has_role_labels = any(not s.role_inferred for s in signers)
    block = next((b for b in blocks if b.role == "first" and b.name), None)
    first = next((s for s in signers if s.role == "first" and s.name), None)
    chosen = block or first
    facts.first_party_name = chosen.name.text if chosen and chosen.name else None
    facts.prose = is_prose([line for line in lines if not any(
        grid.contains(line.center_x, (line.top + line.bottom) / 2, 2.0) for grid in grids)])
    if facts.has_opening or (facts.has_party_block and facts.has_title):
        facts.kind = "statement"
    elif facts.non_pk_title or facts.prose:
        facts.kind = "other"
    elif facts.has_title and (facts.has_table_header or facts.has_signature):
        facts.kind = "lampiran"
    elif facts.has_title and facts.word_count < 60:
        facts.kind = "cover"
    elif facts.has_table_header or facts.has_signature or facts.has_grid or _looks_tabular(lines):
        facts.kind = "continuation"
    return facts


PROSE_WORDS = 8  # a line of running text holds at least this many words ...
PROSE_WIDTH = 0.6  # ... across this share of the page's text width ...
PROSE_GAP = 2.5  # ... with no gap wider than this many word heights (a table row has gutters)
PROSE_SHARE = 0.6  # a prose page: this share of its lines of 3+ words are running text ...
PROSE_LINES = 8  # ... and at least this many of them


def is_prose(lines: list[Line]) -> bool:
    """Running text fills the page's width with evenly spaced words; table rows leave gutters
    between cells, and statement pages are found by their opening before this is asked."""
    wordy = [line for line in lines if len(line.words) >= 3]
    if len(wordy) < PROSE_LINES:
        return False
    left, right = min(line.x0 for line in wordy), max(line.x1 for line in wordy)
    width = max(right - left, 1.0)
    prose = [line for line in wordy if len(line.words) >= PROSE_WORDS
             and line.x1 - line.x0 >= PROSE_WIDTH * width and _even_gaps(line)]
    return len(prose) >= max(PROSE_LINES, PROSE_SHARE * len(wordy))


def _even_gaps(line: Line) -> bool:
    gaps = [b.bbox[0] - a.bbox[2] for a, b in itertools.pairwise(line.words)]
    return max(gaps, default=0.0) <= PROSE_GAP * line.height


def _title_key(head: list[Line]) -> str | None:
    """The office / unit lines under a lampiran title: two unsigned lampiran pages of different offices
    are different PKs."""
    for index, line in enumerate(head):
        if is_title_line(line.text):
            rest = [ln.text for ln in head[index + 1: index + 4]
                    if ln.text.isupper() and not re.match(r"^\s*TAHUN\b", ln.text)]
            return re.sub(r"[^A-Z]", "", " ".join(rest)) or None
    return None


def is_table_header(line: Line) -> bool:
    """Two or more column words on one line that is no sentence ("rancangan sasaran, indikator dan
    target kinerja ..."): a heading is short or leaves gutters between its labels."""
    upper = norm_upper(line.text)
    if len(upper) > 120 or (len(line.words) >= PROSE_WORDS and _even_gaps(line)):
        return False
    hits = sum(1 for word in _TABLE_WORDS if re.search(rf"\b{word}", upper))
    return hits >= 2


def _looks_tabular(lines: list[Line]) -> bool:
    amounts = sum(1 for line in lines if re.search(r"\d{1,3}(?:[.,]\d{3}){2,}|\d+(?:,\d+)?\s*%", line.text))
    return amounts >= 2


def segment(facts: list[PageFacts]) -> list[Span]:
    """Group classified pages into agreements."""
    statements = [f for f in facts if f.kind == "statement"]
    if statements:
        return _with_statements(facts)
    return _lampiran_only(facts)


def _with_statements(facts: list[PageFacts]) -> list[Span]:
    spans: list[Span] = []
    pending: list[int] = []
    pk_pages = [f for f in facts if f.kind in ("statement", "lampiran", "continuation")]
    lampiran_first = bool(pk_pages) and pk_pages[0].kind == "lampiran"
    by_name: dict[str, Span] = {}
    statement_numbers = [f.number for f in facts if f.kind == "statement"]
    lampiran_numbers = [f.number for f in facts if f.kind == "lampiran"]
    # Several statement pages followed by all the annexes: annexes pair by name, else by order.
    statements_first = (len(statement_numbers) >= 2 and bool(lampiran_numbers)
                        and max(statement_numbers) < min(lampiran_numbers))
    for page in facts:
        if page.kind == "statement":
            span = Span(pages=[*pending, page.number], statement_page=page.number)
            pending = []
            spans.append(span)
            if page.first_party_name:
                by_name[_key(page.first_party_name)] = span
        elif page.kind == "lampiran":
            owner = _owner_by_name(page, by_name)
            if owner is None and statements_first:
                owner = next((span for span in spans if span.pages == [span.statement_page]
                              and not _named_elsewhere(span, by_name, facts)), None)
            if owner is not None:  # signed by a statement's first party: its annex, before or after
                owner.pages.append(page.number)
            elif lampiran_first:
                pending.append(page.number)
            elif spans:
                spans[-1].pages.append(page.number)
            else:
                pending.append(page.number)
        elif page.kind == "cover":
            pending.append(page.number)
        elif page.kind == "continuation":
            if lampiran_first and pending:
                pending.append(page.number)
            elif spans:
                spans[-1].pages.append(page.number)
    covers = {f.number for f in facts if f.kind == "cover"}
    pending = [n for n in pending if n not in covers]
    if pending:
        if spans:
            spans[-1].pages.extend(pending)
        else:
            spans.append(Span(pages=pending))
    if len(spans) == 1:
        # One PK in the file: a following page that reads as nothing (blank or failed OCR) is its annex.
        claimed = set(spans[0].pages)
        last = max(claimed)
        for page in facts:
            if page.number == last + 1 and page.kind == "other" and not page.non_pk_title and (
                    page.word_count < 25 or page.mean_confidence < 0.4):
                spans[0].pages.append(page.number)
                last = page.number
    for span in spans:
        span.pages.sort()
    return spans


def _lampiran_only(facts: list[PageFacts]) -> list[Span]:
    spans: list[Span] = []
    complete = False
    covers: list[int] = []
    for page in facts:
        if page.kind == "cover":
            covers.append(page.number)
        elif page.kind == "lampiran":
            previous_key = spans[-1].title_key if spans else None
            other_office = bool(page.title_key and previous_key
                                and fuzz.ratio(page.title_key, previous_key) < 90)
            if not spans or complete or other_office:
                spans.append(Span(pages=[*covers, page.number], title_key=page.title_key))
            else:
                spans[-1].pages.extend([*covers, page.number])
            covers = []
            complete = page.has_signature
        elif page.kind == "continuation" and spans:
            if complete and page.has_signature and page.has_role_labels:
                # A signed page after a signed one is the next PK whose title OCR lost.
                spans.append(Span(pages=[*covers, page.number]))
                covers = []
            else:
                spans[-1].pages.append(page.number)
            complete = complete or page.has_signature
    return spans


def _named_elsewhere(span: Span, by_name: dict[str, Span], facts: list[PageFacts]) -> bool:
    """Whether a later lampiran page carries this span's first-party name (so it is spoken for)."""
    key = next((k for k, v in by_name.items() if v is span), None)
    if key is None:
        return False
    return any(f.kind == "lampiran" and f.first_party_name and fuzz.ratio(_key(f.first_party_name), key) >= 90
               for f in facts)


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _owner_by_name(page: PageFacts, by_name: dict[str, Span]) -> Span | None:
    if not page.first_party_name:
        return None
    key = _key(page.first_party_name)
    best = max(by_name, key=lambda k: fuzz.ratio(k, key), default=None)
    if best is not None and fuzz.ratio(best, key) >= 90:
        return by_name[best]
    return None


@dataclass
class PageContext:
    """A page with its visual lines and the facts segmentation found on it: what assembly reads."""

    page: Page
    lines: list[Line]
    facts: PageFacts

"""What calibration knows about one field: its evidence, gathered from the finished agreement.

Besides the field's own raw confidence and reasons: whether its page was OCR'd and how well, whether
another field of its row or party is in doubt, how much of its table or statement is, and whether the
table as a whole is in doubt (pk-record.md `table_doubt` / `targets_missing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from extractor.scoring.reasons import DOUBT, Reason
from extractor.tables.doubt import TABLE_PROBLEMS
from models.agreement import Agreement
from models.document import Document, Problem
from models.extracted import Field


@dataclass(frozen=True)
class Evidence:
    """What calibration knows about one field; `family` pools first and second party."""

    family: str
    raw: float
    reasons: tuple[str, ...]
    is_null: bool
    ocr: bool
    page_ocr_confidence: float | None
    neighbour_doubt: bool = False
    context_doubt: float = 0.0
    table_doubt: bool = False


def family_of(key: str) -> str:
    """Scorer key (`first_party.nip`) -> calibration family (`party.nip`)."""
    head, _, tail = key.partition(".")
    return f"party.{tail}" if head in ("first_party", "second_party") else key


def iter_fields(agreement: Agreement) -> Iterator[tuple[str, Field, int]]:
    """Every Field of an agreement with its scorer key and scope (0: the agreement itself, else one party
    or one row); each TW cell is yielded under its column's key. Scopes are numbered in that order."""
    scope = 0
    for name, value in agreement:
        if isinstance(value, Field):
            yield name, value, scope
    for party_name in ("first_party", "second_party"):
        party = getattr(agreement, party_name)
        if party is not None:
            scope += 1
            for name, value in party:
                yield f"{party_name}.{name}", value, scope
    for table, rows in (("performance_targets", agreement.performance_targets),
                        ("programs", agreement.programs)):
        for row in rows:
            scope += 1
            for name, value in row:
                if isinstance(value, Field):
                    yield f"{table}.{name}", value, scope
                elif isinstance(value, list):
                    for cell in value:
                        yield f"{table}.{name}", cell, scope


def is_doubted(field: Field) -> bool:
    return any(reason in DOUBT for reason in field.reasons)


def agreement_evidence(agreement: Agreement, document: Document, problems: Iterable[Problem] = ()
                       ) -> list[tuple[str, Field, Evidence]]:
    """Evidence for every Field of one agreement, in `iter_fields` order.

    A doubt on another field of the same party or row counts too: OCR damage and misread row borders
    rarely touch just one cell. So does a whole-table doubt (`table_doubt`, `targets_missing` on one
    of the agreement's pages) for every row: the table's structure, not a character, is in question.
    """
    doubted = {p.page for p in problems if p.code in TABLE_PROBLEMS}.intersection(agreement.pages)
    fields = list(iter_fields(agreement))
    doubts: dict[int, int] = {}
    context: dict[str, list[int]] = {}
    for key, field, scope in fields:
        doubts[scope] = doubts.get(scope, 0) + is_doubted(field)
        context.setdefault(context_of(key), []).append(is_doubted(field))
    shares = {name: sum(flags) / len(flags) for name, flags in context.items()}
    evidence = []
    for key, field, scope in fields:
        ocr, page_confidence = page_facts(document, agreement.pages, field.page)
        neighbour = scope != 0 and doubts[scope] - is_doubted(field) > 0
        in_doubt = bool(doubted) and context_of(key) != "statement"
        evidence.append((key, field, evidence_of(key, field, ocr, page_confidence, neighbour,
                                                 shares[context_of(key)], in_doubt)))
    return evidence


def context_of(key: str) -> str:
    """A field's wider context: its table, or the statement page (agreement and party fields)."""
    table = key.partition(".")[0]
    return table if table in ("performance_targets", "programs") else "statement"


def page_facts(document: Document, pages: list[int], page: int | None) -> tuple[bool, float | None]:
    """(read by OCR, page OCR confidence) of the field's page, else of the agreement's first page."""
    by_number = {info.number: info for info in document.pages}
    info = by_number.get(page) if page is not None else None
    if info is None:
        info = next((by_number[p] for p in pages if p in by_number), None)
    if info is None:
        return False, None
    return info.source == "ocr", info.ocr_confidence


def evidence_of(key: str, field: Field, ocr: bool, page_confidence: float | None,
                neighbour_doubt: bool = False, context_doubt: float = 0.0, table_doubt: bool = False
                ) -> Evidence:
    reasons = tuple(sorted({r for r in field.reasons if r != Reason.LOW_CONFIDENCE}))
    return Evidence(family_of(key), float(field.confidence), reasons, field.value is None, ocr,
                    page_confidence, neighbour_doubt, context_doubt, table_doubt)

"""A bundle grouped by a person: which pages make up each agreement (split one that swallowed another PK's
pages, merge two, move a page). The file is read as usual, then each group of pages is parsed on its own
(extractor.pipeline.pages_to_result), so segmentation never crosses a boundary the person drew.

Stored agreements follow their pages: each new agreement takes the stored agreement it shares most
pages with (its id and corrections); a stored agreement no group overlaps any more goes. A grouping that
would drop an agreement people corrected is refused (`would_drop`), and corrections wait while the
regrouped extraction is pending, so what people did is never silently lost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models.document import Problem
from models.result import ExtractionResult


class InvalidGroups(ValueError):
    pass


def check_groups(groups: Sequence[Sequence[int]], page_count: int | None) -> list[list[int]]:
    """Groups as stored: each a sorted list of pages, none empty, no page twice, all within the file."""
    seen: set[int] = set()
    clean: list[list[int]] = []
    for group in groups:
        pages = sorted(set(group))
        if not pages:
            raise InvalidGroups("a group of pages is empty")
        if page_count is not None and (pages[0] < 1 or pages[-1] > page_count):
            raise InvalidGroups(f"pages must lie between 1 and {page_count}")
        if seen & set(pages):
            raise InvalidGroups(f"page {min(seen & set(pages))} is in two groups")
        seen |= set(pages)
        clean.append(pages)
    return sorted(clean, key=lambda pages: pages[0])


def match(old: dict[int, list[int]], new: list[list[int]]) -> dict[int, int]:
    """New position -> stored agreement id: most shared pages first; ties go to the earlier new
    agreement and the older stored one."""
    pairs = sorted(((len(set(pages) & set(new_pages)), -position, -agreement_id, agreement_id, position)
                    for agreement_id, pages in old.items() for position, new_pages in enumerate(new)
                    if set(pages) & set(new_pages)), reverse=True)
    taken: dict[int, int] = {}
    used: set[int] = set()
    for _shared, _order, _age, agreement_id, position in pairs:
        if position not in taken and agreement_id not in used:
            taken[position] = agreement_id
            used.add(agreement_id)
    return taken


def would_drop(old: dict[int, list[int]], new: list[list[int]], corrected: set[int]) -> list[int]:
    """Corrected agreements no group would carry on."""
    kept = set(match(old, new).values())
    return sorted(agreement for agreement in corrected if agreement in old and agreement not in kept)


def extract_grouped(path: Path, groups: list[list[int]], options: Any,
                    on_page: Callable[[Any], None] | None = None) -> ExtractionResult:
    """Read the file once, parse each group of pages on its own; a group with no PK is said so."""
    from extractor.errors import PkExtractError
    from extractor.ingest.reader import PagesRead, read_pages
    from extractor.ingest.source import open_source
    from extractor.pipeline import failed_result, pages_to_result

    try:
        source = open_source(path, options)
        try:
            pages_read = read_pages(source, options, on_page=on_page)
        finally:
            source.discard_stand_in()
    except PkExtractError as error:
        return failed_result(path, error)
    whole = pages_to_result(source, PagesRead(pages=[], problems=pages_read.problems), options)
    whole.document.pages = [page.info for page in pages_read.pages]
    errors = list(whole.errors)
    for group in groups:
        pages = [page for page in pages_read.pages if page.number in group]
        part = pages_to_result(source, PagesRead(pages=pages), options)
        whole.agreements += part.agreements
        for problem in part.errors:
            if problem.code == "no_agreement":
                problem = Problem(code="no_agreement", page=group[0], message=(
                    f"No Perjanjian Kinerja was recognised in pages {group[0]}-{group[-1]}, grouped by a "
                    "reviewer."))
            if problem not in errors:
                errors.append(problem)
    whole.errors = [p for p in errors if p.code != "no_agreement" or p.page is not None]
    return whole

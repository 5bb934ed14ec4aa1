"""Pages of words -> Agreements: segmentation, assembly of each agreement, lampiran tables, validation
and confidence. The pipeline calls `pages_to_agreements`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from extractor.layout import build_lines
from extractor.options import ExtractOptions
from extractor.parse.assemble import assemble
from extractor.parse.copies import merge_copies
from extractor.parse.segment import PageContext, page_facts, segment
from extractor.scoring.prior import finalized
from extractor.scoring.validate import validated
from extractor.tables.doubt import targets_missing
from extractor.tables.lampiran import read_lampiran
from extractor.tables.lattice import Lattice, page_lattices
from models.agreement import Agreement
from models.document import Page, Problem


class ParsedAgreements(BaseModel):
    agreements: list[Agreement] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


def pages_to_agreements(pages: list[Page], options: ExtractOptions) -> ParsedAgreements:
    result = ParsedAgreements()
    contexts: dict[int, PageContext] = {}
    grids: dict[int, list[Lattice]] = {}
    for page in pages:
        lines = build_lines(page)
        grids[page.number] = page_lattices(page)  # built once: segmentation and the tables use them
        contexts[page.number] = PageContext(page=page, lines=lines,
                                            facts=page_facts(page.number, lines, page.info.width,
                                                             grids[page.number]))
    spans = segment([c.facts for c in contexts.values()])
    if not spans:
        result.problems.append(Problem(
            code="no_agreement",
            message="No Perjanjian Kinerja statement page or lampiran was recognised in this file."))
        return result
    for span in spans:
        statement = assemble(span, contexts)  # statement fields and parties
        result.problems.extend(statement.problems)
        tabled = with_lampiran(statement.agreement, [contexts[n].page for n in span.pages], grids,
                               result.problems)
        if not tabled.performance_targets:
            result.problems.append(targets_missing(tabled.pages[0] if tabled.pages else None))
        checked = validated(tabled, {n: contexts[n].page.marks for n in span.pages},
                            {n: contexts[n].page.unread for n in span.pages})
        result.agreements.append(finalized(checked, options.review_threshold))
    result.agreements = merge_copies(result.agreements)
    return result


def with_lampiran(agreement: Agreement, pages: list[Page], grids: dict[int, list[Lattice]],
                  problems: list[Problem]) -> Agreement:
    """The agreement with its lampiran rows and total; the tables' problems go to `problems`."""
    try:
        lampiran = read_lampiran(pages, grids=grids)
    except Exception as error:  # a table bug must not lose the statement fields already read
        problems.append(Problem(code="lampiran_failed", message=f"Lampiran tables could not be read: {error}",
                                page=pages[0].number if pages else None))
        return agreement
    problems.extend(lampiran.problems)
    return agreement.model_copy(update={"performance_targets": list(lampiran.performance_targets),
                                        "programs": list(lampiran.programs),
                                        "total_budget": lampiran.total_budget})

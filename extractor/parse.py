"""Pages of words -> Agreements (STUB, owned by the parser work)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from extractor.options import ExtractOptions
from models.agreement import Agreement
from models.document import Page, Problem


class ParsedAgreements(BaseModel):
    agreements: list[Agreement] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


def pages_to_agreements(pages: list[Page], options: ExtractOptions) -> ParsedAgreements:
    return ParsedAgreements()

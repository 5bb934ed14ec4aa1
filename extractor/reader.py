"""Pages of words from a SourceDocument: triage, text layer or OCR, upright (STUB)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from extractor.ingest import SourceDocument
from extractor.options import ExtractOptions
from models.document import Page, PageInfo, Problem, Word


class PagesRead(BaseModel):
    pages: list[Page] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


def read_pages(source: SourceDocument, options: ExtractOptions,
               on_page: Callable[[Page], None] | None = None) -> PagesRead:
    import pdfplumber

    pages = []
    with pdfplumber.open(source.path) as pdf:
        for number, plumber_page in enumerate(pdf.pages, start=1):
            words = [
                Word(text=w["text"], bbox=(w["x0"], w["top"], w["x1"], w["bottom"]),
                     confidence=1.0, source="text", line=round(w["top"]))
                for w in plumber_page.extract_words()
            ]
            info = PageInfo(number=number, source="text", width=float(plumber_page.width),
                            height=float(plumber_page.height))
            page = Page(info=info, decision_reason="stub", words=words)
            pages.append(page)
            if on_page:
                on_page(page)
    return PagesRead(pages=pages)

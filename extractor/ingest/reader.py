"""Pages of words from a SourceDocument: triage each page, read its text layer or OCR it, upright.

Text-layer pages are read here (pdfium is fast enough for 50+ pages/s); pages that need OCR become
small tasks for the process pool. The OCR engine is checked before the first task is sent, so a
machine without Tesseract or its language data fails the file at once with the package to install.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from extractor.ingest.ocr.concurrent import run_ocr
from extractor.ingest.ocr.engine import resolved
from extractor.ingest.ocr.engines import get_engine
from extractor.ingest.ocr.worker import OcrResult, OcrTask
from extractor.ingest.source import SourceDocument, open_pdf
from extractor.ingest.text_layer import read_text_layer
from extractor.ingest.triage import PagePlan, decide
from extractor.options import ExtractOptions
from models.document import Page, PageInfo, Problem


class PagesRead(BaseModel):
    pages: list[Page] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


def read_pages(source: SourceDocument, options: ExtractOptions,
               on_page: Callable[[Page], None] | None = None) -> PagesRead:
    pages: dict[int, Page] = {}
    problems: list[Problem] = []

    def finish(page: Page) -> None:
        pages[page.number] = page
        if on_page:
            on_page(page)

    tasks = triage_pdf(source, options, finish) if source.kind == "pdf" else image_tasks(source, options)
    if tasks:
        engine = get_engine(options.ocr_engine)
        engine.check(options.lang)

        def collect(result: OcrResult) -> None:
            problems.extend(result.problems)
            finish(result.page)

        run_ocr(tasks, options.workers, collect)
    problems.sort(key=lambda p: (p.page or 0, p.code))
    return PagesRead(pages=[pages[n] for n in sorted(pages)], problems=problems)


def triage_pdf(source: SourceDocument, options: ExtractOptions,
               finish: Callable[[Page], None]) -> list[OcrTask]:
    """Text-layer pages are finished at once; the rest come back as OCR tasks."""
    tasks: list[OcrTask] = []
    pdf = open_pdf(source.path, source.password)
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            try:
                layer = None if options.force_ocr else read_text_layer(page)
                width, height = page_size(page)
            finally:
                page.close()
            plan = decide(number, layer, options.force_ocr)
            if plan.method == "text" and layer is not None:
                info = PageInfo(number=number, source="text", rotation=layer.rotation,
                                width=round(layer.width, 2), height=round(layer.height, 2))
                finish(Page(info=info, decision_reason=plan.reason, words=layer.words, rules=layer.rules))
            else:
                tasks.append(make_task(source, options, plan, width, height))
    finally:
        pdf.close()
    return tasks


def page_size(page) -> tuple[float, float]:
    """Upright size: pdfium already applies /Rotate here."""
    width, height = page.get_size()
    return width, height


def image_tasks(source: SourceDocument, options: ExtractOptions) -> list[OcrTask]:
    plans = (decide(n, None, options.force_ocr) for n in range(1, source.page_count + 1))
    return [make_task(source, options, plan, 0.0, 0.0) for plan in plans]


def make_task(source: SourceDocument, options: ExtractOptions, plan: PagePlan, width: float,
              height: float) -> OcrTask:
    import pytesseract

    return OcrTask(path=source.path, kind=source.kind, number=plan.number, dpi=options.dpi,
                   lang=options.lang, timeout_s=options.page_timeout_s, reason=plan.reason,
                   password=source.password, max_image_pixels=options.max_image_pixels,
                   second_reading=options.second_reading, engine=resolved(options.ocr_engine),
                   tesseract_cmd=pytesseract.pytesseract.tesseract_cmd, width=round(width, 2),
                   height=round(height, 2))

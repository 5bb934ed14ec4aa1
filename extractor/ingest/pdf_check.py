"""Every page of a PDF tried once in a forked child process with a memory limit, before this process
touches it.

pdfium inflates a page's streams whole when it loads the page: a few kilobytes of nested Flate can
ask for gigabytes (a real upload drove a process to 5.8 GB), and a bit-flipped page tree makes a page
fail to load at all. Limits read from the file before decoding cannot see either, so the child does
what reading will do (open, load each page, its size, its text, its images' pixel sizes from their
dictionaries) under `MEMORY_BUDGET` more memory than it started with and a time limit per page. A
page that kills the child, overruns the time or fails is marked with a page problem and the child
starts again after it; this process then reads only pages the child got through.
"""

from __future__ import annotations

import multiprocessing
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from extractor.errors import (
    PAGE_IMAGE_TOO_LARGE,
    PAGE_TIMEOUT,
    PAGE_TOO_LARGE,
    PAGE_UNREADABLE,
    CorruptPdf,
    EncryptedPdf,
    ReadTimeout,
    TooLargeToRead,
)
from extractor.ingest.forked import ForkedRun
from models.document import Problem

MEMORY_BUDGET = 1 << 30
OPEN_TIMEOUT_S = 60.0
PAGE_TIMEOUT_S = 30.0
# A dense A4 table page holds ~15,000 characters; pdfium and the word builder need ~0.5 KB each.
MAX_PAGE_CHARS = 200_000
MAX_BAD_PAGES = 20


# One page of Helvetica text (xref rebuilt by pdfium): loading it once here loads pdfium's fonts
# before the fork, so each child does not pay for them again (~50 ms).
WARM_UP_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R"
               b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
               b"4 0 obj<</Length 36>>stream\nBT /F1 12 Tf 10 50 Td (Kinerja) Tj ET\nendstream endobj\n"
               b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


class PageCheck(BaseModel):
    number: int
    width: float = 0.0
    height: float = 0.0
    problem: Problem | None = None


class PdfCheck(BaseModel):
    page_count: int
    password: str | None = None
    pages: list[PageCheck] = []

    @property
    def bad_pages(self) -> list[PageCheck]:
        return [page for page in self.pages if page.problem is not None]


class Limits(BaseModel):
    max_pages: int
    max_image_pixels: int


def check_pdf_pages(path: Path, password: str | None, limits: Limits) -> PdfCheck:
    """Open the PDF and try every page in a child process; raises the file's `InputError`."""
    warm_up()
    pages: dict[int, PageCheck] = {}
    if "fork" not in multiprocessing.get_all_start_methods():  # no fork: checked here, unguarded
        found = collect(child_messages(path, password, limits, 0), path, pages)
        return PdfCheck(page_count=found["page_count"], password=found["password"],
                        pages=[pages[index] for index in sorted(pages)])
    check: PdfCheck | None = None
    start = 0
    while True:
        messages = ForkedRun(child_messages, (path, password, limits, start), MEMORY_BUDGET,
                             first_timeout=OPEN_TIMEOUT_S, timeout=PAGE_TIMEOUT_S)
        try:
            found = collect(messages, path, pages)
        finally:
            messages.close()
        check = check or PdfCheck(page_count=found["page_count"], password=found["password"])
        if found["culprit"] is None:
            break
        pages[found["culprit"]] = PageCheck(number=found["culprit"] + 1, problem=found["problem"])
        if sum(1 for page in pages.values() if page.problem) > MAX_BAD_PAGES:
            raise CorruptPdf(f"more than {MAX_BAD_PAGES} pages cannot be read; repair the file "
                             f"(e.g. `qpdf --recover`) or re-export it", path)
        start = found["culprit"] + 1
        if start >= check.page_count:
            break
    check.pages = [pages[index] for index in sorted(pages)]
    return check


@cache
def warm_up() -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(WARM_UP_PDF)
    try:
        page = pdf[0]
        page.get_textpage().close()
        page.close()
    finally:
        pdf.close()


def collect(messages, path: Path, pages: dict[int, PageCheck] | None = None) -> dict:
    """Read the child's messages into `pages`; says which page it died on (the culprit), if any."""
    pages = pages if pages is not None else {}
    found: dict = {"page_count": 0, "password": None, "culprit": None, "problem": None, "pages": pages}
    current: int | None = None
    for message in messages:
        kind = message[0]
        if kind == "open":
            opened(message, path, found)
        elif kind == "size":
            current = message[1]
            pages[current] = PageCheck(number=current + 1, width=message[2], height=message[3])
        elif kind == "page":
            pages[message[1]].problem = message[2]
            current = None
        elif kind == "lost":
            return lost(message[1], current, path, found)
    return found


def opened(message: tuple, path: Path, found: dict) -> None:
    status = message[1]
    if status == "password":
        raise EncryptedPdf("the PDF is encrypted with a password; save an unencrypted copy and retry", path)
    if status == "corrupt":
        raise CorruptPdf(f"the PDF cannot be parsed ({message[2]}); re-export or repair it "
                         f"(e.g. `qpdf --recover`)", path)
    found["page_count"], found["password"] = message[2], message[3]


def lost(why: str, current: int | None, path: Path, found: dict) -> dict:
    """The child died or overran: on opening the file (the file fails), or on page `current`."""
    if current is None and not found["page_count"]:
        if why == "timeout":
            raise ReadTimeout(f"opening the PDF took longer than {OPEN_TIMEOUT_S:g} s; repair the file "
                              f"(e.g. `qpdf --recover`) or re-export it", path)
        raise TooLargeToRead(f"opening the PDF needs more than {MEMORY_BUDGET >> 20} MiB of memory (a "
                             f"decompression bomb or a damaged length); re-export it", path)
    if current is None:  # between pages: blame the next one
        current = max(found["pages"], default=-1) + 1
    number = current + 1
    if why == "timeout":
        problem = Problem(code=PAGE_TIMEOUT, page=number, message=f"page {number} took longer than "
                          f"{PAGE_TIMEOUT_S:g} s to load; it is left empty (a damaged or oversized page)")
    else:
        problem = Problem(code=PAGE_TOO_LARGE, page=number, message=f"page {number} needs more than "
                          f"{MEMORY_BUDGET >> 20} MiB of memory to load (a decompression bomb or a damaged "
                          f"length); it is left empty")
    found["culprit"], found["problem"] = current, problem
    return found


def child_messages(path: Path, password: str | None, limits: Limits, start: int):
    """What reading the file will do, page by page: ("open", ...), then ("size", ...) and ("page", ...)
    per page, then ("done",)."""
    import pypdfium2
    import pypdfium2.raw as raw

    pdf = None
    for attempt in dict.fromkeys((password, "")):
        try:
            pdf = pypdfium2.PdfDocument(str(path), password=attempt)
        except pypdfium2.PdfiumError as error:
            if error.err_code != raw.FPDF_ERR_PASSWORD:
                yield ("open", "corrupt", str(error))
                return
            continue
        password = attempt
        break
    if pdf is None:
        yield ("open", "password")
        return
    count = len(pdf)
    yield ("open", "ok", count, password)
    if count <= limits.max_pages:
        for index in range(start, count):
            yield from page_messages(pdf, index, limits, pypdfium2, raw)
    pdf.close()
    yield ("done",)


def page_messages(pdf, index: int, limits: Limits, pypdfium2, raw):
    number = index + 1
    try:
        width, height = pdf.get_page_size(index)
    except pypdfium2.PdfiumError:
        width = height = 0.0
    yield ("size", index, width, height)
    try:
        page = pdf[index]
    except pypdfium2.PdfiumError as error:
        yield ("page", index, Problem(code=PAGE_UNREADABLE, page=number, message=f"page {number} cannot be "
                                      f"loaded ({error}); it is left empty (repair the file to read it)"))
        return
    try:
        yield ("page", index, page_problem(page, number, limits, raw))
    except pypdfium2.PdfiumError as error:
        yield ("page", index, Problem(code=PAGE_UNREADABLE, page=number, message=f"page {number}: "
                                      f"{error}; it is left empty (repair the file to read it)"))
    finally:
        page.close()


def page_problem(page, number: int, limits: Limits, raw) -> Problem | None:
    textpage = page.get_textpage()
    try:
        chars = textpage.count_chars()
    finally:
        textpage.close()
    if chars > MAX_PAGE_CHARS:
        return Problem(code=PAGE_TOO_LARGE, page=number, message=f"page {number} holds {chars:,} "
                       f"characters, more than any PK page ({MAX_PAGE_CHARS:,}); it is left empty")
    for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        width, height = image.get_px_size()
        if width * height > limits.max_image_pixels:
            return Problem(code=PAGE_IMAGE_TOO_LARGE, page=number, message=f"page {number} holds a "
                           f"{width:,} x {height:,} pixel image, over the limit of "
                           f"{limits.max_image_pixels:,}; it is left empty (downscale the scan)")
    return None

"""A damaged PDF's readable pages in a copy, each unreadable page a blank page of its size.

The readers (text layer, OCR workers) open `SourceDocument.path` and read every page in order; a copy
whose bad pages are blank lets them read the good ones unchanged, and keeps page numbers as the user
counts them. The copy lives in the temp folder until the extraction discards it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from extractor.errors import CorruptPdf
from extractor.ingest.pdf_check import PdfCheck

A4 = (595.28, 841.89)


def write_stand_in(path: Path, check: PdfCheck) -> Path:
    import pypdfium2

    bad = {page.number: page for page in check.bad_pages}
    good = [number - 1 for number in range(1, check.page_count + 1) if number not in bad]
    handle, name = tempfile.mkstemp(prefix="pk-stand-in-", suffix=".pdf")
    os.close(handle)
    copy = Path(name)
    try:
        source = pypdfium2.PdfDocument(str(path), password=check.password)
        stand_in = pypdfium2.PdfDocument.new()
        try:
            stand_in.import_pages(source, good)
            for number in sorted(bad):
                page = bad[number]
                width, height = (page.width, page.height) if page.width > 0 and page.height > 0 else A4
                stand_in.new_page(min(width, 14400), min(height, 14400), index=number - 1).close()
            stand_in.save(str(copy))
        finally:
            stand_in.close()
            source.close()
    except pypdfium2.PdfiumError as error:
        copy.unlink(missing_ok=True)
        pages = ", ".join(str(number) for number in sorted(bad))
        raise CorruptPdf(f"page(s) {pages} cannot be read and the rest cannot be copied apart ({error}); "
                         f"repair the file (e.g. `qpdf --recover`)", path) from error
    return copy

"""A Word file checked before python-docx opens it: a zip whose parts, as declared, fit in memory.

A .docx is a zip of XML parts; a zip bomb declares gigabytes in a few kilobytes. Python's zipfile
never inflates a member past its declared size (the CRC check then fails), so declared sizes checked
here bound what reading can take.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from extractor.errors import CorruptDocx, TooLargeToRead

MAX_PART_BYTES = 64 << 20  # a 300-page PK's document.xml is ~5 MB
MAX_TOTAL_BYTES = 256 << 20
BODY = "word/document.xml"


def is_word_document(path: Path) -> bool:
    """A zip with a Word body part (and not, say, an .xlsx or an .odt)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return BODY in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def check_docx(path: Path) -> int:
    """Pages as the layout counts them, after the zip's declared sizes; raises the file's InputError."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptDocx(f"the Word file is not a readable zip ({error}); save it again from Word", path) \
            from error
    if BODY not in {member.filename for member in members}:
        raise CorruptDocx(f"the zip has no Word body ({BODY}); save the document again as .docx", path)
    largest = max(members, key=lambda member: member.file_size)
    total = sum(member.file_size for member in members)
    if largest.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
        raise TooLargeToRead(f"the Word file unpacks to {total:,} bytes ({largest.filename}: "
                             f"{largest.file_size:,}), more than any PK (a zip bomb?)", path)
    return len(docx_pages(path))


def docx_pages(path: Path):
    """The laid-out pages; every failure of python-docx or lxml on a damaged file is `corrupt_docx`."""
    from extractor.ingest.docx_layout import docx_pages as lay_out

    try:
        return lay_out(path)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, zipfile.BadZipFile, OSError,
            SyntaxError) as error:  # lxml's XMLSyntaxError is a SyntaxError
        raise CorruptDocx(f"the Word file cannot be read ({type(error).__name__}: {error}); save it again "
                          f"from Word", path) from error

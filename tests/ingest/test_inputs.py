"""Input checks: identity, kinds, and every input error code with a message naming file and fix."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extractor.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ImageTooLarge,
    NotAPdf,
    TooManyPages,
)
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from extractor.pipeline import extract_or_failure
from tests.ingest import makers


def test_identity_is_sha256_of_bytes(born_digital: Path):
    source = open_source(born_digital, ExtractOptions())
    assert source.sha256 == hashlib.sha256(born_digital.read_bytes()).hexdigest()
    assert (source.kind, source.page_count, source.filename) == ("pdf", 2, "born-digital.pdf")


def test_images_are_recognised_by_content(made: Path, scan_image):
    renamed = made / "scan.pdf.bin"
    scan_image.save(renamed, format="PNG")
    tiff = makers.multipage_tiff(made / "two.tif", [scan_image, scan_image], 150)
    assert open_source(renamed, ExtractOptions()).kind == "image"
    assert open_source(tiff, ExtractOptions()).page_count == 2


def broken_inputs(made: Path, born_digital: Path, scan_image) -> dict[str, tuple[Path, ExtractOptions]]:
    empty = made / "empty.pdf"
    empty.write_bytes(b"")
    text = made / "notes.pdf"
    text.write_text("Perjanjian kinerja, tapi ini bukan PDF.\n", encoding="utf-8")
    corrupt = made / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    locked = makers.encrypted_pdf(made / "locked.pdf", user_password="rahasia")
    scan_image.save(made / "big.png")
    return {
        "empty_file": (empty, ExtractOptions()),
        "not_a_pdf": (text, ExtractOptions()),
        "corrupt_pdf": (corrupt, ExtractOptions()),
        "encrypted_pdf": (locked, ExtractOptions()),
        "too_many_pages": (born_digital, ExtractOptions(max_pages=1)),
        "image_too_large": (made / "big.png", ExtractOptions(max_image_pixels=100_000)),
        "image_too_large ": (born_digital, ExtractOptions(max_image_pixels=1_000_000)),
    }


ERRORS = {"empty_file": EmptyFile, "not_a_pdf": NotAPdf, "corrupt_pdf": CorruptPdf,
          "encrypted_pdf": EncryptedPdf, "too_many_pages": TooManyPages, "image_too_large": ImageTooLarge}


def test_every_input_error_has_its_code_and_names_the_file(made: Path, born_digital: Path, scan_image):
    for code, (path, options) in broken_inputs(made, born_digital, scan_image).items():
        with pytest.raises(ERRORS[code.strip()]) as caught:
            open_source(path, options)
        assert caught.value.code == code.strip()
        assert path.name in str(caught.value)
        result = extract_or_failure(path, options)
        assert [p.code for p in result.errors] == [code.strip()]
        assert result.document.page_count == 0


def test_empty_user_password_is_tried_first(made: Path):
    locked = makers.encrypted_pdf(made / "owner-only.pdf", user_password="")
    source = open_source(locked, ExtractOptions())
    assert source.page_count == 1

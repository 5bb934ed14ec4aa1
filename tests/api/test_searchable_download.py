"""The service keeps a searchable copy of every scanned PDF it extracts (our OCR words as an invisible
text layer, page images untouched) and serves it; born-digital files have none, and deleting the
document removes it with the file."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf

from tests.api.conftest import Api
from tests.ingest import makers

SCAN_DPI = 150


def test_a_scan_comes_back_searchable_and_goes_with_its_document(api: Api, tmp_path: Path) -> None:
    printed = makers.pk_pdf(tmp_path / "printed.pdf")
    scan = makers.image_pdf(tmp_path / "scan.pdf", [makers.render_scan(printed, dpi=SCAN_DPI)], SCAN_DPI)
    uploaded = api.upload(("PK Dinas 2024.pdf", scan.read_bytes()), ("printed.pdf", printed.read_bytes()))
    scanned_id, printed_id = (document["id"] for document in uploaded.json()["documents"])
    assert [document["status"] for document in api.wait_done([scanned_id, printed_id], 180)] == ["done"] * 2

    reply = api.get(f"/documents/{scanned_id}/searchable.pdf")
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/pdf"
    assert "PK%20Dinas%202024.searchable.pdf" in reply.headers["content-disposition"]
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(reply.content)
    with pdfplumber.open(copy) as pdf:
        text = pdf.pages[0].extract_text()
    assert "PERJANJIAN KINERJA TAHUN 2024" in text and "BUDI SANTOSO" in text
    with pikepdf.open(scan) as before, pikepdf.open(copy) as after:
        assert ([image.read_raw_bytes() for image in after.pages[0].get_images().values()]
                == [image.read_raw_bytes() for image in before.pages[0].get_images().values()])

    born_digital = api.get(f"/documents/{printed_id}/searchable.pdf")
    assert born_digital.status_code == 404 and "no scanned page" in born_digital.json()["error"]["message"]

    assert api.client.delete(f"/documents/{scanned_id}", headers=api.headers("admin")).status_code == 204
    assert api.get(f"/documents/{scanned_id}/searchable.pdf").status_code == 404
    assert not list((tmp_path / "files" / "searchable").rglob("*.pdf"))

"""Word input: a generated PK written as .docx (samples/generator/docx_writer.py) extracts the same fields as
the same PK rendered to PDF, and the reader keeps text exact, merged cells merged, tab columns apart and
pages where Word broke them."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from extractor.errors import CorruptDocx, TooLargeToRead
from extractor.ingest.docx_layout import docx_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from extractor.pipeline import extract, extract_or_failure
from samples.generator.docx_writer import write_docx
from samples.generator.render_fpdf import render
from samples.generator.spec import make_pk

OPTIONS = ExtractOptions(workers=1)
# Layouts with merged sasaran cells (L1), a Satuan column (L2), quarterly columns (L7), landscape lampiran,
# and long tables whose rows and merged sasaran cells the page breaks cut.
CASES = {"L1": {"layout": "L1"}, "L2": {"layout": "L2"}, "L7": {"layout": "L7"},
         "L4-landscape": {"layout": "L4", "landscape": True},
         "L1-long": {"layout": "L1", "long_table": True}, "L7-long": {"layout": "L7", "long_table": True}}


def field_values(agreement) -> dict:
    """What a person reads off a PK: every value, none of the evidence or pages."""
    def party(p):
        return None if p is None else {k: getattr(p, k).value for k in ("name", "nip", "position", "rank")}

    return {
        **{k: getattr(agreement, k).value for k in ("year", "is_revision", "document_number", "government",
                                                    "organization", "sub_unit", "signing_place",
                                                    "signing_date", "total_budget")},
        "first_party": party(agreement.first_party), "second_party": party(agreement.second_party),
        "targets": [(t.objective.value, t.indicator.value, t.target.value, t.unit.value,
                     [q.value for q in t.quarterly_targets or []]) for t in agreement.performance_targets],
        "programs": [(p.name.value, p.budget.value, p.note.value) for p in agreement.programs],
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_docx_pk_extracts_the_same_fields_as_its_pdf(case: str, tmp_path: Path):
    pk = make_pk(random.Random(f"docx-{case}"), level=None, agency=None, force=dict(CASES[case]))
    render([pk], tmp_path / "pk.pdf")
    from_pdf = extract(tmp_path / "pk.pdf", OPTIONS)
    from_docx = extract(write_docx(pk, tmp_path / "pk.docx"), OPTIONS)
    assert [p.source for p in from_docx.document.pages] == ["text"] * from_docx.document.page_count
    assert len(from_docx.agreements) == len(from_pdf.agreements) == 1
    assert field_values(from_docx.agreements[0]) == field_values(from_pdf.agreements[0])
    truth = pk.truth([])
    docx_agreement = from_docx.agreements[0]
    assert docx_agreement.year.value == truth["year"]["value"]
    assert [t.indicator.value for t in docx_agreement.performance_targets] == [
        row["indicator"]["value"] for row in truth["performance_targets"]]


def word_file(path: Path, build) -> Path:
    import docx

    document = docx.Document()
    build(document)
    document.save(str(path))
    return path


def test_text_is_exact_and_merged_cells_draw_no_inner_border(tmp_path: Path):
    def build(document):
        document.add_paragraph("Anggaran Rp 1.250.000.000,00 — Dinas Pariwisata dan Kebudayaan (ü)")
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        rows = (["Sasaran", "Indikator", "Target"], ["Meningkatnya mutu", "Indeks A", "85,5 %"],
                ["", "Indeks B", "90 %"])
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                table.cell(row, column).text = text
        table.cell(1, 0).merge(table.cell(2, 0)).text = "Meningkatnya mutu"
        spanned = table.cell(0, 1).merge(table.cell(0, 2))
        spanned.text = "Indikator dan Target"

    page = docx_pages(word_file(tmp_path / "t.docx", build))[0]
    assert page.text().splitlines()[0] == "Anggaran Rp 1.250.000.000,00 — Dinas Pariwisata dan Kebudayaan (ü)"
    merged = next(w for w in page.words if w.text == "Meningkatnya")
    below = next(w for w in page.words if w.text == "B")
    horizontal = [r.bbox for r in page.rules if r.horizontal]
    inside_merge = [box for box in horizontal if box[0] <= merged.bbox[0] <= box[2]
                    and merged.bbox[3] < box[1] < below.bbox[1]]
    beside_merge = [box for box in horizontal if box[0] <= below.bbox[0] <= box[2]
                    and merged.bbox[3] < box[1] < below.bbox[1]]
    assert inside_merge == [] and len(beside_merge) == 1
    heading = next(w for w in page.words if w.text == "Indikator")
    vertical = [r.bbox for r in page.rules if not r.horizontal and r.bbox[1] <= heading.bbox[1] <= r.bbox[3]]
    assert len(vertical) == 3  # the spanned heading has no border between its two grid columns


def test_tab_columns_and_word_page_breaks(tmp_path: Path):
    def build(document):
        from docx.shared import Pt

        for label, value in (("Nama", "BUDI SANTOSO, S.T."), ("Jabatan", "Kepala Bidang")):
            paragraph = document.add_paragraph(f"{label}\t:\t{value}")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(90))
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(102))
        document.add_page_break()
        document.add_paragraph("LAMPIRAN")

    pages = docx_pages(word_file(tmp_path / "tabs.docx", build))
    assert [p.text() for p in pages] == ["Nama : BUDI SANTOSO, S.T.\nJabatan : Kepala Bidang", "LAMPIRAN"]
    colons = [w.bbox[0] for w in pages[0].words if w.text == ":"]
    values = [w.bbox[0] for w in pages[0].words if w.text in ("BUDI", "Kepala")]
    assert len(set(colons)) == 1 and len(set(values)) == 1


def test_pages_are_counted_where_word_broke_them(tmp_path: Path):
    """Word writes `lastRenderedPageBreak` where its layout turned the page; those are the pages."""
    from docx.oxml import OxmlElement

    def build(document):
        for text in ("halaman satu", "halaman dua", "halaman tiga"):
            run = document.add_paragraph().add_run()
            if text != "halaman satu":
                run._r.append(OxmlElement("w:lastRenderedPageBreak"))
            run.add_text(text)

    pages = docx_pages(word_file(tmp_path / "rendered.docx", build))
    assert [p.text() for p in pages] == ["halaman satu", "halaman dua", "halaman tiga"]
    assert open_source(tmp_path / "rendered.docx", OPTIONS).page_count == 3


def test_damaged_and_bomb_word_files_get_their_codes(tmp_path: Path):
    good = word_file(tmp_path / "good.docx", lambda d: d.add_paragraph("PERJANJIAN KINERJA TAHUN 2024"))
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:2000])
    no_body = tmp_path / "no-body.docx"
    with zipfile.ZipFile(no_body, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    bad_xml = tmp_path / "bad-xml.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad_xml, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data[:-200] if item.filename == "word/document.xml" else data)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (100 << 20))
    for path, error in ((truncated, CorruptDocx), (no_body, CorruptDocx), (bad_xml, CorruptDocx),
                        (bomb, TooLargeToRead)):
        with pytest.raises(error):
            open_source(path, OPTIONS)
        assert [p.code for p in extract_or_failure(path, OPTIONS).errors] == [error.code]

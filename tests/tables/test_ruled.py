"""Ruled tables read from their drawn grid: cells, spans, merged cells repeated, and table doubt."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest.reader import read_pages
from extractor.ingest.source import open_source
from extractor.options import ExtractOptions
from extractor.pipeline import extract
from extractor.tables.lampiran import read_lampiran
from extractor.tables.lattice import rules_to_lattices
from models.document import Page, Rule, Word
from tests.parser.pdfs import KADIS, Writer
from tests.tables.pdfgen import Row, Table, write_table_pdf

HEADERS = [["No"], ["Sasaran Strategis"], ["Indikator Kinerja"], ["Target"]]
WIDTHS = [30.0, 150.0, 190.0, 110.0]


def read(path: Path) -> list[Page]:
    """Pages as the extractor reads them (text layer and drawn rules, pdfium)."""
    options = ExtractOptions()
    return read_pages(open_source(path, options), options).pages


def test_a_grid_of_rules_is_cells_with_their_spans() -> None:
    h = [Rule(bbox=(0, y, 300, y + 0.5)) for y in (0, 20, 40, 60)]
    v = [Rule(bbox=(x, 0, x + 0.5, 60)) for x in (0, 100, 300)]
    v.append(Rule(bbox=(200, 20, 200.5, 60)))  # the right column is split below the header only
    h = [*h[:2], Rule(bbox=(0, 40, 200, 40.5)), *h[3:]]  # the last column's two cells are one
    (lattice,) = rules_to_lattices(h + v, [])
    assert (lattice.row_count, lattice.col_count) == (3, 3)
    merged = lattice.at(1, 2)
    assert merged is lattice.at(2, 2) and merged.rows == 2
    header = lattice.at(0, 1)
    assert header is lattice.at(0, 2) and header.cols == 2


def test_a_target_merged_over_four_indicators_is_the_target_of_each(tmp_path: Path) -> None:
    rows = [Row([["1."], ["Meningkatnya tata", "kelola keuangan"], ["Administrasi keuangan"], ["100%"]],
                span=4),
            Row([[], [], ["Administrasi umum"], []]),
            Row([[], [], ["Penyediaan jasa", "penunjang urusan"], []]),
            Row([[], [], ["Pemeliharaan barang", "milik daerah"], []])]
    path = write_table_pdf(tmp_path / "merged.pdf", [Table(HEADERS, WIDTHS, rows, merged=(0, 1, 3))])
    lampiran = read_lampiran(read(path))
    targets = lampiran.performance_targets
    assert [t.indicator.value for t in targets] == [
        "Administrasi keuangan", "Administrasi umum", "Penyediaan jasa penunjang urusan",
        "Pemeliharaan barang milik daerah"]
    assert {t.target.value for t in targets} == {"100%"}
    assert {t.target_value.value for t in targets} == {100.0}
    assert {t.objective.value for t in targets} == {"Meningkatnya tata kelola keuangan"}
    assert not lampiran.problems


def test_a_merged_target_is_shared_where_a_scan_kept_only_the_horizontal_rules(tmp_path: Path) -> None:
    """A scan that lost the grid's vertical rules is read by word positions; the rules that part
    the indicators but stop short of the target column still say the target cell is merged."""
    rows = [Row([["1."], ["Meningkatnya tata", "kelola keuangan"], ["Administrasi keuangan"], ["100%"]],
                span=3),
            Row([[], [], ["Administrasi umum"], []]),
            Row([[], [], ["Penyediaan jasa", "penunjang urusan"], []]),
            Row([["2."], ["Meningkatnya layanan"], ["Indeks kepuasan"], ["80"]])]
    path = write_table_pdf(tmp_path / "merged.pdf", [Table(HEADERS, WIDTHS, rows, merged=(0, 1, 3))])
    pages = [page.model_copy(update={"rules": [r for r in page.rules if r.bbox[2] - r.bbox[0] > 2]})
             for page in read(path)]  # horizontal rules only: no lattice can form
    targets = read_lampiran(pages).performance_targets
    assert [(t.indicator.value, t.target.value) for t in targets] == [
        ("Administrasi keuangan", "100%"), ("Administrasi umum", "100%"),
        ("Penyediaan jasa penunjang urusan", "100%"), ("Indeks kepuasan", "80")]


def test_row_numbers_that_skip_put_the_table_in_doubt(tmp_path: Path) -> None:
    rows = [Row([[f"{n}."], [f"Sasaran nomor {n}"], [f"Persentase capaian {n}"], [f"{80 + n}%"]])
            for n in (1, 2, 4)]
    path = write_table_pdf(tmp_path / "gap.pdf", [Table(HEADERS, WIDTHS, rows)])
    lampiran = read_lampiran(read(path))
    assert len(lampiran.performance_targets) == 3
    assert [(p.code, p.page) for p in lampiran.problems] == [("table_doubt", 1)]
    assert "skip" in lampiran.problems[0].message


def test_an_agreement_without_target_rows_says_targets_missing(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    writer = Writer(path)
    writer.statement(2024, KADIS, None, "Sukamaju, 2 Januari 2024", "Dinas Kesehatan")
    writer.save()
    result = extract(path)
    assert len(result.agreements) == 1
    assert result.agreements[0].performance_targets == []
    assert ("targets_missing", 1) in [(p.code, p.page) for p in result.errors]


def test_a_word_export_with_rowspanned_cells_reads_every_row(real_dir: Path) -> None:
    """s33 (pk-record.md's merged-cell rule on a real kabupaten PK): a target merged over four
    indicators, an indicator over two targets, a table continued on the next page."""
    result = extract(real_dir / "s33.pdf")
    (agreement,) = result.agreements
    rows = agreement.performance_targets
    assert len(rows) == 14
    first_target = rows[0].target.value
    assert first_target.startswith("Tersedianya Perencanaan")
    assert [r.target.value for r in rows[:4]] == [first_target] * 4
    assert [r.indicator.value for r in rows if r.indicator.value.startswith("Paskibraka")] == [
        "Paskibraka (Seleksi, Pra-Diklat dan Diklat)."] * 2
    assert [r.target.value for r in rows[-2:]] == [None, None]
    assert len(agreement.programs) == 12
    assert agreement.total_budget.value == sum(p.budget.value for p in agreement.programs) == 1912555022


@pytest.mark.parametrize("name", ["s34.pdf", "s35.pdf"])
def test_a_program_merged_over_its_kegiatan_keeps_each_kegiatan_row(real_dir: Path, name: str) -> None:
    (agreement,) = extract(real_dir / name).agreements
    names = [p.name.value for p in agreement.programs]
    assert names and all(p.budget.value for p in agreement.programs)
    assert len(set(names)) == len(names)
    assert agreement.total_budget.value is None or agreement.total_budget.value == sum(
        p.budget.value for p in agreement.programs)


def test_amount_lines_no_row_took_put_their_page_in_doubt(tmp_path: Path) -> None:
    """A budget table whose heading was lost still prints its amounts: they must not go unread silently."""
    rows = [Row([["1."], ["Sasaran satu"], ["Persentase capaian"], ["90%"]])]
    path = write_table_pdf(tmp_path / "lost.pdf", [Table(HEADERS, WIDTHS, rows)], signature=False)
    pages = read(path)
    lost = [("1 Program Pelayanan Administrasi", "Rp 1.250.000.000"),
            ("2 Program Kesehatan", "Rp 87.315.000")]
    for index, (name, amount) in enumerate(lost):
        top = 600.0 + 20 * index
        pages[0].words.extend(Word(text=text, bbox=(x, top, x + 8 * len(text), top + 9), confidence=1.0,
                                   source="text") for x, text in ((60, name), (400, amount)))
    lampiran = read_lampiran(pages)
    assert len(lampiran.performance_targets) == 1
    assert [(p.code, p.page) for p in lampiran.problems] == [("table_doubt", 1)]
    assert "amounts" in lampiran.problems[0].message

"""Lampiran tables drawn in the test (ruled and borderless) read back into contract rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.tables.lampiran import read_lampiran
from tests.tables.pdfgen import Row, Table, pages_of, write_table_pdf

PERF_HEADERS = [["No"], ["Sasaran Strategis"], ["Indikator Kinerja"], ["Target"]]
PERF_WIDTHS = [30.0, 140.0, 200.0, 100.0]


def perf_rows() -> list[Row]:
    return [
        Row([["1."], ["Meningkatnya kualitas", "layanan kesehatan", "masyarakat"],
             ["Angka kematian ibu"], ["88/100.000 KH"]], span=3),
        Row([[], [], ["Persentase puskesmas", "terakreditasi"], ["85,5 %"]]),
        Row([[], [], ["Nilai SAKIP"], ["BB"]]),
        Row([["2."], ["Meningkatnya akuntabilitas"], ["Opini BPK"], ["WTP"]]),
    ]


def budget_table(ruled: bool = True) -> Table:
    return Table(
        headers=[["No"], ["Program"], ["Anggaran (Rp)"], ["Keterangan"]],
        widths=[30.0, 220.0, 130.0, 90.0],
        rows=[
            Row([["1."], ["Program Pencegahan dan", "Pengendalian Penyakit"], ["Rp 1.250.000.000,00"],
                 ["APBD"]]),
            Row([["2."], ["Program Penunjang Urusan"], ["6.705.258.727,71"], ["DAK"]]),
            Row([[], ["Jumlah"], ["7.955.258.727,71"], []]),
        ],
        ruled=ruled,
    )


@pytest.mark.parametrize("ruled", [True, False])
@pytest.mark.parametrize("centred", [True, False])
def test_merged_sasaran_and_budget(tmp_path: Path, ruled: bool, centred: bool) -> None:
    perf = Table(PERF_HEADERS, PERF_WIDTHS, perf_rows(), merged=(0, 1), centred_merge=centred, ruled=ruled)
    pdf = write_table_pdf(tmp_path / "lampiran.pdf", [perf, budget_table(ruled)])
    result = read_lampiran(pages_of(pdf))

    rows = [(r.objective.value, r.indicator.value, r.target.value, r.target_value.value, r.unit.value)
            for r in result.performance_targets]
    sasaran = "Meningkatnya kualitas layanan kesehatan masyarakat"
    assert rows == [
        (sasaran, "Angka kematian ibu", "88/100.000 KH", 88.0, "/100.000 KH"),
        (sasaran, "Persentase puskesmas terakreditasi", "85,5 %", 85.5, "%"),
        (sasaran, "Nilai SAKIP", "BB", None, None),
        ("Meningkatnya akuntabilitas", "Opini BPK", "WTP", None, None),
    ]
    assert all(r.quarterly_targets is None for r in result.performance_targets)
    programs = [(p.name.value, p.budget.value, p.note.value) for p in result.programs]
    assert programs == [
        ("Program Pencegahan dan Pengendalian Penyakit", 1250000000, "APBD"),
        ("Program Penunjang Urusan", 6705258727, "DAK"),
    ]
    assert result.total_budget.value == 7955258727


def test_total_row_whose_label_was_not_read(tmp_path: Path) -> None:
    table = budget_table()
    table.rows[-1] = Row([[], [], ["7.955.258.727,71"], []])
    result = read_lampiran(pages_of(write_table_pdf(tmp_path / "total.pdf", [table])))
    assert [p.budget.value for p in result.programs] == [1250000000, 6705258727]
    assert result.total_budget.value == 7955258727


def test_fields_carry_evidence(tmp_path: Path) -> None:
    perf = Table(PERF_HEADERS, PERF_WIDTHS, perf_rows(), merged=(0, 1))
    pdf = write_table_pdf(tmp_path / "lampiran.pdf", [perf])
    row = read_lampiran(pages_of(pdf)).performance_targets[1]
    assert row.target.raw == "85,5 %"
    assert row.target.page == 1
    x0, top, x1, bottom = row.indicator.bbox
    assert x0 < x1 and top < bottom
    assert 0.8 < row.indicator.confidence <= 1.0 and not row.indicator.needs_review


def test_quarterly_columns_and_column_number_row(tmp_path: Path) -> None:
    table = Table(
        headers=[["No"], ["Sasaran"], ["Indikator"], ["Target"], ["TW I"], ["TW II"], ["TW III"], ["TW IV"]],
        widths=[25.0, 110.0, 150.0, 50.0, 40.0, 40.0, 40.0, 40.0],
        rows=[
            Row([["1"], ["2"], ["3"], ["4"], ["5"], ["6"], ["7"], ["8"]]),
            Row([["1."], ["Meningkatnya cakupan", "imunisasi"], ["Cakupan imunisasi dasar", "lengkap"],
                 ["95 %"], ["20 %"], ["45 %"], ["70 %"], ["95 %"]], span=2),
            Row([[], [], ["Jumlah desa UCI"], ["30 Desa"], ["5 Desa"], ["10 Desa"], ["20 Desa"],
                 ["30 Desa"]]),
        ],
        merged=(0, 1),
    )
    result = read_lampiran(pages_of(write_table_pdf(tmp_path / "tw.pdf", [table])))
    assert [r.indicator.value for r in result.performance_targets] == [
        "Cakupan imunisasi dasar lengkap", "Jumlah desa UCI"]
    assert [[q.value for q in r.quarterly_targets] for r in result.performance_targets] == [
        ["20 %", "45 %", "70 %", "95 %"], ["5 Desa", "10 Desa", "20 Desa", "30 Desa"]]
    assert result.performance_targets[1].target_value.value == 30


def test_sub_items_with_their_own_targets(tmp_path: Path) -> None:
    table = Table(
        headers=[["No"], ["Sasaran"], ["Indikator Kinerja"], ["Target"]],
        widths=[30.0, 140.0, 200.0, 100.0],
        rows=[
            Row([["1."], ["Meningkatnya produksi", "peternakan"],
                 ["Jumlah produksi yang", "dihasilkan (ton):"], []],
                span=3),
            Row([[], [], ["- Daging"], ["768.495"]]),
            Row([[], [], ["- Telur"], ["217.235"]]),
        ],
        merged=(0, 1),
    )
    result = read_lampiran(pages_of(write_table_pdf(tmp_path / "sub.pdf", [table])))
    rows = [(r.indicator.value, r.target_value.value, r.unit.value) for r in result.performance_targets]
    assert rows == [
        ("Jumlah produksi yang dihasilkan (ton): Daging", 768495.0, "ton"),
        ("Jumlah produksi yang dihasilkan (ton): Telur", 217235.0, "ton"),
    ]


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_continued_on_the_next_page(tmp_path: Path, repeat_header: bool) -> None:
    first = [Row([[str(i) + "."], [f"Sasaran nomor {i}"], [f"Indikator nomor {i}"], [f"{i} Dokumen"]])
             for i in range(1, 4)]
    more = [Row([[], [], ["Indikator lanjutan"], ["7 Laporan"]]),
            Row([["4."], ["Sasaran nomor 4"], ["Indikator nomor 4"], ["4 Dokumen"]])]
    table = Table(PERF_HEADERS, PERF_WIDTHS, first, extra_pages=[more], repeat_header=repeat_header)
    pages = pages_of(write_table_pdf(tmp_path / "cont.pdf", [table]))
    assert len(pages) == 2
    rows = [(r.objective.value, r.indicator.value, r.target.value, r.indicator.page)
            for r in read_lampiran(pages).performance_targets]
    assert rows[2:] == [
        ("Sasaran nomor 3", "Indikator nomor 3", "3 Dokumen", 1),
        ("Sasaran nomor 3", "Indikator lanjutan", "7 Laporan", 2),
        ("Sasaran nomor 4", "Indikator nomor 4", "4 Dokumen", 2),
    ]


def test_rencana_aksi_and_prose_are_skipped(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "prose.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(50, 780, "PIHAK PERTAMA akan mewujudkan target kinerja sesuai indikator kinerja")
    canvas.save()
    prose = read_lampiran(pages_of(path))
    assert prose.performance_targets == [] and prose.programs == [] and prose.total_budget.value is None

    table = Table(PERF_HEADERS, PERF_WIDTHS, perf_rows(), merged=(0, 1))
    aksi = write_table_pdf(tmp_path / "aksi.pdf", [table], title="RENCANA AKSI KINERJA TAHUN 2024")
    assert read_lampiran(pages_of(aksi)).performance_targets == []


def test_scan_without_a_readable_heading_falls_back_to_gutters(tmp_path: Path) -> None:
    rows = [Row([[f"{i}."], [f"Meningkatnya layanan {i}"], [f"Persentase capaian layanan {i}"],
                 [f"{80 + i} %"]]) for i in range(1, 6)]
    table = Table(PERF_HEADERS, PERF_WIDTHS, rows, ruled=False)
    pages = pages_of(write_table_pdf(tmp_path / "scan.pdf", [table]))
    as_ocr = [page.model_copy(update={
        "info": page.info.model_copy(update={"source": "ocr"}),
        "words": [w.model_copy(update={"source": "ocr", "confidence": 0.95}) for w in page.words
                  if w.text not in ("No", "Sasaran", "Strategis", "Indikator", "Kinerja", "Target")],
    }) for page in pages]
    result = read_lampiran(as_ocr)
    got = [(r.objective.value, r.indicator.value, r.target_value.value) for r in result.performance_targets]
    want = [(f"Meningkatnya layanan {i}", f"Persentase capaian layanan {i}", 80.0 + i) for i in range(1, 6)]
    assert got == want
    assert all(r.indicator.needs_review for r in result.performance_targets)
    assert [p.code for p in result.problems] == ["table_doubt"] and "heading" in result.problems[0].message
    assert read_lampiran(pages).performance_targets[0].indicator.needs_review is False


def test_parent_line_after_an_indicator_with_its_own_target() -> None:
    """Evenly spaced scan lines: the parent of sub-items sits right under a complete indicator whose
    target is level with it; it heads the sub-items instead of lengthening that indicator."""
    from tests.parser.pages import page_of

    page = page_of([
        [(40, "NO"), (70, "SASARAN STRATEGIS"), (250, "INDIKATOR KINERJA"), (480, "SATUAN"), (540, "TARGET")],
        [(40, "1."), (70, "Terkendalinya penyakit"), (250, "Persentase kasus hewan tertangani"),
         (480, "Persen"), (545, "99")],
        [(250, "Jumlah kasus penyakit (kasus)")],
        [(250, "- Anthrax"), (480, "Kasus"), (545, "1")],
        [(250, "- Rabies"), (480, "Kasus"), (545, "10")],
        [(40, "2."), (70, "Meningkatnya produksi"), (250, "Populasi ternak sapi"),
         (480, "Ekor"), (545, "93")],
    ], confidence=0.9)
    rows = [(r.objective.value, r.indicator.value, r.target_value.value)
            for r in read_lampiran([page]).performance_targets]
    assert rows == [
        ("Terkendalinya penyakit", "Persentase kasus hewan tertangani", 99.0),
        ("Terkendalinya penyakit", "Jumlah kasus penyakit (kasus): Anthrax", 1.0),
        ("Terkendalinya penyakit", "Jumlah kasus penyakit (kasus): Rabies", 10.0),
        ("Meningkatnya produksi", "Populasi ternak sapi", 93.0),
    ]


def test_quarter_headings_as_ocr_reads_them() -> None:
    """"TW ill" and "TWiv" are TW III and TW IV: the quarters and the target column are found."""
    from tests.parser.pages import page_of

    page = page_of([
        [(40, "No"), (70, "Sasaran"), (250, "Indikator"), (400, "Target"), (450, "TW ill"), (510, "TWiv")],
        [(40, "1"), (70, "Meningkatnya ekonomi"), (250, "Tingkat Kemiskinan"), (400, "9,5%"), (510, "9,5%")],
        [(250, "Tingkat Pengangguran"), (400, "6,4 %"), (450, "3 %"), (510, "6,4 %")],
    ], confidence=0.9)
    rows = [(r.indicator.value, r.target_value.value, [q.value for q in r.quarterly_targets or []])
            for r in read_lampiran([page]).performance_targets]
    assert rows == [
        ("Tingkat Kemiskinan", 9.5, [None, None, None, "9,5%"]),
        ("Tingkat Pengangguran", 6.4, [None, None, "3 %", "6,4 %"]),
    ]


def test_misread_target_under_a_complete_value_starts_its_own_row() -> None:
    """OCR read the second row's "3,17" as "SAT": under "7 Dokumen" it is still the next row's target."""
    from tests.parser.pages import page_of

    page = page_of([
        [(40, "No"), (70, "Sasaran"), (250, "Indikator Kinerja"), (480, "Target")],
        [(40, "1"), (70, "Meningkatnya kualitas"), (250, "Jumlah dokumen perencanaan"), (480, "7 Dokumen")],
        [(250, "Indeks Daya Saing Daerah"), (480, "SAT")],
        [(250, "Persentase keselarasan RKPD"), (480, "95 %")],
    ], confidence=0.9)
    rows = [(r.indicator.value, r.target.value) for r in read_lampiran([page]).performance_targets]
    assert rows == [("Jumlah dokumen perencanaan", "7 Dokumen"), ("Indeks Daya Saing Daerah", "SAT"),
                    ("Persentase keselarasan RKPD", "95 %")]


@pytest.mark.parametrize(("tokens", "expected"), [
    (["indikator", "kinerja", "utama", "x"], ("indicator", 3)),
    (["indlkator", "kinerja"], ("indicator", 2)),
    (["sasaran", "strategis", "perangkat", "daerah"], ("objective", 4)),
    (["tw", "iii"], ("tw3", 2)),
    (["anggaran", "(rp)"], ("amount", 2)),
    (["meningkatnya", "kualitas"], None),
    ([], None),
])
def test_header_phrases_longest_first_and_ocr_tolerant(tokens: list[str], expected: tuple | None) -> None:
    from extractor.tables.header_words import match_phrase

    assert match_phrase(tokens) == expected


def test_ocr_speckles_dropped_but_row_marks_kept() -> None:
    """An unsure "r" after a unit is noise; an unsure "Ya" alone in the number column is a row mark."""
    from extractor.tables.line_kinds import clean_words
    from models.document import Word

    def word(text: str, x0: float, x1: float, confidence: float = 0.95) -> Word:
        return Word(text=text, bbox=(x0, 100.0, x1, 110.0), confidence=confidence, source="ocr")

    unit_line = [word("50", 400, 412), word("Ekor", 415, 435), word("r", 438, 441, 0.4)]
    numbered = [word("Ya", 40, 52, 0.4), word("Program", 90, 130), word("Penunjang", 133, 180)]
    assert [w.text for w in clean_words(unit_line)] == ["50", "Ekor"]
    assert [w.text for w in clean_words(numbered)] == ["Ya", "Program", "Penunjang"]
    sure = [word("50", 400, 412), word("Ekor", 415, 435), word("di", 438, 445, 0.9)]
    assert len(clean_words(sure)) == 3


def test_program_name_loses_a_row_number_read_as_letters() -> None:
    from extractor.tables import budget
    from extractor.tables.grid import words_to_lines
    from models.document import Word

    words = [Word(text=t, bbox=(x, 100.0, x + 6.0 * len(t), 110.0), confidence=0.9, source="ocr")
             for t, x in [("tN", 60.0), ("Program", 80.0), ("Penunjang", 130.0), ("Urusan", 190.0)]]
    row = budget.BudgetDraft(page=1, name=words_to_lines(words))
    assert budget.draft_to_program(row, 0.8).name.value == "Program Penunjang Urusan"
    sub = [w.model_copy(update={"text": t}) for w, t in zip(words, ["Sub", "Kegiatan", "Penunjang", "Urusan"],
                                                            strict=True)]
    row = budget.BudgetDraft(page=1, name=words_to_lines(sub))
    assert budget.draft_to_program(row, 0.8).name.value == "Sub Kegiatan Penunjang Urusan"


def test_sub_item_counts_read_with_the_parent_unit() -> None:
    """"454,763" under "Jumlah produksi (ton)" is a count of tonnes, not 454.763."""
    from tests.parser.pages import page_of

    page = page_of([
        [(40, "No"), (70, "Sasaran"), (250, "Indikator Kinerja"), (480, "Target")],
        [(40, "1."), (70, "Meningkatnya produksi"), (250, "Jumlah produksi (ton)")],
        [(250, "- Daging"), (480, "571.225")],
        [(250, "- Telur"), (480, "454,763")],
    ], confidence=0.9)
    rows = [(r.indicator.value, r.target_value.value) for r in read_lampiran([page]).performance_targets]
    assert rows == [("Jumlah produksi (ton): Daging", 571225.0), ("Jumlah produksi (ton): Telur", 454763.0)]


def test_rows_cut_between_values_drifting_down_a_scan() -> None:
    """Each target sits a little lower than its indicator (a skewed scan): still one row per target."""
    from extractor.tables import rows as table_rows
    from extractor.tables.grid import Line, words_to_lines
    from models.document import Word

    def line(text: str, x0: float, top: float) -> Line:
        words, x = [], x0
        for token in text.split():
            words.append(Word(text=token, bbox=(x, top, x + 6.0 * len(token), top + 9.0), confidence=0.9,
                              source="ocr"))
            x += 6.0 * len(token) + 4.0
        return words_to_lines(words)[0]

    indicators = [line(t, 250, top) for t, top in [("Tingkat Pengangguran Terbuka", 208),
                                                   ("Opini BPK atas LKPD", 221),
                                                   ("Nilai SAKIP Pemerintah Daerah", 237),
                                                   ("Indeks Reformasi Birokrasi", 256)]]
    values = [line(t, 460, top) for t, top in [("5%", 209), ("WTP", 226), ("BB", 244), ("75,9", 261)]]
    cells = table_rows.cut_between_anchors(indicators, values, table_rows.pitch_of(indicators), None)
    assert [" ".join(line.text for line in cell.lines) for cell in cells] == [
        "Tingkat Pengangguran Terbuka", "Opini BPK atas LKPD", "Nilai SAKIP Pemerintah Daerah",
        "Indeks Reformasi Birokrasi"]


def test_row_numbers_level_with_a_sasaran_opening_cut_indicator_rows() -> None:
    """A number beside "Meningkatnya ..." starts a row; one centred in a tall merged cell does not."""
    from extractor.rules import table_lexicon as lex
    from extractor.tables import grid, targets
    from tests.parser.pages import lines_of

    no = lines_of(["5.", "x", "x", "6.", "x", "x", "1"])
    objective = lines_of(["Meningkatnya tata kelola", "x", "x", "Meningkatnya derajat", "x", "kesehatan",
                          "Pengelolaan Keuangan"])
    keep = [0, 3, 6]
    lines = {lex.NO: [no[i] for i in keep], lex.OBJECTIVE: [objective[i] for i in (0, 3, 5, 6)]}
    body = grid.TableBody(page=1, kind=grid.PERFORMANCE, columns=[], height=10.0, ended=True, bottom=200.0,
                          lines=lines)
    assert [line.text for line in targets._row_numbers(body)] == ["5.", "6."]


def test_amount_broken_after_a_thousands_dot_is_joined() -> None:
    from extractor.tables import budget
    from extractor.tables.grid import words_to_lines
    from models.document import Word

    def words(texts: list[str], x: float) -> list[Word]:
        out = []
        for text in texts:
            out.append(Word(text=text, bbox=(x, 100.0, x + 6.0 * len(text), 110.0), confidence=0.9,
                            source="ocr"))
            x += 6.0 * len(text) + 4.0
        return out

    row = budget.BudgetDraft(page=1, name=words_to_lines(words(["Program", "Penunjang"], 60.0)),
                             amount=words_to_lines(words(["Rp5.642.", "197.000,39"], 300.0)))
    assert budget.draft_to_program(row, 0.8).budget.value == 5642197000


def test_sasaran_opening_word_level_with_a_row_starts_a_new_sasaran() -> None:
    """No numbers, no gap, no early line end: "Tersusunnya ..." level with a row still opens a sasaran."""
    from tests.parser.pages import page_of

    page = page_of([
        [(70, "Sasaran"), (250, "Indikator Kinerja"), (480, "Target")],
        [(70, "Tersusunnya laporan hasil"), (250, "Jumlah dokumen perencanaan"), (480, "7")],
        [(70, "pelaksanaan program tepat"), (250, "Prosentase dokumen capaian"), (480, "100%")],
        [(70, "Tersusunnya laporan tindak"), (250, "Prosentase tindak lanjut"), (480, "100%")],
        [(70, "lanjut pemeriksaan akurat")],
    ], confidence=0.9)
    objectives = [r.objective.value for r in read_lampiran([page]).performance_targets]
    first, second = "Tersusunnya laporan hasil pelaksanaan program tepat", \
        "Tersusunnya laporan tindak lanjut pemeriksaan akurat"
    assert objectives == [first, first, second]


def test_row_number_behind_an_ocr_quote_still_breaks_the_row() -> None:
    from extractor.tables import rows as table_rows
    from tests.parser.pages import lines_of

    lines = lines_of(["3. Melaksanakan supervisi kearsipan", "(pembinaan kearsipan ke UPT-UPT) (6 UPT)",
                      '"4. Pendidikan dan pelatihan teknis'])
    cells = table_rows.segment_column(lines, table_rows.pitch_of(lines))
    assert [len(cell.lines) for cell in cells] == [2, 1]


def test_program_name_wrapped_after_a_joining_word_is_one_row() -> None:
    from extractor.tables import budget
    from extractor.tables.grid import words_to_lines

    def lines(text: str, x: float, top: float) -> list:
        return words_to_lines(ocr_line_words(text, x, top))

    first = budget.BudgetDraft(page=1, name=lines("Program Sistem Pelaporan Kinerja dan", 60, 100),
                               amount=lines("1.250.000.000", 400, 100))
    wrapped = budget.BudgetDraft(page=1, name=lines("Keuangan", 60, 114))
    nxt = budget.BudgetDraft(page=1, name=lines("Program Penunjang", 60, 128),
                             amount=lines("5.000.000", 400, 128))
    merged = budget.merge_continuations([first, wrapped, nxt])
    assert [budget.draft_to_program(r, 0.8).name.value for r in merged] == [
        "Program Sistem Pelaporan Kinerja dan Keuangan", "Program Penunjang"]


def ocr_line_words(text: str, x: float, top: float) -> list:
    from models.document import Word

    words, cursor = [], x
    for token in text.split():
        words.append(Word(text=token, bbox=(cursor, top, cursor + 6.0 * len(token), top + 9.0),
                          confidence=0.9, source="ocr"))
        cursor += 6.0 * len(token) + 4.0
    return words


def test_a_name_wrapped_around_its_centred_number_and_amount_is_one_row() -> None:
    """A two-line name with the row number and amount printed at the cell's middle: the second line
    overlaps the amount line and belongs to its row; the number between the lines is no name."""
    from extractor.tables import budget
    from extractor.tables.grid import words_to_lines

    upper = words_to_lines(ocr_line_words("Pemberdayaan Dan Peningkatan Keluarga", 88, 571))
    middle = words_to_lines(ocr_line_words("9", 66, 577))
    lower = words_to_lines(ocr_line_words("Sejahtera (KS)", 88, 583))
    row = budget.BudgetDraft(page=1, name=[*upper, *middle], amount=words_to_lines(
        ocr_line_words("Rp 37.234.000", 286, 577)))
    merged = budget.merge_continuations([row, budget.BudgetDraft(page=1, name=lower)])
    assert len(merged) == 1
    program = budget.draft_to_program(merged[0], 0.8)
    assert program.name.value == "Pemberdayaan Dan Peningkatan Keluarga Sejahtera (KS)"
    assert "stray_mark" not in program.name.reasons and program.budget.value == 37_234_000


def test_a_nameless_last_amount_above_every_row_is_the_total_even_when_misread() -> None:
    from extractor.tables import budget
    from extractor.tables.grid import words_to_lines

    printed = (("Satu", "1.000.000"), ("Dua", "2.000.000"), ("Tiga", "500.000"))
    rows = [budget.BudgetDraft(page=1, name=words_to_lines(ocr_line_words(f"Program {n}", 60, 100 + 20 * i)),
                               amount=words_to_lines(ocr_line_words(amount, 400, 100 + 20 * i)))
            for i, (n, amount) in enumerate(printed)]
    last = budget.BudgetDraft(page=1, name=[], amount=words_to_lines(ocr_line_words("3.800.000", 400, 200)))
    budget.mark_unlabelled_total([*rows, last])
    assert last.unlabelled_total, "3.500.000 misread as 3.800.000 is still the total, left to the sum check"
    small = budget.BudgetDraft(page=1, name=[], amount=words_to_lines(ocr_line_words("700.000", 400, 200)))
    budget.mark_unlabelled_total([*rows, small])
    assert not small.unlabelled_total


def test_scan_whose_budget_heading_was_lost_is_read_from_its_amounts(tmp_path: Path) -> None:
    table = Table(
        headers=[["No"], ["Program"], ["Anggaran (Rp)"], ["Keterangan"]], widths=[30.0, 220.0, 130.0, 90.0],
        rows=[Row([[f"{i}"], [f"Pelayanan Kesehatan Wilayah {i}"], [f"Rp {i}.250.000.000"], ["APBD"]])
              for i in range(1, 5)], ruled=False)
    pages = pages_of(write_table_pdf(tmp_path / "scan.pdf", [table]))
    as_ocr = [page.model_copy(update={
        "info": page.info.model_copy(update={"source": "ocr"}),
        "words": [w.model_copy(update={"source": "ocr", "confidence": 0.95}) for w in page.words
                  if w.text not in ("No", "Program", "Anggaran", "(Rp)")],
    }) for page in pages]
    result = read_lampiran(as_ocr)
    got = [(p.name.value, p.budget.value, p.note.value) for p in result.programs]
    want = [(f"Pelayanan Kesehatan Wilayah {i}", i * 10**9 + 250_000_000, "APBD") for i in range(1, 5)]
    assert got == want
    assert [p.code for p in result.problems] == ["table_doubt"] and "heading" in result.problems[0].message
    assert all(p.name.needs_review for p in result.programs), "columns guessed: every row is reviewed"


def test_four_quarter_headings_are_tw_i_to_iv_even_where_ocr_kept_only_tw() -> None:
    from extractor.tables.grid import words_to_lines
    from extractor.tables.header import find_headers

    upper = ocr_line_words("TW", 474, 134) + ocr_line_words("TW", 506, 134) + ocr_line_words("TW", 538, 134)
    lower = (ocr_line_words("Sasaran", 100, 139) + ocr_line_words("Indikator", 223, 139)
             + ocr_line_words("Target", 366, 139) + ocr_line_words("TW1", 430, 139))
    lines = words_to_lines(upper) + words_to_lines(lower)
    ((_, _, header),) = find_headers(lines)
    assert [c.kind for c in header.columns][-4:] == ["tw1", "tw2", "tw3", "tw4"]


def test_a_row_number_and_amount_printed_between_the_lines_of_a_wrapped_name_belong_to_it() -> None:
    """Borderless budget list, cells centred vertically (a scanned province PK): "2  Rp  529.393.000
    APBD" sits between "Pengarusutamaan Gender dan" and "Pemberdayaan Perempuan". The number is the
    row's anchor, not the start of a row at the name's second line."""
    from models.document import Page, PageInfo

    def at(text: str, x: float, top: float) -> list:
        return [w.model_copy(update={"bbox": (w.bbox[0], w.bbox[1], w.bbox[2], top + 8.0)})
                for w in ocr_line_words(text, x, top)]

    words = at("Program", 150, 350) + at("Anggaran", 330, 350) + at("Keterangan", 470, 350)
    printed = [(385, ["Pemenuhan Hak Anak"], "524.301.000"),
               (414, ["Pengarusutamaan Gender dan", "Pemberdayaan Perempuan"], "529.393.000"),
               (443, ["Peningkatan Kualitas Keluarga"], "84.952.506"),
               (472, ["Perlindungan Khusus Anak"], "276.588.850"),
               (500, ["Perlindungan Perempuan"], "414.885.966"),
               (529, ["Pengendalian Penduduk"], "365.766.700"),
               (558, ["Pembinaan Keluarga Berencana"], "392.816.000")]
    for number, (middle, names, amount) in enumerate(printed, start=1):
        tops = [middle] if len(names) == 1 else [middle - 6, middle + 5]
        for top, name in zip(tops, names, strict=True):
            words += at(name, 80, top)
        words += at(str(number), 60, middle) + at("Rp", 240, middle) + at(amount, 324, middle)
        words += at("APBD", 470, middle)
    words += at("TOTAL", 150, 586) + at("Rp", 240, 586) + at("2.588.704.022", 324, 586)
    page = Page(info=PageInfo(number=1, source="ocr", width=595.0, height=842.0), words=words)
    got = [(p.name.value, p.budget.value, p.note.value) for p in read_lampiran([page]).programs]
    assert got == [("Pemenuhan Hak Anak", 524_301_000, "APBD"),
                   ("Pengarusutamaan Gender dan Pemberdayaan Perempuan", 529_393_000, "APBD"),
                   ("Peningkatan Kualitas Keluarga", 84_952_506, "APBD"),
                   ("Perlindungan Khusus Anak", 276_588_850, "APBD"),
                   ("Perlindungan Perempuan", 414_885_966, "APBD"),
                   ("Pengendalian Penduduk", 365_766_700, "APBD"),
                   ("Pembinaan Keluarga Berencana", 392_816_000, "APBD")]


CENTRED_ROWS = [(["Persentase capaian standar pelayanan"], "100", "%"),
                (["Indeks kepuasan masyarakat terhadap", "layanan perizinan terpadu satu", "pintu kabupaten"],
                 "82,5", "Indeks"),
                (["Jumlah dokumen perencanaan"], "7", "Dokumen"),
                (["Persentase temuan yang ditindaklanjuti"], "95", "%"),
                (["Nilai evaluasi akuntabilitas kinerja", "instansi pemerintah daerah"], "BB", "Nilai"),
                (["Jumlah laporan keuangan"], "12", "Laporan")]


@pytest.mark.parametrize("heading", [True, False])
@pytest.mark.parametrize("number", ["{n}", "{n}."])
def test_a_row_number_centred_in_a_tall_indicator_cell_is_no_part_of_it(number: str, heading: bool) -> None:
    """Cells centred vertically: the row number and target stand level with the middle of a cell of
    two or three lines ("Indeks kepuasan masyarakat terhadap" / "2. layanan perizinan terpadu satu" /
    "pintu kabupaten"), with or without a "No" heading over the numbers. The row starts at the cell's
    first line, and the number joins no text."""
    from models.document import Page, PageInfo

    words = (ocr_line_words("Indikator Kinerja", 150, 350) + ocr_line_words("Target", 400, 350)
             + ocr_line_words("Satuan", 470, 350) + (ocr_line_words("No", 58, 350) if heading else []))
    middle = 385.0
    for n, (lines, target, unit) in enumerate(CENTRED_ROWS, start=1):
        middle += 6 * len(lines) + 12
        tops = [middle + 11 * (i - (len(lines) - 1) / 2) for i in range(len(lines))]
        for top, text in zip(tops, lines, strict=True):
            words += ocr_line_words(text, 80, top)
        words += (ocr_line_words(number.format(n=n), 60, middle) + ocr_line_words(target, 400, middle)
                  + ocr_line_words(unit, 470, middle))
        middle += 6 * len(lines) + 12
    page = Page(info=PageInfo(number=1, source="ocr", width=595.0, height=842.0), words=words)
    got = [(r.indicator.value, r.target.value) for r in read_lampiran([page]).performance_targets]
    assert got == [(" ".join(lines), target) for lines, target, _unit in CENTRED_ROWS]


@pytest.mark.parametrize("heading", [True, False])
def test_a_budget_row_numbered_at_the_middle_of_a_three_line_name_is_one_row(heading: bool) -> None:
    """A borderless budget list, cells centred: the number, "Rp", amount and source stand level with
    the middle line of a program name over three lines; with a "No" heading the number is level with
    that line's top, without one it stands on its own. Either way the row starts at the first line."""
    from models.document import Page, PageInfo

    printed = [(["Program Penunjang Urusan Pemerintahan"], "1.250.000.000"),
               (["Program Peningkatan Kapasitas", "Sumber Daya Aparatur Sipil", "Negara Daerah"],
                "529.393.000"),
               (["Program Pengawasan Penyelenggaraan"], "84.952.506"),
               (["Program Perencanaan Pengendalian", "dan Evaluasi Kinerja"], "276.588.850"),
               (["Program Pembinaan Keluarga"], "392.816.000")]
    words = (ocr_line_words("Program", 150, 350) + ocr_line_words("Anggaran", 330, 350)
             + ocr_line_words("Keterangan", 470, 350) + (ocr_line_words("No", 58, 350) if heading else []))
    middle = 385.0
    for n, (names, amount) in enumerate(printed, start=1):
        middle += 6 * len(names) + 5
        tops = [middle + 11 * (i - (len(names) - 1) / 2) for i in range(len(names))]
        for top, name in zip(tops, names, strict=True):
            words += ocr_line_words(name, 80, top)
        words += (ocr_line_words(str(n), 60, middle) + ocr_line_words("Rp", 240, middle)
                  + ocr_line_words(amount, 330, middle) + ocr_line_words("APBD", 470, middle))
        middle += 6 * len(names) + 5
    page = Page(info=PageInfo(number=1, source="ocr", width=595.0, height=842.0), words=words)
    got = [(p.name.value, p.budget.value) for p in read_lampiran([page]).programs]
    assert got == [(" ".join(names), int(amount.replace(".", ""))) for names, amount in printed]

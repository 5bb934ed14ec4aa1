"""Visual lines from word boxes on scans: a rule fragment or bracket over two lines does not join them,
two lines the reader kept apart are not interleaved, and lone glyphs do not enter a position."""

from __future__ import annotations

from extractor.layout import build_lines
from extractor.parse.parties import strip_junk
from models.document import Page, PageInfo, Word


def word(text: str, x0: float, top: float, line: int, height: float = 9.0) -> Word:
    return Word(text=text, bbox=(x0, top, x0 + 7 * len(text), top + height), confidence=0.9, source="ocr",
                block=0, line=line)


def page_of(words: list[Word]) -> Page:
    info = PageInfo(number=1, source="ocr", width=595, height=842)
    return Page(info=info, decision_reason="test", words=words)


def texts(words: list[Word]) -> list[str]:
    return [line.text for line in build_lines(page_of(words))]


def test_a_rule_fragment_over_two_lines_does_not_join_them():
    upper = [word("KEPALA", 193, 329, 5), word("DINAS", 245, 329, 5), word("PEMBERDAYAAN", 290, 329, 5)]
    lower = [word("ANAK", 193, 342, 7), word("DAN", 230, 342, 7), word("KELUARGA", 255, 342, 7)]
    rule = word("|", 67, 330, 6, height=30)
    assert texts([*upper, *lower, rule]) == ["| KEPALA DINAS PEMBERDAYAAN", "ANAK DAN KELUARGA"]


def test_two_stacked_lines_chained_by_skew_are_read_apart():
    """A tight paragraph on a scan: the second line's first words overlap the first line's last ones."""
    upper = [word("terhadap", 68, 559, 1), word("capaian", 130, 557, 1), word("kinerja", 190, 555, 1),
             word("dalam", 250, 552, 1), word("rangka", 300, 550, 1)]
    lower = [word("pemberian", 68, 561, 2), word("penghargaan", 140, 562, 2), word("sanksi.", 230, 563, 2)]
    assert texts([*upper, *lower]) == ["terhadap capaian kinerja dalam rangka",
                                       "pemberian penghargaan sanksi."]


def test_words_of_one_line_the_reader_split_stay_one_line():
    """Two reader lines side by side (signature columns) are one visual line with two segments."""
    left = [word("PIHAK", 100, 400, 3), word("KEDUA,", 150, 400, 3)]
    right = [word("PIHAK", 380, 401, 4), word("PERTAMA,", 430, 401, 4)]
    assert texts([*left, *right]) == ["PIHAK KEDUA, PIHAK PERTAMA,"]


def test_a_lone_glyph_between_words_is_not_part_of_a_position():
    read = "KEPALA DINAS PEREMPUAN, PERLINDUNGAN § ANAK"
    assert strip_junk(read) == "KEPALA DINAS PEREMPUAN, PERLINDUNGAN ANAK"
    assert strip_junk("Kepala Bidang Sarana & Prasarana / Umum") == "Kepala Bidang Sarana & Prasarana / Umum"

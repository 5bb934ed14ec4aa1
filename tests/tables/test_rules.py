"""Table rules as evidence: found on a poor scan, they decide rows and columns the geometry misjudges."""

from __future__ import annotations

import pytest

from extractor.tables.grid import Column, Line
from extractor.tables.header import find_headers
from extractor.tables.lampiran import read_lampiran
from extractor.tables.ruling import (
    Down,
    horizontal_rules,
    ruled_breaks,
    rules_across,
    set_rule_boundaries,
)
from models.document import Rule, Word


def line(x0: float, x1: float, top: float) -> Line:
    return Line([Word(text="kata", bbox=(x0, top, x1, top + 8), confidence=1.0, source="ocr")])


def test_pieces_of_a_broken_rule_are_joined_and_vertical_ones_kept_apart():
    rules = [Rule(bbox=(100, 200, 180, 201)), Rule(bbox=(186, 200.5, 300, 201.5)),
             Rule(bbox=(100, 250, 300, 251)), Rule(bbox=(150, 190, 151, 260))]
    joined = horizontal_rules(rules)
    assert [(r.x0, r.x1) for r in joined] == [(100, 300), (100, 300)]
    assert 200 <= joined[0].y <= 201.5 and 250 <= joined[1].y <= 251


def test_a_rule_parts_the_lines_of_the_column_it_runs_across():
    column = [line(260, 430, 100), line(260, 400, 110), line(260, 420, 125), line(260, 380, 135)]
    under_the_indicators = horizontal_rules([Rule(bbox=(255, 121, 470, 122))])
    only_under_the_targets = horizontal_rules([Rule(bbox=(470, 108, 540, 109))])
    assert ruled_breaks(column, rules_across(under_the_indicators, column)) == {2}
    assert rules_across(only_under_the_targets, column) == []


def test_a_vertical_rule_between_two_labels_is_their_boundary():
    columns = [Column("indicator", "Indikator", 300, 360), Column("target", "Target", 480, 520)]
    columns[0].right = columns[1].left = 430.0  # the emptiest gutter of the body's words
    set_rule_boundaries(columns, [Down(470.0, 100, 700), Down(700.0, 100, 700)], 120, 600)
    assert columns[0].right == columns[1].left == 470.0
    set_rule_boundaries(columns, [Down(450.0, 100, 130)], 120, 600)  # a stub of the header only
    assert columns[0].right == 470.0


@pytest.mark.slow
def test_a_wrapped_indicator_with_its_target_centred_between_its_lines_is_one_row(poor_scan_pages):
    """The target '94,5 %' sits level with neither line of its two-line indicator; only the rules
    below and above the cell say that both lines are one indicator."""
    pages = poor_scan_pages
    assert any(rule.horizontal for rule in pages[1].rules) and any(not r.horizontal for r in pages[1].rules)
    rows = read_lampiran(list(pages[1:])).performance_targets
    by_indicator = {row.indicator.value: row for row in rows}
    row = by_indicator["Persentase Penanganan Pengaduan Masyarakat yang Ditindaklanjuti Tepat Waktu"]
    assert row.target.value == "94,5 %"
    assert by_indicator["Angka Kematian Ibu (per 100.000 KH)"].target.value == "116"


def test_four_quarter_headings_are_tw_one_to_four_however_their_numerals_were_read():
    words = []
    for x, text in ((50, "No"), (140, "Sasaran"), (330, "Indikator"), (470, "Target"), (560, "TWI"),
                    (620, "Twi"), (680, "TW"), (700, "it"), (740, "TW"), (760, "IV")):
        words.append(Word(text=text, bbox=(x, 100, x + 8 * len(text), 110), confidence=0.9, source="ocr"))
    [(_first, _last, header)] = find_headers([Line(words)])
    quarters = [c.label for c in header.columns if c.kind.startswith("tw")]
    kinds = [c.kind for c in header.columns if c.kind.startswith("tw")]
    assert quarters == ["TWI", "Twi", "TW it", "TW IV"] and kinds == ["tw1", "tw2", "tw3", "tw4"]

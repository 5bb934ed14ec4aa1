"""OCR letter slips in table text are mended against the Indonesian dictionary, and nothing else is."""

from __future__ import annotations

import pytest

from extractor.rules.spelling import dictionary, mend_words, mended, mended_cell_text
from extractor.table_grid import Line
from models.document import Word


def word(text: str, confidence: float = 0.85, source: str = "ocr") -> Word:
    return Word(text=text, bbox=(0, 0, 10, 10), confidence=confidence, source=source)


def test_the_dictionary_is_installed():
    assert dictionary() is not None, "make setup installs hunspell-id"


@pytest.mark.parametrize(("read", "printed"), [
    ("dacrah", "daerah"),            # e read as c
    ("keschatan", "kesehatan"),
    ("Petemakan", "Peternakan"),     # rn read as m
    ("ingasi", "irigasi"),           # ri read as n
    ("Indoks", "Indeks"),            # e read as o
    ("produktivites", "produktivitas"),
])
def test_one_look_alike_swap_from_exactly_one_known_word_is_mended(read: str, printed: str):
    assert mended(read) == printed


@pytest.mark.parametrize("text", [
    "daerah",          # known
    "balita",          # PK vocabulary hunspell-id lacks
    "Terwujudnya",     # PK vocabulary
    "SPBE",            # an acronym
    "Nita",            # two known words one swap away (nila, nira): no guess
    "xqzt",            # nothing near
])
def test_known_ambiguous_or_hopeless_words_are_left(text: str):
    assert mended(text) is None


def test_only_unsure_ocr_words_are_touched_and_punctuation_is_kept():
    read = [word("dacrah,"), word("dacrah", confidence=0.97), word("dacrah", source="text")]
    words, count = mend_words(read)
    assert [w.text for w in words] == ["daerah,", "dacrah", "dacrah"]
    assert count == 1


def test_cell_text_says_when_it_was_mended_and_words_keep_what_was_read():
    lines = [Line([word("Meningkatnya", 0.96), word("pertumbuhan", 0.96)]),
             Line([word("ekonomi", 0.95), word("dacrah", 0.6)])]
    assert mended_cell_text(lines) == ("Meningkatnya pertumbuhan ekonomi daerah", ["spelling_mended"])
    assert lines[1].words[1].text == "dacrah"
    assert mended_cell_text(lines[:1]) == ("Meningkatnya pertumbuhan", [])

"""OCR letter slips in table text are mended against the Indonesian dictionary, and nothing else is."""

from __future__ import annotations

import pytest

from extractor.rules.spelling import dictionary, mended, mended_acronym, recognised
from extractor.tables.cell_text import mend_words, mended_cell_text
from extractor.tables.grid import Line
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


@pytest.mark.parametrize("text", [
    "fasilitasi", "Terfasilitasinya", "penjaringan", "direkomendasikan", "standarisasi",  # affixes
    "usahatani", "sumberdaya", "ketenagalistrikan",  # two stems written as one
    "monitoring", "stakeholder", "Practice",  # English terms PK texts borrow
])
def test_derived_compound_and_borrowed_words_are_no_reason_for_doubt(text: str):
    assert recognised(text)


@pytest.mark.parametrize("text", ["manyasakat", "dacrah", "ingasi", "Swag", "pkan", "sistim"])
def test_misreads_stay_unrecognised(text: str):
    assert not recognised(text)


def test_a_misread_the_loose_reading_would_accept_is_still_mended():
    assert recognised("Petemakan")  # pe-tema-kan: why mending keeps to the dictionary as written
    assert mended("Petemakan") == "Peternakan"


def test_unknown_words_after_the_first_capitalised_are_names_not_misreads():
    place = [Line([word("Pengembangan", 0.96), word("di", 0.96), word("Ciamis", 0.96)])]
    assert mended_cell_text(place) == ("Pengembangan di Ciamis", [])
    misread = [Line([word("Meningkatnya", 0.96), word("derajat", 0.96), word("manyasakat", 0.96)])]
    assert mended_cell_text(misread)[1] == ["unknown_word"]
    alone = [Line([word("Swag", 0.96)])]
    assert mended_cell_text(alone)[1] == ["unknown_word"]


@pytest.mark.parametrize(("read", "printed"), [("(Al)", "(AI)"), ("(Al),", "(AI),"), ("(APlL)", "(APIL)"),
                                               ("(AI)", None), ("(Alat)", None), ("Al", None)])
def test_a_bracketed_acronym_gets_its_capital_i_back(read: str, printed: str | None):
    assert mended_acronym(read) == printed

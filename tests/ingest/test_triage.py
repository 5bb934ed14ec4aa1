"""Triage decisions on text-layer facts, and the plausibility measure behind the noisy-layer rule."""

from __future__ import annotations

from extractor.ingest.text_layer import TextLayer
from extractor.ingest.triage import decide, is_plausible, layer_quality
from models.document import Word


def tokens(text: str) -> list[str]:
    return text.split()


def layer(texts: list[str], **facts) -> TextLayer:
    words = [Word(text=t, bbox=(10.0 * i, 10.0, 10.0 * i + 8, 20.0), confidence=1.0, source="text")
             for i, t in enumerate(texts)]
    count = sum(len(t) for t in texts)
    return TextLayer(width=595, height=842, words=words, char_count=count, **facts)


CLEAN = tokens("PERJANJIAN KINERJA TAHUN 2016 Dalam rangka mewujudkan manajemen pemerintahan yang efektif , "
         "transparan dan akuntabel serta berorientasi pada hasil Nama : Jabatan Kepala Dinas Peternakan "
         "NIP. 19591030 198503 1 008 Rp. 1.250.000.000,00 (%)")
NOISY = tokens("PERJANJIAN kine~a TAHUN 2016 Dalam rangka mewujudkan manajemen pemerintahan yang efektif , "
         "be~anji Petemakan akuntabel Urnurn PlHAK KESA l:/.).. Nama : Jabatan Kepala Dinas Petemakan "
         "rnendapat 198503 1 008 ••• .~..!/ (%)")


def test_clean_layer_is_used_and_noisy_scanner_layer_is_not():
    assert decide(1, layer(CLEAN), force_ocr=False).method == "text"
    plan = decide(1, layer(NOISY, image_coverage=1.0, invisible_chars=200), force_ocr=False)
    assert (plan.method, plan.reason.split(":")[0]) == ("ocr", "noisy scanner OCR layer over a page image "
                                                                "(invisible)")
    assert layer_quality(layer(NOISY)).plausible_share < 0.8 < layer_quality(layer(CLEAN)).plausible_share


def test_empty_and_unmapped_layers_go_to_ocr():
    assert decide(1, layer([]), force_ocr=False).reason.startswith("no text layer")
    plan = decide(1, layer(CLEAN, unmapped_chars=200), force_ocr=False)
    assert (plan.method, plan.reason.startswith("glyphs without Unicode")) == ("ocr", True)
    assert decide(1, layer(CLEAN), force_ocr=True).reason == "OCR forced"


def test_plausible_words():
    for token in ("Peternakan", "kinerja,", "19591030", "85,5%", "NIP.", "S.Sos", "IV/b", "a.", ":"):
        assert is_plausible(token), token
    for token in ("kine~a", "Petemakan", "BA6IAN", "•••", ".", "l:/.).."):
        assert not is_plausible(token), token

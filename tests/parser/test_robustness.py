"""The parser must never fail on what OCR can produce: any words anywhere give a result, not an error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.options import ExtractOptions
from extractor.parse.agreements import pages_to_agreements
from models.document import Page, PageInfo, Word

VOCABULARY = [
    "PERJANJIAN", "KINERJA", "TAHUN", "2024", "Nama", ":", "NIP", "Jabatan", "PIHAK", "KEDUA", "PERTAMA",
    "Kepala", "Dinas", "Bandung,", "Januari", "19700101", "199003", "1", "005", "Pembina", "selanjutnya",
    "disebut", "Program", "Rp.", "1.250.000.000,-", "Target", "85%", "|", "~", "NlP.",
]


@st.composite
def pages(draw: st.DrawFn) -> list[Page]:
    result = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        words = []
        for row in range(draw(st.integers(0, 40))):
            # Rows of words (sometimes two columns), like text lines, with jitter.
            top = 20.0 + row * draw(st.sampled_from([12.0, 16.0, 30.0]))
            x = draw(st.floats(0, 300))
            for _ in range(draw(st.integers(1, 7))):
                text = draw(st.sampled_from(VOCABULARY))
                jitter = draw(st.floats(-2, 2))
                words.append(Word(text=text, bbox=(x, top + jitter, x + 6 * len(text), top + jitter + 10),
                                  confidence=draw(st.floats(0, 1)), source="ocr"))
                x += 6 * len(text) + draw(st.sampled_from([4.0, 4.0, 60.0]))
        result.append(Page(info=PageInfo(number=number, source="ocr", width=595, height=842), words=words))
    return result


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_any_words_give_a_result(document: list[Page]) -> None:
    parsed = pages_to_agreements(document, ExtractOptions())
    assert parsed.agreements or [p.code for p in parsed.problems] == ["no_agreement"]
    for agreement in parsed.agreements:
        assert agreement.pages and set(agreement.pages) <= {p.number for p in document}
        assert 0.0 <= agreement.year.confidence <= 1.0


def test_a_party_whose_signing_label_is_printed_but_nothing_else_read_is_missing_not_absent():
    """OCR lost the superior's whole signature column under a stamp: the agreement still has a second
    party, every field of it flagged missing, rather than none (which no reviewer would see)."""
    from extractor.options import ExtractOptions
    from extractor.parse.agreements import pages_to_agreements
    from tests.parser.pages import page_of

    rows = [[(320, "PERJANJIAN KINERJA TAHUN 2024")], [(330, "KEPALA DINAS PETERNAKAN")],
            [(345, "KABUPATEN LAMONGAN")],
            [(74, "NO"), (110, "SASARAN STRATEGIS"), (330, "INDIKATOR KINERJA"), (600, "SATUAN"),
             (700, "TARGET")],
            [(78, "1."), (110, "Terkendalinya penyakit hewan"), (330, "Persentase kasus tertangani"),
             (600, "Persen"), (705, "99")],
            [], [(542, "Lamongan, 2 Januari 2024")], [(204, "PIHAK KEDUA,"), (560, "PIHAK PERTAMA,")],
            [(526, "KEPALA DINAS PETERNAKAN,")], [], [], [(530, "Ir. INDAH RAMADHAN, M.T.")],
            [(540, "Pembina Utama Muda (IV/c)")], [(540, "NIP. 19810322 200704 2 014")]]
    page = page_of(rows, confidence=0.9, width=842, height=595)
    (agreement,) = pages_to_agreements([page], ExtractOptions()).agreements
    assert agreement.first_party.name.value == "Ir. INDAH RAMADHAN, M.T."
    second = agreement.second_party
    assert second is not None
    assert all(f.value is None and f.needs_review and "missing" in f.reasons
               for f in (second.name, second.nip, second.position, second.rank))

"""Signature blocks that share their page with tables and page breaks: a table above the block is no
part of it, a signing label beside the date line is no part of the place, and labels left at the foot
of one page name the columns of the signers on the next."""

from __future__ import annotations

from extractor.layout import build_lines
from extractor.parse.labels import looks_like_name
from extractor.parse.signatures import dangling_labels, find_signatures, signature_anchor
from tests.parser.pages import page_of

LEFT, RIGHT = 90.0, 380.0


def lines(rows):
    return build_lines(page_of(rows))


def test_a_budget_table_above_a_lone_signer_is_not_his_name():
    """No date line, no PIHAK label: the block is found from the NIP, and begins under the table."""
    page = lines([
        [(60, "1."), (80, "Program Penunjang Urusan Pemerintahan Daerah"), (420, "Rp17.255.098.000")],
        [(60, "2."), (80, "Program Perencanaan, Pengendalian dan Evaluasi"), (420, "Rp24.174.538.000")],
        [(80, "Jumlah"), (420, "Rp41.429.636.000")],
        [(RIGHT, "PJ. GUBERNUR JAWA TIMUR,")],
        [], [],
        [(RIGHT, "MULYANI KARTIKA RAMADHAN, S.E.")],
        [(RIGHT, "Pembina Utama Madya / IV.d")],
        [(RIGHT, "NIP. 19890201 201403 2 001")],
    ])
    start, _date = signature_anchor(page)
    assert page[start].text == "PJ. GUBERNUR JAWA TIMUR,"
    (signer,) = find_signatures(page, 595.0)
    assert signer.name.text == "MULYANI KARTIKA RAMADHAN, S.E."


def test_a_phrase_is_no_name():
    assert not looks_like_name("Program Perencanaan, Pengendalian dan Evaluasi")
    assert not looks_like_name("Meningkatnya kualitas pelayanan yang prima")
    assert looks_like_name("Ir. H. JOKO SUKMANA, M.T.")


def test_the_place_is_not_the_label_beside_it():
    page = lines([
        [(LEFT, "PIHAK KEDUA,"), (RIGHT, "Bandar Lampung, 12 Desember 2022")],
        [(RIGHT, "PIHAK PERTAMA,")],
    ])
    _start, date_line = signature_anchor(page)
    assert date_line is not None and date_line.text == "Bandar Lampung, 12 Desember 2022"


def test_labels_at_the_foot_of_a_page_name_the_signers_on_the_next():
    """PIHAK PERTAMA signs on the left here, against the default; the names come after the break."""
    foot = lines([[(LEFT, "PIHAK PERTAMA,"), (RIGHT, "PIHAK KEDUA,")],
                  [(LEFT, "KEPALA BIDANG MUTASI,"), (RIGHT, "KEPALA DINAS PERPUSTAKAAN,")]])
    carried = dangling_labels(foot, find_signatures(foot, 595.0))
    assert sorted(role for _x, role in carried) == ["first", "second"]
    names = lines([[(LEFT, "BAMBANG HIDAYAT, MH"), (RIGHT, "RUDI UJANG KURNIA, M.Kes.")],
                   [(LEFT, "Penata Tingkat I (III/d)"), (RIGHT, "Pembina Utama Muda / IV.c")],
                   [(LEFT, "NIP. 19810207 200404 1 014"), (RIGHT, "NIP. 19770416 200003 1 003")]])
    signers = {party.role: party.name.text for party in find_signatures(names, 595.0, carried)}
    assert signers == {"first": "BAMBANG HIDAYAT, MH", "second": "RUDI UJANG KURNIA, M.Kes."}
    by_default = {party.role: party.name.text for party in find_signatures(names, 595.0)}
    assert by_default["first"] == "RUDI UJANG KURNIA, M.Kes."  # without labels: the right column

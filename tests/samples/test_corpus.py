"""The committed sample corpus: regenerable byte for byte, truth consistent with the files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pdfplumber
import pytest

from models.agreement import Agreement
from samples.generator.corpus import DEFAULT_SEED, generate, plan

CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
TRUTHS = sorted(CORPUS.rglob("*.truth.json"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name", ["bd01_rl_ii_l1", "bd04_fp_iv_l3", "scan07_rl_iii", "scan27_rl_ii_fax", "st02_fp_word",
             "st14_rl_report"]
)
def test_files_regenerate_byte_for_byte(tmp_path, name):
    entry = next(e for e in plan() if e.name == name)
    pdf = generate(entry, tmp_path, DEFAULT_SEED)
    committed = CORPUS / entry.folder / pdf.name
    assert sha256(pdf) == sha256(committed)
    truth = pdf.with_name(f"{name}.truth.json")
    assert sha256(truth) == sha256(committed.with_name(truth.name))


def test_corpus_size_and_groups():
    pdfs = sorted(CORPUS.rglob("*.pdf"))
    assert len(pdfs) >= 60
    assert {p.with_name(p.stem + ".truth.json") for p in pdfs} == set(TRUTHS)
    assert sum(p.stat().st_size for p in CORPUS.rglob("*")) < 40 * 1024 * 1024
    truths = [load(p) for p in TRUTHS]
    assert sum(len(t["agreements"]) for t in truths) >= 100
    groups = {t["meta"]["group"] for t in truths}
    assert groups == {"born-digital", "scanned", "bundle", "non-pk", "structure"}
    assert all(not t["agreements"] for t in truths if t["meta"]["group"] == "non-pk")
    renderers = {t["meta"]["renderer"] for t in truths}
    assert renderers == {"reportlab", "fpdf2", "libreoffice", "libreoffice-calc"}
    assert len({e.name for e in plan()}) == len(pdfs)


def check_nip(nip: str, year: int, name: str) -> None:
    assert len(nip) == 18 and nip.isdigit()
    birth = dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    assert 1 <= tmt_month <= 12 and birth.year + 18 <= tmt_year <= year
    assert nip[14] in "12" and nip[15:] != "000"


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.stem)
def test_truth_follows_the_contract(truth_path):
    truth = load(truth_path)
    with pdfplumber.open(truth_path.with_name(truth["document"]["filename"])) as pdf:
        assert truth["document"]["page_count"] == len(pdf.pages)
    for agreement in truth["agreements"]:
        Agreement.model_validate(agreement)
        assert agreement["pages"] and max(agreement["pages"]) <= truth["document"]["page_count"]
        year = agreement["year"]["value"]
        for party in ("first_party", "second_party"):
            if agreement[party] and agreement[party]["nip"]["value"]:
                check_nip(agreement[party]["nip"]["value"], year, agreement[party]["name"]["value"])
        if agreement["signing_date"]["value"]:
            assert abs(int(agreement["signing_date"]["value"][:4]) - year) <= 1
        budgets = [p["budget"]["value"] for p in agreement["programs"] if p["budget"]["value"] is not None]
        if agreement["total_budget"]["value"] is not None:
            assert 0 <= agreement["total_budget"]["value"] - sum(budgets) < len(budgets)


DIGITAL_STRUCTURE = [p for p in TRUTHS if "structure" in p.parts and not load(p)["meta"]["scanned"]]


@pytest.mark.parametrize(
    "truth_path",
    [p for p in TRUTHS if "born-digital" in p.parts][::5] + DIGITAL_STRUCTURE,
    ids=lambda p: p.stem,
)
def test_born_digital_text_holds_the_truth(truth_path):
    """Labelled strings are printed in the file: one-line values whole, wrapped cells word by word."""
    truth = load(truth_path)
    with pdfplumber.open(truth_path.with_name(truth["document"]["filename"])) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").upper().splitlines()]
    squeezed = "".join("".join(line.split()) for line in lines)
    words = {word for line in lines for word in line.split()}
    for agreement in truth["agreements"]:
        whole = [agreement["signing_place"]["value"], agreement["first_party"]["name"]["value"]]
        targets = [row["target"]["value"] for row in agreement["performance_targets"]]
        whole += [t for t in targets if len(t.split()) <= 4]  # a longer (qualitative) target may wrap
        for value in whole:
            assert "".join(value.split()).upper() in squeezed, value
        wrapped = [agreement["organization"]["value"].removeprefix("Pemerintah ")]
        wrapped += [row["objective"]["value"] for row in agreement["performance_targets"]]
        wrapped += [t for t in targets if len(t.split()) > 4]
        wrapped += [row["name"]["value"] for row in agreement["programs"]]
        for value in wrapped:
            assert set(value.upper().split()) <= words, value


STRUCTURE_FAMILIES = {
    "word-ruled",
    "tw-columns",
    "program-hierarchy",
    "esakip-landscape",
    "long-table",
    "report-embedded",
    "duplicate-copies",
}


def test_structure_group_names_one_layout_family_per_file():
    """The eval's per-source table groups generated files by their `layout:` feature: one per file here."""
    truths = [load(p) for p in TRUTHS if "structure" in p.parts]
    families = []
    for truth in truths:
        layouts = [f for f in truth["meta"]["features"] if f.startswith("layout:")]
        assert len(layouts) == 1, layouts
        families.append(layouts[0].removeprefix("layout:"))
    assert set(families) == STRUCTURE_FAMILIES
    for truth in truths:
        if truth["meta"]["kind"] == "duplicate-copies":
            assert len(truth["agreements"]) == 1 and truth["meta"]["scanned"]
            assert truth["agreements"][0]["pages"] == list(range(1, truth["document"]["page_count"] + 1))
        if truth["meta"]["kind"] == "report":
            pages = {page for agreement in truth["agreements"] for page in agreement["pages"]}
            assert pages and len(pages) < truth["document"]["page_count"]
        if "table_over_10_pages" in truth["meta"]["features"]:
            assert max(len(a["pages"]) for a in truth["agreements"]) >= 11

"""End to end on the real born-digital PKs in ../shared/real (read in place, skipped when absent):
agreements, pages and every statement-level field the parser owns must equal the truth file."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.pipeline import extract

BORN_DIGITAL = [f"s{n:02d}" for n in (*range(1, 12), *range(18, 23))]
FIELDS = ("year", "is_revision", "document_number", "government", "organization", "sub_unit",
          "signing_place", "signing_date")
PARTY_FIELDS = ("name", "nip", "position", "rank")


def comparable(value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", " ", text).strip().lower().strip(" .,;:")


def scored_leaves(agreement: dict) -> dict[str, object]:
    leaves: dict[str, object] = {}
    for name in FIELDS:
        leaf = agreement.get(name)
        if isinstance(leaf, dict) and not leaf.get("unsure"):
            leaves[name] = leaf.get("value")
    for role in ("first_party", "second_party"):
        party = agreement.get(role)
        for name in PARTY_FIELDS:
            if party is None:
                leaves[f"{role}.{name}"] = None
            elif isinstance(party.get(name), dict) and not party[name].get("unsure"):
                leaves[f"{role}.{name}"] = party[name].get("value")
    return leaves


@pytest.mark.parametrize("case", BORN_DIGITAL)
def test_statement_fields_match_truth(real_dir: Path, case: str) -> None:
    truth = json.loads((real_dir / f"{case}.truth.json").read_text(encoding="utf-8"))
    result = json.loads(extract(real_dir / f"{case}.pdf").model_dump_json())
    assert [a["pages"] for a in result["agreements"]] == [a["pages"] for a in truth["agreements"]]
    wrong = {}
    for expected, got in zip(truth["agreements"], result["agreements"], strict=True):
        want, have = scored_leaves(expected), scored_leaves(got)
        for key, value in want.items():
            if comparable(have.get(key)) != comparable(value):
                wrong[f"p{expected['pages']} {key}"] = (value, have.get(key))
    assert not wrong


@pytest.mark.parametrize("case", ["s06", "s07"])
def test_malformed_nips_are_kept_as_printed_and_flagged(real_dir: Path, case: str) -> None:
    result = extract(real_dir / f"{case}.pdf")
    party = result.agreements[2].first_party
    assert party is not None
    assert "nip_invalid" in party.nip.reasons and party.nip.needs_review


def test_every_filled_field_carries_its_evidence(real_dir: Path) -> None:
    result = extract(real_dir / "s11.pdf")
    [agreement] = result.agreements
    assert agreement.first_party is not None and agreement.second_party is not None
    for field in (agreement.year, agreement.government, agreement.organization, agreement.signing_place,
                  agreement.first_party.name, agreement.first_party.nip, agreement.first_party.rank,
                  agreement.second_party.name, agreement.second_party.position):
        assert field.value is not None
        assert field.raw and field.page in agreement.pages and field.bbox is not None
        assert field.bbox[0] < field.bbox[2] and field.bbox[1] < field.bbox[3]
    assert agreement.signing_date.value is None and agreement.signing_date.reasons == ["date_blank"]
    # NIP and rank are only in the signature blocks (pages 1 and 3), which agree.
    assert agreement.first_party.nip.page in (1, 3) and agreement.first_party.nip.confidence > 0.95


def test_statement_parsing_stays_under_50_ms_per_page(real_dir: Path) -> None:
    import time

    from extractor.ingest.reader import read_pages
    from extractor.ingest.source import open_source
    from extractor.layout import build_lines
    from extractor.options import ExtractOptions
    from extractor.parse.assemble import assemble
    from extractor.parse.segment import PageContext, page_facts, segment

    options = ExtractOptions()
    pages = [page for case in ("s05", "s19", "s20") for page in
             read_pages(open_source(real_dir / f"{case}.pdf", options), options).pages]
    started = time.perf_counter()
    contexts = {}
    for index, page in enumerate(pages):
        lines = build_lines(page)
        contexts[index] = PageContext(page=page, lines=lines, facts=page_facts(index, lines, page.info.width))
    for span in segment([c.facts for c in contexts.values()]):
        assemble(span, contexts)
    per_page = (time.perf_counter() - started) / len(pages)
    assert per_page < 0.05, f"{per_page * 1000:.0f} ms per page"

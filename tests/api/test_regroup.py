"""A bundle whose agreement swallowed another PK's pages, fixed by a person, on SQLite and PostgreSQL:
the pages are split into two agreements (the real extractor parses each group of a generated two-PK
PDF), the corrected agreement keeps its id and corrections, saves wait while the regrouped extraction is
pending, a grouping that would drop corrected work is refused, and two agreements merge back."""

from __future__ import annotations

import pypdfium2

from api.regroup import InvalidGroups, check_groups, match
from api.storage import documents
from api.worker import process_document
from tests.api.conftest import Api, store_run
from tests.api.pdfs import pk_pdf
from tests.api.sample_records import sample_agreement, sample_result


def bundle_pdf(tag: str) -> bytes:
    """Two generated PKs (statement and lampiran each) in one file of four pages."""
    merged = pypdfium2.PdfDocument.new()
    for part in ("a", "b"):
        source = pypdfium2.PdfDocument(pk_pdf(f"{tag}-{part}", pages=2))
        merged.import_pages(source)
    import io

    buffer = io.BytesIO()
    merged.save(buffer)
    return buffer.getvalue()


def run_worker(api: Api, document_id: int) -> None:
    services = api.client.app.state.services
    claimed, token = documents.claim_next(services.sessions)
    assert claimed == document_id
    assert process_document(services, document_id, token)


def group(api: Api, document_id: int, groups: list[list[int]] | None):  # type: ignore[no-untyped-def]
    return api.client.put(f"/documents/{document_id}/grouping", json={"agreements": groups},
                          headers=api.headers("reviewer"))


def test_groups_are_checked_and_agreements_follow_their_pages() -> None:
    assert check_groups([[4, 3], [1, 2, 2]], 4) == [[1, 2], [3, 4]]
    for bad in ([[1, 2], [2, 3]], [[0]], [[5]], [[]]):
        try:
            check_groups(bad, 4)
        except InvalidGroups:
            continue
        raise AssertionError(f"{bad} accepted")
    assert match({10: [1, 2, 3, 4]}, [[1, 2], [3, 4]]) == {0: 10}
    assert match({10: [1, 2], 11: [3, 4]}, [[1, 2, 3, 4]]) == {0: 10}
    assert match({10: [1, 2, 3], 11: [4]}, [[1, 2], [3, 4]]) == {0: 10, 1: 11}


def test_a_swallowed_pk_is_split_off_and_merged_back(idle_api: Api) -> None:
    api = idle_api
    swallowed = sample_agreement(organization="Dinas Kesehatan")
    swallowed.pages = [1, 2, 3, 4]
    result = sample_result("bundle.pdf", "0" * 64, [swallowed])
    result.document.page_count = 4
    document_id = store_run(api.client.app.state.services, bundle_pdf("regroup"), "bundle.pdf", result)
    first = api.get(f"/documents/{document_id}").json()["agreement_ids"][0]
    corrected = api.client.patch(f"/agreements/{first}",
                                 json={"changes": [{"path": "sub_unit", "value": "Bidang Pelayanan"}]},
                                 headers=api.headers("reviewer", **{"If-Match": '"1"'}))
    assert corrected.status_code == 200

    assert group(api, document_id, [[1, 2], [2, 3]]).status_code == 422
    split = group(api, document_id, [[3, 4], [1, 2]])
    assert split.status_code == 202 and split.json()["page_groups"] == [[1, 2], [3, 4]]
    assert split.json()["status"] == "queued"
    waiting = api.client.patch(f"/agreements/{first}", json={"confirmations": ["year"]},
                               headers=api.headers("reviewer", **{"If-Match": '"2"'}))
    assert waiting.status_code == 409 and waiting.json()["error"]["code"] == "regrouping"
    run_worker(api, document_id)

    ids = api.get(f"/documents/{document_id}").json()["agreement_ids"]
    assert len(ids) == 2 and ids[0] == first
    records = [api.get(f"/agreements/{i}").json()["agreement"] for i in ids]
    assert [r["pages"] for r in records] == [[1, 2], [3, 4]]
    assert records[0]["sub_unit"]["value"] == "Bidang Pelayanan"  # the person's value stays with its PK
    assert records[1]["sub_unit"]["status"] == "extracted"
    assert all(r["performance_targets"] for r in records)

    refused = group(api, document_id, [[3, 4]])
    assert refused.status_code == 409 and refused.json()["error"]["details"] == {"agreement_ids": [first]}
    merged = group(api, document_id, [[1, 2, 3, 4]])
    assert merged.status_code == 202
    run_worker(api, document_id)
    assert api.get(f"/documents/{document_id}").json()["agreement_ids"] == [first]
    assert api.get(f"/agreements/{first}").json()["agreement"]["sub_unit"]["value"] == "Bidang Pelayanan"

"""The service over HTTP against SQLite and PostgreSQL: upload -> background extraction -> list -> get
-> correct -> history -> review queue -> exports, plus the refusals (401/403/409/413/422/428)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from api.config import Settings
from api.services import open_services
from tests.api.conftest import Api, store_run
from tests.api.pdfs import pk_pdf
from tests.api.sample_records import sample_agreement, sample_result


def assert_error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def seed(settings: Settings, tag: str, **agreement_kwargs: str) -> int:
    """A document whose stored run holds the hand-made agreement; returns the agreement id."""
    services = open_services(settings)
    try:
        data = pk_pdf(tag)
        result = sample_result(f"{tag}.pdf", "0" * 64, [sample_agreement(**agreement_kwargs)])
        document_id = store_run(services, data, f"{tag}.pdf", result)
    finally:
        services.close()
    return document_id


def test_upload_runs_in_the_background_and_duplicates_are_recognised(api: Api) -> None:
    first, second = pk_pdf("upload-1", pages=3), pk_pdf("upload-2", pages=2)
    response = api.upload(("one.pdf", first), ("../../etc/two.pdf", second))
    assert response.status_code == 202, response.text
    uploaded = response.json()["documents"]
    assert [d["filename"] for d in uploaded] == ["one.pdf", "two.pdf"]
    assert [d["duplicate"] for d in uploaded] == [False, False]
    assert all(d["status"] in ("queued", "processing", "done") for d in uploaded)
    docs = api.wait_done([d["id"] for d in uploaded])
    assert [(d["status"], d["page_count"], d["pages_done"]) for d in docs] == [("done", 3, 3), ("done", 2, 2)]
    again = api.upload(("copy.pdf", first)).json()["documents"]
    assert again == [{**uploaded[0], "status": "done", "duplicate": True}]
    listing = api.get("/documents", params={"status": "done"}).json()
    assert listing["total"] == 2 and [d["id"] for d in listing["items"]] == [d["id"] for d in uploaded]
    assert api.get("/documents", params={"status": "queued"}).json()["total"] == 0
    store = api.client.app.state.services.store
    assert store.path_for(uploaded[1]["sha256"]).read_bytes() == second
    assert not list(store.root.rglob("two.pdf"))
    for doc in docs:
        for agreement_id in doc["agreement_ids"]:
            assert api.get(f"/agreements/{agreement_id}").json()["document_id"] == doc["id"]


def test_page_image_is_a_png_of_the_page(api: Api) -> None:
    document_id = api.upload(("p.pdf", pk_pdf("image", pages=2))).json()["documents"][0]["id"]
    response = api.get(f"/documents/{document_id}/pages/2/image", params={"dpi": 72})
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    from PIL import Image

    image = Image.open(io.BytesIO(response.content))
    assert abs(image.width - 595) <= 1 and abs(image.height - 842) <= 1
    larger = api.get(f"/documents/{document_id}/pages/1/image", params={"dpi": 144})
    assert Image.open(io.BytesIO(larger.content)).height in (1683, 1684)
    assert_error(api.get(f"/documents/{document_id}/pages/3/image"), 404, "not_found")
    assert_error(api.get("/documents/999/pages/1/image"), 404, "not_found")


def test_correct_history_review_and_export(api: Api, settings: Settings) -> None:
    agreement_doc = seed(settings, "records-1")
    seed(settings, "records-2", organization="Badan Perencanaan", nip="198002022005011002",
         first_name="ANDI WIJAYA, S.E.")
    listing = api.get("/agreements", params={"organization": "kesehatan"}).json()
    assert listing["total"] == 1
    summary = listing["items"][0]
    assert summary["document_id"] == agreement_doc and summary["year"] == 2024
    assert summary["needs_review_count"] == 5 and summary["version"] == 1 and summary["pages"] == [1, 2]
    agreement_id = summary["id"]
    assert api.get("/agreements", params={"person": "andi"}).json()["total"] == 1
    assert api.get("/agreements", params={"year": 2023}).json()["total"] == 0
    assert api.get("/agreements", params={"needs_review": True}).json()["total"] == 2

    got = api.get(f"/agreements/{agreement_id}")
    assert got.headers["etag"] == '"1"'
    nip = got.json()["agreement"]["first_party"]["nip"]
    assert (nip["value"], nip["status"], nip["needs_review"]) == ("19700101200003200", "extracted", True)

    patch = {"changes": [{"path": "first_party.nip", "value": "197001012000032001"},
                         {"path": "programs.1.budget", "value": 325_000_000}],
             "confirmations": ["first_party.rank"]}
    corrected = api.client.patch(f"/agreements/{agreement_id}", json=patch,
                                 headers=api.headers("reviewer", **{"If-Match": '"1"'}))
    assert corrected.status_code == 200, corrected.text
    assert corrected.headers["etag"] == '"2"' and corrected.json()["version"] == 2
    record = corrected.json()["agreement"]
    assert record["first_party"]["nip"] | {"changed_at": None} == {
        **record["first_party"]["nip"], "value": "197001012000032001", "status": "corrected",
        "changed_by": "reviewer-user", "needs_review": False, "changed_at": None}
    assert record["first_party"]["rank"]["status"] == "confirmed"
    by_nip = api.get("/agreements", params={"nip": "197001012000032001"}).json()
    assert [item["id"] for item in by_nip["items"]] == [agreement_id]
    assert api.get("/agreements", params={"status": "corrected"}).json()["total"] == 1

    stale = api.client.patch(f"/agreements/{agreement_id}",
                             json={"changes": [{"path": "first_party.nip", "value": "197001012000032002"}]},
                             headers=api.headers("reviewer", **{"If-Match": '"1"'}))
    details = assert_error(stale, 409, "conflict")["details"]
    assert details["current_version"] == 2
    named = [(c["path"], c["action"], c["reviewer"], c["value"], c["version"]) for c in details["conflicts"]]
    assert named == [("first_party.nip", "corrected", "reviewer-user", "197001012000032001", 2)]
    missing = api.client.patch(f"/agreements/{agreement_id}", json={"confirmations": ["year"]},
                               headers=api.headers("reviewer"))
    assert_error(missing, 428, "precondition_required")
    invalid = api.client.patch(f"/agreements/{agreement_id}",
                               json={"changes": [{"path": "second_party.nip", "value": "12345"},
                                                 {"path": "programs.0.budget", "value": "satu juta"},
                                                 {"path": "organization", "value": "Dinas X"}]},
                               headers=api.headers("reviewer", **{"If-Match": '"2"'}))
    details = assert_error(invalid, 422, "invalid_value")["details"]
    assert [d["path"] for d in details] == ["second_party.nip", "programs.0.budget"]
    assert [d["rule"] for d in details] == ["nip_format", "expected_money"]
    assert "18 digits" in details[0]["reason"]
    empty = api.client.patch(f"/agreements/{agreement_id}", json={"changes": [], "confirmations": []},
                             headers=api.headers("reviewer", **{"If-Match": '"2"'}))
    assert empty.status_code == 200 and empty.headers["etag"] == '"2"' and empty.json()["version"] == 2

    history = api.get(f"/agreements/{agreement_id}/history").json()["items"]
    assert [(h["path"], h["action"], h["old_value"], h["new_value"], h["reviewer"], h["version"])
            for h in history] == [
        ("first_party.nip", "corrected", "19700101200003200", "197001012000032001", "reviewer-user", 2),
        ("programs.1.budget", "corrected", 300_000_000, 325_000_000, "reviewer-user", 2),
        ("first_party.rank", "confirmed", "Pembina Utama Muda (IV/c)", "Pembina Utama Muda (IV/c)",
         "reviewer-user", 2)]
    unchanged = api.get(f"/agreements/{agreement_id}").json()
    assert unchanged["version"] == 2 and unchanged["agreement"]["organization"]["value"] == "Dinas Kesehatan"

    queue = api.get("/review-queue", params={"organization": "kesehatan"}).json()
    confidences = [item["confidence"] for item in queue["items"]]
    assert queue["total"] == 2 and confidences == sorted(confidences)
    assert {item["path"] for item in queue["items"]} == {"performance_targets.1.target",
                                                        "performance_targets.1.target_value"}
    first = queue["items"][0]
    assert first["page"] == 2 and first["bbox"] == [72.0, 100.0, 300.0, 112.0] and not first["audit"]
    audited = api.get("/review-queue", params={"audit_sample": 4, "seed": 7, "limit": 5}).json()
    assert audited["total"] == 4 + 2 + 5
    assert [item["audit"] for item in audited["items"]] == [True] * 4 + [False]
    assert all(item["confidence"] >= 0.9 for item in audited["items"][:4])
    again = api.get("/review-queue", params={"audit_sample": 4, "seed": 7, "limit": 2, "offset": 2}).json()
    assert again["items"] == audited["items"][2:4]

    targets = list(csv.DictReader(io.StringIO(api.get("/exports/agreements.csv",
                                                      params={"organization": "kesehatan"}).text)))
    assert [(t["agreement_id"], t["indicator"], t["target"], t["first_party_nip"]) for t in targets] == [
        (str(agreement_id), "Angka kematian ibu", "85,5 %", "197001012000032001"),
        (str(agreement_id), "Cakupan imunisasi dasar", "95 %", "197001012000032001")]
    programs = list(csv.DictReader(io.StringIO(api.get("/exports/agreements.csv",
                                                       params={"table": "programs"}).text)))
    assert len(programs) == 4
    budgets_csv = [p["budget"] for p in programs if p["agreement_id"] == str(agreement_id)]
    assert budgets_csv == ["1250000000", "325000000"]
    workbook = load_workbook(io.BytesIO(api.get("/exports/agreements.xlsx", params={"year": 2024}).content))
    assert workbook.sheetnames == ["targets", "programs"]
    sheet_rows = list(workbook["programs"].iter_rows(values_only=True))
    header = sheet_rows[0]
    budgets = {(r[header.index("agreement_id")], r[header.index("program")]): r[header.index("budget")]
               for r in sheet_rows[1:]}
    assert budgets[(agreement_id, "Program Penunjang Urusan")] == 325_000_000
    assert len(list(workbook["targets"].iter_rows())) == 1 + 4
    exported = api.get("/exports/agreements.json", params={"person": "siti"}).json()["agreements"]
    assert [e["id"] for e in exported] == [agreement_id]
    assert exported[0]["agreement"]["programs"][1]["budget"]["status"] == "corrected"


def test_roles_and_tokens(api: Api) -> None:
    assert_error(api.client.get("/documents"), 401, "unauthorized")
    assert_error(api.client.get("/documents", headers={"Authorization": "Bearer nope"}), 401, "unauthorized")
    assert api.get("/documents", role="viewer").status_code == 200
    assert_error(api.upload(("x.pdf", pk_pdf("roles")), role="reviewer"), 403, "forbidden")
    viewer_patch = api.client.patch("/agreements/1", json={},
                                    headers=api.headers("viewer", **{"If-Match": '"1"'}))
    assert_error(viewer_patch, 403, "forbidden")
    assert_error(api.client.delete("/documents/1", headers=api.headers("reviewer")), 403, "forbidden")
    assert_error(api.client.get("/tokens", headers=api.headers("reviewer")), 403, "forbidden")
    created = api.client.post("/tokens", json={"role": "viewer", "name": "auditor"}, headers=api.headers())
    assert created.status_code == 201
    token = created.json()["token"]
    assert api.client.get("/agreements", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert api.client.delete(f"/tokens/{created.json()['id']}", headers=api.headers()).status_code == 204
    assert_error(api.client.get("/agreements", headers={"Authorization": f"Bearer {token}"}), 401,
                 "unauthorized")
    assert api.client.get("/healthz").json()["database"] == "ok"
    assert_error(api.get("/nowhere"), 404, "not_found")
    assert_error(api.client.put("/documents", headers=api.headers()), 405, "method_not_allowed")
    assert api.client.get("/docs").status_code == 200
    assert "/agreements/{agreement_id}" in api.client.get("/openapi.json").json()["paths"]


def test_limits_and_deletion(settings: Settings) -> None:
    from tests.api.conftest import make_tokens, running

    limits = {"max_upload_bytes": 6000, "max_pages": 3, "max_request_bytes": 60_000}
    small = settings.model_copy(update=limits)
    with running(small, make_tokens(small)) as api:
        big = pk_pdf("big", pages=1) + b"\n%" + b"x" * 6000
        details = assert_error(api.upload(("big.pdf", big)), 413, "payload_too_large")["details"]
        assert details["limit"] == 6000
        many = [(f"{n}.pdf", pk_pdf(f"many-{n}", pages=1)) for n in range(40)]
        assert assert_error(api.upload(*many), 413, "payload_too_large")["details"] == {"limit": 60_000}
        assert_error(api.upload(("long.pdf", pk_pdf("long", pages=4))), 413, "too_many_pages")
        store = api.client.app.state.services.store
        assert [p for p in store.root.rglob("*") if p.is_file()] == []
        uploaded = api.upload(("ok.pdf", pk_pdf("ok", pages=1))).json()["documents"][0]
        api.wait_done([uploaded["id"]])
        assert api.client.delete(f"/documents/{uploaded['id']}", headers=api.headers()).status_code == 204
        assert_error(api.get(f"/documents/{uploaded['id']}"), 404, "not_found")
        assert not store.path_for(uploaded["sha256"]).exists()
        assert_error(api.get("/documents/abc"), 422, "validation_error")


@pytest.mark.parametrize("body", [{"changes": [{"path": "first_party.nip"}]}, {"changes": "x"}])
def test_malformed_patch_bodies_get_the_error_envelope(api: Api, settings: Settings, body: dict) -> None:
    agreement_id = api.get(f"/documents/{seed(settings, 'malformed')}").json()["agreement_ids"][0]
    response = api.client.patch(f"/agreements/{agreement_id}", json=body,
                                headers=api.headers("reviewer", **{"If-Match": '"1"'}))
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert_error(response, 422, "validation_error")
    else:
        assert response.json()["agreement"]["first_party"]["nip"]["value"] is None


def test_two_reviewers_saving_at_once_cannot_overwrite_each_other(settings: Settings) -> None:
    """Both send version 1 at the same moment: one write wins, the other gets a conflict."""
    import threading

    from api.storage import agreements
    from api.storage.corrections import Edit, VersionConflict, correct
    from api.storage.tables import AgreementRow

    seed(settings, "race")
    services = open_services(settings)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(reviewer: str, value: str) -> None:
        barrier.wait()
        try:
            with services.sessions.begin() as session:
                correct(session, 1, 1, Edit(changes=[("organization", value)]), reviewer)
            outcomes[reviewer] = "saved"
        except VersionConflict:
            outcomes[reviewer] = "conflict"

    try:
        threads = [threading.Thread(target=save, args=(name, f"Dinas {name}")) for name in ("ana", "budi")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes.values()) == ["conflict", "saved"]
        winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
        with services.sessions.begin() as session:
            row = session.get(AgreementRow, 1)
            assert row.version == 2 and row.organization == f"Dinas {winner}"
            assert [c.reviewer for c in agreements.history(session, 1)] == [winner]
    finally:
        services.close()


def test_full_flow_on_a_real_extraction(api: Api) -> None:
    """Upload -> background extraction -> list -> get -> correct -> history -> CSV and XLSX, with the
    record the extractor itself produced from a generated PK."""
    document_id = api.upload(("flow.pdf", pk_pdf("flow", pages=2))).json()["documents"][0]["id"]
    document = api.wait_done([document_id])[0]
    assert document["status"] == "done" and document["agreement_ids"], document
    agreement_id = document["agreement_ids"][0]
    listed = api.get("/agreements").json()
    assert agreement_id in [item["id"] for item in listed["items"]]
    got = api.get(f"/agreements/{agreement_id}")
    version = got.json()["version"]
    nip = "199001012015031001"
    patched = api.client.patch(f"/agreements/{agreement_id}",
                               json={"changes": [{"path": "first_party.nip", "value": nip}]},
                               headers=api.headers("reviewer", **{"If-Match": got.headers["etag"]}))
    assert patched.status_code == 200, patched.text
    assert patched.json()["version"] == version + 1
    assert patched.json()["agreement"]["first_party"]["nip"]["status"] == "corrected"
    history = api.get(f"/agreements/{agreement_id}/history").json()["items"]
    assert [(h["path"], h["new_value"]) for h in history] == [("first_party.nip", nip)]
    rows = list(csv.DictReader(io.StringIO(api.get("/exports/agreements.csv").text)))
    assert {r["first_party_nip"] for r in rows if r["agreement_id"] == str(agreement_id)} == {nip}
    sheet = load_workbook(io.BytesIO(api.get("/exports/agreements.xlsx").content))["targets"]
    values = list(sheet.iter_rows(values_only=True))
    column = values[0].index("first_party_nip")
    assert nip in {row[column] for row in values[1:]}


def test_exports_never_turn_text_into_spreadsheet_formulas(api: Api, settings: Settings) -> None:
    seed(settings, "formula")
    patched = api.client.patch("/agreements/1", json={"changes": [{"path": "organization", "value": "=1+1"}]},
                               headers=api.headers("reviewer", **{"If-Match": '"1"'}))
    assert patched.status_code == 200
    rows = list(csv.DictReader(io.StringIO(api.get("/exports/agreements.csv").text)))
    assert {r["organization"] for r in rows} == {"'=1+1"}
    sheet = load_workbook(io.BytesIO(api.get("/exports/agreements.xlsx").content))["targets"]
    header = [cell.value for cell in sheet[1]]
    cells = [row[header.index("organization")] for row in sheet.iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in cells] == [("=1+1", "s")] * 2
    exported = api.get("/exports/agreements.json").json()["agreements"][0]["agreement"]
    assert exported["organization"]["value"] == "=1+1"

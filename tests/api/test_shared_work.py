"""Several people on one agreement, on SQLite and PostgreSQL: saves based on one version merge unless
they touch the same field, row or added row (the conflict names who changed what); saving what is
already saved stores nothing; rows are removed and restored; a batch confirm is one save that can be
taken back and brought back."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.api.conftest import Api, store_run
from tests.api.pdfs import pk_pdf
from tests.api.sample_records import sample_result


def seed(api: Api, tag: str) -> int:
    document_id = store_run(api.client.app.state.services, pk_pdf(tag), f"{tag}.pdf",
                            sample_result(f"{tag}.pdf", "0" * 64))
    return api.get(f"/documents/{document_id}").json()["agreement_ids"][0]


def patch(api: Api, agreement_id: int, version: int, role: str = "reviewer", **body: Any):  # type: ignore[no-untyped-def]
    return api.client.patch(f"/agreements/{agreement_id}", json=body,
                            headers=api.headers(role, **{"If-Match": f'"{version}"'}))


def test_saves_on_one_version_merge_unless_they_touch_the_same_field(idle_api: Api) -> None:
    api, agreement_id = idle_api, seed(idle_api, "merge")
    ana = patch(api, agreement_id, 1, changes=[{"path": "first_party.nip", "value": "197001012000032001"}])
    assert ana.status_code == 200 and ana.json()["version"] == 2
    budi = patch(api, agreement_id, 1, "admin", confirmations=["first_party.rank"],
                 changes=[{"path": "programs.1.budget", "value": 325_000_000}])
    assert budi.status_code == 200, budi.text
    record = budi.json()["agreement"]
    assert budi.json()["version"] == 3
    assert record["first_party"]["nip"]["value"] == "197001012000032001"
    assert record["first_party"]["rank"]["status"] == "confirmed"

    same = patch(api, agreement_id, 1, "admin", changes=[{"path": "first_party.nip", "value": "1" * 18}])
    error = same.json()["error"]
    assert same.status_code == 409 and error["details"]["current_version"] == 3
    assert [(c["path"], c["action"], c["reviewer"], c["value"]) for c in error["details"]["conflicts"]] == [
        ("first_party.nip", "corrected", "reviewer-user", "197001012000032001")]
    assert "first_party.nip (corrected by reviewer-user)" in error["message"]
    confirm_over_change = patch(api, agreement_id, 1, "admin", confirmations=["first_party.nip"])
    assert confirm_over_change.status_code == 409
    both_confirm = patch(api, agreement_id, 2, "admin", confirmations=["first_party.rank"])
    assert both_confirm.status_code == 200 and both_confirm.json()["version"] == 3  # already so: no entry

    # Two people adding "row 2" add the same row: the second one is told, not merged into the first.
    added = patch(api, agreement_id, 3, changes=[{"path": "programs.2.name", "value": "Program A"}])
    assert added.status_code == 200
    clash = patch(api, agreement_id, 3, "admin", changes=[{"path": "programs.2.budget", "value": 5}])
    assert clash.status_code == 409
    assert clash.json()["error"]["details"]["conflicts"][0]["changed_path"] == "programs.2.name"
    history = api.get(f"/agreements/{agreement_id}/history").json()["items"]
    assert [h["version"] for h in history] == [2, 3, 3, 4]


def test_enter_twice_stores_one_confirmation(idle_api: Api) -> None:
    api, agreement_id = idle_api, seed(idle_api, "twice")
    first = patch(api, agreement_id, 1, confirmations=["first_party.rank"])
    second = patch(api, agreement_id, 2, confirmations=["first_party.rank"])
    assert (first.json()["version"], second.json()["version"]) == (2, 2)
    assert second.json()["batch"] is None and first.json()["batch"]
    retyped = patch(api, agreement_id, 2, changes=[{"path": "first_party.rank",
                                                    "value": "Pembina Utama Muda (IV/c)"}])
    assert retyped.json()["version"] == 2
    assert len(api.get(f"/agreements/{agreement_id}/history").json()["items"]) == 1


def test_rows_are_removed_and_restored_and_left_out_of_reviews_and_exports(idle_api: Api) -> None:
    api, agreement_id = idle_api, seed(idle_api, "rows")
    before = api.get("/agreements").json()["items"][0]["needs_review_count"]
    removed = patch(api, agreement_id, 1, removals=["performance_targets.1"])
    assert removed.status_code == 200, removed.text
    row = removed.json()["agreement"]["performance_targets"][1]
    assert (row["removed"], row["removed_by"]) == (True, "reviewer-user")
    assert api.get("/agreements").json()["items"][0]["needs_review_count"] == before - 2
    queue = api.get("/review-queue").json()["items"]
    assert all(not item["path"].startswith("performance_targets.1.") for item in queue)
    targets = list(csv.DictReader(io.StringIO(api.get("/exports/agreements.csv").text)))
    assert [t["indicator"] for t in targets] == ["Angka kematian ibu"]
    exported = api.get("/exports/agreements.json").json()["agreements"][0]["agreement"]
    assert len(exported["performance_targets"]) == 1
    edit = patch(api, agreement_id, 2, changes=[{"path": "performance_targets.1.target", "value": "9"}])
    assert edit.status_code == 422 and "restore it first" in edit.json()["error"]["details"][0]["reason"]
    bad = patch(api, agreement_id, 2, removals=["first_party", "programs.7"])
    assert [d["path"] for d in bad.json()["error"]["details"]] == ["first_party", "programs.7"]
    restored = patch(api, agreement_id, 2, restorations=["performance_targets.1"])
    assert "removed" not in restored.json()["agreement"]["performance_targets"][1]
    assert api.get("/agreements").json()["items"][0]["needs_review_count"] == before
    actions = [(h["path"], h["action"], h["old_value"], h["new_value"])
               for h in api.get(f"/agreements/{agreement_id}/history").json()["items"]]
    assert actions == [("performance_targets.1", "removed", "Cakupan imunisasi dasar", None),
                       ("performance_targets.1", "restored", None, "Cakupan imunisasi dasar")]


def test_a_batch_confirm_is_one_save_that_can_be_undone_and_redone(idle_api: Api) -> None:
    api, agreement_id = idle_api, seed(idle_api, "batch")
    record = api.get(f"/agreements/{agreement_id}").json()["agreement"]
    flagged = [f"performance_targets.1.{column}" for column in ("target", "target_value")
               if record["performance_targets"][1][column]["needs_review"]]
    batch = patch(api, agreement_id, 1, confirmations=flagged)
    batch_id = batch.json()["batch"]
    history = api.get(f"/agreements/{agreement_id}/history").json()["items"]
    assert [(h["path"], h["action"], h["batch"]) for h in history] == [
        (path, "confirmed", batch_id) for path in flagged]
    assert all(not batch.json()["agreement"]["performance_targets"][1][c]["needs_review"]
               for c in ("target", "target_value"))
    target = batch.json()["agreement"]["performance_targets"][1]["target"]
    assert target["flagged_for"] == ["low_ocr_confidence"]

    undone = patch(api, agreement_id, 2, undo=[batch_id])
    assert undone.status_code == 200, undone.text
    target = undone.json()["agreement"]["performance_targets"][1]["target"]
    assert (target["status"], target["needs_review"], target["reasons"]) == ("extracted", True,
                                                                             ["low_ocr_confidence"])
    redo = patch(api, agreement_id, 3, undo=[undone.json()["batch"]])
    assert redo.json()["agreement"]["performance_targets"][1]["target"]["status"] == "confirmed"
    unknown = patch(api, agreement_id, 4, undo=["abcdef"])
    assert unknown.status_code == 422
    actions = [h["action"] for h in api.get(f"/agreements/{agreement_id}/history").json()["items"]]
    assert actions == ["confirmed"] * len(flagged) + ["undone"] * len(flagged) * 2

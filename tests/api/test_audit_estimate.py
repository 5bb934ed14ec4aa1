"""The audit sample as people work through it, on records the extractor itself produced (two generated
PKs extracted by the service's worker), on SQLite and PostgreSQL: the same seed keeps naming the same
fields, a judged field leaves the queue, and /audit-estimate turns confirmations (right) and
corrections (wrong) into the error rate among unflagged fields with extractor.scoring.audit's interval."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select

from api.storage.tables import RunRow
from extractor.scoring.audit import RIGHT, WRONG, estimate, unflagged_fields, wilson_interval
from models.result import ExtractionResult
from tests.api.conftest import Api
from tests.api.pdfs import pk_pdf

SIZE, SEED = 8, 11


def judge(api: Api, item: dict[str, Any], wrong: bool) -> None:
    """Confirm the field, or correct it to another text (a person found it wrong)."""
    agreement = api.get(f"/agreements/{item['agreement_id']}")
    body: dict[str, Any] = ({"changes": [{"path": item["path"], "value": f"{item['value']} (diperbaiki)"}]}
                            if wrong else {"confirmations": [item["path"]]})
    saved = api.client.patch(f"/agreements/{item['agreement_id']}", json=body,
                             headers=api.headers("reviewer", **{"If-Match": agreement.headers["etag"]}))
    assert saved.status_code == 200, saved.text


def test_audit_decisions_give_the_error_rate_of_unflagged_fields(api: Api) -> None:
    uploaded = api.upload(("audit-1.pdf", pk_pdf("audit-1")), ("audit-2.pdf", pk_pdf("audit-2", pages=3)))
    ids = [d["id"] for d in uploaded.json()["documents"]]
    assert all(d["status"] == "done" for d in api.wait_done(ids))
    with api.client.app.state.services.reads.begin() as session:
        results = [(str(i), ExtractionResult.model_validate(r))
                   for i, r in enumerate(session.scalars(select(RunRow.result)))]
    population = len(list(unflagged_fields(results)))
    assert population > SIZE

    params = {"audit_sample": SIZE, "seed": SEED, "limit": SIZE}
    sample = [item for item in api.get("/review-queue", params=params).json()["items"] if item["audit"]]
    assert len(sample) == SIZE and all(item["status"] == "extracted" for item in sample)
    texts = [item for item in sample if isinstance(item["value"], str) and item["value"]
             and not item["path"].endswith(("nip", "date"))]
    wrong_paths = {(texts[0]["agreement_id"], texts[0]["path"])}
    judged = sample[:-1]  # the last one nobody got to yet
    for item in judged:
        judge(api, item, wrong=(item["agreement_id"], item["path"]) in wrong_paths)

    left = [item for item in api.get("/review-queue", params=params).json()["items"] if item["audit"]]
    last = sample[-1]
    assert [(i["agreement_id"], i["path"]) for i in left] == [(last["agreement_id"], last["path"])]

    found = api.get("/audit-estimate", params={"audit_sample": SIZE, "seed": SEED}).json()
    verdicts = [WRONG if (i["agreement_id"], i["path"]) in wrong_paths else RIGHT for i in judged] + [""]
    expected = estimate(population, verdicts)
    assert (found["population"], found["sample"], found["judged"], found["right"], found["wrong"],
            found["unjudged"]) == (population, SIZE, SIZE - 1, SIZE - 2, 1, 1)
    low, high = wilson_interval(1, SIZE - 1)
    assert math.isclose(found["error_rate_low"], low) and math.isclose(found["error_rate_high"], high)
    assert found["error_rate"] == expected.error_rate == 1 / (SIZE - 1)
    assert (found["wrong_fields_low"], found["wrong_fields_high"]) == (expected.wrong_fields_low,
                                                                       expected.wrong_fields_high)
    assert found["wrong_fields"] == round(population / (SIZE - 1))
    other_seed = api.get("/audit-estimate", params={"audit_sample": SIZE, "seed": SEED + 1}).json()
    assert other_seed["population"] == population and other_seed["judged"] < SIZE - 1

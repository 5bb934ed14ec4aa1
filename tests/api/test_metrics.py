"""/metrics in Prometheus text format, read from the database: jobs by state, pages, the extraction-time
histogram and the review backlog agree with what the API itself says."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.api.conftest import Api
from tests.api.pdfs import pk_pdf


def _samples(api: Api) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = api.client.get("/metrics")  # no token: counts only
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def test_metrics_count_jobs_pages_seconds_and_review_backlog(api: Api) -> None:
    before = _samples(api)
    assert before[("pk_jobs", (("state", "done"),))] == 0
    ids = [d["id"] for d in api.upload(("a.pdf", pk_pdf("metrics-a", pages=3)),
                                       ("b.pdf", pk_pdf("metrics-b", pages=5))).json()["documents"]]
    api.wait_done(ids)
    after = _samples(api)
    assert after[("pk_jobs", (("state", "done"),))] == 2
    assert after[("pk_jobs", (("state", "queued"),))] == after[("pk_jobs", (("state", "failed"),))] == 0
    assert after[("pk_pages_extracted_total", ())] == 8
    assert after[("pk_pages_per_second", ())] == 8 / 60  # both finished within the last minute
    assert after[("pk_extraction_seconds_count", ())] == 2
    assert after[("pk_extraction_seconds_bucket", (("le", "+Inf"),))] == 2
    assert 0 < after[("pk_extraction_seconds_sum", ())] < 60
    progress = api.get("/review-progress").json()["total"]
    assert after[("pk_review_backlog", (("kind", "fields"),))] == progress["fields_open"]
    assert after[("pk_review_backlog", (("kind", "tables"),))] == progress["tables_open"]
    assert after[("pk_review_backlog", (("kind", "agreements"),))] == progress["agreements_open"]
    assert after[("pk_workers", (("state", "alive"),))] == 1

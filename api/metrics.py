"""Prometheus metrics read from the database at each scrape, so any API process answers for every worker
of the cluster (embedded or Celery, on any machine) and a restart resets nothing. Pages and seconds
come from the stored runs (migration 0005); runs stored before it count as documents only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
)
from prometheus_client.registry import Collector
from sqlalchemy import case, func, select

from api.services import Services
from api.storage import documents
from api.storage.tables import AgreementRow, DocumentRow, RunRow, utcnow

SECONDS_BUCKETS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
RATE_WINDOW_S = 60


class ServiceCollector(Collector):
    def __init__(self, services: Services, worker_health: Callable[[], dict[str, int]]):
        self.services = services
        self.worker_health = worker_health

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily | HistogramMetricFamily]:
        with self.services.reads.begin() as session:
            by_status = dict(session.execute(select(DocumentRow.status, func.count())
                                             .group_by(DocumentRow.status)).all())
            stuck = documents.stuck_count(session, self.services.settings.job_lease_s)
            since = utcnow() - dt.timedelta(seconds=RATE_WINDOW_S)
            pages_total, recent_pages = session.execute(select(
                func.coalesce(func.sum(RunRow.pages), 0),
                func.coalesce(func.sum(case((RunRow.created_at >= since, RunRow.pages), else_=0)), 0))).one()
            timed = RunRow.seconds.is_not(None)
            buckets = session.execute(select(
                *(func.coalesce(func.sum(case((RunRow.seconds <= bound, 1), else_=0)), 0)
                  for bound in SECONDS_BUCKETS),
                func.count(), func.coalesce(func.sum(RunRow.seconds), 0.0)).where(timed)).one()
            fields, tables, agreements = session.execute(select(
                func.coalesce(func.sum(AgreementRow.needs_review_count), 0),
                func.coalesce(func.sum(AgreementRow.open_tables), 0),
                func.coalesce(func.sum(case(
                    (AgreementRow.needs_review_count + AgreementRow.open_tables > 0, 1), else_=0)), 0))).one()
        jobs = GaugeMetricFamily("pk_jobs", "Documents by job state.", labels=["state"])
        for state in documents.STATUSES:
            jobs.add_metric([state], by_status.get(state, 0))
        yield jobs
        yield GaugeMetricFamily("pk_jobs_stuck", "Jobs whose claim was not renewed within the lease.",
                                value=stuck)
        yield CounterMetricFamily("pk_pages_extracted", "Pages read by stored extraction runs.",
                                  value=pages_total)
        yield GaugeMetricFamily("pk_pages_per_second", f"Pages stored per second over the last "
                                f"{RATE_WINDOW_S} s, all workers.", value=recent_pages / RATE_WINDOW_S)
        *counts, total, seconds_sum = buckets
        yield HistogramMetricFamily(
            "pk_extraction_seconds", "Seconds one document's extraction took (stored runs).",
            buckets=[*((f"{bound:g}", count) for bound, count in zip(SECONDS_BUCKETS, counts, strict=True)),
                     ("+Inf", total)], sum_value=seconds_sum)
        backlog = GaugeMetricFamily("pk_review_backlog", "Review work left: flagged fields, unchecked table "
                                    "doubts, and agreements with any of them.", labels=["kind"])
        for kind, value in (("fields", fields), ("tables", tables), ("agreements", agreements)):
            backlog.add_metric([kind], value)
        yield backlog
        workers = GaugeMetricFamily("pk_workers", "This server's job queue: worker processes configured, "
                                    "alive, failing; broker 1 when it answers (Celery).", labels=["state"])
        for state, value in self.worker_health().items():
            workers.add_metric([state], value)
        yield workers


def make_registry(services: Services, worker_health: Callable[[], dict[str, int]]) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ServiceCollector(services, worker_health))
    return registry

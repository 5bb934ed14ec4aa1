"""Service settings, read once from the environment (prefix `PK_`); the README table mirrors this class."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PK_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./data/pk-extract.db",
        description="SQLAlchemy URL; e.g. postgresql+psycopg://user@host:5432/db for PostgreSQL.")
    storage_dir: Path = Field(default=Path("./data/files"),
                              description="Folder of uploaded files, stored by sha256.")
    workers: int = Field(default=1, ge=0,
                         description="Background extraction workers (0: none, e.g. for a web-only node).")
    worker_kind: Literal["process", "thread", "celery"] = Field(
        default="process", description=(
            "Run extraction in worker processes or threads of the server, or (`celery`) queue it for "
            "`pk-extract worker` processes on any machine, through the broker."))
    broker_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Celery broker (worker kind `celery`): Redis, or RabbitMQ as amqp://user:pass@host:5672//.")
    broker_queue: str = Field(default="pk-extract", min_length=1, max_length=100,
                              description="The broker queue the extraction tasks go through.")
    broker_visibility_s: float = Field(
        default=3600.0, gt=0,
        description="Redis broker: a task taken but not acknowledged this long (its worker machine vanished) "
                    "is delivered again; keep it above the longest extraction.")
    ocr_workers: int = Field(default=1, ge=1, description="OCR processes per document being extracted.")
    ocr_dpi: int = Field(default=300, ge=72, le=600, description="Render resolution for OCR.")
    ocr_lang: str = Field(default="ind+eng", description="Tesseract languages.")
    searchable_pdf: bool = Field(default=True, description=(
        "Keep a searchable copy of every scanned PDF (its OCR words as an invisible text layer), "
        "downloadable from /documents/{id}/searchable.pdf"))
    ocr_second_reading: bool = Field(default=True, description=(
        "Read every ruled table cell of a scan twice to confirm or dispute its words (better review "
        "flags, about +10% OCR time)"))
    max_upload_bytes: int = Field(default=50 * 1024 * 1024, ge=1,
                                  description="Largest accepted upload, per file.")
    max_request_bytes: int = Field(default=512 * 1024 * 1024, ge=1,
                                   description="Largest accepted request body (all files of one upload).")
    max_pages: int = Field(default=300, ge=1, description="Files with more pages are rejected.")
    max_image_pixels: int = Field(
        default=50_000_000, ge=1_000_000,
        description="Largest image page (width x height, read from its header before decoding; an A4 "
                    "scan at 600 dpi is 35 million); larger uploads are refused.")
    page_image_dpi: int = Field(default=110, ge=36, le=300,
                                description="Default resolution of page images for review.")
    page_render_workers: int = Field(default=2, ge=1,
                                     description="Processes that draw page images (per web process).")
    max_attempts: int = Field(default=3, ge=1,
                              description="A job interrupted this often is marked failed, not retried.")
    poll_interval_s: float = Field(default=1.0, gt=0,
                                   description="How often idle workers look for queued jobs.")
    job_lease_s: float = Field(
        default=120.0, gt=0,
        description="A running job's worker renews its claim this often (a quarter of it); a claim not "
                    "renewed for this long is taken back and the job queued again.")
    stop_grace_s: float = Field(
        default=30.0, ge=0,
        description="On stop, how long workers may finish the job in hand before it is put back.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO",
                                                                  description="Least severe level logged.")
    recover_on_start: bool = Field(
        default=True,
        description="Requeue jobs left `processing` by a stopped service (single-node setups); with "
                    "`celery`, send a task again for every queued job and take back expired claims.")


@lru_cache
def get_settings() -> Settings:
    return Settings()

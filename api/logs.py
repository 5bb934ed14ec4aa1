"""Logging for the service and its workers: one JSON object per line on stderr, with time, level and
logger, plus the event's own fields (a job's document id and seconds, a request's route and status).
Messages name documents by id, never a person: NIPs and names stay in the database."""

from __future__ import annotations

import logging.config
from typing import Any

FIELDS = "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"}


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A dictConfig for the root logger; uvicorn gets it too (`log_config`), so its lines look alike."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": FIELDS,
                                "rename_fields": RENAMED, "datefmt": "%Y-%m-%dT%H:%M:%S%z"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {"uvicorn": {"level": level, "handlers": [], "propagate": True},
                    "uvicorn.error": {"level": level, "handlers": [], "propagate": True},
                    "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False}},
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))

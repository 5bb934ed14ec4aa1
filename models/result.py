"""The top-level output for one input file."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from models.agreement import Agreement
from models.document import Document, Problem

SCHEMA_VERSION: Literal["1"] = "1"


class ExtractionResult(BaseModel):
    schema_version: Literal["1"] = SCHEMA_VERSION
    document: Document
    agreements: list[Agreement] = Field(default_factory=list)
    errors: list[Problem] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

"""The top-level output for one input file."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from models.agreement import Agreement
from models.document import Document, Problem

SCHEMA_VERSION: Literal["1"] = "1"
ResultStatus = Literal["success", "partial", "failure"]


class ExtractionResult(BaseModel):
    schema_version: Literal["1"] = SCHEMA_VERSION
    document: Document
    agreements: list[Agreement] = Field(default_factory=list)
    errors: list[Problem] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> ResultStatus:
        """One word for a batch report: `failure` when the file could not be read at all (its error
        says why), `partial` when something in it could not be read (a page, a table in doubt, a PK
        without targets: see `errors`), `success` when nothing was left unread."""
        if not self.errors:
            return "success"
        return "partial" if self.document.pages else "failure"

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

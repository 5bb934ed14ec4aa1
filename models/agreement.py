"""One Perjanjian Kinerja, in the exact shape of the contract (pk-record.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from pydantic import Field as PydanticField

from models.extracted import Field


class Party(BaseModel):
    name: Field[str] = PydanticField(default_factory=Field[str])
    nip: Field[str] = PydanticField(default_factory=Field[str])
    position: Field[str] = PydanticField(default_factory=Field[str])
    rank: Field[str] = PydanticField(default_factory=Field[str])


class TargetRow(BaseModel):
    objective: Field[str] = PydanticField(default_factory=Field[str])
    indicator: Field[str] = PydanticField(default_factory=Field[str])
    target: Field[str] = PydanticField(default_factory=Field[str])
    target_value: Field[float] = PydanticField(default_factory=Field[float])
    unit: Field[str] = PydanticField(default_factory=Field[str])
    quarterly_targets: list[Field[str]] | None = None


class ProgramRow(BaseModel):
    name: Field[str] = PydanticField(default_factory=Field[str])
    budget: Field[int] = PydanticField(default_factory=Field[int])
    note: Field[str] = PydanticField(default_factory=Field[str])


class Agreement(BaseModel):
    pages: list[int] = PydanticField(default_factory=list)
    year: Field[int] = PydanticField(default_factory=Field[int])
    is_revision: Field[bool] = PydanticField(default_factory=Field[bool])
    document_number: Field[str] = PydanticField(default_factory=Field[str])
    government: Field[str] = PydanticField(default_factory=Field[str])
    organization: Field[str] = PydanticField(default_factory=Field[str])
    sub_unit: Field[str] = PydanticField(default_factory=Field[str])
    first_party: Party | None = None
    second_party: Party | None = None
    signing_place: Field[str] = PydanticField(default_factory=Field[str])
    signing_date: Field[dt.date] = PydanticField(default_factory=Field[dt.date])
    performance_targets: list[TargetRow] = PydanticField(default_factory=list)
    programs: list[ProgramRow] = PydanticField(default_factory=list)
    total_budget: Field[int] = PydanticField(default_factory=Field[int])

"""`Field[T]`: every extracted value carries its evidence (contract: pk-record.md)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel
from pydantic import Field as PydanticField

from models.geometry import BBox

T = TypeVar("T")

FieldStatus = Literal["extracted", "corrected", "confirmed"]


class Field(BaseModel, Generic[T]):
    value: T | None = None
    raw: str | None = None
    confidence: float = PydanticField(default=0.0, ge=0.0, le=1.0)
    needs_review: bool = False
    reasons: list[str] = PydanticField(default_factory=list)
    page: int | None = None
    bbox: BBox | None = None

    @classmethod
    def missing(cls, *reasons: str) -> Field[T]:
        """A value that was looked for and not found; flagged unless a reason says absence is normal."""
        return cls(value=None, confidence=0.0, needs_review=True, reasons=["missing", *reasons])

"""Ingestion types: what the reader knows about a file and its pages before any parsing."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from models.geometry import BBox

PageSource = Literal["text", "ocr"]
Rotation = Literal[0, 90, 180, 270]


class Problem(BaseModel):
    """Something that could not be read, for the whole file (page null) or one page."""

    code: str
    message: str
    page: int | None = None


class PageInfo(BaseModel):
    """Per-page facts of the contract's `Document.pages`."""

    number: int
    source: PageSource
    rotation: Rotation = 0
    skew_degrees: float = 0.0
    ocr_confidence: float | None = None
    width: float
    height: float


class Document(BaseModel):
    filename: str
    sha256: str
    page_count: int
    pages: list[PageInfo] = Field(default_factory=list)


class Word(BaseModel):
    """One word on the upright page; `line`/`block` group words as the reader saw them."""

    text: str
    bbox: BBox
    confidence: float = Field(ge=0.0, le=1.0)
    source: PageSource
    block: int = 0
    line: int = 0
    second_reading: bool | None = None  # OCR only: a second reading of its table cell agreed, or not


class Rule(BaseModel):
    """A straight ruling line of a table on the upright page: where one cell ends and the next begins."""

    bbox: BBox

    @property
    def horizontal(self) -> bool:
        return self.bbox[2] - self.bbox[0] >= self.bbox[3] - self.bbox[1]


class Mark(BaseModel):
    """Ink that is neither text nor a rule -- a stamp, a signature, a logo -- on the upright page."""

    bbox: BBox


class Page(BaseModel):
    """An upright page of words (and, on scans, its table rules, its stamps and signatures, and the
    text ink no reading covered), the output of ingestion and the input of parsing."""

    info: PageInfo
    decision_reason: str = ""
    words: list[Word] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)
    # Text-sized ink no word covers after every reading: a word or line OCR dropped.
    unread: list[BBox] = Field(default_factory=list)

    @property
    def number(self) -> int:
        return self.info.number

    def lines(self) -> list[list[Word]]:
        """Words grouped by (block, line), in reading order of the groups' first appearance."""
        groups: dict[tuple[int, int], list[Word]] = {}
        for word in self.words:
            groups.setdefault((word.block, word.line), []).append(word)
        return [sorted(ws, key=lambda w: w.bbox[0]) for ws in groups.values()]

    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines())

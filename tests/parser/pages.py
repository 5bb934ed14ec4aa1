"""Builders of synthetic Page / Line objects for parser unit tests."""

from __future__ import annotations

from extractor.layout import Line, build_lines
from models.document import Page, PageInfo, Word


def page_of(rows: list[list[tuple[float, str]]], number: int = 1, confidence: float = 1.0,
            width: float = 595.0, height: float = 842.0, pitch: float = 16.0) -> Page:
    """A page whose row i holds (x0, text) segments; words get 5.5 pt per character."""
    words = []
    for index, row in enumerate(rows):
        top = 40.0 + index * pitch
        for x0, text in row:
            x = x0
            for token in text.split():
                words.append(Word(text=token, bbox=(x, top, x + 5.5 * len(token), top + 10.0),
                                  confidence=confidence, source="ocr" if confidence < 1 else "text"))
                x += 5.5 * len(token) + 3.0
    info = PageInfo(number=number, source="text", width=width, height=height)
    return Page(info=info, words=words)


def lines_of(texts: list[str]) -> list[Line]:
    return build_lines(page_of([[(72.0, text)] for text in texts]))

"""One coordinate system for the whole project: PDF points on the upright page, 1-based pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field as PydanticField

BBox = Annotated[
    tuple[float, float, float, float],
    PydanticField(description="[x0, top, x1, bottom] in PDF points on the upright page"),
]


def union_bbox(boxes: list[BBox]) -> BBox | None:
    """Smallest box holding every box given; None for no boxes."""
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class WordBoxes:
    """Geometry of a group of words (a line, a line segment): mixed into classes that hold `words`,
    each word with a `bbox`, so every grouping measures itself the same way."""

    __slots__ = ()
    words: list

    @property
    def bbox(self) -> BBox:
        box = union_bbox([w.bbox for w in self.words])
        assert box is not None, "a word group is never empty"
        return box

    @property
    def x0(self) -> float:
        return min(w.bbox[0] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.bbox[2] for w in self.words)

    @property
    def top(self) -> float:
        return min(w.bbox[1] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bbox[3] for w in self.words)

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

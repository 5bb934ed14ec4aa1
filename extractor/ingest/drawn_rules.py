"""Table rules a born-digital page draws as vector paths, on the upright page in PDF points.

A Word or LibreOffice export draws every cell border: as thin filled rectangles (Word), stroked
lines, or stroked cell rectangles (report generators). Those borders say exactly where a cell
ends, which word gaps can only guess, so a text page hands them to the table stage the same way a
scan hands over the rules OpenCV found (`Page.rules`).
"""

from __future__ import annotations

import ctypes
import itertools
from typing import TYPE_CHECKING

from models.document import Rule

if TYPE_CHECKING:
    from extractor.ingest.text_layer import Upright

THIN = 2.5  # a border is at most this thick (pt); thicker filled shapes are shading or pictures
MIN_LENGTH = 4.0  # shorter straight pieces are glyph or logo details, not borders
MAX_SEGMENTS = 400  # a path with more pieces is a drawing (a logo, a map), not a cell border
AXIS_SLACK = 0.5  # a segment this far from horizontal or vertical still counts as one


def read_drawn_rules(page, upright: Upright) -> list[Rule]:
    """Every horizontal or vertical border the page draws (pypdfium2 page)."""
    import pypdfium2.raw as raw

    rules: list[Rule] = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if min(right - left, top - bottom) <= THIN:
            if max(right - left, top - bottom) >= MIN_LENGTH:
                rules.append(Rule(bbox=_rounded(upright.box(left, bottom, right, top))))
            continue
        if _stroked(obj.raw, raw):
            rules.extend(Rule(bbox=_rounded(upright.box(*box))) for box in _straight_segments(obj, raw))
    return rules


def _stroked(handle, raw) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    return bool(stroke.value)


def _straight_segments(obj, raw) -> list[tuple[float, float, float, float]]:
    """Axis-aligned line pieces of a stroked path, in page space (left, bottom, right, top)."""
    count = raw.FPDFPath_CountSegments(obj.raw)
    if count <= 1 or count > MAX_SEGMENTS:
        return []
    a, b, c, d, e, f = obj.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, int]] = []
    for index in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, index)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        kind = raw.FPDFPathSegment_GetType(segment)
        points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f, kind))
        if raw.FPDFPathSegment_GetClose(segment):
            start = next((p for p in reversed(points) if p[2] == raw.FPDF_SEGMENT_MOVETO), points[0])
            points.append((start[0], start[1], raw.FPDF_SEGMENT_LINETO))
    boxes = []
    for (x0, y0, _), (x1, y1, kind) in itertools.pairwise(points):
        if kind != raw.FPDF_SEGMENT_LINETO:
            continue
        width, height = abs(x1 - x0), abs(y1 - y0)
        if max(width, height) >= MIN_LENGTH and min(width, height) <= AXIS_SLACK:
            boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return boxes


def _rounded(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))

"""Ruling lines of a table, where the reader found them: hard evidence of row and column breaks.

Word geometry alone must guess where a wrapped cell ends; a rule says it. A horizontal rule running
across a column's text between two of its lines parts two cells; a vertical rule between two
header labels is the boundary of their columns. Rules come from the OCR stage (an OpenCV opening
on scans). They only add certainty: pages without them keep the geometric guesses, and so does a
ruled cell holding several rows (sub-items listed in one cell, each with its own target).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from models.document import Rule

SAME_RULE = 3.0
JOIN_GAP = 12.0
MIN_COVER = 0.7


class Bounded(Protocol):
    """A table column: its label's centre and its left and right boundaries."""

    left: float
    right: float

    @property
    def centre(self) -> float: ...


class Spanned(Protocol):
    """A line of text: its horizontal extent and vertical centre."""

    @property
    def x0(self) -> float: ...

    @property
    def x1(self) -> float: ...

    @property
    def centre(self) -> float: ...


@dataclass
class Across:
    """A horizontal rule (pieces a poor scan broke apart joined again)."""

    y: float
    x0: float
    x1: float


@dataclass
class Down:
    """A vertical rule."""

    x: float
    top: float
    bottom: float


def horizontal_rules(rules: Iterable[Rule]) -> list[Across]:
    """The page's horizontal rules, pieces at one height with small gaps between them joined."""
    joined: list[Across] = []
    pieces = (((r.bbox[1] + r.bbox[3]) / 2, r.bbox[0], r.bbox[2]) for r in rules if r.horizontal)
    for y, x0, x1 in sorted(pieces, key=lambda p: (round(p[0] / SAME_RULE), p[1])):
        match = next((a for a in joined if abs(a.y - y) <= SAME_RULE and x0 - a.x1 <= JOIN_GAP
                      and a.x0 - x1 <= JOIN_GAP), None)
        if match is None:
            joined.append(Across(y, x0, x1))
        else:
            match.x0, match.x1 = min(match.x0, x0), max(match.x1, x1)
    return sorted(joined, key=lambda a: a.y)


def vertical_rules(rules: Iterable[Rule]) -> list[Down]:
    return [Down((r.bbox[0] + r.bbox[2]) / 2, r.bbox[1], r.bbox[3]) for r in rules if not r.horizontal]


def rules_across(rules: list[Across], lines: list[Spanned]) -> list[float]:
    """Heights of the rules that run across (most of) the text of one column."""
    if not lines:
        return []
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    width = max(right - left, 1.0)
    return [rule.y for rule in rules if (min(rule.x1, right) - max(rule.x0, left)) >= MIN_COVER * width]


def ruled_breaks(lines: list[Spanned], heights: list[float]) -> set[int]:
    """Indices i where a rule runs between line i-1 and line i."""
    return {index for index in range(1, len(lines))
            if any(lines[index - 1].centre < y < lines[index].centre for y in heights)}


def boundary_between(rules: list[Down], left: float, right: float, top: float, bottom: float,
                     near: float) -> float | None:
    """The vertical rule between two columns' labels (x in (left, right)) that runs down the body
    (top..bottom), nearest to the boundary guessed from the gutters (`near`); None when there is none."""
    needed = min(0.5 * (bottom - top), 20.0)
    candidates = [rule.x for rule in rules
                  if left < rule.x < right and min(rule.bottom, bottom) - max(rule.top, top) >= needed]
    return min(candidates, key=lambda x: abs(x - near)) if candidates else None


def set_rule_boundaries(columns: list[Bounded], rules: list[Down], top: float, bottom: float) -> None:
    """Column boundaries moved onto the vertical rules between header labels, where there are any."""
    columns.sort(key=lambda c: c.centre)
    for left, right in itertools.pairwise(columns):
        guess = left.right if left.right != float("inf") else (left.centre + right.centre) / 2
        x = boundary_between(rules, left.centre, right.centre, top, bottom, guess)
        if x is not None:
            left.right = right.left = x

"""Simple vector emblems (a regional shield, a Garuda-like bird) as shapes in a unit box, y upwards."""

from __future__ import annotations

import math
from dataclasses import dataclass

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Shape:
    kind: str  # "poly" or "circle"
    points: tuple[tuple[float, float], ...]  # polygon points, or ((cx, cy), (r, 0)) for a circle
    fill: RGB | None
    stroke: RGB | None = (0.1, 0.1, 0.1)


def star(cx: float, cy: float, outer: float, inner: float, n: int = 5) -> tuple[tuple[float, float], ...]:
    points = []
    for i in range(2 * n):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / n
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return tuple(points)


def shield(variant: int) -> list[Shape]:
    """A regency-style shield: coloured field, a star, rice and cotton dots, a wavy band."""
    palettes = [
        ((0.1, 0.45, 0.2), (0.95, 0.8, 0.1)),
        ((0.1, 0.3, 0.65), (0.95, 0.85, 0.2)),
        ((0.7, 0.1, 0.1), (0.95, 0.85, 0.2)),
        ((0.05, 0.5, 0.55), (1.0, 1.0, 1.0)),
    ]
    field, accent = palettes[variant % len(palettes)]
    outline = ((0.1, 0.95), (0.9, 0.95), (0.9, 0.45), (0.5, 0.03), (0.1, 0.45))
    shapes = [Shape("poly", outline, field), Shape("poly", star(0.5, 0.68, 0.18, 0.07), accent)]
    for i in range(6):
        shapes.append(Shape("circle", ((0.25 + 0.02 * i, 0.5 - 0.05 * i), (0.025, 0)), accent, None))
        shapes.append(Shape("circle", ((0.75 - 0.02 * i, 0.5 - 0.05 * i), (0.025, 0)), (1, 1, 1), None))
    band = tuple((0.3 + 0.4 * t / 10, 0.3 + 0.03 * math.sin(t)) for t in range(11))
    shapes.append(Shape("poly", band + tuple((x, y - 0.05) for x, y in reversed(band)), (1, 1, 1)))
    return shapes


def garuda() -> list[Shape]:
    gold = (0.8, 0.62, 0.12)
    wing_l = ((0.5, 0.55), (0.05, 0.9), (0.1, 0.7), (0.02, 0.65), (0.15, 0.5), (0.05, 0.45), (0.35, 0.35))
    wing_r = tuple((1 - x, y) for x, y in wing_l)
    tail = ((0.4, 0.25), (0.3, 0.02), (0.5, 0.1), (0.7, 0.02), (0.6, 0.25))
    return [
        Shape("poly", wing_l, gold),
        Shape("poly", wing_r, gold),
        Shape("poly", tail, gold),
        Shape("circle", ((0.5, 0.45), (0.18, 0)), gold),
        Shape("circle", ((0.5, 0.78), (0.08, 0)), gold),
        Shape("poly", ((0.38, 0.55), (0.62, 0.55), (0.62, 0.4), (0.5, 0.3), (0.38, 0.4)), (0.75, 0.1, 0.1)),
        Shape("poly", star(0.5, 0.46, 0.06, 0.025), (1.0, 0.9, 0.3)),
    ]

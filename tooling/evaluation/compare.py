"""Value normalisation and equality, exactly as pk-record.md "How values are compared" states them.

Kept apart from the scorer so the rules are one small, readable table of functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

PAIR_THRESHOLD = 85.0
FLOAT_TOLERANCE = 1e-6

_SPACES = re.compile(r"\s+")
# "Surrounding punctuation": marks that frame text; "%" and "/" carry meaning and are kept.
_FRAME = " .,;:!?\"'`´‘’“”()[]{}-–—_*•·"


def norm_text(value: Any) -> str | None:
    """NFKC, whitespace collapsed, case-folded, surrounding punctuation stripped; '' becomes None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value))
    text = _SPACES.sub(" ", text).strip(_FRAME + "\u00a0").casefold()
    return text or None


def norm_digits(value: Any) -> str | None:
    if value is None:
        return None
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", str(value)) if ch.isdigit())
    return digits or None


def norm_unit(value: Any) -> str | None:
    text = norm_text(value)
    if text in {"persen", "%", "(%)", "persen (%)"}:
        return "%"
    return text


def norm_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def norm_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def norm_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def norm_date(value: Any) -> str | None:
    """ISO date text; a datetime's time part is not part of the date."""
    if value is None:
        return None
    return str(value)[:10] or None


def norm_quarters(value: Any) -> tuple[str | None, ...] | None:
    """TW I..IV: a list of Fields (or bare values) compared cell by cell as strings."""
    if value is None:
        return None
    cells = [cell.get("value") if isinstance(cell, dict) else cell for cell in value]
    return tuple(norm_text(cell) for cell in cells)


def floats_equal(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= FLOAT_TOLERANCE


def exact_equal(a: Any, b: Any) -> bool:
    return a == b


Normaliser = Callable[[Any], Any]
Equality = Callable[[Any, Any], bool]

# field name (last path component) -> (normaliser, equality)
RULES: dict[str, tuple[Normaliser, Equality]] = {
    "year": (norm_int, exact_equal),
    "is_revision": (norm_bool, exact_equal),
    "nip": (norm_digits, exact_equal),
    "signing_date": (norm_date, exact_equal),
    "budget": (norm_int, exact_equal),
    "total_budget": (norm_int, exact_equal),
    "target_value": (norm_float, floats_equal),
    "unit": (norm_unit, exact_equal),
    "quarterly_targets": (norm_quarters, exact_equal),
}
DEFAULT_RULE: tuple[Normaliser, Equality] = (norm_text, exact_equal)


def normalise(field: str, value: Any) -> Any:
    return RULES.get(field, DEFAULT_RULE)[0](value)


def values_equal(field: str, truth: Any, predicted: Any) -> bool:
    """Both sides normalised by the field's rule; two nulls are equal."""
    normaliser, equality = RULES.get(field, DEFAULT_RULE)
    a, b = normaliser(truth), normaliser(predicted)
    if a is None or b is None:
        return a is None and b is None
    return equality(a, b)


def pairing_ratio(a: Any, b: Any) -> float:
    """Similarity 0..100 of two row keys (indicator / program name) after normalisation."""
    x, y = norm_text(a), norm_text(b)
    if x is None or y is None:
        return 0.0
    return fuzz.ratio(x, y)

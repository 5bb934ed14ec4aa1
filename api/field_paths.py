"""Where a correction may write and what it may write there: a field's dotted path in an Agreement
(`locate`, `iter_fields`) and the value kinds its fields hold (`validate_value`). Every refusal is an
`InvalidChange` naming the rule, which the review page words in its own language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from models.agreement import Agreement, Party, ProgramRow, TargetRow
from models.extracted import Field

NIP_RE = re.compile(r"\d{18}")
MIN_YEAR, MAX_YEAR = 1990, 2100


class InvalidChange(ValueError):
    """A path that names no field, or a value the field cannot hold; the message says which, `rule` names
    the rule for a page that words it in its own language."""

    def __init__(self, path: str, reason: str, rule: str = "no_field"):
        self.path = path
        self.reason = reason
        self.rule = rule
        super().__init__(f"{path}: {reason}")


_STRING = TypeAdapter(str | None)
_BOOL = TypeAdapter(bool | None)
_FLOAT = TypeAdapter(float | None)
_INT = TypeAdapter(int | None)
_DATE = TypeAdapter(dt.date | None)


def _kind(path: str) -> str:
    """The value kind of a field path, with list indices generalised."""
    generic = re.sub(r"\.\d+", ".*", path)
    if generic.endswith(".nip"):
        return "nip"
    return {"year": "year", "is_revision": "bool", "signing_date": "date", "total_budget": "money",
            "programs.*.budget": "money", "performance_targets.*.target_value": "float"}.get(generic, "str")


def validate_value(path: str, value: Any) -> Any:
    """The value as the field holds it (e.g. a `date`), or InvalidChange with a reason for a person."""
    kind = _kind(path)
    try:
        if kind == "nip":
            text = _STRING.validate_python(value, strict=True)
            if text is not None and not NIP_RE.fullmatch(text):
                raise InvalidChange(path, "a NIP must be exactly 18 digits, no spaces", "nip_format")
            return text
        if kind == "year":
            year = _INT.validate_python(value, strict=True)
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                raise InvalidChange(path, f"a year must lie between {MIN_YEAR} and {MAX_YEAR}", "year_range")
            return year
        if kind == "money":
            amount = _INT.validate_python(value, strict=True)
            if amount is not None and amount < 0:
                raise InvalidChange(path, "an amount must not be negative", "amount_negative")
            return amount
        if kind == "float":
            number = _FLOAT.validate_python(value, strict=True)
            if number is not None and number != number:
                raise InvalidChange(path, "a number is required", "expected_float")
            return number
        if kind == "date":
            if value is not None and not isinstance(value, str | dt.date):
                raise InvalidChange(path, "expected an ISO date (YYYY-MM-DD)", "expected_date")
            return _DATE.validate_python(value)
        if kind == "bool":
            return _BOOL.validate_python(value, strict=True)
        text = _STRING.validate_python(value, strict=True)
        if text is not None and ("\x00" in text or len(text) > 10_000):
            raise InvalidChange(path, "text must not hold NUL characters or exceed 10,000 characters",
                                 "text_invalid")
        return text
    except ValidationError as error:
        expected = {"nip": "a string of 18 digits", "year": "a whole number",
                    "money": "a whole number of rupiah",
                    "float": "a number", "date": "an ISO date (YYYY-MM-DD)", "bool": "true or false",
                    "str": "a string"}[kind]
        raise InvalidChange(path, f"expected {expected}: {error.errors()[0]['msg']}",
                            f"expected_{kind}") from error


def to_json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


_CHILD_FACTORIES: dict[str, type[BaseModel]] = {
    "first_party": Party, "second_party": Party, "performance_targets": TargetRow, "programs": ProgramRow}


def locate(agreement: Agreement, path: str, create: bool = False) -> Field[Any]:
    """The Field at a dotted path; with `create`, a missing party, quarter list or the row just past the
    end of a list is made, so a reviewer can add what the extractor missed."""
    parts = path.split(".")
    node: Any = agreement
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        parent_name = parts[depth - 1] if depth else ""
        if isinstance(node, list):
            if not (part.isascii() and part.isdigit()) or len(part) > 6:
                raise InvalidChange(path, f"'{part}' must be a row number")
            index = int(part)
            if index == len(node) and create and parent_name in {*_CHILD_FACTORIES, "quarterly_targets"}:
                node.append(Field[str]() if parent_name == "quarterly_targets"
                            else _CHILD_FACTORIES[parent_name]())
            if index >= len(node):
                raise InvalidChange(path, f"there is no row {index}")
            node = node[index]
        elif isinstance(node, BaseModel) and not isinstance(node, Field) and part in type(node).model_fields:
            child = getattr(node, part)
            if child is None and create and not last:
                child = [] if part == "quarterly_targets" else _CHILD_FACTORIES[part]()
                setattr(node, part, child)
            if child is None:
                raise InvalidChange(path, f"'{part}' is absent")
            node = child
        else:
            raise InvalidChange(path, f"'{part}' is not a field")
    if not isinstance(node, Field):
        raise InvalidChange(path, "the path must name a single field")
    return node


def iter_fields(node: Any, prefix: str = "") -> Iterator[tuple[str, Field[Any]]]:
    """Every leaf Field with its dotted path, in contract order."""
    if isinstance(node, Field):
        yield prefix, node
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from iter_fields(item, f"{prefix}.{index}")
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from iter_fields(getattr(node, name), f"{prefix}.{name}" if prefix else name)

"""Row drafts made into the contract's TargetRow: each field with its evidence and doubts (the target
parsed with its unit, the objective a merged cell gives every row it spans), and the decimal point
a table's other rows say is a comma."""

from __future__ import annotations

import re

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import (
    fix_ocr_percent_indicator,
    normalize_unit_cell,
    parse_target,
    strip_numbering,
    unit_from_indicator,
)
from extractor.tables.cell_text import cell_text, mended_cell_text
from extractor.tables.fields import NO_COLUMN, NO_COLUMN_CONFIDENCE, make_field, suspicion
from extractor.tables.targets import QUARTER_KINDS, RowDraft, attach_parents, tidy_rows
from models.agreement import TargetRow
from models.document import Word
from models.extracted import Field


def draft_to_row(row: RowDraft, review_threshold: float) -> TargetRow | None:
    """The contract's TargetRow from a row draft (pk-record.md target conventions)."""
    ind_words = row.indicator_words
    indicator_text, indicator_mended = mended_cell_text(row.indicator)
    indicator = strip_numbering(indicator_text)
    if not indicator:
        return None
    if any(w.source == "ocr" for w in ind_words):
        indicator = fix_ocr_percent_indicator(indicator)
    if row.parent:
        indicator = f"{row.parent}: {indicator}"
    objective_words = row.objective.words if row.objective else []
    objective_text, objective_mended = mended_cell_text(row.objective.lines if row.objective else [])
    objective = strip_numbering(objective_text) or None
    target_words = row.words(lex.TARGET)
    target_text = cell_text(row.cells.get(lex.TARGET, []))
    unit_words = row.words(lex.UNIT)
    unit_text, unit_mended = mended_cell_text(row.cells.get(lex.UNIT, []))
    unit_column = normalize_unit_cell(unit_text)
    percent = "%" in (unit_column or "") or "persen" in (unit_column or "").lower() or \
        indicator.lower().startswith(("persentase", "prosentase"))
    hint = unit_column or unit_from_indicator(indicator) or (
        unit_from_indicator(row.parent) if row.parent else None)
    parsed = parse_target(target_text, hint, percent)
    unit, unit_src = _unit(row, parsed.unit, unit_column, unit_words, target_words, indicator, ind_words)
    s = row.structure
    target_doubt = suspicion(target_words, numeric=True)
    tv_reasons = ["number_ambiguous"] if parsed.ambiguous else []
    out = TargetRow(
        objective=_objective_field(row, objective, objective_words, review_threshold, objective_mended),
        indicator=make_field(indicator, ind_words, row.page, s, suspicion(ind_words) + indicator_mended,
                             review_threshold),
        target=make_field(parsed.text or None, target_words, row.page, s, row.reasons + target_doubt,
                          review_threshold),
        target_value=make_field(parsed.value, target_words, row.page, s,
                                row.reasons + tv_reasons + target_doubt, review_threshold),
        unit=make_field(unit, unit_src, row.page, s,
                        suspicion(unit_src) + (unit_mended if unit_src is unit_words else []),
                        review_threshold),
    )
    if row.quarters:
        out.quarterly_targets = [
            make_field(cell_text(row.cells.get(q, [])) or None, row.words(q), row.page, s,
                       [], review_threshold)
            for q in QUARTER_KINDS
        ]
    return out


def _objective_field(row: RowDraft, objective: str | None, words: list[Word], review_threshold: float,
                     mended: list[str]) -> Field:
    """No sasaran column at all is a table without sasaran (value null, not a miss)."""
    if objective:
        return make_field(objective, words, row.page, row.structure, suspicion(words) + mended,
                          review_threshold)
    if not row.has_objective_column:
        return Field(value=None, confidence=NO_COLUMN_CONFIDENCE, reasons=[NO_COLUMN])
    return make_field(None, [], row.page, row.structure - 0.3, ["missing"], review_threshold)


def _unit(row: RowDraft, target_unit: str | None, unit_column: str | None, unit_words: list[Word],
          target_words: list[Word], indicator: str, ind_words: list[Word]) -> tuple[str | None, list[Word]]:
    if row.has_unit_column and unit_column:
        return unit_column, unit_words
    if target_unit:
        return target_unit, target_words
    from_indicator = unit_from_indicator(indicator)
    if not from_indicator and row.parent:
        from_indicator = unit_from_indicator(row.parent)
    if from_indicator:
        return from_indicator, [w for w in ind_words if from_indicator in w.text] or ind_words
    return None, []


def rows_to_targets(rows: list[RowDraft], review_threshold: float = 0.8) -> list[TargetRow]:
    rows = tidy_rows(rows)
    attach_parents(rows)
    built = [(any(w.source == "ocr" for w in row.words(lex.TARGET)), draft_to_row(row, review_threshold))
             for row in rows]
    out = [(ocr, target) for ocr, target in built if target is not None]
    doubt_decimal_points(out)
    return [target for _ocr, target in out]


def doubt_decimal_points(rows: list[tuple[bool, TargetRow]]) -> None:
    """`decimal_point` on each OCR'd target (`rows`: read by OCR?, row) read with a decimal point
    where the table prints decimal commas too: in Indonesian the decimal mark is a comma, and a scan
    blurs one into a period ("12.5" beside "79,61"). A table whose every decimal is a point
    ("89.16%", "72.00%") keeps its own style."""
    if not any(_DECIMAL_COMMA.search(row.target.raw or "") for _ocr, row in rows):
        return
    for ocr, row in rows:
        if ocr and _DECIMAL_POINT.search(row.target.raw or ""):
            row.target.reasons.append("decimal_point")
            row.target_value.reasons.append("decimal_point")


_DECIMAL_POINT = re.compile(r"\d\.\d{1,2}(?!\d)")  # a thousands dot is followed by three digits


_DECIMAL_COMMA = re.compile(r"\d,\d{1,2}(?!\d)")

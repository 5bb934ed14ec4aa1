"""Why a field is in doubt: the closed set of reason codes a Field may carry (pk-record.md `reasons`).

One enum for the parser, the calibration and the service; the review page words every member
(api/web/strings.py, checked by a test). A code is stable once shipped: stored records keep it.
`CAPS` is the one table of upper bounds a reason puts on a raw confidence; `DOUBT` are the reasons
that say a value may be wrong (their calibrated weight can only lower it); `ERROR` are validation
errors that make a value suspect whatever else is known (its calibrated confidence is capped).
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    # reading
    MISSING = "missing"
    LOW_CONFIDENCE = "low_confidence"
    LOW_OCR_CONFIDENCE = "low_ocr_confidence"
    OCR_SUSPECT = "ocr_suspect"
    OCR_DISPUTED = "ocr_disputed"
    UNKNOWN_WORD = "unknown_word"
    SPELLING_MENDED = "spelling_mended"
    STAMP_OVERLAP = "stamp_overlap"
    TEXT_UNREAD = "text_unread"
    STRAY_MARK = "stray_mark"
    NUMBER_AMBIGUOUS = "number_ambiguous"
    DECIMAL_POINT = "decimal_point"
    AMOUNT_SUSPECT = "amount_suspect"
    AMOUNT_UNREAD = "amount_unread"
    # where a value came from
    INFERRED_FROM_LAYOUT = "inferred_from_layout"
    YEAR_FROM_FALLBACK = "year_from_fallback"
    GOVERNMENT_FROM_PLACE = "government_from_place"
    ROLE_INFERRED = "role_inferred"
    DATE_BLANK = "date_blank"
    NO_COLUMN = "no_column"
    NO_TOTAL_ROW = "no_total_row"
    # two readings disagree
    NAME_MISMATCH = "name_mismatch"
    YEAR_MISMATCH = "year_mismatch"
    NIP_MISMATCH = "nip_mismatch"
    NIP_CORRECTED = "nip_corrected"
    REEXTRACT_DISAGREES = "reextract_disagrees"
    # validation (pk-domain.md §8.2)
    NIP_INVALID = "nip_invalid"
    NIP_LENGTH = "nip_length"
    NIP_BIRTHDATE_INVALID = "nip_birthdate_invalid"
    NIP_TMT_INVALID = "nip_tmt_invalid"
    NIP_AGE_AT_TMT = "nip_age_at_tmt"
    NIP_GENDER_DIGIT = "nip_gender_digit"
    NIP_SEQUENCE_ZERO = "nip_sequence_zero"
    NIP_GENDER_CONFLICT = "nip_gender_conflict"
    SAME_PERSON_BOTH_PARTIES = "same_person_both_parties"
    REGIONAL_HEAD_HAS_NIP = "regional_head_has_nip"
    RANK_INCOMPLETE = "rank_incomplete"
    RANK_UNKNOWN = "rank_unknown"
    RANK_MISMATCH = "rank_mismatch"
    YEAR_INVALID = "year_invalid"
    DATE_YEAR_MISMATCH = "date_year_mismatch"
    DATE_LATE_FOR_ORIGINAL = "date_late_for_original"
    SUM_MISMATCH = "sum_mismatch"
    IN_MISMATCHED_SUM = "in_mismatched_sum"
    TARGET_OUT_OF_RANGE = "target_out_of_range"
    # table structure
    MERGED_CELLS = "merged_cells"
    ROW_SUSPECT = "row_suspect"
    UNIT_SUSPECT = "unit_suspect"
    TARGET_UNLIKE = "target_unlike"
    INDICATOR_UNLIKE = "indicator_unlike"


# Upper bounds a reason puts on a field's raw confidence (before calibration).
CAPS: dict[Reason, float] = {
    Reason.MISSING: 0.0,
    Reason.NIP_INVALID: 0.5,
    Reason.YEAR_INVALID: 0.5,
    Reason.SAME_PERSON_BOTH_PARTIES: 0.5,
    Reason.GOVERNMENT_FROM_PLACE: 0.5,
    Reason.TARGET_UNLIKE: 0.5,
    Reason.INDICATOR_UNLIKE: 0.5,
    Reason.MERGED_CELLS: 0.55,
    Reason.NIP_MISMATCH: 0.6,
    Reason.YEAR_MISMATCH: 0.6,
    Reason.SUM_MISMATCH: 0.6,
    Reason.STAMP_OVERLAP: 0.6,
    Reason.REGIONAL_HEAD_HAS_NIP: 0.6,
    Reason.DATE_LATE_FOR_ORIGINAL: 0.6,
    Reason.OCR_SUSPECT: 0.6,
    Reason.NAME_MISMATCH: 0.65,
    Reason.LOW_OCR_CONFIDENCE: 0.65,
    Reason.NIP_CORRECTED: 0.7,
    Reason.RANK_INCOMPLETE: 0.7,
    Reason.DATE_YEAR_MISMATCH: 0.7,
    Reason.YEAR_FROM_FALLBACK: 0.75,
    Reason.NIP_GENDER_CONFLICT: 0.75,
    Reason.INFERRED_FROM_LAYOUT: 0.9,
}

NEUTRAL = frozenset({Reason.LOW_CONFIDENCE, Reason.DATE_BLANK, Reason.NO_COLUMN, Reason.NO_TOTAL_ROW,
                     Reason.MISSING})
DOUBT = frozenset(set(Reason) - NEUTRAL)
ERROR = frozenset({
    Reason.NIP_INVALID, Reason.NIP_LENGTH, Reason.NIP_BIRTHDATE_INVALID, Reason.NIP_TMT_INVALID,
    Reason.NIP_GENDER_DIGIT, Reason.NIP_SEQUENCE_ZERO, Reason.SAME_PERSON_BOTH_PARTIES,
    Reason.YEAR_INVALID, Reason.NIP_MISMATCH, Reason.SUM_MISMATCH, Reason.ROW_SUSPECT,
    Reason.UNIT_SUSPECT, Reason.TARGET_UNLIKE, Reason.INDICATOR_UNLIKE, Reason.TARGET_OUT_OF_RANGE,
    Reason.RANK_UNKNOWN, Reason.STRAY_MARK, Reason.AMOUNT_UNREAD,
})


def cap(confidence: float, reasons: list[str]) -> float:
    """The confidence under every cap its reasons put on it."""
    for reason in reasons:
        confidence = min(confidence, CAPS.get(reason, 1.0))  # type: ignore[call-overload]
    return confidence

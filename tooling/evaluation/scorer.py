"""Score one prediction against one truth file: pure functions, (truth dict, predicted dict) -> counts.

Both sides are ExtractionResult-shaped dicts (pk-record.md); the truth holds values only. Values are
compared by `compare.values_equal`. Definitions used everywhere (reports, tests, the OVERALL line):

- A *leaf* is one Field of an agreement, party, target row or program row. A leaf the truth does
  not label (key absent) or marks `"unsure": true` is not scored. A truth party of `null` labels
  all four party leaves as null (a single-signer PK has no second party).
- A leaf is *predicted* when the prediction's value is non-null, *truth* when the truth value is
  non-null. TP = predicted and equal to the truth. precision = TP / predicted, recall = TP / truth,
  F1 their harmonic mean (0 when undefined). Field F1 is micro-averaged over all leaves.
- A leaf is *right* when both sides are equal after normalisation, two nulls included.
  An agreement is *clean* when every scored leaf of it (rows included) is right and it has no
  spurious rows; a predicted agreement that pairs with no truth agreement counts as one unclean
  agreement (so a non-PK document that yields an agreement lowers `clean`).
- Agreements are paired by page overlap (most shared pages first); when the file has exactly one
  agreement on each side they pair regardless of pages. Target rows pair by `indicator`, program
  rows by `name`: best fuzzy ratio first, ratio >= 85 after normalisation. An unpaired truth row
  is missed (every labelled leaf has prediction null); an unpaired predicted row or agreement is
  spurious: each of its non-null leaves is a predicted, wrong value.
- Review flags: the leaves of every agreement the extractor produced are judged, rows it never read
  included (pk-record.md): a missing row has no field to flag, so it is caught only by a
  `table_doubt` or `targets_missing` problem on one of its agreement's pages, which counts every
  row of that agreement (paired, missing and extra) as flagged. capture = wrong leaves with
  `needs_review` / wrong leaves; false alarm = right leaves with `needs_review` / right leaves
  (null-null leaves count as right). An agreement never produced carries no flag to look at.
- A file the extractor failed on is scored with prediction `None`: everything is missed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tooling.evaluation.compare import PAIR_THRESHOLD, normalise, pairing_ratio, values_equal
from tooling.evaluation.tally import (
    NO_PREDICTION,
    UNREAD,
    FileScore,
    LeafRecord,
    Mistake,
    PredLeaf,
    TruthLeaf,
    ratio,
)

AGREEMENT_FIELDS = ("year", "is_revision", "document_number", "government", "organization", "sub_unit",
                    "signing_place", "signing_date", "total_budget")
PARTY_FIELDS = ("name", "nip", "position", "rank")
PARTIES = ("first_party", "second_party")
TARGET_FIELDS = ("objective", "indicator", "target", "target_value", "unit", "quarterly_targets")
PROGRAM_FIELDS = ("name", "budget", "note")
ROW_TABLES = {"performance_targets": ("indicator", TARGET_FIELDS), "programs": ("name", PROGRAM_FIELDS)}

ALL_FIELD_KEYS = (
    *AGREEMENT_FIELDS,
    *(f"{party}.{name}" for party in PARTIES for name in PARTY_FIELDS),
    *(f"performance_targets.{name}" for name in TARGET_FIELDS),
    *(f"programs.{name}" for name in PROGRAM_FIELDS),
)


TABLE_PROBLEMS = ("table_doubt", "targets_missing")


def truth_leaf(container: dict | None, name: str, *, all_null: bool = False) -> TruthLeaf:
    """The truth value of one leaf; `all_null` when the container itself is labelled null."""
    if all_null:
        return TruthLeaf(None, True)
    if container is None or name not in container:
        return TruthLeaf(None, False)
    leaf = container[name]
    if isinstance(leaf, dict):
        return TruthLeaf(leaf.get("value"), not leaf.get("unsure", False))
    return TruthLeaf(leaf, True)


def pred_leaf(container: dict | None, name: str) -> PredLeaf:
    if container is None or name not in container:
        return NO_PREDICTION
    leaf = container[name]
    if isinstance(leaf, dict):
        return PredLeaf(leaf.get("value"), bool(leaf.get("needs_review")), True, leaf)
    if isinstance(leaf, list):
        cells = [cell for cell in leaf if isinstance(cell, dict)]
        return PredLeaf(leaf, any(cell.get("needs_review") for cell in cells), True, leaf)
    return PredLeaf(leaf, False, leaf is not None)


def judge(score: FileScore, key: str, name: str, truth: TruthLeaf, pred: PredLeaf) -> bool:
    """Count one leaf; returns whether it is right (True for leaves that are not scored)."""
    if not truth.scored:
        return True
    tally = score.tally(key)
    right = values_equal(name, truth.value, pred.value)
    predicted = normalise(name, pred.value) is not None
    has_truth = normalise(name, truth.value) is not None
    tally.judged += 1
    tally.right += right
    tally.predicted += predicted
    tally.truth += has_truth
    tally.tp += predicted and right
    if not right:
        source = pred.source if isinstance(pred.source, dict) else {}
        value = pred.value
        if isinstance(value, list):
            value = [cell.get("value") if isinstance(cell, dict) else cell for cell in value]
        score.mistakes.append(Mistake(key, truth.value, value, pred.needs_review, source.get("page"),
                                      tuple(source.get("reasons") or ())))
    if pred.emitted:
        if pred.source is not None:
            score.records.append(LeafRecord(key, pred.source, right))
        if right:
            tally.flag_right += 1
            tally.flag_right_flagged += pred.needs_review
        else:
            tally.flag_wrong += 1
            tally.flag_wrong_flagged += pred.needs_review
    return right


def judge_spurious(score: FileScore, key: str, name: str, pred: PredLeaf) -> bool:
    """A leaf of a predicted row or agreement with no truth counterpart: only non-null values count."""
    if normalise(name, pred.value) is None:
        return True
    return judge(score, key, name, TruthLeaf(None, True), pred)


def pair_greedy(scores: list[tuple[float, float, int, int]], threshold: float) -> list[tuple[int, int]]:
    """Pairs (i, j) from (score, tie-break, i, j) tuples, best first, each index used once."""
    pairs: list[tuple[int, int]] = []
    used_i: set[int] = set()
    used_j: set[int] = set()
    for value, _tie, i, j in sorted(scores, key=lambda s: (-s[0], -s[1], abs(s[2] - s[3]))):
        if value < threshold or i in used_i or j in used_j:
            continue
        pairs.append((i, j))
        used_i.add(i)
        used_j.add(j)
    return pairs


def leaf_value(row: dict, name: str) -> Any:
    leaf = row.get(name)
    return leaf.get("value") if isinstance(leaf, dict) else leaf


def pair_rows(truth_rows: list[dict], pred_rows: list[dict], key: str) -> list[tuple[int, int]]:
    scores = [
        (pairing_ratio(leaf_value(t, key), leaf_value(p, key)),
         pairing_ratio(leaf_value(t, "objective"), leaf_value(p, "objective")), i, j)
        for i, t in enumerate(truth_rows) for j, p in enumerate(pred_rows)
    ]
    return pair_greedy(scores, PAIR_THRESHOLD)


def score_rows(score: FileScore, table: str, truth_rows: list[dict], pred_rows: list[dict],
               doubted: bool = False) -> bool:
    """Rows of one table; `doubted`: a table-level problem flags every row of the agreement."""
    key_name, names = ROW_TABLES[table]
    pairs = pair_rows(truth_rows, pred_rows, key_name)
    score.count_rows(table, len(truth_rows), len(pred_rows), len(pairs))
    clean = True
    paired_truth = {i: j for i, j in pairs}

    def leaf(row: dict | None, name: str) -> PredLeaf:
        found = pred_leaf(row, name) if row is not None else UNREAD
        return replace(found, needs_review=True, emitted=True) if doubted else found

    for i, truth_row in enumerate(truth_rows):
        pred_row = pred_rows[paired_truth[i]] if i in paired_truth else None
        for name in names:
            clean &= judge(score, f"{table}.{name}", name, truth_leaf(truth_row, name), leaf(pred_row, name))
    paired_pred = {j for _, j in pairs}
    for j, pred_row in enumerate(pred_rows):
        if j in paired_pred:
            continue
        clean = False
        for name in names:
            judge_spurious(score, f"{table}.{name}", name, leaf(pred_row, name))
    return clean


def score_agreement(score: FileScore, truth: dict, pred: dict | None,
                    doubted_pages: frozenset[int] = frozenset()) -> bool:
    """Score one truth agreement against its paired prediction (None when unpaired); True if clean.
    Its rows are scored only when it was produced (an agreement never read has no row to flag)."""
    clean = True
    for name in AGREEMENT_FIELDS:
        clean &= judge(score, name, name, truth_leaf(truth, name), pred_leaf(pred, name))
    for party in PARTIES:
        if party not in truth:
            continue
        truth_party = truth[party]
        pred_party = pred.get(party) if pred else None
        for name in PARTY_FIELDS:
            clean &= judge(score, f"{party}.{name}", name,
                           truth_leaf(truth_party, name, all_null=truth_party is None),
                           pred_leaf(pred_party, name))
    doubted = bool(pred) and bool(set(pred.get("pages") or []) & doubted_pages)
    for table in ROW_TABLES:
        if table in truth:
            if pred is None:
                clean &= _score_unread_rows(score, table, truth[table] or [])
                continue
            clean &= score_rows(score, table, truth[table] or [], pred.get(table) or [], doubted)
    return clean


def _score_unread_rows(score: FileScore, table: str, truth_rows: list[dict]) -> bool:
    score.count_rows(table, len(truth_rows), 0, 0)
    clean = True
    for truth_row in truth_rows:
        for name in ROW_TABLES[table][1]:
            clean &= judge(score, f"{table}.{name}", name, truth_leaf(truth_row, name), NO_PREDICTION)
    return clean


def score_spurious_agreement(score: FileScore, pred: dict) -> None:
    for name in AGREEMENT_FIELDS:
        judge_spurious(score, name, name, pred_leaf(pred, name))
    for party in PARTIES:
        for name in PARTY_FIELDS:
            judge_spurious(score, f"{party}.{name}", name, pred_leaf(pred.get(party), name))
    for table in ROW_TABLES:
        score_rows(score, table, [], pred.get(table) or [])


def pair_agreements(truth: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    if len(truth) == 1 and len(pred) == 1:
        return [(0, 0)]
    scores = []
    for i, t in enumerate(truth):
        for j, p in enumerate(pred):
            shared = set(t.get("pages") or []) & set(p.get("pages") or [])
            union = set(t.get("pages") or []) | set(p.get("pages") or [])
            scores.append((float(len(shared)), ratio(len(shared), len(union)), i, j))
    return pair_greedy(scores, 1.0)


def score_file(truth: dict, predicted: dict | None) -> FileScore:
    """Score one ExtractionResult dict against its truth; `predicted=None` means the file failed."""
    score = FileScore(failed=predicted is None)
    truth_agreements = truth.get("agreements") or []
    pred_agreements = (predicted or {}).get("agreements") or []
    pairs = dict(pair_agreements(truth_agreements, pred_agreements))
    doubted_pages = frozenset(problem.get("page") for problem in (predicted or {}).get("errors") or []
                              if problem.get("code") in TABLE_PROBLEMS and problem.get("page"))
    for i, truth_agreement in enumerate(truth_agreements):
        pred = pred_agreements[pairs[i]] if i in pairs else None
        score.agreements += 1
        score.clean += score_agreement(score, truth_agreement, pred, doubted_pages)
    paired_pred = set(pairs.values())
    for j, pred in enumerate(pred_agreements):
        if j not in paired_pred:
            score.spurious_agreements += 1
            score_spurious_agreement(score, pred)
    return score

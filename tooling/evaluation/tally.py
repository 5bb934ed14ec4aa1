"""What scoring counts: the leaves of one file (truth and predicted, with whether each was flagged),
the mistakes to read, and the tallies every report adds up (definitions in `scorer`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass
class Tally:
    """Counts for one field key (or a sum of keys)."""

    predicted: int = 0
    truth: int = 0
    tp: int = 0
    judged: int = 0
    right: int = 0
    flag_wrong: int = 0
    flag_wrong_flagged: int = 0
    flag_right: int = 0
    flag_right_flagged: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.truth)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def capture(self) -> float:
        return ratio(self.flag_wrong_flagged, self.flag_wrong)

    @property
    def false_alarm(self) -> float:
        return ratio(self.flag_right_flagged, self.flag_right)


@dataclass
class FileScore:
    """What one file contributed: per-field tallies and agreement counts."""

    fields: dict[str, Tally] = field(default_factory=dict)
    agreements: int = 0
    clean: int = 0
    spurious_agreements: int = 0
    failed: bool = False
    records: list[LeafRecord] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    # per table: rows read, rows in truth, rows paired (how many rows the reader found, whatever
    # their values: the "target rows paired" figure, kept out of the field tallies)
    rows: dict[str, Tally] = field(default_factory=dict)

    def tally(self, key: str) -> Tally:
        return self.fields.setdefault(key, Tally())

    def count_rows(self, table: str, truth: int, predicted: int, paired: int) -> None:
        tally = self.rows.setdefault(table, Tally())
        tally.truth += truth
        tally.predicted += predicted
        tally.tp += paired

    def total(self) -> Tally:
        total = Tally()
        for tally in self.fields.values():
            total.add(tally)
        return total

    def add(self, other: FileScore) -> None:
        for key, tally in other.fields.items():
            self.tally(key).add(tally)
        for key, tally in other.rows.items():
            self.rows.setdefault(key, Tally()).add(tally)
        self.agreements += other.agreements
        self.clean += other.clean
        self.spurious_agreements += other.spurious_agreements
        self.failed = self.failed or other.failed
        self.records.extend(other.records)
        self.mistakes.extend(other.mistakes)

    @property
    def clean_share(self) -> float:
        return ratio(self.clean, self.agreements + self.spurious_agreements)


@dataclass(frozen=True)
class TruthLeaf:
    value: Any
    scored: bool


@dataclass(frozen=True)
class PredLeaf:
    value: Any
    needs_review: bool
    emitted: bool
    source: Any = None


@dataclass(frozen=True)
class LeafRecord:
    """One judged leaf the extractor emitted: its key, the predicted Field (dict, or TW cell list), right?"""

    key: str
    source: Any
    right: bool


@dataclass(frozen=True)
class Mistake:
    """One wrong leaf, for a person reading the report: what the truth says and what came out."""

    key: str
    truth: Any
    predicted: Any
    flagged: bool
    page: int | None = None
    reasons: tuple[str, ...] = ()


NO_PREDICTION = PredLeaf(None, False, False)


UNREAD = PredLeaf(None, False, True)  # a leaf of a truth row the extractor never read

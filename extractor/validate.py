"""Validation rules of pk-domain.md §8.2 that concern the contract's fields, as reason codes on them.

Rules about a single reading (NIP structure, party block vs signature) are applied where the value is
chosen (assemble.py); the ones here need the whole agreement.
"""

from __future__ import annotations

from extractor.rules import lexicon
from extractor.rules.nip import decode_nip
from models.agreement import Agreement, Party


def validate(agreement: Agreement) -> None:
    _budget_sum(agreement)
    _date_year(agreement)
    _late_original(agreement)
    for party in (agreement.first_party, agreement.second_party):
        if party is not None:
            _gender_title(party)
    if agreement.year.value is not None and not 2000 <= agreement.year.value <= 2100:
        agreement.year.reasons.append("year_invalid")


def _budget_sum(agreement: Agreement) -> None:
    """Σ programs vs the printed Jumlah (rule 26); a list that mixes levels may match either level."""
    total = agreement.total_budget.value
    budgets = [row.budget.value for row in agreement.programs if row.budget.value is not None]
    if total is None or not budgets:
        return
    program_level = [row.budget.value for row in agreement.programs
                     if row.budget.value is not None and (row.name.value or "").lower().startswith("program")]
    sums = {sum(budgets), sum(program_level)} if program_level else {sum(budgets)}
    if all(abs(s - total) > 1 for s in sums):
        agreement.total_budget.reasons.append("sum_mismatch")


def _date_year(agreement: Agreement) -> None:
    """Signing date in the fiscal year or in Nov/Dec of the year before (rule 3)."""
    date, year = agreement.signing_date.value, agreement.year.value
    if date is None or year is None:
        return
    if date.year == year or (date.year == year - 1 and date.month >= 11):
        return
    agreement.signing_date.reasons.append("date_year_mismatch")


def _late_original(agreement: Agreement) -> None:
    """An original PK is signed early in its year (rule 4); one signed mid-year or later is likely an unmarked
    revision. Late originals (April, May) are common, so only June onwards is flagged."""
    date, year = agreement.signing_date.value, agreement.year.value
    if agreement.is_revision.value is False and date is not None and year is not None and (
            date.year == year and date.month >= 6):
        agreement.is_revision.reasons.append("date_late_for_original")


def _gender_title(party: Party) -> None:
    """NIP gender digit against female/male honorifics (rule 13)."""
    name, nip = party.name.value, party.nip.value
    if not name or not nip or len(nip) != 18:
        return
    gender = decode_nip(nip).gender
    words = name.replace(",", " ").split()
    female = any(w in lexicon.FEMALE_MARKERS or f"{w} " in lexicon.FEMALE_MARKERS for w in words)
    male = any(w in lexicon.MALE_MARKERS or f"{w} " in lexicon.MALE_MARKERS for w in words)
    if (female and not male and gender == 1) or (male and not female and gender == 2):
        party.nip.reasons.append("nip_gender_conflict")

"""A hand-made ExtractionResult with one fully populated agreement, for correction and export tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.agreement import Agreement, Party, ProgramRow, TargetRow
from models.document import Document, PageInfo
from models.extracted import Field
from models.result import ExtractionResult

BBOX = (72.0, 100.0, 300.0, 112.0)


def f(value: Any, confidence: float = 0.95, page: int = 1, review: bool = False,
      reasons: tuple[str, ...] = ()) -> Field[Any]:
    raw = str(value) if value is not None else None
    return Field(value=value, raw=raw, confidence=confidence, needs_review=review, reasons=list(reasons),
                 page=page, bbox=BBOX)


def sample_targets() -> list[TargetRow]:
    return [
        TargetRow(objective=f("Meningkatnya derajat kesehatan", page=2),
                  indicator=f("Angka kematian ibu", page=2), target=f("85,5 %", page=2),
                  target_value=f(85.5, page=2), unit=f("%", page=2)),
        TargetRow(objective=f("Meningkatnya derajat kesehatan", page=2),
                  indicator=f("Cakupan imunisasi dasar", page=2),
                  target=f("95 %", 0.3, page=2, review=True, reasons=("low_ocr_confidence",)),
                  target_value=f(95.0, 0.3, page=2, review=True), unit=f("%", page=2)),
    ]


def sample_programs() -> list[ProgramRow]:
    return [
        ProgramRow(name=f("Program Pemenuhan Upaya Kesehatan", page=2), budget=f(1_250_000_000, page=2),
                   note=f("APBD", page=2)),
        ProgramRow(name=f("Program Penunjang Urusan", page=2),
                   budget=f(300_000_000, 0.5, page=2, review=True),
                   note=f("DAK", page=2)),
    ]


def sample_agreement(organization: str = "Dinas Kesehatan", year: int = 2024,
                     nip: str = "197001012000032001",
                     first_name: str = "dr. SITI RAHAYU, M.Kes") -> Agreement:
    first = Party(name=f(first_name, 0.92),
                  nip=f(nip[:17], 0.4, review=True, reasons=("nip_invalid",)),
                  position=f("Kepala Dinas Kesehatan Kabupaten Contoh", 0.9),
                  rank=f("Pembina Utama Muda (IV/c)", 0.6, review=True, reasons=("low_ocr_confidence",)))
    second = Party(name=f("Ir. BUDI SANTOSO, M.T.", 0.93), nip=f(None, 0.9), position=f("Bupati Contoh", 0.9),
                   rank=f(None, 0.9))
    return Agreement(
        pages=[1, 2], year=f(year, 0.99), is_revision=f(False, 0.9),
        document_number=f("800/123/DINKES/2024", 0.9), government=f("Pemerintah Kabupaten Contoh", 0.9),
        organization=f(organization, 0.9), sub_unit=f(None, 0.9), first_party=first, second_party=second,
        signing_place=f("Contoh", 0.9), signing_date=f(dt.date(2024, 1, 2), 0.9),
        performance_targets=sample_targets(), programs=sample_programs(),
        total_budget=f(1_550_000_000, 0.9, page=2))


def sample_result(filename: str, sha256: str, agreements: list[Agreement] | None = None) -> ExtractionResult:
    pages = [PageInfo(number=n, source="text", width=595.0, height=842.0) for n in (1, 2)]
    return ExtractionResult(document=Document(filename=filename, sha256=sha256, page_count=2, pages=pages),
                            agreements=agreements if agreements is not None else [sample_agreement()])

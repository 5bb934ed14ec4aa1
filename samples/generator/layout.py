"""Renderer-neutral page content: table grids, party blocks and signature columns of a `Pk`.

Both renderers draw these the same way in spirit but with their own geometry and text order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samples.generator.spec import Pk

HEADERS = {
    "L1": ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
    "L1b": ["No", "Sasaran Strategis", "Indikator Sasaran", "Target"],
    "L2": ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"],
    "L3": ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Satuan"],
    "L4": ["No", "Kinerja Utama", "Indikator Kinerja Utama", "Target"],
    "L5": ["No", "Sasaran Program", "Indikator Kinerja Program", "Target"],
    "L6": ["No", "Sasaran Kegiatan", "Indikator Kinerja Kegiatan", "Target"],
    "L7": ["No", "Sasaran", "Indikator", "Target Tahunan", "TW I", "TW II", "TW III", "TW IV"],
}
WIDTHS = {
    4: [0.06, 0.34, 0.4, 0.2],
    5: [0.06, 0.28, 0.38, 0.12, 0.16],
    8: [0.05, 0.22, 0.3, 0.11, 0.08, 0.08, 0.08, 0.08],
}


@dataclass
class Grid:
    header: list[str]
    numbered: bool
    rows: list[list[str]]
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # column, first row, last row
    widths: list[float] = field(default_factory=list)
    align: list[str] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)
    ruled: bool = True


def page_plan(pks: list[Pk], statements_first: bool) -> list[tuple[int, str]]:
    """Order of the parts of a file: (PK index, "s" statement | "a" annex); both renderers follow it."""
    if statements_first:
        plan = [(i, "s") for i, pk in enumerate(pks) if not pk.lampiran_only]
        return plan + [(i, "a") for i in range(len(pks))]
    plan = []
    for i, pk in enumerate(pks):
        plan += ([] if pk.lampiran_only else [(i, "s")]) + [(i, "a")]
    return plan


def target_grid(pk: Pk) -> Grid:
    header = HEADERS[pk.layout]
    if pk.year % 2 == 0:
        header = [h.upper() for h in header]
    rows: list[list[str]] = []
    spans = []
    for k, objective in enumerate(pk.objectives, start=1):
        first = len(rows)
        for j, indicator in enumerate(objective.indicators, start=1):
            number = f"{k}.{j}. " if pk.numbered_indicators else ""
            if indicator.subitems:
                rows.append(["", "", number + indicator.text, *([""] * (len(header) - 3))])
                for sub in indicator.subitems:
                    rows.append(["", "", f"- {sub.text}", *value_cells(pk, sub)])
            else:
                rows.append(["", "", number + indicator.text, *value_cells(pk, indicator)])
        rows[first][0] = f"{k}."
        rows[first][1] = objective.text
        if len(rows) - first > 1:
            spans += [(0, first, len(rows) - 1), (1, first, len(rows) - 1)]
    align = ["C", "L", "L", *(["C"] * (len(header) - 3))]
    return Grid(header, pk.layout == "L1b", rows, spans, WIDTHS[len(header)], align)


def value_cells(pk: Pk, indicator) -> list[str]:
    if pk.layout == "L2":
        return [indicator.satuan, indicator.target]
    if pk.layout == "L3":
        return [indicator.target, indicator.satuan]
    if pk.quarterly:
        return [indicator.target, *(indicator.quarters or ["", "", "", ""])]
    return [indicator.target]


def program_grid(pk: Pk) -> Grid | None:
    if not pk.programs:
        return None
    if pk.program_style == "table":
        header = ["No", "Program / Kegiatan", "Anggaran (Rp)", "Keterangan"]
        rows = [[f"{i}.", p.name, p.budget_text, p.note or ""] for i, p in enumerate(pk.programs, start=1)]
        total = ["", "Jumlah", pk.total_text or "", ""]
        widths, align = [0.06, 0.54, 0.24, 0.16], ["C", "L", "R", "C"]
    elif pk.program_style == "table_code":
        header = ["No", "Kode", "Program", "Anggaran", "Sumber Dana"]
        rows = [
            [f"{i}", code(pk, i), p.name, p.budget_text, p.note or ""]
            for i, p in enumerate(pk.programs, start=1)
        ]
        total = ["", "", "JUMLAH TOTAL", pk.total_text or "", ""]
        widths, align = [0.05, 0.13, 0.44, 0.24, 0.14], ["C", "C", "L", "R", "C"]
    else:
        header = ["No", "Program", "Anggaran"]
        rows = [[f"{i}.", p.name, p.budget_text] for i, p in enumerate(pk.programs, start=1)]
        total = ["", "TOTAL", pk.total_text or ""]
        widths, align = [0.06, 0.64, 0.3], ["C", "L", "R"]
    bold = set()
    if pk.total_text:
        rows.append(total)
        bold.add(len(rows) - 1)
    return Grid(header, False, rows, [], widths, align, bold, ruled=pk.program_style != "list")


def code(pk: Pk, i: int) -> str:
    return f"{(pk.year % 7) + 1}.0{(i % 3) + 1}.{i:02d}"


def party_rows(pk: Pk, person, designation: str) -> tuple[list[tuple[str, str]], str]:
    name_l, nip_l, rank_l, pos_l = pk.party_labels
    rows = [(name_l, person.name)]
    if pk.party_nip and person.nip_printed:
        rows.append((nip_l, person.nip_printed))
    if pk.party_rank and person.rank:
        rows.append((rank_l, person.rank))
    rows.append((pos_l, person.position))
    return rows, designation


def party_blocks(pk: Pk) -> list[tuple[list[tuple[str, str]], str]]:
    if pk.second is None:
        return [party_rows(pk, pk.first, "")]
    label = f"PIHAK {pk.first_label}"
    return [
        party_rows(pk, pk.first, f"Selanjutnya disebut {label}."),
        party_rows(pk, pk.second, f"Selaku atasan langsung {label}, selanjutnya disebut PIHAK KEDUA."),
    ]


def split_title(title: str, limit: int = 34) -> list[str]:
    words, lines, line = title.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


# (text, style): style "n" normal, "b" bold, "name" bold underlined, "gap" blank signature space
Line = tuple[str, str]


def person_column(pk: Pk, person, label: str | None) -> list[Line]:
    lines: list[Line] = [(label, "n")] if label else []
    lines += [(t, "n") for t in split_title(person.sig_title)]
    lines.append(("", "gap"))
    lines.append((person.sig_name, "name"))
    if person.rank:
        lines.append((person.rank, "n"))
    if person.nip_printed:
        lines.append((f"NIP. {person.nip_printed}", "n"))
    return lines


def signature_columns(pk: Pk, with_date: bool) -> tuple[list[Line], list[Line]]:
    """(left, right) columns; the date sits above PIHAK PERTAMA's column."""
    date = [(pk.date_text, "n")] if with_date else []
    if pk.second is None:
        return [], date + person_column(pk, pk.first, None)
    first = date + person_column(pk, pk.first, f"PIHAK {pk.first_label},")
    second = ([("", "n")] if with_date else []) + person_column(pk, pk.second, "PIHAK KEDUA,")
    pad_before_gap(first, second)
    return (second, first) if pk.sig_order == "kedua_left" else (first, second)


def pad_before_gap(a: list[Line], b: list[Line]) -> None:
    """Blank lines before the shorter column's signature gap, so both names sit on one line."""
    gap_a, gap_b = a.index(("", "gap")), b.index(("", "gap"))
    shorter, pad = (b, gap_a - gap_b) if gap_a > gap_b else (a, gap_b - gap_a)
    at = shorter.index(("", "gap"))
    shorter[at:at] = [("", "n")] * pad

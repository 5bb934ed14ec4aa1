"""Budget tables with a program / kegiatan / sub kegiatan hierarchy, and the program rows of their truth.

Truth follows pk-record.md and the real truth files' conventions: a row is a printed line that names
a budget item; merged group cells (a program spanning its kegiatan) are no rows; a `Total Anggaran`
column holding group subtotals gives no rows; in a one-column indented list every printed line is a
row and a heading line without an amount has budget null; names are kept without their codes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from samples.generator import structure_content as S
from samples.generator.numbers import fmt_amount
from samples.generator.ruled import Cell, RuledTable
from samples.generator.spec import Program


@dataclass
class Item:
    code: str
    name: str
    cents: int = 0
    children: list[Item] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.cents if not self.children else sum(c.total for c in self.children)


@dataclass
class Budget:
    programs: list[Item]
    style: str  # amount format of numbers.fmt_amount
    with_sen: bool

    def amount(self, cents: int) -> str:
        return fmt_amount(cents, self.style, self.with_sen)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.programs)


def draw_budget(rng: random.Random, depth: int, programs: int = 3) -> Budget:
    """Programs with kegiatan (depth 2) or kegiatan and sub kegiatan (depth 3), amounts at the leaves."""
    urusan = rng.choice(["1.02", "2.16", "1.03", "4.01", "2.21"])
    chosen = [S.SUPPORT_PROGRAM, *rng.sample(list(S.TECHNICAL_PROGRAMS), programs - 1)]
    with_sen = rng.random() < 0.3
    out = []
    for code, name, kegiatan in chosen:
        program = Item(f"{urusan}.{code}", name)
        picked = rng.sample(list(kegiatan), rng.randint(1, min(3, len(kegiatan))))
        for k_code, k_name, subs in sorted(picked):
            node = Item(f"{program.code}.{k_code}", k_name)
            if depth == 2:
                node.cents = leaf_cents(rng, with_sen)
            else:
                for s_code, s_name in sorted(rng.sample(list(subs), rng.randint(1, len(subs)))):
                    node.children.append(Item(f"{node.code}.{s_code}", s_name, leaf_cents(rng, with_sen)))
            program.children.append(node)
        out.append(program)
    return Budget(out, rng.choice(["rp_dec", "plain", "rp_dash", "plain"]), with_sen)


def leaf_cents(rng: random.Random, with_sen: bool) -> int:
    cents = rng.randint(8_000, 2_400_000) * 1000 * 100
    return cents + (rng.randint(1, 99) if with_sen else 0)


def leaves(budget: Budget) -> list[Item]:
    out = []
    for program in budget.programs:
        for kegiatan in program.children:
            out += kegiatan.children or [kegiatan]
    return out


def leaf_rows(budget: Budget) -> list[Program]:
    return [Program(i.name, budget.amount(i.cents), i.cents // 100, None) for i in leaves(budget)]


def style(**kw) -> dict:
    base = dict(borders="lines", size=8.5, padding=2.5, repeat_head=True)
    base.update(kw)
    return base


def head(labels: list[str]) -> list[Cell]:
    return [Cell(text, 0, c, align="C", valign="M", bold=True) for c, text in enumerate(labels)]


def columns_table(budget: Budget, total_label: str | None, **kw) -> RuledTable:
    """`No | Program | Kegiatan | Sub Kegiatan | Anggaran (Rp)`: program and kegiatan merged over their
    sub kegiatan; rows are the sub kegiatan."""
    body: list[Cell] = []
    row = 0
    for n, program in enumerate(budget.programs, start=1):
        span = sum(len(k.children) for k in program.children)
        body += [Cell(f"{n}.", row, 0, span, align="C"), Cell(program.name, row, 1, span, valign="M")]
        for kegiatan in program.children:
            body.append(Cell(kegiatan.name, row, 2, len(kegiatan.children), valign="M"))
            for sub in kegiatan.children:
                body += [Cell(sub.name, row, 3), Cell(budget.amount(sub.cents), row, 4, align="R")]
                row += 1
    if total_label:
        body += [
            Cell(total_label, row, 0, colspan=4, align="C", bold=True),
            Cell(budget.amount(budget.total), row, 4, align="R", bold=True),
        ]
        row += 1
    labels = ["No", "Program", "Kegiatan", "Sub Kegiatan", "Anggaran (Rp)"]
    return RuledTable([0.05, 0.24, 0.24, 0.27, 0.2], head(labels), 1, body, row, **style(**kw))


def subtotal_table(budget: Budget, total_label: str | None, **kw) -> RuledTable:
    """`No | Program | Kegiatan | Anggaran (Rp) | Total Anggaran (Rp)`: the program and its subtotal
    merged over its kegiatan; rows are the kegiatan."""
    body: list[Cell] = []
    row = 0
    for n, program in enumerate(budget.programs, start=1):
        span = len(program.children)
        body += [
            Cell(f"{n}", row, 0, span, align="C", valign="M"),
            Cell(program.name, row, 1, span, valign="M"),
            Cell(budget.amount(program.total), row, 4, span, align="R", valign="M"),
        ]
        for kegiatan in program.children:
            body += [Cell(kegiatan.name, row, 2), Cell(budget.amount(kegiatan.cents), row, 3, align="R")]
            row += 1
    if total_label:
        body += [
            Cell(total_label, row, 0, colspan=4, align="C", bold=True),
            Cell(budget.amount(budget.total), row, 4, align="R", bold=True),
        ]
        row += 1
    labels = ["No", "Program", "Kegiatan", "Anggaran (Rp)", "Total Anggaran (Rp)"]
    return RuledTable([0.05, 0.27, 0.32, 0.18, 0.18], head(labels), 1, body, row, **style(**kw))


def list_rows(budget: Budget) -> list[Program]:
    out = []
    for program in budget.programs:
        out.append(Program(program.name, "", None, None))
        for kegiatan in program.children:
            if kegiatan.children:
                out.append(Program(kegiatan.name, "", None, None))
                out += [
                    Program(s.name, budget.amount(s.cents), s.cents // 100, None) for s in kegiatan.children
                ]
            else:
                out.append(Program(kegiatan.name, budget.amount(kegiatan.cents), kegiatan.cents // 100, None))
    return out


def list_table(budget: Budget, total_label: str | None, **kw) -> RuledTable:
    """`Kode | Program / Kegiatan / Sub Kegiatan | Anggaran (Rp)`: one printed line per item, codes in
    their own column, programs bold, amounts only on the lowest level."""
    body: list[Cell] = []
    row = 0

    def line(item: Item, depth: int, amount: str) -> None:
        nonlocal row
        indent = "" if depth == 0 else ("- " if depth == 1 else "· ")
        body.extend(
            [
                Cell(item.code, row, 0, bold=depth == 0),
                Cell(indent + item.name, row, 1, bold=depth == 0),
                Cell(amount, row, 2, align="R"),
            ]
        )
        row += 1

    for program in budget.programs:
        line(program, 0, "")
        for kegiatan in program.children:
            line(kegiatan, 1, "" if kegiatan.children else budget.amount(kegiatan.cents))
            for sub in kegiatan.children:
                line(sub, 2, budget.amount(sub.cents))
    if total_label:
        body += [
            Cell(total_label, row, 0, colspan=2, align="C", bold=True),
            Cell(budget.amount(budget.total), row, 2, align="R", bold=True),
        ]
        row += 1
    labels = ["Kode", "Program / Kegiatan / Sub Kegiatan", "Anggaran (Rp)"]
    return RuledTable([0.2, 0.58, 0.22], head(labels), 1, body, row, **style(**kw))


def simple_table(programs: list[Program], total_text: str | None, **kw) -> RuledTable:
    """`No | Program | Anggaran (Rp) | Keterangan` (a Word PK's plain budget table)."""
    body: list[Cell] = []
    for r, p in enumerate(programs):
        body += [
            Cell(f"{r + 1}.", r, 0, align="C"),
            Cell(p.name, r, 1),
            Cell(p.budget_text, r, 2, align="R"),
            Cell(p.note or "", r, 3, align="C"),
        ]
    rows = len(programs)
    if total_text:
        body += [
            Cell("JUMLAH", rows, 0, colspan=2, align="C", bold=True),
            Cell(total_text, rows, 2, align="R", bold=True),
            Cell("", rows, 3),
        ]
        rows += 1
    labels = ["No", "Program", "Anggaran (Rp)", "Keterangan"]
    return RuledTable([0.07, 0.53, 0.25, 0.15], head(labels), 1, body, rows, **style(**kw))

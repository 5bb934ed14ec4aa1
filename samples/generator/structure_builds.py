"""What each structure-group file holds: PK content drawn from the seed, the tables of its layout
family, and the features it exercises.

Every builder returns a `Built`: the document's parts, its PKs (truth comes from their strings) and
`features`, starting with one `layout:<family>` that names the file's layout family for the eval's
per-source table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from samples.generator import budget_tables as B
from samples.generator import content as C
from samples.generator import structure_content as S
from samples.generator.numbers import fmt_amount, fmt_number
from samples.generator.spec import Indicator, Objective, Pk, make_indicator, make_pk
from samples.generator.structure_docs import Part, StructureDoc
from samples.generator.target_tables import TargetLayout, target_table


@dataclass
class Built:
    doc: StructureDoc
    features: list[str]
    kind: str = "pk"


def plain_specs(indicators) -> list:
    return [spec for spec in indicators if not spec[2].startswith("subitems:") and spec[2] != "compound"]


def objectives_of(
    rng: random.Random, pool, flags: dict, count: int, low: int = 2, high: int = 3
) -> list[Objective]:
    out = []
    for text, indicators in rng.sample(list(pool), min(count, len(pool))):
        specs = plain_specs(indicators)
        picked = rng.sample(specs, min(len(specs), rng.randint(low, high)))
        out.append(Objective(text, [make_indicator(rng, spec, flags) for spec in picked]))
    return out


def shared_objective(group, satuan: bool) -> Objective:
    """A sasaran whose indicators share one merged target cell (and satuan)."""
    text, indicators, target, value, unit = group
    if satuan and value is not None:
        number = fmt_number(value, 0)
        cells = [Indicator(i, number, unit or "", value, unit) for i in indicators]
    else:
        cells = [Indicator(i, target, "", value, unit) for i in indicators]
    return Objective(text, cells)


def pool_of(pk: Pk):
    """The OPD's own sasaran; a regional head's PK covers every sector."""
    if pk.agency:
        return pk.agency.objectives
    return list(C.HEAD_OBJECTIVES) + [a.objectives[0] for a in C.AGENCIES]


def flags(satuan: bool, quarterly: bool) -> dict:
    return {"satuan": satuan, "quarterly": quarterly, "english": False}


def columns(satuan: bool, sasaran: str = "Sasaran Strategis", indikator: str = "Indikator Kinerja"):
    cols = [("no", "No"), ("sasaran", sasaran), ("indikator", indikator)]
    cols += [("satuan", "Satuan")] if satuan else []
    widths = [0.06, 0.3, 0.4, 0.1, 0.14] if satuan else [0.06, 0.32, 0.42, 0.2]
    return [*cols, ("target", "Target")], widths


# ---------------------------------------------------------------------------------------------- families


def word_ruled(
    *,
    level: str,
    satuan: bool,
    borders: str,
    centred: bool,
    shade: bool,
    size: float,
    subtotal_budget: bool = False,
):
    def build(rng: random.Random) -> Built:
        pk = make_pk(rng, level=level, force=dict(layout="L2" if satuan else "L1", program_style="table"))
        regular = objectives_of(rng, pool_of(pk), flags(satuan, False), 2)
        shared = [shared_objective(g, satuan) for g in rng.sample(list(S.SHARED_TARGET_GROUPS), 2)]
        objectives = (
            [regular[0], shared[0], regular[1], shared[1]] if len(regular) > 1 else [*regular, *shared]
        )
        pk = replace(pk, objectives=objectives)
        cols, widths = columns(satuan)
        layout = TargetLayout(
            cols,
            widths,
            shared={i for i, o in enumerate(objectives) if o in shared},
            sasaran_valign="M" if centred else "T",
        )
        targets = target_table(pk, layout, borders=borders, size=size, padding=3, shade_head=shade)
        features = ["layout:word-ruled", f"borders:{borders}", "merged_target", "merged_sasaran"]
        features += ["sasaran_vertically_centred"] if centred else []
        features += ["header_shaded"] if shade else []
        features += ["satuan_column"] if satuan else []
        if subtotal_budget:
            pk, budget = hierarchy_budget(rng, pk, "subtotal", "JUMLAH", borders=borders)
            features.append("budget:total_anggaran_column")
        else:
            budget = B.simple_table(pk.programs, pk.total_text, borders=borders, size=size - 0.5)
            features.append("budget:simple")
        return Built(
            StructureDoc([pk], [Part("statement", 0), Part("annex", 0, targets=targets, budget=budget)]),
            features,
        )

    return build


def with_repeats(rng: random.Random, objectives: list[Objective], fl: dict, times: int) -> list[Objective]:
    """The same indicator under several sasaran (never twice under one), each time with its own targets."""
    spec = rng.choice(S.REPEATED_INDICATORS)
    hosts = [o for o in objectives if all(i.text != spec[0] for i in o.indicators)]
    for objective in rng.sample(hosts, min(times, len(hosts))):
        at = rng.randint(0, len(objective.indicators))
        objective.indicators.insert(at, make_indicator(rng, spec, fl))
    return objectives


def tw_columns(
    *, level: str, numbered: bool, two_row_header: bool, sasaran_count: int, size: float, borders: str
):
    def build(rng: random.Random) -> Built:
        pk = make_pk(rng, level=level, force=dict(layout="L7", landscape=False, program_style="table"))
        fl = flags(True, True)
        objectives = with_repeats(rng, objectives_of(rng, pool_of(pk), fl, sasaran_count, 2, 4), fl, 3)
        pk = replace(pk, objectives=objectives)
        if two_row_header:
            cols = [
                ("no", "No"),
                ("sasaran", "Sasaran Strategis"),
                ("indikator", "Indikator Kinerja"),
                ("satuan", "Satuan"),
                ("target", f"Target {pk.year}"),
                ("tw1", "I"),
                ("tw2", "II"),
                ("tw3", "III"),
                ("tw4", "IV"),
            ]
            widths = [0.05, 0.22, 0.3, 0.08, 0.09, 0.065, 0.065, 0.065, 0.065]
            groups = [("Target Triwulan", "tw1", "tw4")]
        else:
            cols = [
                ("sasaran", "Sasaran"),
                ("indikator", "Indikator"),
                ("satuan", "Satuan"),
                ("target", "Target"),
                ("tw1", "TW I"),
                ("tw2", "TW II"),
                ("tw3", "TW III"),
                ("tw4", "TW IV"),
            ]
            widths = [0.22, 0.32, 0.09, 0.09, 0.07, 0.07, 0.07, 0.07]
            groups = []
        layout = TargetLayout(cols, widths, groups=groups, indicator_numbers=numbered)
        targets = target_table(pk, layout, borders=borders, size=size, padding=3)
        budget = B.simple_table(pk.programs, pk.total_text, borders=borders, size=size - 0.5)
        features = [
            "layout:tw-columns",
            "quarterly_targets",
            "repeated_indicator",
            "satuan_column",
            "merged_sasaran",
            f"borders:{borders}",
        ]
        features += ["header_two_rows"] if two_row_header else ["no_number_column"]
        features += ["indicator_numbers"] if numbered else []
        return Built(
            StructureDoc([pk], [Part("statement", 0), Part("annex", 0, targets=targets, budget=budget)]),
            features,
        )

    return build


def hierarchy_budget(rng: random.Random, pk: Pk, kind: str, total_label: str | None, **style):
    """Replace the PK's programs with a hierarchy drawn for `kind`; returns (pk, table)."""
    budget = B.draw_budget(rng, 2 if kind == "subtotal" else 3)
    table = {"columns": B.columns_table, "subtotal": B.subtotal_table, "list": B.list_table}[kind](
        budget, total_label, **style
    )
    rows = B.list_rows(budget) if kind == "list" else B.leaf_rows(budget)
    total = budget.total if total_label else None
    total_text = fmt_amount(total, budget.style, budget.with_sen) if total is not None else None
    pk = replace(
        pk,
        programs=rows,
        total=None if total is None else total // 100,
        total_text=total_text,
        program_style=f"hierarchy_{kind}",
    )
    return pk, table


def program_hierarchy(*, kind: str, total_label: str | None, borders: str):
    def build(rng: random.Random) -> Built:
        pk = make_pk(rng, level="II", force=dict(layout="L1", program_style="table"))
        pk = replace(pk, objectives=objectives_of(rng, pool_of(pk), flags(False, False), 2))
        cols, widths = columns(False)
        targets = target_table(pk, TargetLayout(cols, widths), borders=borders, size=9.5, padding=3)
        pk, budget = hierarchy_budget(rng, pk, kind, total_label, borders=borders)
        features = ["layout:program-hierarchy", f"budget:{kind}", f"borders:{borders}", "merged_sasaran"]
        features += ["total_row"] if total_label else ["no_total_row"]
        features += {
            "columns": ["budget_sub_kegiatan_level", "merged_program_cells"],
            "subtotal": ["budget_kegiatan_level", "total_anggaran_column", "merged_program_cells"],
            "list": ["budget_all_levels_listed", "program_codes", "heading_rows_without_amount"],
        }[kind]
        return Built(
            StructureDoc([pk], [Part("statement", 0), Part("annex", 0, targets=targets, budget=budget)]),
            features,
        )

    return build

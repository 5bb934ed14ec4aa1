"""Structure-group families with wide or long pages: the landscape e-SAKIP print view (small font,
many columns) and tables running over ten pages, with or without the header repeated."""

from __future__ import annotations

import random
from dataclasses import replace

from samples.generator import budget_tables as B
from samples.generator import content as C
from samples.generator import structure_content as S
from samples.generator.numbers import fmt_number
from samples.generator.spec import Indicator, Objective, make_indicator, make_pk
from samples.generator.structure_builds import Built, columns, flags, objectives_of, pool_of
from samples.generator.structure_docs import Part, StructureDoc
from samples.generator.target_tables import TargetLayout, target_table

FORMULAS = (
    "(Realisasi / Target) x 100%",
    "Jumlah capaian pada tahun berjalan",
    "(Jumlah yang memenuhi standar / Jumlah seluruhnya) x 100%",
    "Nilai hasil evaluasi",
    "Jumlah dokumen yang ditetapkan",
)


def baseline(rng: random.Random, indicator: Indicator) -> str:
    if indicator.value is None:
        return "-"
    value = indicator.value * rng.uniform(0.8, 0.98)
    decimals = 0 if indicator.value.is_integer() else 2
    return fmt_number(round(value, decimals), decimals)


def esakip(*, quarterly: bool):
    def build(rng: random.Random) -> Built:
        pk = make_pk(
            rng,
            level="head" if quarterly else "II",
            force=dict(layout="L7" if quarterly else "L2", program_style="table", landscape=True),
        )
        fl = flags(True, quarterly)
        pk = replace(pk, objectives=objectives_of(rng, pool_of(pk), fl, 4, 2, 4))
        indicators = [i for o in pk.objectives for i in o.indicators]
        extras = {
            "kondisi": [baseline(rng, i) for i in indicators],
            "pj": [rng.choice(S.PENANGGUNG_JAWAB) for _ in indicators],
            "formulasi": [rng.choice(FORMULAS) for _ in indicators],
            "sumber": [rng.choice(S.SUMBER_DATA) for _ in indicators],
        }
        if quarterly:
            cols = [
                ("no", "No"),
                ("sasaran", "Sasaran Strategis"),
                ("indikator", "Indikator Kinerja"),
                ("satuan", "Satuan"),
                ("kondisi", "Kondisi Awal"),
                ("target", f"Target {pk.year}"),
                ("tw1", "TW I"),
                ("tw2", "TW II"),
                ("tw3", "TW III"),
                ("tw4", "TW IV"),
                ("pj", "Penanggung Jawab"),
            ]
            widths = [0.03, 0.19, 0.25, 0.06, 0.07, 0.07, 0.055, 0.055, 0.055, 0.055, 0.11]
            tujuan: list[tuple[str, int]] = []
        else:
            cols = [
                ("no", "No"),
                ("tujuan", "Tujuan"),
                ("sasaran", "Sasaran Strategis"),
                ("indikator", "Indikator Kinerja"),
                ("formulasi", "Formulasi"),
                ("satuan", "Satuan"),
                ("kondisi", f"Baseline {pk.year - 1}"),
                ("target", f"Target {pk.year}"),
                ("sumber", "Sumber Data"),
            ]
            widths = [0.03, 0.15, 0.16, 0.2, 0.16, 0.06, 0.07, 0.07, 0.1]
            half = len(pk.objectives) // 2
            tujuan = [
                (f"Meningkatkan kinerja {pk.organization} dalam pelayanan publik", half),
                ("Mewujudkan tata kelola perangkat daerah yang akuntabel", len(pk.objectives) - half),
            ]
        layout = TargetLayout(cols, widths, extras=extras, tujuan=tujuan)
        targets = target_table(pk, layout, size=6.5, padding=2, shade_head=True, rule=0.4)
        budget = B.simple_table(pk.programs, pk.total_text, size=7, share=0.7)
        view = (
            f"e-SAKIP {pk.region.full} | Sistem Akuntabilitas Kinerja Instansi Pemerintah"
            " | Cetak Perjanjian Kinerja"
        )
        features = [
            "layout:esakip-landscape",
            "landscape_annex",
            "small_font",
            "many_columns",
            "print_header_footer",
            "baseline_column",
            "satuan_column",
        ]
        features += (
            ["quarterly_targets", "penanggung_jawab_column"]
            if quarterly
            else ["tujuan_column", "formulasi_column", "sumber_data_column"]
        )
        parts = [Part("statement", 0), Part("annex", 0, landscape=True, targets=targets, budget=budget)]
        return Built(StructureDoc([pk], parts, print_view=view), features)

    return build


def long_objectives(rng: random.Random, fl: dict, templates: int) -> list[Objective]:
    out = []
    for sasaran, topics in S.LONG_TOPICS:
        chosen = rng.sample(list(S.LONG_TEMPLATES), templates)
        specs = [
            (t.format(t=topic), unit, kind, low, high)
            for topic in topics
            for t, unit, kind, low, high in chosen
        ]
        out.append(Objective(sasaran, [make_indicator(rng, spec, fl) for spec in specs]))
    return out


def long_table(*, repeat_head: bool, sasaran_rows: bool, satuan: bool, templates: int, size: float):
    def build(rng: random.Random) -> Built:
        agency = next(a for a in C.AGENCIES if a.name == "Dinas Kesehatan")
        pk = make_pk(
            rng,
            level="II",
            agency=agency,
            force=dict(layout="L2" if satuan else "L1", program_style="table", landscape=False),
        )
        pk = replace(pk, objectives=long_objectives(rng, flags(satuan, False), templates))
        if sasaran_rows:
            cols = [
                ("no", "No"),
                ("indikator", "Indikator Kinerja"),
                ("satuan", "Satuan"),
                ("target", "Target"),
            ]
            layout = TargetLayout(
                cols if satuan else [cols[0], cols[1], cols[3]],
                [0.08, 0.62, 0.14, 0.16] if satuan else [0.08, 0.7, 0.22],
                sasaran_rows=True,
                numbering="{k}.",
            )
        else:
            cols, widths = columns(satuan)
            layout = TargetLayout(cols, widths)
        targets = target_table(pk, layout, size=size, padding=5, repeat_head=repeat_head, borders="lines")
        budget = B.simple_table(pk.programs, pk.total_text, size=size - 1)
        features = [
            "layout:long-table",
            "table_over_10_pages",
            "header_repeated" if repeat_head else "header_not_repeated",
            "sasaran_group_rows" if sasaran_rows else "merged_sasaran_across_pages",
        ]
        features += ["satuan_column"] if satuan else []
        return Built(
            StructureDoc([pk], [Part("statement", 0), Part("annex", 0, targets=targets, budget=budget)]),
            features,
        )

    return build

"""The structure group: table layouts and document structures the other groups lack, one layout
family per file (`meta.features` starts with `layout:<family>`), so generalisation can be measured
per family: Word-style ruled tables with merged targets, TW columns, program / kegiatan / sub kegiatan
budgets, landscape e-SAKIP print views, tables over ten pages, PKs inside longer reports, and scans
holding two signed copies of one PK.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from samples.generator import report_lkjip as LK
from samples.generator import report_prose as P
from samples.generator import structure_builds as SB
from samples.generator import wide_and_long as WL
from samples.generator.scan import scan_meta, scan_pdf
from samples.generator.spec import Pk, make_pk, office_of, pick_unit, signer_names
from samples.generator.structure_docs import Part, StructureDoc, render_fp, render_rl

GROUP = "structure"
RENDERERS = {"rl": render_rl, "fp": render_fp}
RENDERER_NAMES = {"rl": "reportlab", "fp": "fpdf2"}


@dataclass(frozen=True)
class StructureEntry:
    name: str
    renderer: str
    build: Callable[[random.Random], SB.Built]
    scanned: bool = False
    group: str = GROUP

    @property
    def folder(self) -> str:
        return self.group


def subordinates(rng: random.Random, top: Pk, count: int) -> list[Pk]:
    """PKs of a Kepala Bidang under `top` and of a Kepala Seksi under that bidang (same OPD and year)."""
    bidang, seksi = pick_unit(rng, top.agency, "IV")
    force = dict(landscape=False, year=top.year)
    kabid = make_pk(
        rng,
        region=top.region,
        level="III",
        agency=top.agency,
        year=top.year,
        unit=(bidang, None),
        superior=top.first,
        force=dict(force),
    )
    out = [kabid]
    if seksi and count > 1:
        out.append(
            make_pk(
                rng,
                region=top.region,
                level="IV",
                agency=top.agency,
                year=top.year,
                unit=(bidang, seksi),
                superior=kabid.first,
                force=dict(force),
            )
        )
    return out


def minutes_with_pks(rng: random.Random) -> SB.Built:
    """Meeting minutes around three signed PKs of one OPD (Kepala Dinas, Kepala Bidang, Kepala Seksi)."""
    top = make_pk(rng, level="II", force=dict(landscape=False, objectives=2))
    pks = [top, *subordinates(rng, top, 2)]
    parts = [Part("prose", blocks=P.minutes_before(rng, pks))]
    for i in range(len(pks)):
        parts += [Part("statement", i), Part("classic_annex", i, landscape=pks[i].landscape)]
    parts.append(Part("prose", blocks=P.minutes_after(rng, top)))
    features = [
        "layout:report-embedded",
        "meeting_minutes",
        "prose_mentions_targets",
        "numbered_paragraphs",
        "draft_target_table",
        "attendance_list",
        "several_pks",
    ]
    return SB.Built(StructureDoc(pks, parts, font=top.font), features, kind="report")


def lkjip_with_pk(rng: random.Random) -> SB.Built:
    """LKjIP chapters before and after one signed PK, with a pengukuran (target vs realisasi) table."""
    pk = make_pk(rng, level="II", force=dict(landscape=False, program_style="table", objectives=2))
    parts = [
        Part("prose", blocks=LK.lkjip_before(rng, pk)),
        Part("statement", 0),
        Part("classic_annex", 0),
        Part("prose", blocks=LK.lkjip_after(rng, pk)),
    ]
    features = [
        "layout:report-embedded",
        "lkjip_report",
        "prose_mentions_targets",
        "numbered_paragraphs",
        "pengukuran_table",
        "signature_on_prose_page",
    ]
    return SB.Built(StructureDoc([pk], parts, font=pk.font), features, kind="report")


def duplicate_copies(rng: random.Random) -> SB.Built:
    """Statement and lampiran of one PK, scanned twice into one file (two signed copies)."""
    pk = make_pk(rng, level=rng.choice(["II", "III"]))
    copy = [Part("statement", 0), Part("classic_annex", 0, landscape=pk.landscape)]
    features = ["layout:duplicate-copies", "two_signed_copies", f"table:{pk.layout}"]
    return SB.Built(StructureDoc([pk], copy + copy), features, kind="duplicate-copies")


def plan() -> list[StructureEntry]:
    fam = [
        (
            "rl",
            SB.word_ruled(level="II", satuan=False, borders="rects", centred=True, shade=True, size=10),
            False,
        ),
        (
            "fp",
            SB.word_ruled(
                level="III",
                satuan=True,
                borders="lines",
                centred=False,
                shade=False,
                size=11,
                subtotal_budget=True,
            ),
            False,
        ),
        (
            "rl",
            SB.word_ruled(level="II", satuan=True, borders="rects", centred=True, shade=False, size=10),
            True,
        ),
        (
            "fp",
            SB.tw_columns(
                level="head", numbered=False, two_row_header=False, sasaran_count=7, size=10, borders="lines"
            ),
            False,
        ),
        (
            "rl",
            SB.tw_columns(
                level="II", numbered=True, two_row_header=True, sasaran_count=3, size=9, borders="rects"
            ),
            False,
        ),
        (
            "rl",
            SB.tw_columns(
                level="III", numbered=False, two_row_header=False, sasaran_count=3, size=10, borders="lines"
            ),
            True,
        ),
        ("rl", SB.program_hierarchy(kind="columns", total_label="JUMLAH", borders="rects"), False),
        ("fp", SB.program_hierarchy(kind="subtotal", total_label=None, borders="lines"), False),
        ("fp", SB.program_hierarchy(kind="list", total_label="TOTAL", borders="lines"), False),
        ("fp", WL.esakip(quarterly=True), False),
        ("rl", WL.esakip(quarterly=False), False),
        (
            "rl",
            WL.long_table(repeat_head=True, sasaran_rows=False, satuan=False, templates=8, size=12),
            False,
        ),
        ("fp", WL.long_table(repeat_head=False, sasaran_rows=True, satuan=True, templates=8, size=12), False),
        ("rl", minutes_with_pks, False),
        ("fp", lkjip_with_pk, False),
        ("rl", duplicate_copies, True),
        ("fp", duplicate_copies, True),
    ]
    tags = [
        "word",
        "word",
        "word",
        "tw",
        "tw",
        "tw",
        "budget",
        "budget",
        "budget",
        "esakip",
        "esakip",
        "long",
        "long",
        "report",
        "report",
        "dup",
        "dup",
    ]
    return [
        StructureEntry(f"st{i:02d}_{renderer}_{tag}", renderer, build, scanned)
        for i, ((renderer, build, scanned), tag) in enumerate(zip(fam, tags, strict=True), start=1)
    ]


def breaks_across_pages(doc: StructureDoc, pages: list[list[int]]) -> bool:
    parts = [sum(1 for part in doc.parts if part.pk == i) for i in range(len(doc.pks))]
    return any(len(p) > n for p, n in zip(pages, parts, strict=True))


def generate(entry: StructureEntry, out: Path, seed: int) -> Path:
    """Write `out/structure/<name>.pdf` and its truth; returns the PDF path."""
    rng = random.Random(f"{seed}:{entry.name}")
    folder = out / entry.folder
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{entry.name}.pdf"
    built = entry.build(rng)
    meta: dict = {
        "source": "generated",
        "group": entry.group,
        "scanned": entry.scanned,
        "seed": seed,
        "renderer": RENDERER_NAMES[entry.renderer],
        "kind": built.kind,
    }
    with tempfile.TemporaryDirectory() as tmp:
        digital = Path(tmp) / "digital.pdf" if entry.scanned else target
        pages = RENDERERS[entry.renderer](built.doc, digital, logo=rng.randint(0, 3))
        features = list(built.features)
        if breaks_across_pages(built.doc, pages):
            features.append("table_breaks_across_pages")
        with pdfplumber.open(digital) as pdf:
            page_count = len(pdf.pages)
        if entry.scanned:
            names: dict[int, list[str]] = {}
            offices: dict[int, str] = {}
            for pk, pk_pages in zip(built.doc.pks, pages, strict=True):
                for page in pk_pages:
                    names.setdefault(page, []).extend(signer_names(pk))
                    offices[page] = office_of(pk)
            style = scan_pdf(digital, target, rng, names, offices, ocr_layer=False)
            meta["scan"] = scan_meta(style)
        meta["features"] = [features[0], *sorted(set(features[1:]))]
    truth = {
        "schema_version": "1",
        "document": {"filename": target.name, "page_count": page_count},
        "agreements": [pk.truth(p) for pk, p in zip(built.doc.pks, pages, strict=True)],
        "meta": meta,
    }
    truth_path = folder / f"{entry.name}.truth.json"
    truth_path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target

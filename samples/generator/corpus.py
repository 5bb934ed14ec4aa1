"""The fixed corpus plan: which file exercises what, and how each one is built from the seed.

Every file draws from its own `random.Random(f"{seed}:{name}")`, so one file can be regenerated
alone, byte for byte (the regeneration test does exactly that).
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from samples.generator import content as C
from samples.generator import office, render_fpdf, render_reportlab, structure
from samples.generator.nonpk import render_nonpk
from samples.generator.scan import scan_meta, scan_pdf
from samples.generator.spec import Pk, make_pk, office_of, signer_names

DEFAULT_SEED = 2024
RENDERERS = {"rl": render_reportlab.render, "fp": render_fpdf.render}
RENDERER_NAMES = {"rl": "reportlab", "fp": "fpdf2"}


@dataclass(frozen=True)
class Entry:
    name: str
    group: str  # born-digital | scanned | bundle | non-pk
    renderer: str  # rl | fp
    build: Callable[[random.Random], list[Pk]] | None = None
    scanned: bool = False
    options: dict = field(default_factory=dict)
    nonpk: str | None = None

    @property
    def folder(self) -> str:
        return self.group


def single(**force) -> Callable[[random.Random], list[Pk]]:
    level = force.pop("level", None)
    agency = force.pop("agency", None)

    def build(rng: random.Random) -> list[Pk]:
        chosen = next((a for a in C.AGENCIES if a.name == agency), None) if agency else None
        return [make_pk(rng, level=level, agency=chosen, force=force)]

    return build


def cascade(
    size: int, *, head_first: bool = False, lampiran_only: bool = False, **force
) -> Callable[[random.Random], list[Pk]]:
    """One OPD's PKs down the hierarchy: Kepala, Kepala Bidang, Kepala Seksi (superiors shared)."""

    def build(rng: random.Random) -> list[Pk]:
        region = rng.choice(
            [r for r in C.all_regions() if r.kind != "Provinsi"] if head_first else C.all_regions()
        )
        agency = rng.choice([a for a in C.AGENCIES if len(a.bidang) > 1] if size > 3 else C.AGENCIES)
        year = rng.randint(2017, 2025)
        common = dict(force, lampiran_only=lampiran_only, year=year)
        pks: list[Pk] = []
        if head_first:
            pks.append(make_pk(rng, region=region, level="head", year=year, force=dict(common)))
        top = make_pk(rng, region=region, level="II", agency=agency, year=year, force=dict(common))
        pks.append(top)
        for bidang, seksis in agency.bidang:
            if len(pks) >= size:
                break
            kabid = make_pk(
                rng,
                region=region,
                level="III",
                agency=agency,
                year=year,
                unit=(bidang, None),
                superior=top.first,
                force=dict(common),
            )
            pks.append(kabid)
            for seksi in seksis:
                if len(pks) >= size:
                    break
                pks.append(
                    make_pk(
                        rng,
                        region=region,
                        level="IV",
                        agency=agency,
                        year=year,
                        unit=(bidang, seksi),
                        superior=kabid.first,
                        force=dict(common),
                    )
                )
        return pks[:size]

    return build


def plan() -> list[Entry | structure.StructureEntry | office.OfficeEntry]:
    born = [
        dict(level="II", kop="institutional", layout="L1", program_style="table"),
        dict(level="II", kop="logo", layout="L1b"),
        dict(level="III", layout="L2", party_nip=True, party_rank=True),
        dict(level="IV", layout="L3", sig_order="pertama_left"),
        dict(level="head", kop="office_holder", layout="L4"),
        dict(level="head", layout="L7", landscape=True),
        dict(level="II", layout="L5", revision=True),
        dict(level="III", layout="L6", first_label="KESATU", sig_order="pertama_left"),
        dict(level="head", layout="L1", long_table=True, landscape=False),
        dict(level="III", layout="L2", lampiran_only=True),
        dict(level="IV", layout="L1", lampiran_only=True, landscape=True),
        dict(level="II", agency="Dinas Peternakan", layout="L1", objectives=2),
        dict(level="II", agency="Dinas Perpustakaan dan Kearsipan", layout="L2", objectives=2),
        dict(level="II", layout="L1", year=2014),
        dict(level="II", layout="L7", landscape=True, program_style="table_code"),
        dict(level="IV", layout="L6", party_nip=True, party_rank=False),
        dict(level="II", layout="L3", program_style="list"),
        dict(level="III", agency="Dinas Peternakan", layout="L7", landscape=True),
        dict(level="II", layout="L4", revision=True, kop="none"),
        dict(level="head", layout="L2", kop="logo"),
        dict(level="II", layout="L1", long_table=True, landscape=True),
        dict(level="III", layout="L5", program_style="none"),
        dict(level="IV", layout="L1b", first_label="KESATU"),
        dict(level="II", agency="Inspektorat", layout="L1"),
        dict(level="II", agency="Dinas Komunikasi dan Informatika", layout="L3"),
        dict(level="II", agency="Dinas Kesehatan", layout="L2", lampiran_only=True),
        dict(level="III", layout="L4", year=2013),
        dict(level="II", layout="L6", english=True),
        dict(level="IV", layout="L2", program_style="table_code"),
        dict(level="II", layout="L1", party_nip=True, party_rank=True, sig_order="pertama_left"),
    ]
    entries = []
    for i, force in enumerate(born, start=1):
        renderer = "rl" if i % 2 else "fp"
        tag = force.get("layout", "x").lower()
        entries.append(
            Entry(
                f"bd{i:02d}_{renderer}_{force.get('level', 'x').lower()}_{tag}",
                "born-digital",
                renderer,
                single(**force),
            )
        )
    scanned = [
        dict(level="II"),
        dict(level="III"),
        dict(level="IV"),
        dict(level="head"),
        dict(level="II", layout="L7"),
        dict(level="II", layout="L2"),
        dict(level="III", lampiran_only=True),
        dict(level="II", landscape=True),
        dict(level="II", agency="Dinas Peternakan", layout="L1", objectives=2),
        dict(level="IV", layout="L3"),
        dict(level="head", long_table=True, layout="L1", landscape=False),
        dict(level="II", revision=True),
        dict(level="III", layout="L1b"),
        dict(level="II", layout="L4"),
        dict(level="IV", first_label="KESATU"),
        dict(level="II", agency="Dinas Perpustakaan dan Kearsipan", layout="L3", objectives=2),
        dict(level="III", layout="L6", landscape=True),
        dict(level="II", layout="L5", program_style="list"),
        dict(level="head", layout="L7", landscape=True),
        dict(level="II", lampiran_only=True, layout="L2"),
        dict(level="IV", layout="L1"),
        dict(level="II", layout="L1", sig_order="pertama_left"),
        dict(level="III", layout="L2"),
        dict(level="II", agency="Inspektorat", layout="L1"),
        dict(level="II", layout="L6", english=True),
        dict(level="IV", layout="L4"),
    ]
    for i, force in enumerate(scanned, start=1):
        renderer = "rl" if i % 2 else "fp"
        options = {"ocr_layer": True} if i % 4 == 1 else {}
        if i % 5 == 0:
            options["rotate"] = True
        entries.append(
            Entry(
                f"scan{i:02d}_{renderer}_{force.get('level', 'x').lower()}",
                "scanned",
                renderer,
                single(**force),
                scanned=True,
                options=options,
            )
        )
    faxed = [  # 1-bit fax pages: anisotropic pixels, specks, streaks, the sender's header line
        dict(level="II", layout="L2"),
        dict(level="III", layout="L1", landscape=True),
        dict(level="IV", layout="L3"),
        dict(level="head", layout="L4"),
        dict(level="II", layout="L5", program_style="list"),
        dict(level="II", agency="Dinas Peternakan", layout="L1", objectives=2),
    ]
    for i, force in enumerate(faxed, start=len(scanned) + 1):
        renderer = "rl" if i % 2 else "fp"
        options = {"fax": "standard" if i % 2 else "fine", "rotate": True if i % 5 == 0 else None}
        entries.append(Entry(f"scan{i:02d}_{renderer}_{force.get('level', 'x').lower()}_fax", "scanned",
                             renderer, single(**force), scanned=True, options=options))
    bundles = [
        ("rl", cascade(2), {}),
        ("fp", cascade(3), {}),
        ("rl", cascade(4), {}),
        ("fp", cascade(5), {}),
        ("rl", cascade(3, lampiran_only=True, landscape=False), {}),
        ("fp", cascade(4, lampiran_only=True), {}),
        ("rl", cascade(3, head_first=True), {}),
        ("fp", cascade(2, head_first=True), {}),
        ("rl", cascade(4), {"statements_first": True}),
        ("fp", cascade(3), {"statements_first": True}),
        ("rl", cascade(5, layout="L2"), {}),
        ("fp", cascade(3, layout="L7", landscape=True), {}),
        ("rl", cascade(3), {"scan": True}),
        ("fp", cascade(4, lampiran_only=True), {"scan": True}),
    ]
    for i, (renderer, build, options) in enumerate(bundles, start=1):
        entries.append(
            Entry(
                f"bundle{i:02d}_{renderer}",
                "bundle",
                renderer,
                build,
                scanned=bool(options.pop("scan", False)),
                options=options,
            )
        )
    for i, kind in enumerate(("kata_pengantar", "renaksi", "surat", "lkjip", "renaksi"), start=1):
        entries.append(Entry(f"nonpk{i:02d}_{kind}", "non-pk", "rl", nonpk=kind, scanned=i == 5))
    return entries + structure.plan() + office.plan()


def features(pks: list[Pk], entry: Entry, pages: list[list[int]]) -> list[str]:
    out: set[str] = set()
    for pk in pks:
        if not pk.lampiran_only:
            out.add(f"kop:{pk.kop}")
        out |= {f"layout:{pk.layout}", f"programs:{pk.program_style}", f"level:{pk.level}"}
        out |= {
            flag
            for flag, on in [
                ("revision", pk.is_revision),
                ("lampiran_only", pk.lampiran_only),
                ("single_signer", pk.second is None),
                ("signing_date_blank", pk.date_iso is None),
                ("landscape_annex", pk.landscape),
                ("pihak_kesatu", pk.first_label == "KESATU"),
                ("signature_pertama_left", pk.sig_order == "pertama_left"),
                ("document_number", pk.document_number is not None),
                ("penetapan_kinerja", any("PENETAPAN" in t for t in pk.title_lines)),
                ("title_two_lines", len(pk.title_lines) > 1),
                ("party_nip", pk.party_nip),
                ("party_rank", pk.party_rank),
                ("total_row", pk.total is not None),
                ("subitems", any(i.subitems for o in pk.objectives for i in o.indicators)),
                (
                    "compound_target",
                    any("Koleksi dan" in i.target for o in pk.objectives for i in o.indicators),
                ),
                ("merged_sasaran", any(len(o.indicators) > 1 for o in pk.objectives)),
            ]
            if on
        }
    if any(len(p) > (1 if pk.lampiran_only else 2) for p, pk in zip(pages, pks, strict=True)):
        out.add("table_breaks_across_pages")
    if entry.options.get("statements_first"):
        out.add("annexes_after_statements")
    if entry.options.get("fax"):
        out.add("fax")
    return sorted(out)


def generate(entry: Entry | structure.StructureEntry | office.OfficeEntry, out: Path,
             seed: int = DEFAULT_SEED) -> Path:
    """Write `out/<group>/<name>.pdf` and its truth; returns the PDF path."""
    if isinstance(entry, structure.StructureEntry):
        return structure.generate(entry, out, seed)
    if isinstance(entry, office.OfficeEntry):
        return office.generate(entry, out, seed)
    rng = random.Random(f"{seed}:{entry.name}")
    folder = out / entry.folder
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{entry.name}.pdf"
    meta: dict = {
        "source": "generated",
        "group": entry.group,
        "scanned": entry.scanned,
        "seed": seed,
        "renderer": RENDERER_NAMES[entry.renderer],
    }
    with tempfile.TemporaryDirectory() as tmp:
        digital = Path(tmp) / "digital.pdf" if entry.scanned else target
        if entry.nonpk:
            render_nonpk(entry.nonpk, rng, digital)
            pks, pages = [], []
            meta["kind"] = f"non-pk:{entry.nonpk}"
            meta["features"] = ["non_pk"]
        else:
            assert entry.build is not None
            pks = entry.build(rng)
            render = RENDERERS[entry.renderer]
            pages = render(
                pks,
                digital,
                statements_first=entry.options.get("statements_first", False),
                f4=rng.random() < 0.2,
                logo=rng.randint(0, 3),
            )
            meta["kind"] = "bundle" if len(pks) > 1 else ("lampiran-only" if pks[0].lampiran_only else "pk")
            meta["features"] = features(pks, entry, pages)
        with pdfplumber.open(digital) as pdf:
            page_count = len(pdf.pages)
        if entry.scanned:
            names: dict[int, list[str]] = {}
            offices: dict[int, str] = {}
            for pk, pk_pages in zip(pks, pages, strict=True):
                for page in pk_pages:
                    names.setdefault(page, []).extend(signer_names(pk))
                    offices[page] = office_of(pk)
            style = scan_pdf(
                digital,
                target,
                rng,
                names,
                offices,
                ocr_layer=entry.options.get("ocr_layer"),
                rotate=entry.options.get("rotate"),
                fax=entry.options.get("fax"),
            )
            meta["scan"] = scan_meta(style)
            if style.ocr_layer:
                meta["features"].append("noisy_ocr_layer")
    truth = {
        "schema_version": "1",
        "document": {"filename": target.name, "page_count": page_count},
        "agreements": [pk.truth(p) for pk, p in zip(pks, pages, strict=True)],
        "meta": meta,
    }
    truth_path = folder / f"{entry.name}.truth.json"
    truth_path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target

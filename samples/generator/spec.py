"""What one generated PK says: a seeded random draw of content and layout, and its ground truth.

A `Pk` holds every printed string once; the renderers only lay them out, and `truth()` reads the
same strings, so the truth cannot drift from the page.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from samples.generator import content as C
from samples.generator.numbers import fmt_amount, fmt_number

LAYOUTS = ("L1", "L1b", "L2", "L3", "L4", "L5", "L6", "L7")


@dataclass
class Person:
    name: str
    sig_name: str
    position: str
    sig_title: str
    nip: str | None
    nip_printed: str | None
    rank: str | None
    female: bool

    def truth(self, position: str | None, name: str | None = None) -> dict:
        return {
            "name": {"value": name or self.name},
            "nip": {"value": self.nip},
            "position": {"value": position},
            "rank": {"value": self.rank},
        }


@dataclass
class Indicator:
    text: str
    target: str = ""
    satuan: str = ""
    value: float | None = None
    unit: str | None = None
    quarters: list[str] | None = None
    subitems: list[Indicator] = field(default_factory=list)


@dataclass
class Objective:
    text: str
    indicators: list[Indicator]


@dataclass
class Program:
    name: str
    budget_text: str
    budget: int | None
    note: str | None


@dataclass
class Pk:
    """One agreement: every printed string, plus the layout choices of its pages."""

    region: C.Region
    agency: C.Agency | None
    level: str
    year: int
    is_revision: bool
    document_number: str | None
    organization: str
    sub_unit: str | None
    first: Person
    second: Person | None
    first_label: str
    place: str
    date_text: str
    date_iso: str | None
    kop: str
    kop_lines: list[str]
    title_lines: list[str]
    annex_title_lines: list[str]
    opening: str
    promises: list[str]
    party_labels: tuple[str, ...]
    party_nip: bool
    party_rank: bool
    layout: str
    numbered_indicators: bool
    objectives: list[Objective]
    programs: list[Program]
    program_style: str
    total_text: str | None
    total: int | None
    landscape: bool
    lampiran_only: bool
    sig_order: str
    font: str
    annex_date: bool

    @property
    def quarterly(self) -> bool:
        return self.layout == "L7"

    @property
    def has_satuan(self) -> bool:
        return self.layout in ("L2", "L3")

    def target_rows(self) -> list[dict]:
        rows = []
        for objective in self.objectives:
            for indicator in objective.indicators:
                leaves = indicator.subitems or [indicator]
                for leaf in leaves:
                    text = f"{indicator.text}: {leaf.text}" if indicator.subitems else leaf.text
                    quarters = None
                    if self.quarterly:
                        quarters = [{"value": None if q in ("-", "") else q} for q in leaf.quarters or []]
                    rows.append(
                        {
                            "objective": {"value": objective.text},
                            "indicator": {"value": text},
                            "target": {"value": leaf.target},
                            "target_value": {"value": leaf.value},
                            "unit": {"value": leaf.unit},
                            "quarterly_targets": quarters,
                        }
                    )
        return rows

    def truth(self, pages: list[int]) -> dict:
        if self.lampiran_only:
            first = self.first.truth(self.first.sig_title.rstrip(","), self.first.sig_name)
            second = (
                self.second.truth(self.second.sig_title.rstrip(","), self.second.sig_name)
                if self.second
                else None
            )
        else:
            first = self.first.truth(self.first.position)
            second = self.second.truth(self.second.position) if self.second else None
        return {
            "pages": pages,
            "year": {"value": self.year},
            "is_revision": {"value": self.is_revision},
            "document_number": {"value": self.document_number},
            "government": {"value": self.region.government},
            "organization": {"value": self.organization},
            "sub_unit": {"value": self.sub_unit},
            "first_party": first,
            "second_party": second,
            "signing_place": {"value": self.place},
            "signing_date": {"value": self.date_iso},
            "performance_targets": self.target_rows(),
            "programs": [
                {"name": {"value": p.name}, "budget": {"value": p.budget}, "note": {"value": p.note}}
                for p in self.programs
            ],
            "total_budget": {"value": self.total},
        }


def signer_names(pk: Pk) -> list[str]:
    """The names printed under the signatures (where a scan gets its pen strokes and stamps)."""
    return [p.sig_name for p in (pk.first, pk.second) if p]


def office_of(pk: Pk) -> str:
    """The office named on the PK's rubber stamps."""
    base = pk.agency.name if pk.agency else pk.region.head_title
    return f"{base} {pk.region.full}"


# ---------------------------------------------------------------------------------------------- people


def make_nip(rng: random.Random, year: int, female: bool) -> str:
    birth_year = year - rng.randint(34, 56)
    birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    tmt_year = min(birth_year + rng.randint(22, 31), year - 3)
    tmt_month = rng.choice([1, 3, 3, 3, 4, 10, 12])
    seq = rng.choice([1, 1, 2, 3, 4, 5, 7, 9, 11, 14, 23])
    return f"{birth:%Y%m%d}{tmt_year}{tmt_month:02d}{2 if female else 1}{seq:03d}"


def print_nip(rng: random.Random, nip: str) -> str:
    style = rng.choice(["grouped", "grouped", "grouped", "plain", "wide"])
    if style == "plain":
        return nip
    if style == "wide":
        return f"{nip[:8]}  {nip[8:14]}  {nip[14]}  {nip[15:]}"
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def print_rank(rng: random.Random, gol: str) -> str:
    pangkat = C.RANKS[gol]
    if rng.random() < 0.3:
        pangkat = pangkat.replace("Tingkat I", "Tk. I")
    style = rng.choice(["paren", "paren", "comma", "plain", "slash"])
    return {
        "paren": f"{pangkat} ({gol})",
        "comma": f"{pangkat}, {gol}",
        "plain": pangkat,
        "slash": f"{pangkat} / {gol.replace('/', '.')}",
    }[style]


def make_name(rng: random.Random, region: C.Region, female: bool) -> tuple[str, str, str]:
    """(prefix titles, core name, suffix titles)."""
    if region.province == "Bali" and rng.random() < 0.8:
        core = f"{rng.choice(C.BALI_FEMALE if female else C.BALI_MALE)} {rng.choice(C.BALI_NAMES)}"
    else:
        given = C.FEMALE_NAMES if female else C.MALE_NAMES
        parts = [rng.choice(given)]
        if rng.random() < 0.5:
            parts.append(rng.choice(given))
        parts.append(rng.choice(C.SURNAMES))
        core = " ".join(dict.fromkeys(parts))
    prefix = rng.choice(C.FEMALE_PREFIX if female else C.MALE_PREFIX)
    suffix = rng.choice(C.SUFFIXES) if rng.random() < 0.85 else ""
    if "dr." in prefix:
        suffix = rng.choice(["M.Kes.", "M.Kes", "MARS", "M.PH.", ""])
    elif "Ir." in prefix or "Dr." in prefix:
        suffix = rng.choice(["M.T.", "M.Si.", "M.M.", "", "IPU"])
    return prefix, core, suffix


def join_name(prefix: str, core: str, suffix: str) -> str:
    return f"{prefix}{core}" + (f", {suffix}" if suffix else "")


def make_person(
    rng: random.Random,
    region: C.Region,
    year: int,
    level: str,
    position: str,
    sig_title: str,
    elected: bool = False,
) -> Person:
    female = rng.random() < 0.35
    prefix, core, suffix = make_name(rng, region, female)
    sig_name = join_name(prefix, core.upper(), suffix)
    name = sig_name if rng.random() < 0.5 else join_name(prefix, core, suffix)
    if elected:
        return Person(name, sig_name, position, sig_title, None, None, None, female)
    nip = make_nip(rng, year, female)
    gol = rng.choice(C.RANKS_BY_LEVEL[level])
    return Person(name, sig_name, position, sig_title, nip, print_nip(rng, nip), print_rank(rng, gol), female)


# ---------------------------------------------------------------------------------------------- targets


def draw_value(rng: random.Random, kind: str, low: float, high: float) -> float:
    if kind == "int":
        return float(rng.randint(int(low), int(high)))
    if kind == "pct":
        step = rng.choice([1, 1, 0.5, 0.1])
        return float(round(round(rng.uniform(low, high) / step) * step, 2))
    return float(round(rng.uniform(low, high), rng.choice([1, 2])))


def make_indicator(rng: random.Random, spec: C.Indicator, pk: dict) -> Indicator:
    text, unit, kind, low, high = spec
    satuan_layout, quarterly, english = pk["satuan"], pk["quarterly"], pk["english"]
    if kind.startswith("subitems:"):
        parent_unit = text[text.rindex("(") + 1 : -1]
        subs = []
        for label in kind.split(":", 1)[1].split("|"):
            value = float(rng.randint(int(low), int(high)))
            target = fmt_number(value, 0, english)
            subs.append(
                Indicator(
                    label,
                    target,
                    parent_unit.capitalize() if satuan_layout else "",
                    value,
                    parent_unit.capitalize() if satuan_layout else parent_unit,
                    quarter_cells(rng, target, value, 0, english, "", quarterly),
                )
            )
        return Indicator(text, subitems=subs)
    if kind in ("grade", "opinion") or kind.startswith("text:"):
        target = {"grade": rng.choice(C.GRADES), "opinion": "WTP"}.get(kind) or kind.split(":", 1)[1]
        satuan = {"grade": "Predikat", "opinion": "Opini"}.get(kind, "Kategori") if satuan_layout else ""
        quarters = ["-", "-", "-", target] if quarterly else None
        return Indicator(text, target, satuan, None, satuan or None, quarters)
    if kind == "compound":
        target = f"{fmt_number(rng.randint(1200, 9800), 0, english)} Koleksi dan {rng.randint(5, 60)} Naskah"
        quarters = ["-", "-", "-", target] if quarterly else None
        return Indicator(text, target, "", None, None, quarters)
    value = draw_value(rng, "int" if kind == "level" else kind, low, high)
    decimals = 0 if value.is_integer() else len(f"{value}".split(".")[1])
    number = fmt_number(value, decimals, english)
    if satuan_layout:
        satuan = "Persen" if unit == "%" and rng.random() < 0.6 else (unit or "Indeks")
        return Indicator(
            text,
            number,
            satuan,
            value,
            satuan,
            quarter_cells(rng, number, value, decimals, english, "", quarterly),
        )
    if unit and unit.startswith("per "):
        return Indicator(
            f"{text} ({unit})",
            number,
            "",
            value,
            unit,
            quarter_cells(rng, number, value, decimals, english, "", quarterly),
        )
    if unit in (None, "Indeks", "Nilai"):
        return Indicator(
            text, number, "", value, None, quarter_cells(rng, number, value, decimals, english, "", quarterly)
        )
    if unit == "%":
        if rng.random() < 0.25:
            return Indicator(
                f"{text} (%)",
                number,
                "",
                value,
                "%",
                quarter_cells(rng, number, value, decimals, english, "", quarterly),
            )
        sep = rng.choice([" ", " ", ""])
        return Indicator(
            text,
            f"{number}{sep}%",
            "",
            value,
            "%",
            quarter_cells(rng, number, value, decimals, english, f"{sep}%", quarterly),
        )
    return Indicator(
        text,
        f"{number} {unit}",
        "",
        value,
        unit,
        quarter_cells(rng, number, value, decimals, english, f" {unit}", quarterly),
    )


def quarter_cells(
    rng: random.Random, annual: str, value: float, decimals: int, english: bool, suffix: str, quarterly: bool
) -> list[str] | None:
    if not quarterly:
        return None
    if rng.random() < 0.4:
        return ["-", "-", "-", annual + suffix]
    cells = [
        fmt_number(round(value * share, decimals), decimals, english) + suffix for share in (0.25, 0.5, 0.75)
    ]
    return [*cells, annual + suffix]


# ---------------------------------------------------------------------------------------------- text

OPENINGS = [
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
    "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta "
    "berorientasi pada hasil, yang bertandatangan dibawah ini :",
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, akuntabel serta "
    "berorientasi pada hasil, kami yang bertanda tangan dibawah ini:",
]


def promises(rng: random.Random, label: str, year: int, single: bool) -> list[str]:
    first = f"PIHAK {label}" if not single else "Saya"
    inline = f" pada tahun {year}" if rng.random() < 0.5 else ""
    text = [
        f"{first} berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini"
        f"{inline}, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
        "dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung "
        "jawab kami."
    ]
    if not single:
        text.append(
            "PIHAK KEDUA akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
            "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
            "pemberian penghargaan dan sanksi."
        )
    return text


def date_line(rng: random.Random, place: str, year: int, revision: bool) -> tuple[str, str | None]:
    if revision:
        date = dt.date(year, rng.randint(7, 10), rng.randint(1, 28))
    elif rng.random() < 0.15:
        date = dt.date(year - 1, 12, rng.randint(20, 31))
    else:
        date = dt.date(year, rng.choice([1, 1, 1, 2, 2, 3]), rng.randint(1, 28))
    style = rng.choices(["full", "blank_day", "dots", "blank_both"], [6, 2, 1, 1])[0]
    month = C.MONTHS[date.month - 1]
    if style == "full":
        day = f"{date.day:02d}" if rng.random() < 0.3 else str(date.day)
        return f"{place}, {day} {month} {date.year}", date.isoformat()
    if style == "blank_day":
        return f"{place},       {month} {date.year}", None
    if style == "dots":
        return f"{place}, ........ {month} {date.year}", None
    return f"{place},                     {date.year}", None


# ---------------------------------------------------------------------------------------------- the PK


def head_position(region: C.Region) -> str:
    return f"{region.head_title} {region.name}"


def budgets(rng: random.Random, names: list[str], style: str) -> tuple[list[Program], str | None, int | None]:
    with_sen = rng.random() < 0.2
    fmt = rng.choice(["rp_dec", "plain", "rp_dash", "rp_plain"])
    cents_total = 0
    programs = []
    for name in names:
        cents = rng.randint(150_000, 25_000_000) * 1000 * 100
        if with_sen:
            cents += rng.randint(1, 99)
        cents_total += cents
        note = rng.choice(C.FUNDING) if style in ("table", "table_code") else None
        programs.append(Program(name, fmt_amount(cents, fmt, with_sen), cents // 100, note))
    if style == "list_nototal" or rng.random() < 0.15:
        return programs, None, None
    return programs, fmt_amount(cents_total, fmt, with_sen), cents_total // 100


def make_pk(
    rng: random.Random,
    *,
    region: C.Region | None = None,
    level: str | None = None,
    agency: C.Agency | None = None,
    year: int | None = None,
    unit: tuple[C.Unit, C.Unit | None] | None = None,
    superior: Person | None = None,
    force: dict | None = None,
) -> Pk:
    """Draw one PK. `force` pins layout choices (kop, layout, landscape, lampiran_only, ...)."""
    force = force or {}
    region = region or rng.choice(C.all_regions())
    level = level or rng.choice(["II", "II", "III", "IV", "head"])
    year = year or force.get("year") or rng.randint(2016, 2025)
    revision = force.get("revision", rng.random() < 0.15)
    english = force.get("english", rng.random() < 0.1)
    layout = force.get("layout") or rng.choice(LAYOUTS)
    region_words = region.full if region.kind != "Provinsi" else f"Provinsi {region.name}"
    single = level == "head"

    if single:
        agency = None
        pj = rng.random() < 0.3
        title = head_position(region)
        position = ("Pj. " if pj else "") + title
        first = make_person(rng, region, year, "head", position, f"{position.upper()},", elected=not pj)
        second = None
        organization, sub_unit = region.government, None
        objectives_pool, program_pool = C.HEAD_OBJECTIVES, list(C.HEAD_PROGRAMS)
    else:
        agency = agency or rng.choice(C.AGENCIES)
        objectives_pool, program_pool = agency.objectives, list(agency.programs)
        organization = agency.name
        if level == "II":
            sub_unit = None
            position = f"{agency.head} {region_words}"
            first = make_person(rng, region, year, "II", position, f"{agency.head.upper()},")
            head = head_position(region)
            pj = rng.random() < 0.25
            second = superior or make_person(
                rng,
                region,
                year,
                "head",
                ("Pj. " if pj else "") + head,
                (("Pj. " if pj else "") + head).upper() + ",",
                elected=not pj,
            )
        else:
            bidang, seksi = unit or pick_unit(rng, agency, level)
            own = seksi if level == "IV" and seksi else bidang
            sub_unit = own.name
            long = rng.random() < 0.5
            position = f"{own.head} {agency.name} {region_words}" if long else own.head
            first = make_person(
                rng, region, year, "IV" if own is seksi else "III", position, f"{own.head.upper()},"
            )
            if superior:
                second = superior
            elif own is seksi:
                second = make_person(rng, region, year, "III", bidang.head, f"{bidang.head.upper()},")
            else:
                head = f"{agency.head} {region_words}"
                second = make_person(rng, region, year, "II", head, f"{agency.head.upper()},")
    first_label = force.get("first_label") or ("KESATU" if rng.random() < 0.3 else "PERTAMA")

    flags = {"satuan": layout in ("L2", "L3"), "quarterly": layout == "L7", "english": english}
    n_obj = force.get("objectives") or rng.randint(1, min(3, len(objectives_pool)))
    chosen = rng.sample(list(objectives_pool), n_obj)
    objectives = []
    for text, indicators in chosen:
        count = rng.randint(1, len(indicators))
        objectives.append(
            Objective(
                text, [make_indicator(rng, spec, flags) for spec in rng.sample(list(indicators), count)]
            )
        )
    if force.get("long_table"):
        objectives = long_objectives(rng, objectives_pool, flags)

    program_style = force.get("program_style") or rng.choice(["table", "table", "table_code", "list", "none"])
    if program_style == "none":
        programs, total_text, total = [], None, None
    else:
        names = rng.sample(program_pool, rng.randint(2, min(5, len(program_pool))))
        programs, total_text, total = budgets(rng, names, program_style)

    place = region.seat
    date_text, date_iso = date_line(rng, place, year, revision)
    kop = force.get("kop") or (
        rng.choice(["office_holder", "logo"])
        if single
        else rng.choice(["institutional", "institutional", "logo", "none"])
    )
    kop_lines = make_kop(rng, region, agency, kop)
    title_lines, document_number = make_title(rng, year, revision, first, agency, region_words, single)
    kind = "PERJANJIAN KINERJA PERUBAHAN" if revision else "PERJANJIAN KINERJA"
    annex_title = [
        f"LAMPIRAN {kind} TAHUN {year}" if rng.random() < 0.5 else f"{kind} TAHUN {year}",
        first.sig_title.rstrip(","),
    ]
    if agency and level != "II":
        annex_title.append(agency.name.upper())
    annex_title.append(region_words.upper())
    labels = rng.choice(
        [
            ("Nama", "NIP", "Pangkat/Gol.", "Jabatan"),
            ("NAMA", "NIP", "PANGKAT", "JABATAN"),
            ("Nama", "NIP", "Pangkat/Golongan", "Jabatan"),
        ]
    )
    return Pk(
        region=region,
        agency=agency,
        level=level,
        year=year,
        is_revision=revision,
        document_number=None if force.get("lampiran_only") else document_number,
        organization=organization,
        sub_unit=sub_unit,
        first=first,
        second=second,
        first_label=first_label,
        place=place,
        date_text=date_text,
        date_iso=date_iso,
        kop=kop,
        kop_lines=kop_lines,
        title_lines=title_lines,
        annex_title_lines=annex_title,
        opening=rng.choice(OPENINGS),
        promises=promises(rng, first_label, year, single),
        party_labels=labels,
        party_nip=force.get("party_nip", rng.random() < 0.4),
        party_rank=force.get("party_rank", rng.random() < 0.5),
        layout=layout,
        numbered_indicators=rng.random() < 0.3,
        objectives=objectives,
        programs=programs,
        program_style=program_style,
        total_text=total_text,
        total=total,
        landscape=force.get("landscape", layout == "L7" or rng.random() < 0.25),
        lampiran_only=force.get("lampiran_only", False),
        sig_order=force.get("sig_order") or ("kedua_left" if rng.random() < 0.75 else "pertama_left"),
        font=rng.choice(["Times", "Helvetica", "Times"]),
        annex_date=rng.random() < 0.6,
    )


def long_objectives(rng: random.Random, pool, flags: dict) -> list[Objective]:
    """Objectives of every sector (a regional head's PK lists them all), so the table breaks across pages."""
    specs = list(pool) + [objective for agency in C.AGENCIES for objective in agency.objectives[:2]]
    seen: set[str] = set()
    objectives = []
    for text, indicators in specs:
        fresh = [spec for spec in indicators if spec[0] not in seen]
        seen.update(spec[0] for spec in fresh)
        if fresh and text not in {o.text for o in objectives}:
            objectives.append(Objective(text, [make_indicator(rng, spec, flags) for spec in fresh]))
    return objectives


def pick_unit(rng: random.Random, agency: C.Agency, level: str) -> tuple[C.Unit, C.Unit | None]:
    bidang, seksis = rng.choice(agency.bidang)
    if level == "IV" and seksis:
        return bidang, rng.choice(seksis)
    return bidang, None


def make_kop(rng: random.Random, region: C.Region, agency: C.Agency | None, kop: str) -> list[str]:
    if kop == "office_holder":
        return [head_position(region).upper()]
    if kop != "institutional" or agency is None:
        return []
    gov = (
        ("PEMERINTAH PROPINSI " if rng.random() < 0.2 else "PEMERINTAH PROVINSI ") + region.name.upper()
        if region.kind == "Provinsi"
        else f"PEMERINTAH {region.full.upper()}"
    )
    phone = f"({rng.randint(21, 999):04d}) {rng.randint(300000, 899999)}"
    slug = region.name.lower().replace(" ", "")
    return [
        gov,
        agency.name.upper(),
        f"{rng.choice(C.STREETS)}, {region.seat} Telp. {phone} Kode Pos {rng.randint(20000, 98999)}",
        f"Laman: {agency.short.lower()}.{slug}.go.id  Pos-el: {agency.short.lower()}@{slug}.go.id",
    ]


def make_title(
    rng: random.Random,
    year: int,
    revision: bool,
    first: Person,
    agency: C.Agency | None,
    region_words: str,
    single: bool,
) -> tuple[list[str], str | None]:
    if revision:
        lines = rng.choice(
            [
                [f"PERJANJIAN KINERJA PERUBAHAN TAHUN {year}"],
                ["PERUBAHAN PERJANJIAN KINERJA", f"TAHUN {year}"],
                [f"PERJANJIAN KINERJA TAHUN {year} (PERUBAHAN)"],
            ]
        )
    elif year <= 2015 and rng.random() < 0.7:
        lines = [f"PENETAPAN KINERJA TAHUN {year}"]
    else:
        lines = rng.choice(
            [
                [f"PERJANJIAN KINERJA TAHUN {year}"],
                ["PERJANJIAN KINERJA", f"TAHUN {year}"],
                ["PERNYATAAN PERJANJIAN KINERJA", f"TAHUN {year}"],
            ]
        )
    if not single and rng.random() < 0.5:
        lines += [first.sig_title.rstrip(",")]
        if agency and not first.sig_title.startswith(agency.head.upper()):
            lines.append(agency.name.upper())
        lines.append(region_words.upper())
    number = None
    if rng.random() < 0.3:
        short = agency.short if agency else "Setda"
        number = f"{rng.choice(['800', '050', '061', '000.8'])}/{rng.randint(11, 999)}/{short}/{year}"
        lines.append(f"Nomor : {number}")
    return lines, number

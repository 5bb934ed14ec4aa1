"""Documents of the structure group, drawn by either route: a sequence of parts (PK statement pages,
annexes with ruled tables, the classic annex, prose), each part starting on a new page.

The reportlab route places parts as platypus flowables (ruled tables split at row boundaries); the
fpdf2 route draws them with its own page breaks. Both return the 1-based pages of each PK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from samples.generator import render_fpdf as FP
from samples.generator import render_reportlab as RL
from samples.generator.report_prose import Block
from samples.generator.ruled import Cell, RuledTable
from samples.generator.ruled_surfaces import RuledFlowable, draw_fpdf
from samples.generator.spec import Pk


@dataclass
class Part:
    kind: str  # statement | annex (ruled tables) | classic_annex (the corpus' usual annex) | prose
    pk: int | None = None
    landscape: bool = False
    targets: RuledTable | None = None
    budget: RuledTable | None = None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class StructureDoc:
    pks: list[Pk]
    parts: list[Part]
    print_view: str | None = None  # header line of a web application's print view (e-SAKIP)
    font: str = "Times"


def prose_table(payload) -> RuledTable:
    labels, rows, widths = payload
    head = [Cell(text, 0, c, align="C", valign="M", bold=True) for c, text in enumerate(labels)]
    wordy = {c for c in range(len(labels)) if sum(len(row[c].split()) > 2 for row in rows) * 2 > len(rows)}
    body = [
        Cell(text, r, c, align="L" if c in wordy else "C")
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return RuledTable(widths, head, 1, body, len(rows), size=9.0)


# ---------------------------------------------------------------------------------------------- reportlab


def rl_prose(blocks: list[Block], st: RL.Styles, width: float) -> list:
    left = ParagraphStyle("left", parent=st.body, fontName=st.bold)
    hanging = ParagraphStyle("hanging", parent=st.body, leftIndent=18, firstLineIndent=-18)
    story: list = []
    for style, payload in blocks:
        if style == "title":
            story.append(Paragraph(RL.esc(str(payload)), st.title))
        elif style == "h":
            story += [Spacer(1, 6), Paragraph(RL.esc(str(payload)), left), Spacer(1, 3)]
        elif style == "p":
            story += [Paragraph(RL.esc(str(payload)), st.indent), Spacer(1, 4)]
        elif style == "n":
            story += [Paragraph(RL.esc(str(payload)), hanging), Spacer(1, 3)]
        elif style == "kv":
            label, value = payload  # type: ignore[misc]
            story.append(Paragraph(f"{RL.esc(label)} : {RL.esc(value)}", st.body))
        elif style == "table":
            story += [Spacer(1, 4), RuledFlowable(prose_table(payload), (st.regular, st.bold)), Spacer(1, 6)]
        elif style == "sig":
            column = [Paragraph(RL.esc(line) or "&nbsp;", st.sig) for line in payload]  # type: ignore[union-attr]
            story += [Spacer(1, 12), Table([["", column]], colWidths=[width / 2, width / 2])]
        else:
            story.append(Spacer(1, 12))
    return story


def rl_annex(pk: Pk, part: Part, st: RL.Styles, width: float) -> list:
    story: list = [Paragraph(RL.esc(line), st.title) for line in pk.annex_title_lines]
    fonts = (st.regular, st.bold)
    story += [Spacer(1, 10), RuledFlowable(part.targets, fonts)]
    if part.budget:
        story += [Spacer(1, 12), CondPageBreak(90), RuledFlowable(part.budget, fonts)]
    with_date = pk.annex_date or pk.lampiran_only
    story += [Spacer(1, 18), KeepTogether(RL.signature(pk, width, st, with_date))]
    return story


def render_rl(doc: StructureDoc, path: Path, *, logo: int = 0) -> list[list[int]]:
    pw, ph = A4
    lw, lh = landscape(A4)

    def decorate(canv, _doc) -> None:
        if not doc.print_view:
            return
        canv.saveState()
        canv.setFont("Helvetica", 7)
        width, height = canv._pagesize
        canv.drawString(14 * mm, height - 9 * mm, doc.print_view)
        canv.drawRightString(width - 14 * mm, 8 * mm, f"Halaman {canv.getPageNumber()}")
        canv.restoreState()

    template = BaseDocTemplate(
        str(path),
        pagesize=A4,
        invariant=1,
        title="Perjanjian Kinerja",
        author="pk-extract sample generator",
        creator="reportlab",
    )
    template.addPageTemplates(
        [
            PageTemplate(
                "P",
                [Frame(22 * mm, 18 * mm, pw - 42 * mm, ph - 36 * mm, id="p")],
                pagesize=A4,
                onPage=decorate,
            ),
            PageTemplate(
                "L",
                [Frame(14 * mm, 14 * mm, lw - 28 * mm, lh - 28 * mm, id="l")],
                pagesize=(lw, lh),
                onPage=decorate,
            ),
        ]
    )
    marks: list[list[list[int]]] = [[] for _ in doc.pks]
    story: list = []
    for part in doc.parts:
        orientation = "L" if part.landscape else "P"
        width = (lw - 28 * mm) if part.landscape else (pw - 42 * mm)
        if story or orientation == "L":
            story += [NextPageTemplate(orientation), PageBreak()]
        pk = doc.pks[part.pk] if part.pk is not None else None
        st = RL.Styles(pk.font if pk else doc.font, 11)
        if pk is None:
            story += rl_prose(part.blocks, st, width)
            continue
        start: list[int] = []
        end: list[int] = []
        marks[part.pk] += [start, end]  # type: ignore[index]
        story.append(RL.PageMark(start))
        if part.kind == "statement":
            story += RL.statement(pk, st, pw - 42 * mm, logo)
        elif part.kind == "classic_annex":
            story += RL.annex(pk, st, width)
        else:
            story += rl_annex(pk, part, st, width)
        story.append(RL.PageMark(end))
    template.build(story)
    return [RL.page_ranges(m) for m in marks]


# ---------------------------------------------------------------------------------------------- fpdf2


class PrintDoc(FP.Doc):
    """fpdf2 document with a web application's print header and page footer."""

    print_view: str | None = None

    def header(self):
        if self.print_view:
            self.set_font("Helvetica", "", 7)
            self.text(40, 26, self.print_view)

    def footer(self):
        if self.print_view:
            self.set_font("Helvetica", "", 7)
            self.set_xy(self.w - 150, self.h - 28)
            self.cell(110, 10, f"Halaman {self.page_no()} dari {{nb}}", align="R")


def fp_prose(pdf: FP.Doc, blocks: list[Block], font: str) -> None:
    for style, payload in blocks:
        if style == "title":
            pdf.set_font(font, "B", 12)
            pdf.multi_cell(pdf.width, 15, str(payload), align="C", new_x="LMARGIN", new_y="NEXT")
        elif style == "h":
            pdf.ln(5)
            pdf.set_font(font, "B", 11)
            pdf.multi_cell(pdf.width, 15, str(payload), align="L", new_x="LMARGIN", new_y="NEXT")
        elif style in ("p", "n"):
            pdf.set_font(font, "", 11)
            indent = 18 if style == "n" else 0
            pdf.set_x(pdf.l_margin + indent)
            text = str(payload) if style == "n" else "        " + str(payload)
            pdf.multi_cell(pdf.width - indent, 15, text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif style == "kv":
            label, value = payload  # type: ignore[misc]
            pdf.set_font(font, "", 11)
            pdf.cell(110, 15, label)
            pdf.multi_cell(pdf.width - 110, 15, f": {value}", new_x="LMARGIN", new_y="NEXT")
        elif style == "table":
            pdf.ln(4)
            draw_fpdf(pdf, prose_table(payload), font, pdf.width)
            pdf.ln(6)
        elif style == "sig":
            pdf.ln(12)
            pdf.set_font(font, "", 11)
            for line in payload:  # type: ignore[union-attr]
                pdf.set_x(pdf.l_margin + pdf.width / 2)
                pdf.cell(pdf.width / 2, 14 if line else 40, line, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(12)


def render_fp(doc: StructureDoc, path: Path, *, logo: int = 0) -> list[list[int]]:
    pdf = PrintDoc(False)
    pdf.print_view = doc.print_view
    pages: list[set[int]] = [set() for _ in doc.pks]
    for part in doc.parts:
        pdf.add_page(orientation="L" if part.landscape else "P")
        start = pdf.page_no()
        pk = doc.pks[part.pk] if part.pk is not None else None
        if pk is None:
            fp_prose(pdf, part.blocks, doc.font)
            continue
        if part.kind == "statement":
            FP.statement(pdf, pk, logo)
        elif part.kind == "classic_annex":
            FP.annex(pdf, pk)
        else:
            FP.titles(pdf, pk.annex_title_lines, pk.font)
            draw_fpdf(pdf, part.targets, pk.font, pdf.width)  # type: ignore[arg-type]
            if part.budget:
                pdf.ln(12)
                if pdf.get_y() + 90 > pdf.h - pdf.b_margin:
                    pdf.add_page(same=True)
                draw_fpdf(pdf, part.budget, pk.font, pdf.width)
            pdf.ln(18)
            FP.signature(pdf, pk, pk.annex_date or pk.lampiran_only)
        pages[part.pk].update(range(start, pdf.page_no() + 1))  # type: ignore[index]
    pdf.output(str(path))
    return [sorted(p) for p in pages]

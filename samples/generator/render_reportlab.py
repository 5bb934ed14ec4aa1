"""Route 1: reportlab platypus (flowing paragraphs, real tables with spans and repeated headers)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from samples.generator import layout as L
from samples.generator.logos import Shape, garuda, shield
from samples.generator.spec import Pk

F4 = (215 * mm, 330 * mm)


def fonts(family: str) -> tuple[str, str]:
    return ("Times-Roman", "Times-Bold") if family == "Times" else ("Helvetica", "Helvetica-Bold")


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PageMark(Flowable):
    """Zero-size marker that records the page it lands on (pages of each PK in a bundle)."""

    def __init__(self, sink: list[int]):
        super().__init__()
        self.sink = sink

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        self.sink.append(self.canv.getPageNumber())


class Emblem(Flowable):
    def __init__(self, shapes: list[Shape], size: float, align: str = "CENTER"):
        super().__init__()
        self.shapes, self.size, self.hAlign = shapes, size, align

    def wrap(self, *_):
        return self.size, self.size

    def draw(self):
        draw_shapes(self.canv, self.shapes, 0, 0, self.size)


def draw_shapes(canv, shapes: list[Shape], x: float, y: float, size: float) -> None:
    for shape in shapes:
        canv.setLineWidth(0.6)
        if shape.fill:
            canv.setFillColorRGB(*shape.fill)
        if shape.stroke:
            canv.setStrokeColorRGB(*shape.stroke)
        if shape.kind == "circle":
            (cx, cy), (r, _) = shape.points
            canv.circle(
                x + cx * size,
                y + cy * size,
                r * size,
                stroke=1 if shape.stroke else 0,
                fill=1 if shape.fill else 0,
            )
        else:
            path = canv.beginPath()
            px, py = shape.points[0]
            path.moveTo(x + px * size, y + py * size)
            for px, py in shape.points[1:]:
                path.lineTo(x + px * size, y + py * size)
            path.close()
            canv.drawPath(path, stroke=1 if shape.stroke else 0, fill=1 if shape.fill else 0)
    canv.setFillColorRGB(0, 0, 0)
    canv.setStrokeColorRGB(0, 0, 0)


class Kop(Flowable):
    """Institutional letterhead: logo left, centred uppercase lines, double rule below."""

    def __init__(self, lines: list[str], logo: list[Shape], width: float, font: tuple[str, str]):
        super().__init__()
        self.lines, self.logo, self.width, self.font = lines, logo, width, font

    def wrap(self, *_):
        return self.width, 78

    def draw(self):
        canv = self.canv
        draw_shapes(canv, self.logo, 4, 12, 62)
        sizes = [14, 15, 8.5, 8.5]
        y = 64
        room = self.width - 80
        for i, text in enumerate(self.lines):
            font, size = self.font[1] if i < 2 else self.font[0], sizes[min(i, 3)]
            size = min(size, size * room / max(canv.stringWidth(text, font, size), 1))
            canv.setFont(font, size)
            canv.drawCentredString(self.width / 2 + 34, y, text)
            y -= sizes[min(i, 3)] + 4
        canv.setLineWidth(2.2)
        canv.line(0, 4, self.width, 4)
        canv.setLineWidth(0.6)
        canv.line(0, 1, self.width, 1)


class Styles:
    def __init__(self, family: str, size: float):
        regular, bold = fonts(family)
        self.regular, self.bold = regular, bold
        self.body = ParagraphStyle(
            "body",
            fontName=regular,
            fontSize=size,
            leading=size * 1.35,
            alignment=TA_JUSTIFY,
            firstLineIndent=0,
        )
        self.indent = ParagraphStyle("indent", parent=self.body, firstLineIndent=28)
        self.title = ParagraphStyle(
            "title", fontName=bold, fontSize=size + 1.5, leading=size * 1.5, alignment=TA_CENTER
        )
        self.cell = ParagraphStyle(
            "cell", fontName=regular, fontSize=size - 1.5, leading=(size - 1.5) * 1.2, alignment=TA_LEFT
        )
        self.cell_c = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.cell_r = ParagraphStyle("cellr", parent=self.cell, alignment=2)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=bold, alignment=TA_CENTER)
        self.sig = ParagraphStyle(
            "sig", fontName=regular, fontSize=size, leading=size * 1.25, alignment=TA_CENTER
        )


def grid_table(grid: L.Grid, width: float, st: Styles) -> Table:
    style_for = {"L": st.cell, "C": st.cell_c, "R": st.cell_r}
    data = [[Paragraph(esc(h), st.head) for h in grid.header]]
    if grid.numbered:
        data.append([Paragraph(f"<i>{i}</i>", st.cell_c) for i in range(1, len(grid.header) + 1)])
    head_rows = len(data)
    for r, row in enumerate(grid.rows):
        cells = []
        for c, text in enumerate(row):
            text = esc(text)
            if r in grid.bold_rows and text:
                text = f"<b>{text}</b>"
            cells.append(Paragraph(text, style_for[grid.align[c]]))
        data.append(cells)
    table = Table(data, colWidths=[w * width for w in grid.widths], repeatRows=head_rows)
    commands = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("VALIGN", (0, head_rows), (1, -1), "TOP")]
    if grid.ruled:
        commands += [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
        ]
    else:
        commands += [("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black)]
    for col, first, last in grid.spans:
        commands.append(("SPAN", (col, first + head_rows), (col, last + head_rows)))
    table.setStyle(TableStyle(commands))
    return table


def signature(pk: Pk, width: float, st: Styles, with_date: bool) -> Table:
    left, right = L.signature_columns(pk, with_date)

    def column(lines: list[L.Line]) -> list:
        out = []
        for text, kind in lines:
            if kind == "gap":
                out.append(Spacer(1, 58))
            elif kind == "name":
                out.append(Paragraph(f"<b><u>{esc(text)}</u></b>", st.sig))
            else:
                out.append(Paragraph(esc(text) or "&nbsp;", st.sig))
        return out

    table = Table([[column(left), column(right)]], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def statement(pk: Pk, st: Styles, width: float, logo: int) -> list:
    story: list = []
    if pk.kop == "institutional" and pk.kop_lines:
        story += [Kop(pk.kop_lines, shield(logo), width, (st.regular, st.bold)), Spacer(1, 14)]
    elif pk.kop == "office_holder":
        story += [Emblem(garuda(), 58), Spacer(1, 4)]
        story += [Paragraph(esc(line), st.title) for line in pk.kop_lines] + [Spacer(1, 10)]
    elif pk.kop == "logo":
        story += [Emblem(shield(logo), 62), Spacer(1, 12)]
    story += [Paragraph(esc(line), st.title) for line in pk.title_lines]
    story += [Spacer(1, 14), Paragraph(esc(pk.opening), st.body), Spacer(1, 6)]
    for rows, designation in L.party_blocks(pk):
        data = [
            [Paragraph(esc(k), st.body), Paragraph(":", st.body), Paragraph(esc(v), st.body)] for k, v in rows
        ]
        table = Table(data, colWidths=[0.2 * width, 0.04 * width, 0.7 * width], hAlign="RIGHT")
        table.setStyle(
            TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)])
        )
        story += [table]
        if designation:
            story += [Spacer(1, 3), Paragraph(esc(designation), st.body)]
        story += [Spacer(1, 6)]
    story += [Paragraph(esc(text), st.indent) for text in pk.promises]
    story += [Spacer(1, 16), KeepTogether(signature(pk, width, st, True))]
    return story


def annex(pk: Pk, st: Styles, width: float) -> list:
    story: list = [Paragraph(esc(line), st.title) for line in pk.annex_title_lines]
    story += [Spacer(1, 10), grid_table(L.target_grid(pk), width, st)]
    programs = L.program_grid(pk)
    if programs:
        story += [Spacer(1, 12), CondPageBreak(80), grid_table(programs, width * 0.9, st)]
    story += [Spacer(1, 18), KeepTogether(signature(pk, width, st, pk.annex_date or pk.lampiran_only))]
    return story


def render(
    pks: list[Pk], path: Path, *, statements_first: bool = False, f4: bool = False, logo: int = 0
) -> list[list[int]]:
    """Write the PDF; returns the 1-based pages of each PK."""
    size = F4 if f4 else A4
    margins = dict(leftMargin=22 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm)
    doc = BaseDocTemplate(
        str(path),
        pagesize=size,
        invariant=1,
        title="Perjanjian Kinerja",
        author="pk-extract sample generator",
        creator="reportlab",
        **margins,
    )
    pw, ph = size
    lw, lh = landscape(size)
    doc.addPageTemplates(
        [
            PageTemplate("P", [Frame(22 * mm, 18 * mm, pw - 42 * mm, ph - 36 * mm, id="p")], pagesize=size),
            PageTemplate(
                "L", [Frame(18 * mm, 15 * mm, lw - 36 * mm, lh - 30 * mm, id="l")], pagesize=(lw, lh)
            ),
        ]
    )
    marks: list[list[list[int]]] = [[] for _ in pks]
    story: list = []

    def segment(i: int, flowables: list, orientation: str) -> None:
        if story:
            story.append(NextPageTemplate(orientation))
            story.append(PageBreak())
        elif orientation == "L":
            story.append(NextPageTemplate("L"))
            story.append(PageBreak())
        start, end = [], []
        marks[i].append(start)
        marks[i].append(end)
        story.append(PageMark(start))
        story.extend(flowables)
        story.append(PageMark(end))

    def widths(orientation: str) -> float:
        return (lw - 36 * mm) if orientation == "L" else (pw - 42 * mm)

    for i, part in L.page_plan(pks, statements_first):
        pk = pks[i]
        st = Styles(pk.font, 11 if not f4 else 11.5)
        if part == "s":
            segment(i, statement(pk, st, widths("P"), logo), "P")
        else:
            orientation = "L" if pk.landscape else "P"
            segment(i, annex(pk, st, widths(orientation)), orientation)
    doc.build(story)
    return [page_ranges(m) for m in marks]


def page_ranges(marks: list[list[int]]) -> list[int]:
    pages: set[int] = set()
    for start, end in zip(marks[::2], marks[1::2], strict=True):
        if start and end:
            pages.update(range(start[0], end[-1] + 1))
    return sorted(pages)

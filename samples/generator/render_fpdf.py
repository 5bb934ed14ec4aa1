"""Route 2: fpdf2 (cell-by-cell drawing, its own table engine and text order)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos

from samples.generator import layout as L
from samples.generator.logos import Shape, garuda, shield
from samples.generator.spec import Pk

FIXED_DATE = dt.datetime(2024, 1, 2, 8, 0, tzinfo=dt.UTC)
MARGIN = 56.0


class Doc(FPDF):
    def __init__(self, f4: bool):
        super().__init__(unit="pt", format=(609.4, 935.4) if f4 else "A4")
        self.set_creation_date(FIXED_DATE)
        self.set_margins(MARGIN + 6, 48, MARGIN)
        self.set_auto_page_break(True, 48)
        self.set_title("Perjanjian Kinerja")
        self.set_creator("fpdf2")

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin


def draw_shapes(pdf: FPDF, shapes: list[Shape], x: float, y: float, size: float) -> None:
    """Shapes are defined y-up in a unit box; fpdf's y grows downwards."""
    for shape in shapes:
        pdf.set_line_width(0.6)
        if shape.fill:
            pdf.set_fill_color(*(int(c * 255) for c in shape.fill))
        pdf.set_draw_color(*(int(c * 255) for c in (shape.stroke or shape.fill or (0, 0, 0))))
        style = ("F" if shape.fill else "") + ("D" if shape.stroke else "")
        if shape.kind == "circle":
            (cx, cy), (r, _) = shape.points
            pdf.ellipse(x + (cx - r) * size, y + (1 - cy - r) * size, 2 * r * size, 2 * r * size, style=style)
        else:
            pdf.polygon([(x + px * size, y + (1 - py) * size) for px, py in shape.points], style=style)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(0, 0, 0)


def kop(pdf: Doc, pk: Pk, logo: int, font: str) -> None:
    top = pdf.get_y()
    if pk.kop == "institutional" and pk.kop_lines:
        draw_shapes(pdf, shield(logo), pdf.l_margin, top, 60)
        pdf.set_xy(pdf.l_margin + 62, top)
        for i, text in enumerate(pk.kop_lines):
            size = [14, 14, 8, 8][min(i, 3)]
            pdf.set_font(font, "B" if i < 2 else "", size)
            while pdf.get_string_width(text) > pdf.width - 66 and size > 6:
                size -= 0.5
                pdf.set_font(font, "B" if i < 2 else "", size)
            pdf.set_x(pdf.l_margin + 62)
            pdf.cell(pdf.width - 62, size + 3, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = max(pdf.get_y(), top + 62) + 4
        pdf.set_line_width(2)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.width, y)
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, y + 3, pdf.l_margin + pdf.width, y + 3)
        pdf.set_y(y + 16)
    elif pk.kop == "office_holder":
        draw_shapes(pdf, garuda(), pdf.l_margin + pdf.width / 2 - 28, top, 56)
        pdf.set_y(top + 62)
        pdf.set_font(font, "B", 13)
        for text in pk.kop_lines:
            pdf.cell(pdf.width, 16, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(8)
    elif pk.kop == "logo":
        draw_shapes(pdf, shield(logo), pdf.l_margin + pdf.width / 2 - 30, top, 60)
        pdf.set_y(top + 72)


def titles(pdf: Doc, lines: list[str], font: str) -> None:
    pdf.set_font(font, "B", 12)
    for text in lines:
        pdf.multi_cell(pdf.width, 15, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)


def statement(pdf: Doc, pk: Pk, logo: int) -> None:
    font = pk.font
    kop(pdf, pk, logo, font)
    titles(pdf, pk.title_lines, font)
    pdf.set_font(font, "", 11)
    pdf.multi_cell(pdf.width, 15, pk.opening, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for rows, designation in L.party_blocks(pk):
        for label, value in rows:
            pdf.set_x(pdf.l_margin + 24)
            pdf.cell(90, 15, label)
            pdf.cell(12, 15, ":")
            pdf.multi_cell(pdf.width - 126, 15, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if designation:
            pdf.multi_cell(pdf.width, 15, designation, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(5)
    for text in pk.promises:
        pdf.multi_cell(pdf.width, 15, "        " + text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    pdf.ln(12)
    signature(pdf, pk, True)


def signature(pdf: Doc, pk: Pk, with_date: bool) -> None:
    left, right = L.signature_columns(pk, with_date)
    needed = 14 * max(len(left), len(right)) + 60
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page(same=True)
    top = pdf.get_y()
    half = pdf.width / 2
    for column, x in ((right, pdf.l_margin + half), (left, pdf.l_margin)):
        pdf.set_xy(x, top)
        for text, kind in column:
            if kind == "gap":
                pdf.ln(58)
                continue
            pdf.set_font(pk.font, "BU" if kind == "name" else "", 11)
            pdf.set_x(x)
            pdf.cell(half, 14, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(top + needed)


def grid_table(pdf: Doc, grid: L.Grid, font: str, width: float) -> None:
    pdf.set_font(font, "", 9)
    layout = TableBordersLayout.ALL if grid.ruled else TableBordersLayout.HORIZONTAL_LINES
    heads = 2 if grid.numbered else 1
    with pdf.table(
        col_widths=[w * width for w in grid.widths],
        width=width,
        line_height=11,
        borders_layout=layout,
        num_heading_rows=heads,
        text_align=tuple(grid.align),
        v_align="TOP",
        padding=2,
    ) as table:
        row = table.row()
        for text in grid.header:
            row.cell(text, align="C")
        if grid.numbered:
            row = table.row()
            for i in range(1, len(grid.header) + 1):
                row.cell(f"({i})", align="C")
        covered: set[tuple[int, int]] = set()
        spans = {(first, col): last - first + 1 for col, first, last in grid.spans}
        for col, first, last in grid.spans:
            covered.update((r, col) for r in range(first + 1, last + 1))
        for r, values in enumerate(grid.rows):
            row = table.row()
            for c, text in enumerate(values):
                if (r, c) in covered:
                    continue
                style = "B" if r in grid.bold_rows else None
                row.cell(text, rowspan=spans.get((r, c), 1), style=style and _bold(font))


def _bold(font: str):
    from fpdf.fonts import FontFace

    return FontFace(family=font, emphasis="BOLD")


def annex(pdf: Doc, pk: Pk) -> None:
    titles(pdf, pk.annex_title_lines, pk.font)
    grid_table(pdf, L.target_grid(pk), pk.font, pdf.width)
    programs = L.program_grid(pk)
    if programs:
        pdf.ln(12)
        if pdf.get_y() + 70 > pdf.h - pdf.b_margin:
            pdf.add_page(same=True)
        grid_table(pdf, programs, pk.font, pdf.width * 0.9)
    pdf.ln(18)
    signature(pdf, pk, pk.annex_date or pk.lampiran_only)


def render(
    pks: list[Pk], path: Path, *, statements_first: bool = False, f4: bool = False, logo: int = 0
) -> list[list[int]]:
    """Write the PDF; returns the 1-based pages of each PK."""
    pdf = Doc(f4)
    pages: list[set[int]] = [set() for _ in pks]
    for i, part in L.page_plan(pks, statements_first):
        pk = pks[i]
        pdf.add_page(orientation="L" if part == "a" and pk.landscape else "P")
        start = pdf.page_no()
        if part == "s":
            statement(pdf, pk, logo)
        else:
            annex(pdf, pk)
        pages[i].update(range(start, pdf.page_no() + 1))
    pdf.output(str(path))
    return [sorted(p) for p in pages]

"""Small lampiran PDFs drawn with reportlab the way Word lays out PK tables, read back as Pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from models.document import Page, PageInfo, Word

FONT, SIZE, LEAD, PAD = "Helvetica", 9, 12, 4


@dataclass
class Row:
    """One table row: a line list per column; `span` rows of the first text column merge (sasaran)."""

    cells: list[list[str]]
    span: int = 1


@dataclass
class Table:
    headers: list[list[str]]
    widths: list[float]
    rows: list[Row]
    merged: tuple[int, ...] = ()
    centred_merge: bool = True
    ruled: bool = True
    extra_pages: list[list[Row]] = field(default_factory=list)
    repeat_header: bool = True


def _row_height(row: Row) -> float:
    return max(len(c) for c in row.cells) * LEAD + 2 * PAD


def _draw_header(canvas: Canvas, table: Table, x: float, y: float) -> float:
    height = max(len(h) for h in table.headers) * LEAD + 2 * PAD
    cx = x
    for lines, width in zip(table.headers, table.widths, strict=True):
        for i, text in enumerate(lines):
            canvas.drawCentredString(cx + width / 2, y - PAD - SIZE - i * LEAD, text)
        cx += width
    if table.ruled:
        _box_row(canvas, table.widths, x, y, height)
    return y - height


def _box_row(canvas: Canvas, widths: list[float], x: float, y: float, height: float,
             skip_top: tuple[int, ...] = (), skip_bottom: tuple[int, ...] = ()) -> None:
    """Borders of one row; merged columns have no rule where their cell goes on."""
    cx = x
    for index, width in enumerate(widths):
        if index not in skip_top:
            canvas.line(cx, y, cx + width, y)
        if index not in skip_bottom:
            canvas.line(cx, y - height, cx + width, y - height)
        canvas.line(cx, y, cx, y - height)
        cx += width
    canvas.line(cx, y, cx, y - height)


def _draw_rows(canvas: Canvas, table: Table, rows: list[Row], x: float, y: float) -> float:
    index = 0
    while index < len(rows):
        row = rows[index]
        group = rows[index:index + row.span]
        group_height = sum(_row_height(r) for r in group)
        for column in table.merged:
            lines = row.cells[column]
            top = y - (group_height - len(lines) * LEAD) / 2 if table.centred_merge else y - PAD
            cx = x + sum(table.widths[:column])
            for i, text in enumerate(lines):
                canvas.drawString(cx + PAD, top - SIZE - i * LEAD, text)
        for offset, member in enumerate(group):
            height = _row_height(member)
            cx = x
            for column, (lines, width) in enumerate(zip(member.cells, table.widths, strict=True)):
                if column not in table.merged:
                    for i, text in enumerate(lines):
                        canvas.drawString(cx + PAD, y - PAD - SIZE - i * LEAD, text)
                cx += width
            if table.ruled:
                _box_row(canvas, table.widths, x, y, height, table.merged if offset else (),
                         table.merged if offset < len(group) - 1 else ())
            y -= height
        index += row.span
    return y


def write_table_pdf(path: Path, tables: list[Table], signature: bool = True,
                    title: str = "PERJANJIAN KINERJA TAHUN 2024") -> Path:
    """Each table on the page below the last; a table with `extra_pages` continues on new pages."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(FONT, SIZE)
    width, height = A4
    canvas.drawCentredString(width / 2, height - 50, title)
    y = height - 90
    for table in tables:
        y = _draw_header(canvas, table, 50, y)
        y = _draw_rows(canvas, table, table.rows, 50, y) - 30
        for rows in table.extra_pages:
            canvas.showPage()
            canvas.setFont(FONT, SIZE)
            y = height - 60
            if table.repeat_header:
                y = _draw_header(canvas, table, 50, y)
            y = _draw_rows(canvas, table, rows, 50, y) - 30
    if signature:
        canvas.drawString(330, y - 20, "Kendal, 2 Januari 2024")
        canvas.drawString(80, y - 50, "PIHAK KEDUA")
        canvas.drawString(330, y - 50, "PIHAK PERTAMA")
    canvas.save()
    return path


def pages_of(path: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = [Word(text=w["text"], bbox=(w["x0"], w["top"], w["x1"], w["bottom"]), confidence=1.0,
                          source="text") for w in page.extract_words()]
            info = PageInfo(number=number, source="text", width=float(page.width), height=float(page.height))
            pages.append(Page(info=info, words=words))
    return pages

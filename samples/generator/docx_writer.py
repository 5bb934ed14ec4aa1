"""A generated PK (samples.generator's `Pk`) written as a Word file with python-docx, the way a PK is
typed in Word: kop and titles as centred paragraphs, party blocks with tab stops and a hanging indent
("Nama <tab>: <tab> ..."), the signature block as a borderless two-column table, the lampiran as
"Table Grid" tables whose merged sasaran cells are real vertical merges, each part on a new page.
"""

from __future__ import annotations

from pathlib import Path

from samples.generator import layout as L
from samples.generator.spec import Pk


def write_docx(pk: Pk, path: Path, lampiran: bool = True) -> Path:
    """The whole PK, or its statement only (`lampiran=False`: the tables are typed elsewhere)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Normal"].paragraph_format.space_after = Pt(2)
    if not pk.lampiran_only:
        for line in pk.kop_lines:
            centred(document, line, bold=True)
        for line in pk.title_lines:
            centred(document, line, bold=True)
        document.add_paragraph(pk.opening)
        for rows, designation in L.party_blocks(pk):
            for label, value in rows:  # hanging indent: a long value wraps under itself, as typed in Word
                paragraph = document.add_paragraph(f"{label}\t:\t{value}")
                paragraph.paragraph_format.left_indent = Pt(126)
                paragraph.paragraph_format.first_line_indent = Pt(-102)
                for position in (114, 126):
                    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(position))
            if designation:
                document.add_paragraph(designation)
        for text in pk.promises:
            document.add_paragraph(text)
        signature(document, pk, True)
        if not lampiran:
            document.save(str(path))
            return path
        if not pk.landscape:  # a landscape lampiran starts its own section, on a new page anyway
            document.add_page_break()
    if pk.landscape:
        section = document.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for line in pk.annex_title_lines:
        centred(document, line, bold=True)
    grid_table(document, L.target_grid(pk))
    programs = L.program_grid(pk)
    if programs:
        document.add_paragraph("")
        grid_table(document, programs)
    document.add_paragraph("")
    signature(document, pk, pk.annex_date or pk.lampiran_only)
    for paragraph in document.paragraphs:
        if paragraph.alignment is None:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.save(str(path))
    return path


def centred(document, text: str, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


def grid_table(document, grid: L.Grid) -> None:
    """A ruled table; spans (column, first row, last row) become vertical merges."""
    from docx.shared import Pt

    numbered = 1 if grid.numbered else 0
    table = document.add_table(rows=1 + numbered + len(grid.rows), cols=len(grid.header))
    table.style = "Table Grid" if grid.ruled else None
    width = document.sections[-1].page_width.pt - 144
    for column, share in zip(table.columns, grid.widths, strict=True):
        for cell in column.cells:
            cell.width = Pt(width * share)
    for index, text in enumerate(grid.header):
        table.cell(0, index).text = text
        if numbered:
            table.cell(1, index).text = f"({index + 1})"
    for r, values in enumerate(grid.rows):
        for c, text in enumerate(values):
            table.cell(r + 1 + numbered, c).text = text
    for column, first, last in grid.spans:
        top = table.cell(first + 1 + numbered, column)
        text = top.text
        merged = top.merge(table.cell(last + 1 + numbered, column))
        merged.text = text


def signature(document, pk: Pk, with_date: bool) -> None:
    left, right = L.signature_columns(pk, with_date)
    table = document.add_table(rows=1, cols=2)
    for cell, column in zip(table.rows[0].cells, (left, right), strict=True):
        lines = []
        for text, kind in column:
            lines.extend(["", "", ""] if kind == "gap" else [text])
        cell.text = "\n".join(lines)
        for paragraph in cell.paragraphs:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

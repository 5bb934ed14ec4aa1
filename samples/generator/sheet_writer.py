"""A PK's lampiran typed in a spreadsheet (openpyxl), the way many agencies keep their performance
tables: title rows merged across the table, every cell ruled, wrapped text, merged sasaran and No
cells, amounts as numbers shown with digit grouping, the header rows repeated on every printed page,
the sheet fitted to the page width, and the signature block typed line by line in rows below.

A spreadsheet prints in its own way, which no word processor does: row heights grow with the
longest cell, amounts are right-aligned numbers, and the table is scaled to fit the paper.
"""

from __future__ import annotations

from pathlib import Path

from samples.generator import layout as L
from samples.generator.spec import Pk

POINTS_PER_CHARACTER = 5.5  # the page's printable width in Excel's column-width units
AMOUNT_FORMAT = "#,##0"
LINE_POINTS = 13.5
DEFAULT_WIDTH = 8.43  # a spreadsheet's column width when none is set
CHARACTER_UNITS = 1.05  # a 10 pt character in column-width units


def write_xlsx(pk: Pk, path: Path) -> Path:
    import openpyxl
    from openpyxl.worksheet.page import PageMargins

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Lampiran PK"
    grid = L.target_grid(pk)
    columns = len(grid.header)
    landscape = pk.landscape or columns > 5
    page_characters = (770 if landscape else 520) / POINTS_PER_CHARACTER
    for index, share in enumerate(grid.widths, start=1):
        sheet.column_dimensions[letter(index)].width = page_characters * share
    row = 1
    for line in pk.annex_title_lines:
        row = merged_line(sheet, row, 1, columns, line, bold=True)
    row += 1
    header_row = row
    row = write_grid(sheet, grid, row)
    sheet.print_title_rows = f"{header_row}:{header_row + (1 if grid.numbered else 0)}"
    programs = L.program_grid(pk)
    if programs:
        widen_for_amounts(sheet, programs, spread(programs, columns))
        row += 1
        row = write_grid(sheet, programs, row, spread(programs, columns))
    row += 1
    left, right = L.signature_columns(pk, pk.annex_date or pk.lampiran_only)
    share, half = 0.0, 0
    while half < columns - 1 and share < 0.45:  # the two blocks side by side, each about half the page
        share, half = share + grid.widths[half], half + 1
    signature_rows(sheet, row, left, 1, half)
    signature_rows(sheet, row, right, half + 1, columns)
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    book.save(str(path))
    return path


def column_width(sheet, column: int) -> float:
    return sheet.column_dimensions[letter(column)].width or DEFAULT_WIDTH


def letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def widen_for_amounts(sheet, grid: L.Grid, placed: list[tuple[int, int]]) -> None:
    """A typist widens an amount column until no cell shows "###" (the sheet's sign of a number
    wider than its column); spare width comes off nothing, so the table grows a little."""
    for index, (first, last) in enumerate(placed):
        amounts = [cell_value(values[index], False, grid, index) for values in grid.rows]
        longest = max((len(f"{value:,}" if isinstance(value, int) else value) for value in amounts
                       if grid.align[index] == "R"), default=0)
        have = sum(column_width(sheet, column) for column in range(first, last + 1))
        if longest and have < longest * CHARACTER_UNITS + 2:
            sheet.column_dimensions[letter(last)].width += longest * CHARACTER_UNITS + 2 - have


def spread(grid: L.Grid, columns: int) -> list[tuple[int, int]]:
    """The sheet columns (first, last) of each of the grid's columns. A spreadsheet has one column grid
    for the whole sheet, so a budget table with fewer columns than the target table above it has its
    widest column merged across the spare ones, as a typist does."""
    spare = max(0, columns - len(grid.header))
    widest = max(range(len(grid.widths)), key=lambda index: grid.widths[index])
    placed, column = [], 1
    for index in range(len(grid.header)):
        last = column + (spare if index == widest else 0)
        placed.append((column, last))
        column = last + 1
    return placed


def merged_line(sheet, row: int, first: int, last: int, text: str, bold: bool = False) -> int:
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row=row, column=first, value=text)
    cell.font = Font(bold=bold, size=11)
    cell.alignment = Alignment(horizontal="center")
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    return row + 1


def write_grid(sheet, grid: L.Grid, row: int, placed: list[tuple[int, int]] | None = None) -> int:
    """The grid from `row`, every cell ruled, spans merged; returns the next free row."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin") if grid.ruled else Side()
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    lines = [(grid.header, True)]
    if grid.numbered:
        lines.append(([f"({i + 1})" for i in range(len(grid.header))], True))
    lines += [(values, r in grid.bold_rows) for r, values in enumerate(grid.rows)]
    placed = placed or [(column, column) for column in range(1, len(grid.header) + 1)]
    first_body = row + (2 if grid.numbered else 1)
    for offset, (values, bold) in enumerate(lines):
        header = offset < first_body - row
        for index, text in enumerate(values):
            first, last = placed[index]
            for column in range(first, last + 1):
                sheet.cell(row=row + offset, column=column).border = border
            cell = sheet.cell(row=row + offset, column=first, value=cell_value(text, header, grid, index))
            if isinstance(cell.value, int):
                cell.number_format = AMOUNT_FORMAT
            cell.font = Font(bold=bold or header, size=10)
            horizontal = "center" if header else {"C": "center", "R": "right"}.get(grid.align[index], "left")
            cell.alignment = Alignment(horizontal=horizontal, vertical="top" if not header else "center",
                                       wrap_text=True)
            if last > first:
                sheet.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset,
                                  end_column=last)
    spread_over = {(index, first_body - row + body) for index, first, last in grid.spans if last > first
                   for body in range(first, last + 1)}  # a merged cell's lines spread over its rows
    for offset, (values, _bold) in enumerate(lines):
        sheet.row_dimensions[row + offset].height = LINE_POINTS * max(
            wrapped_lines(sheet, text, placed[index]) for index, text in enumerate(values)
            if (index, offset) not in spread_over)
    for index, first, last in grid.spans:  # the rows a merged cell spans hold all its lines
        needed = LINE_POINTS * wrapped_lines(sheet, grid.rows[first][index], placed[index])
        spanned = [sheet.row_dimensions[first_body + body] for body in range(first, last + 1)]
        shortfall = needed - sum(dimension.height for dimension in spanned)
        if shortfall > 0:
            spanned[-1].height += shortfall
    for index, first, last in grid.spans:
        column = placed[index][0]
        sheet.merge_cells(start_row=first_body + first, start_column=column,
                          end_row=first_body + last, end_column=column)
    return row + len(lines)


def wrapped_lines(sheet, text: str, placed: tuple[int, int]) -> int:
    """How many lines a wrapped cell takes (Excel grows the row as the text is typed; a file written
    by a program must say so itself)."""
    width = sum(column_width(sheet, column) for column in range(placed[0], placed[1] + 1))
    lines, used = 1, 0.0
    for word in text.split():
        size = len(word) * CHARACTER_UNITS + CHARACTER_UNITS
        if used and used + size > width - 1:
            lines, used = lines + 1, 0.0
        used += size
    return lines


def cell_value(text: str, header: bool, grid: L.Grid, index: int) -> str | int:
    """Amounts typed as numbers (right-aligned columns holding digits only once the dots go)."""
    digits = text.replace(".", "").replace("Rp", "").replace(" ", "").removesuffix(",00")
    if not header and grid.align[index] == "R" and digits.isdigit():
        return int(digits)
    return text


def signature_rows(sheet, row: int, lines: list[L.Line], first: int, last: int) -> None:
    from openpyxl.styles import Alignment, Font

    for text, kind in lines:
        if kind == "gap":
            row += 3
            continue
        cell = sheet.cell(row=row, column=first, value=text)
        cell.alignment = Alignment(horizontal="center")
        cell.font = Font(bold=kind == "name", underline="single" if kind == "name" else None, size=11)
        if last > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        row += 1

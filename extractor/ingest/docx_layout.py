"""A Word body's blocks set on pages as words with boxes and table borders as rules: the same `Page`
a born-digital PDF gives, so the parser reads a .docx exactly as it reads its PDF export.

Glyph widths are not known without the fonts, so a character is half its font size wide (Arial and
Times New Roman average 0.45-0.5 em): boxes are approximate, their order, lines, cells and borders are
not. Tab stops, indents, alignment and the table grid (merged cells included) come from the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extractor.ingest.docx_reader import CellBlock, DocxBody, ParagraphBlock, Section, TableBlock, read_docx
from extractor.ingest.word_lines import words_to_lines
from models.document import Page, PageInfo, Rule, Word

CHAR_EM = 0.5
SPACE_EM = 0.28
CONTROL = ("\t", "\n", "\f", "\v")
LINE_EM = 1.2
DEFAULT_TAB = 36.0
CELL_PAD = 3.0
RULE = 0.5
REASON = "Word document: text as written (python-docx), set on the page by its layout"


@dataclass
class Sheet:
    section: Section
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    bottom: float = 0.0


class Typesetter:
    def __init__(self, body: DocxBody):
        self.body = body
        self.sheets: list[Sheet] = []
        self.y = 0.0

    @property
    def sheet(self) -> Sheet:
        return self.sheets[-1]

    def new_page(self, section: Section) -> None:
        self.sheets.append(Sheet(section=section))
        self.y = section.top
        for block in section.header:
            self.y = self.paragraph(block, section.left, section.width - section.right, self.y, self.sheet,
                                    breaks=False)

    def room(self, height: float) -> bool:
        """Whether `height` fits above the bottom margin (always, when Word's own breaks are kept)."""
        section = self.sheet.section
        return self.body.rendered or self.y + height <= section.height - section.bottom

    def run(self) -> list[Sheet]:
        current = -1
        for index, block in self.body.blocks:
            if index != current:
                current = index
                self.new_page(self.body.sections[index])
            if isinstance(block, TableBlock):
                self.table(block)
            else:
                if block.page_break_before and self.sheet.words:
                    self.new_page(self.sheet.section)
                page = self.sheet.section
                self.y = self.paragraph(block, page.left, page.width - page.right, self.y, self.sheet)
        return self.sheets

    def paragraph(self, block: ParagraphBlock, left: float, right: float, y: float, sheet: Sheet | None,
                  breaks: bool = True) -> float:
        """Set one paragraph between `left` and `right` from `y`; returns the y below it. `sheet` None
        measures only; `breaks` False ignores page breaks (headers, table cells)."""
        size = block.size
        y += block.space_before
        line: list[tuple[str, float, float]] = []
        x = left + block.indent + block.first_line
        start = left + block.indent

        def flush(y: float) -> float:
            nonlocal line
            if sheet is not None and line:
                shift = aligned_shift(block.align, line, start, right)
                sheet.words.extend(Word(text=text, bbox=(round(x0 + shift, 2), round(y, 2),
                                                         round(x1 + shift, 2), round(y + size, 2)),
                                        confidence=1.0, source="text") for text, x0, x1 in line)
                sheet.bottom = max(sheet.bottom, y + size)
            line = []
            return y + size * LINE_EM

        for token in split_tokens(block.tokens):
            if token in ("\f", "\v"):
                if breaks and sheet is not None and (token == "\f" or self.body.rendered):
                    if line:
                        y = flush(y)
                    self.new_page(self.sheet.section)
                    sheet, y, x = self.sheet, self.y, start
                continue
            if token == "\n":
                y, x = flush(y), start
                continue
            if token == "\t":
                x = next_tab(x, left, block.tab_stops)
                continue
            if token.isspace():
                x += len(token) * size * SPACE_EM
                continue
            width = len(token) * size * CHAR_EM
            if line and x + width > right:
                y, x = flush(y), start
            if breaks and sheet is not None and not line and not self.room(size):
                self.new_page(self.sheet.section)
                sheet, y = self.sheet, self.y
            line.append((token, x, x + width))
            x += width
        if line:
            y = flush(y)
        elif not block.tokens or all(t in "\f\v" for t in block.tokens):
            y += size * LINE_EM  # an empty paragraph is a blank line
        return y + block.space_after

    def table(self, table: TableBlock) -> None:
        section = self.sheet.section
        left = section.left + table.indent
        widths = column_widths(table.widths, section.width - section.right - left)
        edges = [left]
        for width in widths:
            edges.append(edges[-1] + width)
        heights = row_heights(self, table, edges)
        merged: dict[int, list[Word]] = {}  # column -> words of its merged cell still open
        page_top = 0
        for number, row in enumerate(table.rows):
            word_broke = self.body.rendered and any("\v" in p.tokens for cell in row for p in cell.paragraphs)
            if (word_broke or not self.room(heights[number])) and self.sheet.words and number:
                self.break_table(edges, merged)
                page_top = number
            top = self.y
            for cell in row:
                x0, x1 = edges[cell.column], edges[min(cell.column + cell.span, len(edges) - 1)]
                bottom = top + heights[number]
                if cell.merge != "continue":
                    start = len(self.sheet.words)
                    y = top + CELL_PAD
                    for block in cell.paragraphs:
                        y = self.paragraph(block, x0 + CELL_PAD, x1 - CELL_PAD, y, self.sheet, breaks=False)
                    merged[cell.column] = self.sheet.words[start:] if cell.merge == "restart" else []
                self.cell_rules(cell, table.rows, number, x0, top, x1, bottom,
                                first_on_page=number == page_top)
            self.y = top + heights[number]
            self.sheet.bottom = max(self.sheet.bottom, self.y)
        self.y += 6.0

    def break_table(self, edges: list[float], merged: dict[int, list[Word]]) -> None:
        """A page break inside a table, as Word draws it: the rows above close with a rule, and a merged
        cell's lines that fall below the break go on at the top of the next page."""
        old, cut = self.sheet, self.y
        closing = (edges[0], cut, edges[-1], cut + RULE)
        old.rules.append(Rule(bbox=tuple(round(v, 2) for v in closing)))
        self.new_page(old.section)
        shift = self.y + CELL_PAD - cut
        for words in merged.values():
            below = [w for w in words if w.bbox[3] > cut]  # a line the break cuts goes on too
            for word in below:
                old.words.remove(word)
                x0, top, x1, bottom = word.bbox
                self.sheet.words.append(word.model_copy(update={"bbox": (x0, round(top + shift, 2), x1,
                                                                         round(bottom + shift, 2))}))

    def cell_rules(self, cell: CellBlock, rows: list[list[CellBlock]], number: int, x0: float, top: float,
                   x1: float, bottom: float, first_on_page: bool = False) -> None:
        """A merged cell draws no border inside itself: none above a covered cell (except atop a page),
        none below a cell the next row covers."""
        below = next((c for c in rows[number + 1] if c.column == cell.column), None) \
            if number + 1 < len(rows) else None
        edges = {"top": (cell.merge != "continue" or first_on_page) and cell.borders.get("top", False),
                 "bottom": not (below is not None and below.merge == "continue") and
                 cell.borders.get("bottom", False),
                 "left": cell.borders.get("left", False), "right": cell.borders.get("right", False)}
        boxes = {"top": (x0, top, x1, top + RULE), "bottom": (x0, bottom, x1, bottom + RULE),
                 "left": (x0, top, x0 + RULE, bottom), "right": (x1, top, x1 + RULE, bottom)}
        self.sheet.rules.extend(Rule(bbox=tuple(round(v, 2) for v in boxes[edge]))
                                for edge, drawn in edges.items() if drawn)


def row_heights(setter: Typesetter, table: TableBlock, edges: list[float]) -> list[float]:
    """Each row as tall as its tallest cell; a merged cell's text may stretch the last row it covers."""
    heights = []
    for row in table.rows:
        tallest = 0.0
        for cell in row:
            if cell.merge is None:
                tallest = max(tallest, cell_height(setter, cell, edges))
        heights.append(max(tallest, DEFAULT_TAB / 2))
    for number, row in enumerate(table.rows):
        for cell in row:
            if cell.merge != "restart":
                continue
            last = number
            while last + 1 < len(table.rows) and any(c.column == cell.column and c.merge == "continue"
                                                     for c in table.rows[last + 1]):
                last += 1
            missing = cell_height(setter, cell, edges) - sum(heights[number:last + 1])
            if missing > 0:
                heights[last] += missing
    return heights


def cell_height(setter: Typesetter, cell: CellBlock, edges: list[float]) -> float:
    x0, x1 = edges[cell.column], edges[min(cell.column + cell.span, len(edges) - 1)]
    y = CELL_PAD
    for block in cell.paragraphs:
        y = setter.paragraph(block, x0 + CELL_PAD, x1 - CELL_PAD, y, None, breaks=False)
    return y + CELL_PAD


def column_widths(widths: list[float], room: float) -> list[float]:
    """The grid's widths, shrunk to the room between the margins; missing ones share what is left."""
    known = sum(w for w in widths if w > 0)
    unknown = [w for w in widths if w <= 0]
    if unknown:
        share = max(room - known, 0) / len(unknown) or room / len(widths)
        widths = [w if w > 0 else share for w in widths]
    total = sum(widths) or 1.0
    scale = min(1.0, room / total)
    return [w * scale for w in widths]


def split_tokens(tokens: list[str]) -> list[str]:
    """Words, runs of spaces and the control tokens, in order; text of consecutive runs is joined first
    (Word splits a word over runs wherever its formatting or an edit changed: "Kin" + "erja")."""
    out: list[str] = []
    text = ""
    for token in [*tokens, "\n"]:
        if token in CONTROL:
            out.extend(part for part in re.split(r"(\s+)", text) if part)
            out.append(token)
            text = ""
        else:
            text += token
    return out[:-1]


def next_tab(x: float, left: float, stops: list[tuple[float, str]]) -> float:
    for position, _kind in sorted(stops):
        if left + position > x + 0.5:
            return left + position
    steps = int((x - left) // DEFAULT_TAB) + 1
    return left + steps * DEFAULT_TAB


def aligned_shift(align: str, line: list[tuple[str, float, float]], left: float, right: float) -> float:
    if align == "center":
        return max(0.0, (left + right) / 2 - (line[0][1] + line[-1][2]) / 2)
    if align == "right":
        return max(0.0, right - line[-1][2])
    return 0.0


def docx_pages(path: Path) -> list[Page]:
    """The .docx at `path` as upright pages of words and rules, numbered as Word counted them."""
    sheets = Typesetter(read_docx(path)).run()
    pages = []
    for number, sheet in enumerate(sheets, 1):
        height = max(sheet.section.height, sheet.bottom + sheet.section.bottom)
        info = PageInfo(number=number, source="text", width=round(sheet.section.width, 2),
                        height=round(height, 2))
        rules = list({rule.bbox: rule for rule in sheet.rules}.values())  # shared cell edges once
        pages.append(Page(info=info, decision_reason=REASON, words=words_to_lines(sheet.words), rules=rules))
    return pages

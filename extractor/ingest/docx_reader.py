"""A Word (.docx) file's body as blocks: paragraphs (text as written, tabs, breaks) and tables (grid
widths, merged cells, which borders are drawn), read with python-docx; `docx_layout` puts them on
pages.

Why python-docx and not a conversion through LibreOffice: a .docx holds its text exactly, so there is
nothing to OCR and nothing to guess; python-docx is a pure-Python dependency where LibreOffice is a
500 MB program that is rarely installed on the machines that run batches. What python-docx cannot
give is Word's own page layout, so pages are counted where Word counted them when it last saved the
file (its `lastRenderedPageBreak` marks) plus hard page and section breaks; a file without those marks
is paginated by our own layout. Text boxes, pictures and fields' cached results inside drawings are
not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

TWIPS = 20.0  # twentieths of a point
DEFAULT_SIZE = 11.0
MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SKIPPED = {qn("w:del"), f"{{{MARKUP_COMPATIBILITY}}}AlternateContent", qn("w:drawing"), qn("w:pict"),
           qn("w:object")}
EDGES = ("top", "left", "bottom", "right")


@dataclass
class ParagraphBlock:
    """Tokens: text, "\\t" (tab), "\\n" (line break), "\\f" (page break), "\\v" (Word paginated here)."""

    tokens: list[str]
    size: float = DEFAULT_SIZE
    align: str = "left"
    indent: float = 0.0
    first_line: float = 0.0
    tab_stops: list[tuple[float, str]] = field(default_factory=list)
    space_before: float = 0.0
    space_after: float = 0.0
    page_break_before: bool = False


@dataclass
class CellBlock:
    paragraphs: list[ParagraphBlock]
    column: int
    span: int = 1
    merge: str | None = None  # "restart" starts a vertical merge, "continue" is covered by the one above
    borders: dict[str, bool] = field(default_factory=dict)


@dataclass
class TableBlock:
    widths: list[float]
    rows: list[list[CellBlock]]
    indent: float = 0.0


@dataclass
class Section:
    width: float = 595.3
    height: float = 841.9
    left: float = 72.0
    right: float = 72.0
    top: float = 72.0
    bottom: float = 72.0
    header: list[ParagraphBlock] = field(default_factory=list)
    footer: list[ParagraphBlock] = field(default_factory=list)


@dataclass
class DocxBody:
    """Blocks in reading order, each with the index of its section; `rendered` when Word's own page
    breaks are marked in the file."""

    blocks: list[tuple[int, ParagraphBlock | TableBlock]]
    sections: list[Section]
    rendered: bool


def read_docx(path: Path) -> DocxBody:
    import docx

    document = docx.Document(str(path))
    reader = BodyReader(document)
    blocks: list[tuple[int, ParagraphBlock | TableBlock]] = []
    section = 0
    for element in body_elements(document.element.body):
        if element.tag == qn("w:p"):
            blocks.append((section, reader.paragraph(element)))
            if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                section += 1
        elif element.tag == qn("w:tbl"):
            blocks.append((section, reader.table(element)))
    sections = [reader.section(s) for s in document.sections] or [Section()]
    rendered = any(True for _ in document.element.body.iter(qn("w:lastRenderedPageBreak")))
    return DocxBody(blocks=[(min(i, len(sections) - 1), b) for i, b in blocks], sections=sections,
                    rendered=rendered)


def body_elements(parent):
    """Paragraphs and tables in order, content controls (w:sdt) opened."""
    for child in parent.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from body_elements(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


class BodyReader:
    def __init__(self, document):
        self.document = document
        self.styles = {style.get(qn("w:styleId")): style
                       for style in document.styles.element.iterchildren(qn("w:style"))}
        self.default_size = self.style_size(None) or DEFAULT_SIZE

    def paragraph(self, element) -> ParagraphBlock:
        from docx.text.paragraph import Paragraph

        paragraph = Paragraph(element, self.document)
        fmt = paragraph.paragraph_format
        block = ParagraphBlock(tokens=list(tokens(element)), size=self.size_of(element),
                               align=alignment(fmt.alignment), indent=points(fmt.left_indent),
                               first_line=points(fmt.first_line_indent),
                               space_before=points(fmt.space_before), space_after=points(fmt.space_after),
                               page_break_before=bool(fmt.page_break_before))
        block.tab_stops = [(points(stop.position), alignment(stop.alignment)) for stop in fmt.tab_stops]
        return block

    def size_of(self, paragraph) -> float:
        for size in paragraph.iter(qn("w:sz")):
            value = size.get(qn("w:val"))
            if value and value.isdigit():
                return int(value) / 2
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return self.style_size(style.get(qn("w:val")) if style is not None else None) or self.default_size

    def style_size(self, style_id: str | None, depth: int = 0) -> float | None:
        """Font size of a paragraph style, following `basedOn`; None: the document default."""
        if style_id is None:
            defaults = self.document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
            size = defaults.find(f".//{qn('w:sz')}") if defaults is not None else None
            return int(size.get(qn("w:val"))) / 2 if size is not None else None
        style = self.styles.get(style_id)
        if style is None or depth > 10:
            return None
        size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if size is not None and (size.get(qn("w:val")) or "").isdigit():
            return int(size.get(qn("w:val"))) / 2
        based = style.find(qn("w:basedOn"))
        return self.style_size(based.get(qn("w:val")), depth + 1) if based is not None else None

    def table(self, element) -> TableBlock:
        grid = element.find(qn("w:tblGrid"))
        widths = [int(col.get(qn("w:w"), "0") or 0) / TWIPS for col in grid.iterchildren(qn("w:gridCol"))] \
            if grid is not None else []
        table_borders = self.table_borders(element)
        rows = []
        for row in element.iterchildren(qn("w:tr")):
            column = skipped_columns(row)
            cells = []
            for cell in row.iterchildren(qn("w:tc")):
                properties = cell.find(qn("w:tcPr"))
                span = int(value_of(properties, "w:gridSpan") or 1)
                merge = None
                if properties is not None and properties.find(qn("w:vMerge")) is not None:
                    merge = "restart" if value_of(properties, "w:vMerge") == "restart" else "continue"
                paragraphs = [self.paragraph(p) for p in cell.iter(qn("w:p"))]
                cells.append(CellBlock(paragraphs=paragraphs, column=column, span=span, merge=merge,
                                       borders=cell_borders(properties, table_borders)))
                column += span
            rows.append(cells)
        columns = max((c.column + c.span for r in rows for c in r), default=0)
        widths = (widths + [0.0] * columns)[:max(columns, len(widths))]
        indent = value_of(element.find(qn("w:tblPr")), "w:tblInd", "w:w")
        return TableBlock(widths=widths, rows=rows, indent=int(indent) / TWIPS if indent and
                          indent.lstrip("-").isdigit() else 0.0)

    def table_borders(self, table) -> dict[str, bool]:
        """Which of top/left/bottom/right/insideH/insideV the table draws: its own tblBorders, else its
        style's (through basedOn), else none (Word's plain table has no borders)."""
        properties = table.find(qn("w:tblPr"))
        own = properties.find(qn("w:tblBorders")) if properties is not None else None
        style_id = value_of(properties, "w:tblStyle")
        found = borders_of(own)
        depth = 0
        while style_id and depth < 10:
            style = self.styles.get(style_id)
            if style is None:
                break
            found = {**borders_of(style.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")), **found}
            based = style.find(qn("w:basedOn"))
            style_id, depth = (based.get(qn("w:val")) if based is not None else None), depth + 1
        return found

    def section(self, section) -> Section:
        from docx.shared import Mm

        size = Section(width=points(section.page_width) or Mm(210).pt, height=points(section.page_height)
                       or Mm(297).pt, left=points(section.left_margin, 72.0),
                       right=points(section.right_margin, 72.0), top=points(section.top_margin, 72.0),
                       bottom=points(section.bottom_margin, 72.0))
        size.header = [self.paragraph(p._p) for p in section.header.paragraphs if p.text.strip()]
        size.footer = [self.paragraph(p._p) for p in section.footer.paragraphs if p.text.strip()]
        return size


def tokens(paragraph):
    """Text as written, in order: runs, hyperlinks, insertions and fields' results; deletions,
    drawings and text boxes left out."""
    stack = [iter(paragraph.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag in SKIPPED or tag == qn("w:pPr") or tag == qn("w:rPr"):
            continue
        if tag == qn("w:t"):
            yield child.text or ""
        elif tag == qn("w:tab"):
            yield "\t"
        elif tag in (qn("w:br"), qn("w:cr")):
            yield "\f" if child.get(qn("w:type")) == "page" else "\n"
        elif tag == qn("w:lastRenderedPageBreak"):
            yield "\v"
        elif tag == qn("w:noBreakHyphen"):
            yield "-"
        else:
            stack.append(iter(child.iterchildren()))


def skipped_columns(row) -> int:
    properties = row.find(qn("w:trPr"))
    before = value_of(properties, "w:gridBefore")
    return int(before) if before and before.isdigit() else 0


def cell_borders(properties, table_borders: dict[str, bool]) -> dict[str, bool]:
    own = borders_of(properties.find(qn("w:tcBorders")) if properties is not None else None)
    return {edge: own.get(edge, table_borders.get(edge, False) or table_borders.get(inner, False))
            for edge, inner in (("top", "insideH"), ("bottom", "insideH"), ("left", "insideV"),
                                ("right", "insideV"))}


def borders_of(element) -> dict[str, bool]:
    if element is None:
        return {}
    found = {}
    for child in element.iterchildren():
        name = child.tag.split("}")[-1].replace("start", "left").replace("end", "right")
        found[name] = child.get(qn("w:val")) not in ("nil", "none", None)
    return found


def value_of(properties, tag: str, attribute: str = "w:val") -> str | None:
    if properties is None:
        return None
    child = properties.find(qn(tag))
    return child.get(qn(attribute)) if child is not None else None


def points(length, default: float = 0.0) -> float:
    return float(length.pt) if length is not None else default


def alignment(value) -> str:
    name = str(value or "left").lower()
    for kind in ("center", "right", "both", "justify", "distribute"):
        if kind in name:
            return "center" if kind == "center" else ("right" if kind == "right" else "left")
    return "left"

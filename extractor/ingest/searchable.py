"""A scanned PDF written back searchable: our OCR words as an invisible text layer over each OCR'd page,
at the words' places, and nothing else changed (what archivists get from OCRmyPDF, from our reading).

pikepdf (qpdf) copies the file object by object: image streams keep their bytes, and each OCR'd page
gets one more content stream of text in render mode 3 (invisible), its original content wrapped in
q/Q so a page that leaves its graphics state changed cannot move our words. A scanner's own invisible
OCR layer on a page we read again (triage refused it as noisy) is removed, as OCRmyPDF's --redo-ocr
does, so a search finds our words once. Each word is placed by
mapping its box on the upright, deskewed page back through the deskew, the turn our orientation check
applied, the page's /Rotate and its crop box to PDF user space, and stretched to its box (a font not
embedded whose every glyph is declared half an em wide, so the stretch is exact; a viewer only needs
the words' places and text). The copy is not PDF/A: that needs an
embedded font and an output intent, which would change more than the text layer.
"""

from __future__ import annotations

import math
import os
import zlib
from pathlib import Path

from models.document import Page, PageInfo, Word

FONT = "/PkOcrText"
GLYPH_WIDTH = 500  # every glyph of the invisible font is half an em wide: a word stretches to its box


class UprightToUser:
    """Points on the upright, deskewed page (origin top-left) -> PDF user space of the stored page."""

    def __init__(self, crop: tuple[float, float, float, float], page_rotation: int, info: PageInfo):
        self.left, self.bottom, self.right, self.top = crop
        self.page_rotation = page_rotation % 360
        self.turn = (info.rotation - self.page_rotation) % 360
        self.width, self.height = info.width, info.height
        self.skew = math.radians(info.skew_degrees)

    def point(self, u: float, v: float) -> tuple[float, float]:
        u, v = self.undo_deskew(u, v)
        x, y = self.undo_turn(u, v)
        return self.to_user(x, y)

    def undo_deskew(self, u: float, v: float) -> tuple[float, float]:
        """The deskew turned the content by `skew` (counter-clockwise on screen) about the centre."""
        if not self.skew:
            return u, v
        cx, cy, c, s = self.width / 2, self.height / 2, math.cos(-self.skew), math.sin(-self.skew)
        return c * (u - cx) + s * (v - cy) + cx, -s * (u - cx) + c * (v - cy) + cy

    def undo_turn(self, u: float, v: float) -> tuple[float, float]:
        """Upright -> the page as displayed (its /Rotate applied), before our quarter turn."""
        if self.turn == 90:
            return v, self.width - u
        if self.turn == 180:
            return self.width - u, self.height - v
        if self.turn == 270:
            return self.height - v, u
        return u, v

    def to_user(self, x: float, y: float) -> tuple[float, float]:
        """Displayed (origin top-left) -> user space; the inverse of `text_layer.Upright.point`."""
        width0, height0 = self.right - self.left, self.top - self.bottom
        if self.page_rotation == 90:
            u, v = y, height0 - x
        elif self.page_rotation == 180:
            u, v = width0 - x, height0 - y
        elif self.page_rotation == 270:
            u, v = width0 - y, x
        else:
            u, v = x, y
        return self.left + u, self.top - v


def word_operators(word: Word, mapper: UprightToUser, pikepdf) -> list:
    """One word: a text matrix from its box's baseline and height, then the word itself."""
    x0, top, x1, bottom = word.bbox
    height = max(bottom - top, 1.0)
    origin = mapper.point(x0, bottom - 0.2 * height)
    along = mapper.point(x1, bottom - 0.2 * height)
    up = mapper.point(x0, top)
    text = word.text.encode("cp1252", errors="replace")
    units = max(len(text), 1) * GLYPH_WIDTH / 1000
    text += b" "  # a space after each word: every reader then breaks words where we did
    matrix = [(along[0] - origin[0]) / units, (along[1] - origin[1]) / units,
              (up[0] - origin[0]) / 0.8, (up[1] - origin[1]) / 0.8, origin[0], origin[1]]
    return [([round(value, 3) for value in matrix], pikepdf.Operator("Tm")),
            ([pikepdf.String(text)], pikepdf.Operator("Tj"))]


def text_layer(page: Page, mapper: UprightToUser, pikepdf) -> bytes:
    operators = [([], pikepdf.Operator("BT")), ([pikepdf.Name(FONT), 1], pikepdf.Operator("Tf")),
                 ([3], pikepdf.Operator("Tr"))]
    for word in page.words:
        operators.extend(word_operators(word, mapper, pikepdf))
    operators.append(([], pikepdf.Operator("ET")))
    return pikepdf.unparse_content_stream(operators)


SHOWING = {"Tj", "TJ", "'", '"'}


def drop_invisible_text(pdf, stored, pikepdf) -> int:
    """A scanner's own OCR layer (text in render mode 3) on a page we read again is the noisy reading
    triage refused: remove its text-showing operators, so a search finds our words, not both. Visible
    text and everything drawn stay as they were. Returns how many operators went."""
    operators = pikepdf.parse_content_stream(stored)
    kept, mode, saved, dropped = [], 0, [], 0
    for operands, operator in operators:
        name = str(operator)
        if name == "q":
            saved.append(mode)
        elif name == "Q" and saved:
            mode = saved.pop()
        elif name == "Tr" and operands:
            mode = int(operands[0])
        elif name in SHOWING and mode == 3:
            dropped += 1
            continue
        kept.append((operands, operator))
    if dropped:
        stored.obj.Contents = pdf.make_stream(zlib.compress(pikepdf.unparse_content_stream(kept)),
                                              Filter=pikepdf.Name.FlateDecode)
    return dropped


def invisible_font(pikepdf):
    """A font of no particular shapes whose every glyph is half an em wide. Not one of the standard 14
    names: readers (pdfminer) would take Helvetica's own widths and misplace the words."""
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/PkOcrText"),
                                    Flags=32, FontBBox=[0, -200, GLYPH_WIDTH, 800], ItalicAngle=0,
                                    Ascent=800, Descent=-200, CapHeight=700, StemV=80)
    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name("/PkOcrText"), Encoding=pikepdf.Name.WinAnsiEncoding,
                              FirstChar=0, LastChar=255, Widths=[GLYPH_WIDTH] * 256,
                              FontDescriptor=descriptor)


def write_searchable(source: Path, pages: list[Page], target: Path, password: str | None = None) -> int:
    """Write `source` to `target` with the OCR'd pages' words as invisible text; returns how many pages
    got a text layer. Pages read from their own text layer are left as they are."""
    import pikepdf

    ocr_pages = [page for page in pages if page.info.source == "ocr" and page.words]
    with pikepdf.open(source, password=password or "") as pdf:
        font = pdf.make_indirect(invisible_font(pikepdf))
        for page in ocr_pages:
            stored = pdf.pages[page.number - 1]
            crop = tuple(float(v) for v in stored.cropbox)
            mapper = UprightToUser(crop, int(stored.rotation), page.info)
            stored.add_resource(font, pikepdf.Name.Font, pikepdf.Name(FONT), replace_existing=True)
            drop_invisible_text(pdf, stored, pikepdf)
            stored.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            layer = zlib.compress(b"\nQ\n" + text_layer(page, mapper, pikepdf))
            stored.contents_add(pdf.make_stream(layer, Filter=pikepdf.Name.FlateDecode), prepend=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            # Streams as they are: qpdf would otherwise decode ASCII85 and the like and write them again.
            pdf.save(partial, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return len(ocr_pages)


def copy_if_scanned(source: Path, pages: list[Page], target: Path) -> bool:
    """Write `target` when `source` is a PDF with OCR'd pages; False when it has no copy to give. An
    error (pikepdf refusing what pdfium read) is the caller's to report: the extraction stands."""
    from extractor.ingest.source import sniff_kind

    if not any(page.info.source == "ocr" for page in pages) or sniff_kind(source) != "pdf":
        return False
    write_searchable(source, sorted(pages, key=lambda page: page.number), target)
    return True

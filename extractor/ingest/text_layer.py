"""Words of a PDF page's own text layer, read with pdfium, on the upright page in PDF points.

pdfium rather than pdfplumber: it is about 20x faster (the born-digital goal is 50 pages/s on two
cores), it opens files pdfminer cannot (a real scan whose page tree pdfminer reads as empty), and
it tells which glyphs lack a Unicode mapping and which text is invisible, which triage needs.
Words are split like pdfplumber's `extract_words` (whitespace, or a gap over 3 pt).
"""

from __future__ import annotations

import itertools
import unicodedata

from pydantic import BaseModel, Field

from extractor.ingest.drawn_rules import read_drawn_rules
from extractor.ingest.word_lines import words_to_lines
from models.document import Rule, Word

X_TOLERANCE = 3.0
WHITESPACE = {" ", "\t", "\r", "\n", "\xa0", "\u200b", "\ufeff", "\x02"}


class TextLayer(BaseModel):
    """What triage needs to judge a text layer, and the words if it is used."""

    width: float
    height: float
    rotation: int = 0
    words: list[Word] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    char_count: int = 0
    unmapped_chars: int = 0
    invisible_chars: int = 0
    image_coverage: float = 0.0


class Upright:
    """Maps pdfium page space (origin bottom-left, unrotated) to the upright page (origin top-left)."""

    def __init__(self, crop: tuple[float, float, float, float], rotation: int):
        self.left, self.bottom, self.right, self.top = crop
        self.rotation = rotation % 360
        self.width0 = self.right - self.left
        self.height0 = self.top - self.bottom

    @property
    def size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return self.height0, self.width0
        return self.width0, self.height0

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y
        if self.rotation == 90:
            return self.height0 - v, u
        if self.rotation == 180:
            return self.width0 - u, self.height0 - v
        if self.rotation == 270:
            return v, self.width0 - u
        return u, v

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        (x0, y0), (x1, y1) = self.point(left, top), self.point(right, bottom)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def read_text_layer(page) -> TextLayer:
    """Words, drawn table rules and triage facts of one pypdfium2 page. Content drawn turned on the
    page (a landscape table section of a Word export, a page turned by a converter without /Rotate)
    is read upright: the page is turned further by the way its text runs."""
    textpage = page.get_textpage()
    try:
        scan = CharScan(textpage)
    finally:
        textpage.close()
    shown = Upright(page.get_cropbox(), page.get_rotation())
    upright = Upright(page.get_cropbox(), page.get_rotation() + text_turn(scan.chars, shown))
    width, height = upright.size
    return TextLayer(width=width, height=height, rotation=upright.rotation,
                     words=words_to_lines(chars_to_words(scan.chars, upright)),
                     rules=read_drawn_rules(page, upright),
                     char_count=scan.count, unmapped_chars=scan.unmapped, invisible_chars=scan.invisible,
                     image_coverage=image_coverage(page, upright))


class CharScan:
    """One pass over pdfium's characters: (char, box) per glyph and None at breaks, plus counts of
    glyphs without Unicode and of invisible glyphs. Tight loop: this is most of a text page's cost."""

    def __init__(self, textpage):
        import ctypes

        import pypdfium2.raw as raw

        self.count = self.unmapped = self.invisible = 0
        self.chars: list[tuple[str, tuple[float, float, float, float]] | None] = []
        total = textpage.count_chars()
        text = page_text(textpage, total, raw)
        rect = raw.FS_RECTF()
        modes: dict[int, bool] = {}
        get_box, map_error, text_object = (raw.FPDFText_GetLooseCharBox, raw.FPDFText_HasUnicodeMapError,
                                           raw.FPDFText_GetTextObject)
        for index in range(total):
            char = text[index]
            if char in WHITESPACE:
                self.chars.append(None)
                continue
            self.count += 1
            if map_error(textpage, index) == 1 or is_unmapped(char):
                self.unmapped += 1
            obj = text_object(textpage, index)
            if obj:
                key = ctypes.cast(obj, ctypes.c_void_p).value or 0
                invisible = modes.get(key)
                if invisible is None:
                    invisible = modes[key] = (raw.FPDFTextObj_GetTextRenderMode(obj)
                                              == raw.FPDF_TEXTRENDERMODE_INVISIBLE)
                self.invisible += invisible
            if get_box(textpage, index, rect):
                self.chars.append((char, (rect.left, rect.bottom, rect.right, rect.top)))
            else:
                self.chars.append(None)


def page_text(textpage, total: int, raw) -> str:
    """All characters in one call; per-character reads when surrogate pairs would shift indices."""
    import ctypes

    buffer = ctypes.create_string_buffer((total + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, total, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == total:
        return text
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(total))


def is_unmapped(char: str) -> bool:
    """Glyphs a font maps to nothing readable: private-use, replacement, control characters."""
    category = unicodedata.category(char)
    return char == "\ufffd" or category in ("Co", "Cc", "Cs", "Cn")


TURN_BY_RUN = {(1, 0): 0, (-1, 0): 180, (0, 1): 270, (0, -1): 90}  # run on the shown page -> turn


def text_turn(chars, shown: Upright) -> int:
    """The further turn (0, 90, 180, 270) that makes the page's text run left to right: the direction
    from each glyph to the next one of its word, on the page as shown, by majority; 0 unless at least
    40 steps and four in five agree."""
    runs: dict[tuple[int, int], int] = {}
    for this, following in itertools.pairwise(chars):
        if this is None or following is None:
            continue
        (x0, top, x1, bottom), (u0, utop, u1, ubottom) = shown.box(*this[1]), shown.box(*following[1])
        dx, dy = (u0 + u1 - x0 - x1) / 2, (utop + ubottom - top - bottom) / 2
        size = max(x1 - x0, bottom - top, 1.0)
        if abs(dx) + abs(dy) > 2 * size or abs(dx) == abs(dy):
            continue
        run = (1 if dx > 0 else -1, 0) if abs(dx) > abs(dy) else (0, 1 if dy > 0 else -1)
        runs[run] = runs.get(run, 0) + 1
    total = sum(runs.values())
    run, count = max(runs.items(), key=lambda item: item[1], default=((1, 0), 0))
    return TURN_BY_RUN[run] if total >= 40 and count >= 0.8 * total else 0


def chars_to_words(chars, upright: Upright) -> list[Word]:
    words: list[Word] = []
    text: list[str] = []
    box: list[float] = []
    glyph_start = 0.0
    for item in chars:
        if item is not None:
            char, raw_box = item
            x0, top, x1, bottom = upright.box(*raw_box)
            if text and not continues_word(box, glyph_start, (x0, top, x1, bottom)):
                words.append(make_word(text, box))
                text, box = [], []
            glyph_start = x0
            if text:
                box = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
            else:
                box = [x0, top, x1, bottom]
            text.append(char)
            continue
        if text:
            words.append(make_word(text, box))
            text, box = [], []
    if text:
        words.append(make_word(text, box))
    return words


def continues_word(box: list[float], glyph_start: float, char_box: tuple[float, float, float, float]) -> bool:
    """Same baseline band and at most X_TOLERANCE to the right of the previous glyph, or inside it:
    a ligature ("fi", "fl") is one glyph that pdfium gives as two characters with the same box."""
    x0, top, _x1, bottom = char_box
    middle = (top + bottom) / 2
    if not box[1] <= middle <= box[3]:
        return False
    return min(box[2], glyph_start) - X_TOLERANCE <= x0 <= box[2] + X_TOLERANCE


def make_word(text: list[str], box: list[float]) -> Word:
    return Word(text="".join(text), bbox=(round(box[0], 2), round(box[1], 2), round(box[2], 2),
                                          round(box[3], 2)),
                confidence=1.0, source="text")


def image_coverage(page, upright: Upright) -> float:
    """Share of the page area under its largest image (a scan is one image over the whole page)."""
    import pypdfium2.raw as raw

    area = upright.width0 * upright.height0 or 1.0
    best = 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        left, right = max(left, upright.left), min(right, upright.right)
        bottom, top = max(bottom, upright.bottom), min(top, upright.top)
        if right > left and top > bottom:
            best = max(best, (right - left) * (top - bottom) / area)
    return min(best, 1.0)

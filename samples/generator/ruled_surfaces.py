"""The two drawing surfaces of `ruled.RuledTable`: a reportlab platypus flowable that splits at row
boundaries, and direct fpdf2 drawing that breaks pages itself."""

from __future__ import annotations

from fpdf import FPDF
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from samples.generator import ruled as R


class CanvasSurface:
    """reportlab canvas inside a flowable: its y grows upwards from the flowable's bottom."""

    def __init__(self, canv, height: float, fonts: tuple[str, str]):
        self.canv, self.height, self.fonts = canv, height, fonts

    def width_of(self, text: str, bold: bool, size: float) -> float:
        return stringWidth(text, self.fonts[bold], size)

    def text(self, x: float, baseline: float, text: str, bold: bool, size: float) -> None:
        self.canv.setFont(self.fonts[bold], size)
        self.canv.drawString(x, self.height - baseline, text)

    def fill_rect(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        self.canv.setFillGray(grey)
        self.canv.rect(x, self.height - y - h, w, h, stroke=0, fill=1)
        self.canv.setFillGray(0)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float) -> None:
        self.canv.setLineWidth(width)
        self.canv.line(x0, self.height - y0, x1, self.height - y1)


class Measure:
    """Width-only surface for laying a table out before any canvas exists."""

    def __init__(self, fonts: tuple[str, str]):
        self.fonts = fonts

    def width_of(self, text: str, bold: bool, size: float) -> float:
        return stringWidth(text, self.fonts[bold], size)


class RuledFlowable(Flowable):
    """Body rows [start, end) of a ruled table; splits at row boundaries across pages."""

    def __init__(
        self,
        table: R.RuledTable,
        fonts: tuple[str, str],
        start: int = 0,
        end: int | None = None,
        with_head: bool = True,
    ):
        super().__init__()
        self.table, self.fonts = table, fonts
        self.start = start
        self.end = table.body_rows if end is None else end
        self.with_head = with_head
        self.laid: R.Laid | None = None

    def _lay(self, width: float) -> R.Laid:
        if self.laid is None or self.laid.xs[-1] != width * self.table.share:
            self.laid = R.lay_out(self.table, width, Measure(self.fonts))
        return self.laid

    def wrap(self, avail_width, avail_height):
        laid = self._lay(avail_width)
        self.width = laid.xs[-1]
        self.height = R.slice_height(laid, self.start, self.end, self.with_head)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        laid = self._lay(avail_width)
        cut = R.rows_that_fit(laid, self.start, avail_height, self.with_head)
        if cut == self.start or cut >= self.end:
            return []
        head_again = self.table.repeat_head
        return [
            RuledFlowable(self.table, self.fonts, self.start, cut, self.with_head),
            RuledFlowable(self.table, self.fonts, cut, self.end, head_again),
        ]

    def draw(self):
        laid = self.laid
        assert laid is not None
        surface = CanvasSurface(self.canv, self.height, self.fonts)
        R.draw_slice(laid, surface, 0, 0, self.start, self.end, self.with_head)


class FpdfSurface:
    def __init__(self, pdf: FPDF, family: str):
        self.pdf, self.family = pdf, family

    def width_of(self, text: str, bold: bool, size: float) -> float:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        return self.pdf.get_string_width(text)

    def text(self, x: float, baseline: float, text: str, bold: bool, size: float) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.text(x, baseline, text)

    def fill_rect(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        shade = int(grey * 255)
        self.pdf.set_fill_color(shade, shade, shade)
        self.pdf.rect(x, y, w, h, style="F")
        self.pdf.set_fill_color(255, 255, 255)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(x0, y0, x1, y1)


def draw_fpdf(pdf: FPDF, table: R.RuledTable, family: str, width: float) -> None:
    """Draw the whole table from the current y, adding pages as it fills them (same orientation)."""
    surface = FpdfSurface(pdf, family)
    laid = R.lay_out(table, width, surface)
    start, with_head = 0, True
    while start < table.body_rows:
        room = pdf.h - pdf.b_margin - pdf.get_y()
        end = R.rows_that_fit(laid, start, room, with_head)
        if end == start:
            if pdf.get_y() <= pdf.t_margin + 1:
                raise ValueError("a table row is taller than the page")
            pdf.add_page(same=True)
            continue
        used = R.draw_slice(laid, surface, pdf.l_margin, pdf.get_y(), start, end, with_head)
        pdf.set_y(pdf.get_y() + used)
        start = end
        if start < table.body_rows:
            pdf.add_page(same=True)
            with_head = table.repeat_head

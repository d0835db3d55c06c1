"""The report's pages: their size and margins, page templates, running header and footer.

The render stage of the report pours its story (:mod:`.story`) into a :class:`ReportDoc`, which
knows the page templates (a cover or a first page, then body pages), draws the furniture on every
page and puts every heading into the outline and the contents. The total of "Page X of Y" is
filled in when the document is saved (:mod:`.pagenumbers`), so one pass lays the report out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from . import equations
from .flowables import heading_info, line_of
from .fonts import ReportFonts
from .pagenumbers import NumberedCanvas, Numbers
from .styles import Styles

# Page geometry. 25 mm survives a binding edge, hole punching and the unprintable rim of office
# printers; the header and footer sit inside the margins, clear of both the text and the edge.
MARGIN_X = 25 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 25 * mm
HEADER_FROM_TOP = 15 * mm
FOOTER_FROM_BOTTOM = 13 * mm


@dataclass(frozen=True)
class Page:
    """The paper and the text frame on it, in points."""

    size: tuple[float, float]

    @classmethod
    def named(cls, name: str) -> Page:
        return cls(LETTER if name == "Letter" else A4)

    @property
    def width(self) -> float:  # of the text frame
        return self.size[0] - 2 * MARGIN_X

    @property
    def height(self) -> float:
        return self.size[1] - MARGIN_TOP - MARGIN_BOTTOM


@dataclass
class Furniture:
    """What the running header and footer print."""

    title: str
    byline: str


class ReportDoc(BaseDocTemplate):
    """Page templates, running header and footer, bookmarks and contents entries."""

    def __init__(self, filename: str | io.BytesIO, timestamp: dt.datetime, **kw: Any):
        super().__init__(filename, **kw)
        self.timestamp = timestamp
        self.numbers = Numbers()
        self.chapter = ""  # the chapter in effect
        self.chapter_at_top = ""  # … when the current page began
        self.first_chapter_on_page: str | None = None
        self.current_line: int | None = None

    def build(self, flowables: list[Flowable], filename: Any = None, canvasmaker: Any = None) -> None:
        def canvas(*args: Any, **kw: Any) -> NumberedCanvas:
            self.numbers = Numbers()  # each pass finds its own
            return NumberedCanvas(self.numbers, *args, **kw)

        super().build(flowables, filename, canvasmaker=canvasmaker or canvas)

    # Hooks reportlab calls, by its names.
    def beforeDocument(self) -> None:
        self.chapter = self.chapter_at_top = ""
        self.first_chapter_on_page = None
        stamp = self.timestamp.astimezone(dt.timezone.utc)
        pdf_date = stamp.strftime("D:%Y%m%d%H%M%S+00'00'")
        self.canv.setDateFormatter(lambda *_: pdf_date)
        self.canv.showOutline()
        equations.register(self.canv)  # inline maths is drawn by a callback of the canvas

    def beforePage(self) -> None:
        self.chapter_at_top = self.chapter
        self.first_chapter_on_page = None

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            line = line_of(flowables[0])
            if line:
                self.current_line = line
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        info = heading_info(flowable)
        if info is None:
            return
        self.canv.addOutlineEntry(info.title, info.key, level=info.outline, closed=info.outline >= 1)
        if info.toc:
            self.numbers.heading_pages[info.key] = self.page
            self.notify("TOCEntry", (info.outline, info.markup, self.page, info.key))
        if info.level == 1:
            self.chapter = info.title
            if self.first_chapter_on_page is None:
                self.first_chapter_on_page = info.title


def _frame(x: float, y: float, w: float, h: float, name: str) -> Frame:
    return Frame(x, y, w, h, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


class PageDesign:
    """The page templates of a report or a handout, and what they draw around the text."""

    def __init__(self, page: Page, styles: Styles, fonts: ReportFonts, furniture: Furniture):
        self.page = page
        self.styles = styles
        self.fonts = fonts
        self.furniture = furniture

    def templates(self, handout: bool) -> list[PageTemplate]:
        """A first page (handout) or a cover (report), then body pages."""
        width, h = self.page.width, self.page.size[1]
        body = _frame(MARGIN_X, MARGIN_BOTTOM, width, self.page.height, "body")
        templates = [PageTemplate("body", [body], onPageEnd=self._body)]
        if handout:
            first = _frame(MARGIN_X, MARGIN_BOTTOM, width, h - MARGIN_BOTTOM - 22 * mm, "first")
            templates.insert(0, PageTemplate("first", [first], onPageEnd=self._first, autoNextPageTemplate="body"))
        else:
            top = h * 0.40  # the title block starts two fifths down the page
            main = _frame(MARGIN_X, MARGIN_BOTTOM + 40 * mm, width, h - top - MARGIN_BOTTOM - 40 * mm, "cover")
            foot = _frame(MARGIN_X, MARGIN_BOTTOM, width, 34 * mm, "cover-foot")
            templates.insert(0, PageTemplate("cover", [main, foot], onPage=self._cover, autoNextPageTemplate="body"))
        return templates

    def _cover(self, canvas: Canvas, doc: ReportDoc) -> None:
        w, h = doc.pagesize
        s, width = self.styles, self.page.width
        canvas.saveState()
        canvas.setFillColor(s.primary)
        canvas.rect(MARGIN_X, h - MARGIN_TOP - 2, width, 5, stroke=0, fill=1)
        canvas.setFillColor(s.accent)
        canvas.rect(MARGIN_X, h * 0.60 + 14 * mm, 28 * mm, 3.2, stroke=0, fill=1)
        canvas.setStrokeColor(s.rule)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, MARGIN_BOTTOM + 34 * mm + 4, MARGIN_X + width, MARGIN_BOTTOM + 34 * mm + 4)
        canvas.restoreState()

    def _first(self, canvas: Canvas, doc: ReportDoc) -> None:
        self._furniture(canvas, doc, header=False)

    def _body(self, canvas: Canvas, doc: ReportDoc) -> None:
        self._furniture(canvas, doc, header=True)

    def _furniture(self, canvas: Canvas, doc: ReportDoc, header: bool) -> None:
        """Running header (title, chapter) and footer (byline, page X of Y); the page number on the
        outer edge: right on odd pages, left on even ones, as a duplex-printed book has it."""
        w, h = doc.pagesize
        s, width = self.styles, self.page.width
        size = s.sizes.footer
        font = self.fonts.body
        left, right = MARGIN_X, MARGIN_X + width
        odd = doc.page % 2 == 1
        text = self._text_on(canvas, size)
        canvas.saveState()
        if header:
            y = h - HEADER_FROM_TOP
            chapter = doc.first_chapter_on_page or doc.chapter_at_top
            inner, outer = self.furniture.title, chapter if chapter != self.furniture.title else ""
            room = width * (0.62 if outer else 1.0)
            text(inner, left if odd else right, y, room, odd, font.regular, s.muted)
            if outer:
                text(outer, right if odd else left, y, width * 0.34, not odd, font.bold, s.primary)
            canvas.setStrokeColor(s.rule)
            canvas.setLineWidth(0.5)
            canvas.line(left, y - 5, right, y - 5)
        y = FOOTER_FROM_BOTTOM
        page = doc.page

        def number(numbers: Numbers) -> None:  # "of Y" is known when the document is saved
            text(f"Page {page} of {numbers.pages}", right if odd else left, y, width * 0.3, not odd,
                 font.regular, s.text)

        if isinstance(canvas, NumberedCanvas):
            canvas.later(number, Numbers(pages=page))
        else:
            number(Numbers(pages=page))
        if self.furniture.byline:
            text(self.furniture.byline, left if odd else right, y, width * 0.62, odd, font.regular, s.muted)
        canvas.restoreState()

    def _text_on(self, canvas: Canvas, size: float) -> Callable[..., None]:
        def text(text: str, x: float, y: float, room: float, from_left: bool, font: str, color: colors.Color) -> None:
            if self.fonts.body.lacks_any(text):
                font = self.fonts.fallback.regular  # a running title in Chinese needs the Chinese font
            text = fit_text(text, font, size, room)
            canvas.setFont(font, size)
            canvas.setFillColor(color)
            if from_left:
                canvas.drawString(x, y, text)
            else:
                canvas.drawRightString(x, y, text)

        return text


def fit_text(text: str, font: str, size: float, room: float) -> str:
    """Running header text shortened with an ellipsis to its room, so it never runs into the other side."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip(" ,;:–—") + "…"

"""The report renderer: the document model → a printable PDF, through reportlab's platypus.

One module prints both paper forms of a document. The *report* (kind ``report``, from the
pack's ``report.md.j2``) gets a cover, a contents page with page numbers, chapters that start on
a new page and numbered notes at the end. The *handout* (kind ``handout``, a hand-written deck)
gets a title block and one section per slide, with the speaker notes in a shaded box. Both walk
the document model in order; nothing here reads Markdown, YAML or templates.

Print choices, explained in docs/report.md: A4 or US Letter with 25 mm margins on every side (so
binding and office printers clip nothing); a running header and a "Page X of Y" footer, mirrored
so the page number sits on the outer edge in duplex printing; sources as numbered endnotes, one
number per source in order of first citation, each mark a link to its note; TrueType fonts from
the theme, embedded as subsets, and no other font anywhere; the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    Image,
    KeepTogether,
    ListFlowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Preformatted,
    Spacer,
    TableStyle,
)
from reportlab.platypus import ListItem as RLListItem
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import IndexingFlowable, LayoutError
from reportlab.platypus.flowables import PageBreakIfNotEmpty
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine
from reportlab.platypus.tableofcontents import TableOfContents

from .. import __version__
from ..document import (
    Block,
    ChartBlock,
    CodeBlock,
    Columns,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Metrics,
    Notes,
    Paragraph,
    Picture,
    Quote,
    SlideBreak,
    Span,
    Table,
    TimelineBlock,
    plain,
    slides_of,
)
from ..errors import Problems
from ..figures.tables import is_numeric_column
from ..fonts import FontFiles, break_tokens, is_wide, metrics
from ..pictures import is_svg, picture_size, raster_for_deck, svg_drawing
from ..visuals import Chart
from . import register
from .base import BuildInput, Renderer
from .pdf_visuals import chart_drawing, timeline_drawing

# Page geometry. 25 mm survives a binding edge, hole punching and the unprintable rim of office
# printers; the header and footer sit inside the margins, clear of both the text and the edge.
MARGIN_X = 25 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 25 * mm
HEADER_FROM_TOP = 15 * mm
FOOTER_FROM_BOTTOM = 13 * mm

# The deck's type scale, set for paper: a 20 pt slide body reads as 11 pt on A4, and every other
# size keeps its proportion to it, so deck and report look like one family.
PRINT_SCALE = 0.55
TABLE_MIN_SIZE = 7.0  # a table too wide for the page is set smaller down to this, then reported
TOC_LEVELS = 2  # chapters and sections in the contents; every heading gets a bookmark
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def _half(value: float) -> float:
    """A size rounded to half points: type specimens come in halves, not in 9.13 pt."""
    return round(value * 2) / 2


def _hex(value: str) -> colors.Color:
    return colors.HexColor("#" + value)


def _tint(value: str, amount: float) -> colors.Color:
    """``value`` mixed with white: ``amount`` 1 is the colour itself, 0 is white (for rules)."""
    c = _hex(value)
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount)


def _css(color: colors.Color) -> str:
    return "#" + color.hexval()[2:]


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


# --- fonts ----------------------------------------------------------------------------------------

_REGISTERED: dict[Path, str] = {}  # font file → name in reportlab's (process-wide) font registry


def _register(path: Path) -> str:
    """Register a TrueType file once per process; reportlab embeds only the glyphs used."""
    if path in _REGISTERED:
        return _REGISTERED[path]
    taken = set(_REGISTERED.values())
    name = "briefing-" + path.stem
    n = 2
    while name in taken:
        name, n = f"briefing-{path.stem}-{n}", n + 1
    pdfmetrics.registerFont(TTFont(name, str(path)))
    _REGISTERED[path] = name
    return name


@dataclass
class _Family:
    files: FontFiles
    regular: str
    bold: str
    italic: str
    bolditalic: str

    def name(self, bold: bool = False, italic: bool = False) -> str:
        return self.bolditalic if bold and italic else self.bold if bold else self.italic if italic else self.regular

    def has(self, ch: str) -> bool:
        return metrics(self.files.regular).has(ch)


def _family(files: FontFiles) -> _Family:
    names = [_register(p) for p in (files.regular, files.bold, files.italic, files.bolditalic)]
    # <b> and <i> in paragraph markup pick the family's other files through this mapping.
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    return _Family(files, *names)


@dataclass
class _FontSet:
    body: _Family
    heading: _Family
    mono: _Family
    fallback: _Family | None  # for characters the body font lacks (Chinese, Japanese, Korean)


# --- styles ---------------------------------------------------------------------------------------


@dataclass
class _Sizes:
    body: float
    h1: float
    h2: float
    h3: float
    table: float
    small: float
    footer: float
    metric: float
    cover: float
    notes: float


class _Styles:
    """Every paragraph style of the report, from the theme's fonts, colours and type scale."""

    def __init__(self, fonts: _FontSet, theme: Any, cjk: bool):
        s, c = theme.sizes, theme.colors
        self.sizes = _Sizes(
            body=_half(s.body * PRINT_SCALE), h1=_half(s.section * 0.6), h2=_half(s.title * 0.5),
            h3=_half(s.subtitle * 0.65), table=_half(s.table * 0.65), small=_half(s.source * 0.8),
            footer=_half(s.footer * 0.8), metric=_half(s.metric_value * 0.6), cover=_half(s.section * 0.8),
            notes=_half(s.notes * 0.8))
        z = self.sizes
        body, head = fonts.body, fonts.heading
        self.text, self.muted = _hex(c.text), _hex(c.muted)
        self.primary, self.accent, self.secondary = _hex(c.primary), _hex(c.accent), _hex(c.secondary)
        self.surface, self.white = _hex(c.surface), _hex(c.background)
        self.rule = _tint(c.muted, 0.35)
        wrap = "CJK" if cjk else None

        def style(name: str, **kw: Any) -> ParagraphStyle:
            if "parent" in kw:  # a variant: only what it changes
                return ParagraphStyle(name, **kw)
            base: dict[str, Any] = dict(fontName=body.regular, fontSize=z.body, leading=z.body * 1.4,
                                        textColor=self.text, bulletFontName=body.regular, spaceAfter=z.body * 0.6,
                                        allowWidows=0, allowOrphans=0, splitLongWords=1, hyphenationLang=None)
            if wrap:
                base["wordWrap"] = wrap
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.body = style("body")
        self.lead = style("lead", fontSize=z.body * 1.2, leading=z.body * 1.2 * 1.4, textColor=self.primary,
                          fontName=body.regular, spaceAfter=z.body)
        self.item = style("item", spaceAfter=z.body * 0.35)
        self.h1 = style("h1", fontName=head.bold, fontSize=z.h1, leading=z.h1 * 1.15, textColor=self.primary,
                        spaceBefore=0, spaceAfter=z.body * 1.2, keepWithNext=1)
        self.h1_flow = style("h1-flow", parent=self.h1, spaceBefore=z.body * 1.8)
        self.h2 = style("h2", fontName=head.bold, fontSize=z.h2, leading=z.h2 * 1.2, textColor=self.primary,
                        spaceBefore=z.body * 1.5, spaceAfter=z.body * 0.55, keepWithNext=1)
        self.h3 = style("h3", fontName=head.bold, fontSize=z.h3, leading=z.h3 * 1.25, textColor=self.text,
                        spaceBefore=z.body * 1.0, spaceAfter=z.body * 0.4, keepWithNext=1)
        self.h4 = style("h4", fontName=head.bold, fontSize=z.body, leading=z.body * 1.3, textColor=self.text,
                        spaceBefore=z.body * 0.8, spaceAfter=z.body * 0.3, keepWithNext=1)
        self.cell = style("cell", fontSize=z.table, leading=z.table * 1.3, spaceAfter=0)
        self.cell_head = style("cell-head", parent=self.cell, fontName=body.bold, textColor=self.white)
        self.quote = style("quote", fontName=body.italic, fontSize=z.body * 1.15, leading=z.body * 1.15 * 1.45,
                           textColor=self.primary, spaceAfter=z.body * 0.4)
        self.attribution = style("attribution", fontSize=z.small + 1, leading=(z.small + 1) * 1.35,
                                 textColor=self.muted, spaceAfter=0)
        self.caption = style("caption", fontName=body.bold, fontSize=z.body * 0.95, leading=z.body * 1.3,
                             textColor=self.primary, spaceBefore=4, spaceAfter=z.body * 0.4, keepWithNext=1)
        self.source = style("source", fontSize=z.small, leading=z.small * 1.35, textColor=self.muted,
                            spaceBefore=3, spaceAfter=z.body * 0.8)
        self.note = style("note", fontSize=z.small + 0.5, leading=(z.small + 0.5) * 1.4, leftIndent=22,
                          bulletIndent=0, bulletFontName=body.bold, bulletFontSize=z.small + 0.5, spaceAfter=3,
                          bulletColor=self.primary)
        self.notes_label = style("notes-label", fontName=body.bold, fontSize=z.small, leading=z.small * 1.3,
                                 textColor=self.muted, spaceAfter=4)
        self.notes_body = style("notes-body", fontSize=z.notes, leading=z.notes * 1.4, spaceAfter=z.notes * 0.4)
        self.code = style("code", fontName=fonts.mono.regular, fontSize=z.table, leading=z.table * 1.35,
                          backColor=self.surface, borderPadding=(6, 8, 6, 8), leftIndent=8, rightIndent=8,
                          spaceBefore=6, spaceAfter=z.body)
        self.metric_value = style("metric-value", fontName=head.bold, fontSize=z.metric, leading=z.metric * 1.1,
                                  textColor=self.primary, spaceAfter=2)
        self.metric_label = style("metric-label", fontSize=z.body * 0.9, leading=z.body * 1.2, spaceAfter=2)
        self.metric_change = style("metric-change", fontName=body.bold, fontSize=z.body * 0.85,
                                   leading=z.body * 1.15, textColor=self.secondary, spaceAfter=2)
        self.cover_title = style("cover-title", fontName=head.bold, fontSize=z.cover, leading=z.cover * 1.12,
                                 textColor=self.primary, spaceAfter=z.body * 1.4)
        self.cover_sub = style("cover-sub", fontSize=z.h2, leading=z.h2 * 1.3, textColor=self.text,
                               spaceAfter=z.body * 0.8)
        self.cover_native = style("cover-native", fontSize=z.h3, leading=z.h3 * 1.4, textColor=self.muted,
                                  spaceAfter=z.body)
        self.cover_org = style("cover-org", fontName=head.bold, fontSize=z.body * 1.1, leading=z.body * 1.5,
                               textColor=self.primary, spaceAfter=0)
        self.cover_date = style("cover-date", fontSize=z.body, leading=z.body * 1.5, textColor=self.muted)
        self.title = style("title", fontName=head.bold, fontSize=z.h1, leading=z.h1 * 1.15,
                           textColor=self.primary, spaceAfter=z.body * 0.5)
        self.toc = [
            style("toc-1", fontName=head.bold, fontSize=z.body * 1.05, leading=z.body * 1.45, textColor=self.primary,
                  spaceBefore=z.body * 0.7, rightIndent=28, leftIndent=0, firstLineIndent=0),
            style("toc-2", fontSize=z.body * 0.95, leading=z.body * 1.4, textColor=self.text, rightIndent=28,
                  leftIndent=16, firstLineIndent=0, spaceBefore=0),
        ]


# --- paragraphs -----------------------------------------------------------------------------------


class _Para(RLParagraph):
    """reportlab's paragraph, with Chinese and Japanese broken into lines as docs/markdown.md promises.

    Text that is mostly Chinese or Japanese has no spaces to break at, so it is broken between
    characters (reportlab's ``wordWrap="CJK"``), whatever the document's language: in a list or a
    table cell too. reportlab's own CJK line breaker does not keep punctuation where it belongs
    (a line may start with "》" or "”", or end with "（"); this one breaks only where
    :func:`generator.fonts.break_tokens` allows, as the deck's layout does.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, **kw: Any):
        super().__init__(text, style, *args, **kw)
        if self.style.wordWrap != "CJK" and _mostly_wide("".join(getattr(f, "text", "") for f in self.frags)):
            self.style = ParagraphStyle(f"{self.style.name}-cjk", parent=self.style, wordWrap="CJK")

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the first part of a split paragraph keeps the lines it was split with
        if not self.frags:
            return super().breakLinesCJK(maxWidths)
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, widths)
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return _kinsoku_lines(self.frags, widths, auto not in ("", "off"))


def _kinsoku_lines(frags: list[Any], widths: list[float], calc_bounds: bool) -> Any:
    """The lines of a paragraph set character by character, each as wide as fits, broken only
    where a line may break: never before a closing mark (，。》）”), never after an opening one
    (（《“), never inside a word of Latin letters. Spaces may hang past the margin."""
    units: list[Any] = []  # one per character, each knowing its fragment (font, size, colour, link)
    for f in frags:
        text = f.text.decode("utf-8") if isinstance(f.text, bytes) else f.text
        units += [cjkU(ch, f, "utf-8") for ch in text] if text else [cjkU("", f, "utf-8")]
    text = "".join(units)
    cuts: set[int] = set()  # character offsets where a line may end
    offset = 0
    for token in break_tokens(text):
        offset += len(token)
        # A straight quote may open or close, so it stays with the character it touches: "清单"
        # is never broken after its first mark or before its last.
        if 0 < offset < len(text) and any(ch in "\"'" and not other.isspace()
                                          for ch, other in ((text[offset], text[offset - 1]),
                                                            (text[offset - 1], text[offset]))):
            continue
        cuts.add(offset)
    starts: list[int] = []
    offset = 0
    for u in units:
        starts.append(offset)
        offset += len(u)

    def width(u: Any, room: float) -> float:
        w = u.width
        if hasattr(w, "normalizedValue"):  # an inline image sized in percent of the line
            w._normalizer = room
            w = w.normalizedValue(room)
        return float(w)

    lines: list[Any] = []
    n = len(units)
    start = 0
    while start < n:
        room = widths[min(len(lines), len(widths) - 1)]
        used = 0.0
        cut: int | None = None  # the last place in this line where it may end
        end = start
        hard = False
        while end < n:
            u = units[end]
            if end > start and starts[end] in cuts:
                cut = end
            if hasattr(u.frag, "lineBreak"):  # <br/>: the line ends here, with the break in it
                end += 1
                hard = True
                break
            w = width(u, room)
            if used + w > room + 1e-6 and end > start and not u.isspace():
                if cut is not None:
                    end = cut
                break  # without a place to break (a word wider than the line) it breaks where it is full
            used += w
            end += 1
        line = units[start:end]
        while len(line) > 1 and line[-1].isspace() and not hasattr(line[-1].frag, "lineBreak"):
            line = line[:-1]  # a space at the end of a line is not printed and takes no room
        used = sum(width(u, room) for u in line)
        lines.append(makeCJKParaLine(line, room, used, room - used, hard, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


# --- the page machinery ---------------------------------------------------------------------------


@dataclass
class _HeadingInfo:
    key: str  # the bookmark, the contents entry's link target
    title: str  # plain text, for the outline and the running header
    markup: str  # for the contents entry
    level: int  # 1 = chapter
    outline: int  # nesting in the outline, 0-based, never skipping a level
    toc: bool
    line: int | None


class _HeadingParagraph(_Para):
    """A heading that marks its own place: its bookmark sits exactly where it is drawn."""

    info: _HeadingInfo | None = None

    def draw(self) -> None:
        if self.info is not None:
            self.canv.bookmarkHorizontal(self.info.key, 0, self.height + self.style.fontSize * 0.5)
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if parts:  # the bookmark and the contents entry go with the first part only
            parts[0].info = self.info
        return parts


class _PageCount(IndexingFlowable):
    """Asks for another pass until the page count printed in the footers is the final one."""

    def __init__(self, doc: _Doc):
        super().__init__()
        self.doc = doc
        self.width = self.height = 0

    def isSatisfied(self) -> bool:
        return self.doc.pages_printed == self.doc.pages_seen

    def beforeBuild(self) -> None:
        self.doc.pages_printed = self.doc.pages_seen
        self.doc.pages_seen = 0

    def draw(self) -> None:
        pass


class _Doc(BaseDocTemplate):
    """Page templates, running header and footer, bookmarks and contents entries."""

    def __init__(self, filename: str | io.BytesIO, renderer: ReportRenderer, **kw: Any):
        super().__init__(filename, **kw)
        self.r = renderer
        self.pages_printed = 0  # the total as printed in footers during this pass (from the last pass)
        self.pages_seen = 0
        self.chapter = ""  # the chapter in effect
        self.chapter_at_top = ""  # … when the current page began
        self.first_chapter_on_page: str | None = None
        self.current_line: int | None = None

    # Hooks reportlab calls, by its names.
    def beforeDocument(self) -> None:
        self.chapter = self.chapter_at_top = ""
        self.first_chapter_on_page = None
        stamp = self.r.build.timestamp.astimezone(dt.timezone.utc)
        pdf_date = stamp.strftime("D:%Y%m%d%H%M%S+00'00'")
        self.canv.setDateFormatter(lambda *_: pdf_date)
        self.canv.showOutline()

    def beforePage(self) -> None:
        self.chapter_at_top = self.chapter
        self.first_chapter_on_page = None

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            line = getattr(flowables[0], "_source_line", None)
            if line:
                self.current_line = line
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        info = getattr(flowable, "info", None)
        if not isinstance(info, _HeadingInfo):
            return
        self.canv.addOutlineEntry(info.title, info.key, level=info.outline, closed=info.outline >= 1)
        if info.toc:
            self.notify("TOCEntry", (info.outline, info.markup, self.page, info.key))
        if info.level == 1:
            self.chapter = info.title
            if self.first_chapter_on_page is None:
                self.first_chapter_on_page = info.title


@dataclass
class _Furniture:
    """What the running header and footer print."""

    title: str
    byline: str


# --- the renderer ---------------------------------------------------------------------------------


@dataclass
class _State:
    notes: dict[str, int] = field(default_factory=dict)  # footnote label → its number, by first citation
    keys: int = 0
    outline: int = -1  # outline level of the last heading
    missing: set[str] = field(default_factory=set)  # characters already reported as missing
    line: int | None = None  # source line of the block being set, for messages
    section: str = ""  # the heading the block stands under, for messages


@dataclass
class ReportPlan:
    """The report laid out: every page composed by platypus, held in memory until written."""

    pdf: bytes | None  # None when the document could not be laid out (the problems say why)
    fit_notes: list[str] = field(default_factory=list)
    continued: int = 0


@register
class ReportRenderer(Renderer[ReportPlan]):
    name = "pdf"
    suffix = ".pdf"
    description = "the PDF report (a printable handout for a Markdown deck)"
    template = "report.md.j2"
    project_kind = "report"
    markdown_kind = "handout"
    draws = frozenset({"heading", "paragraph", "list", "table", "quote", "picture", "metrics", "chart", "timeline",
                       "code", "notes", "columns", "slide_break"})
    default = True

    def __init__(self, build: BuildInput, problems: Problems):
        super().__init__(build, problems)
        self.fit_notes: list[str] = []
        self.continued = 0

    def write(self, plan: ReportPlan, out: Path) -> None:
        if plan.pdf is not None:
            out.write_bytes(plan.pdf)

    def plan(self) -> ReportPlan:
        buffer = io.BytesIO()
        self._compose(buffer)
        laid_out = buffer.getvalue() if not self.problems.errors else None
        return ReportPlan(laid_out, self.fit_notes, self.continued)

    def _compose(self, out: io.BytesIO) -> None:
        build = self.build
        doc = build.document
        self.handout = build.kind == "handout"
        self.state = _State()
        fonts = self._fonts()
        if fonts is None:
            return
        self.fonts = fonts
        self.s = _Styles(fonts, build.theme, doc.meta.lang.lower().startswith(("zh", "ja", "ko")))
        page = LETTER if build.page_size == "Letter" else A4
        self.width = page[0] - 2 * MARGIN_X
        self.height = page[1] - MARGIN_TOP - MARGIN_BOTTOM
        meta = doc.meta
        title = " ".join((meta.title or Path(doc.path).stem).split())
        template = _Doc(
            out, self, pagesize=page, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=title, author=meta.author or meta.organisation or "",
            subject=meta.subtitle or "", keywords=list(meta.keywords), creator=f"briefing {__version__}",
            lang=meta.lang, invariant=1, initialFontName=fonts.body.regular, initialFontSize=self.s.sizes.body,
            displayDocTitle=1, keepTogetherClass=lambda flowables: _Keep(flowables, self.height),
        )
        self.furniture = _Furniture(title, " · ".join(x for x in (meta.organisation, meta.date) if x))
        self._templates(template, page)
        story: list[Flowable] = [_PageCount(template)]
        story += self._handout_story() if self.handout else self._report_story()
        story += self._endnotes()
        if self.problems.errors:
            return
        try:
            template.multiBuild(story, maxPasses=12)
        except LayoutError as exc:
            self.problems.error(doc.path, template.current_line, 1 if template.current_line else None,
                                f"this part of the document cannot be laid out on a page: {_short(exc)}; "
                                "make it smaller or split it")
        except IndexError as exc:  # multiBuild gives up when the page numbers never settle
            self.problems.error(doc.path, None, None, f"the page numbers of the contents never settled: {exc}")

    # --- fonts ------------------------------------------------------------------------------------

    def _fonts(self) -> _FontSet | None:
        """The build's fonts registered with reportlab; a font that cannot be embedded is an error."""
        fonts = self.build.fonts
        try:
            return _FontSet(_family(fonts.body), _family(fonts.heading), _family(fonts.mono),
                            _family(fonts.east_asian))
        except TTFError as exc:
            path, line, col = self.build.locate("fonts")
            self.problems.error(path, line, col, f"a theme font cannot be embedded in a PDF: {exc}; "
                                "name another font in theme.yaml")
            return None

    # --- page templates ---------------------------------------------------------------------------

    def _templates(self, doc: _Doc, page: tuple[float, float]) -> None:
        w, h = page
        body = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, self.height, id="body", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)
        templates = [PageTemplate("body", [body], onPageEnd=self._furniture_body)]
        if self.handout:
            first = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, h - MARGIN_BOTTOM - 22 * mm, id="first",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates.insert(0, PageTemplate("first", [first], onPageEnd=self._furniture_first,
                                             autoNextPageTemplate="body"))
        else:
            top = h * 0.40  # the title block starts two fifths down the page
            main = Frame(MARGIN_X, MARGIN_BOTTOM + 40 * mm, self.width, h - top - MARGIN_BOTTOM - 40 * mm,
                         id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            foot = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, 34 * mm, id="cover-foot", leftPadding=0,
                         rightPadding=0, topPadding=0, bottomPadding=0)
            templates.insert(0, PageTemplate("cover", [main, foot], onPage=self._furniture_cover,
                                             autoNextPageTemplate="body"))
        doc.addPageTemplates(templates)

    def _furniture_cover(self, canvas: Canvas, doc: _Doc) -> None:
        w, h = doc.pagesize
        canvas.saveState()
        canvas.setFillColor(self.s.primary)
        canvas.rect(MARGIN_X, h - MARGIN_TOP - 2, self.width, 5, stroke=0, fill=1)
        canvas.setFillColor(self.s.accent)
        canvas.rect(MARGIN_X, h * 0.60 + 14 * mm, 28 * mm, 3.2, stroke=0, fill=1)
        canvas.setStrokeColor(self.s.rule)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, MARGIN_BOTTOM + 34 * mm + 4, MARGIN_X + self.width, MARGIN_BOTTOM + 34 * mm + 4)
        canvas.restoreState()
        doc.pages_seen = max(doc.pages_seen, doc.page)

    def _furniture_first(self, canvas: Canvas, doc: _Doc) -> None:
        self._furniture(canvas, doc, header=False)

    def _furniture_body(self, canvas: Canvas, doc: _Doc) -> None:
        self._furniture(canvas, doc, header=True)

    def _furniture(self, canvas: Canvas, doc: _Doc, header: bool) -> None:
        """Running header (title, chapter) and footer (byline, page X of Y); the page number on the
        outer edge: right on odd pages, left on even ones, as a duplex-printed book has it."""
        doc.pages_seen = max(doc.pages_seen, doc.page)
        w, h = doc.pagesize
        s = self.s
        size = s.sizes.footer
        font = self.fonts.body
        left, right = MARGIN_X, MARGIN_X + self.width
        odd = doc.page % 2 == 1
        canvas.saveState()
        if header:
            y = h - HEADER_FROM_TOP
            chapter = doc.first_chapter_on_page or doc.chapter_at_top
            inner, outer = self.furniture.title, chapter if chapter != self.furniture.title else ""
            room = self.width * (0.62 if outer else 1.0)
            self._furniture_text(canvas, inner, left if odd else right, y, size, room, odd, font.regular, s.muted)
            if outer:
                self._furniture_text(canvas, outer, right if odd else left, y, size, self.width * 0.34, not odd,
                                     font.bold, s.primary)
            canvas.setStrokeColor(s.rule)
            canvas.setLineWidth(0.5)
            canvas.line(left, y - 5, right, y - 5)
        y = FOOTER_FROM_BOTTOM
        total = doc.pages_printed or doc.page
        number = f"Page {doc.page} of {total}"
        self._furniture_text(canvas, number, right if odd else left, y, size, self.width * 0.3, not odd,
                             font.regular, s.text)
        if self.furniture.byline:
            self._furniture_text(canvas, self.furniture.byline, left if odd else right, y, size, self.width * 0.62,
                                 odd, font.regular, s.muted)
        canvas.restoreState()

    def _furniture_text(self, canvas: Canvas, text: str, x: float, y: float, size: float, room: float,
                        from_left: bool, font: str, color: colors.Color) -> None:
        if self.fonts.fallback and any(not self.fonts.body.has(ch) and not ch.isspace() for ch in text):
            font = self.fonts.fallback.regular  # a running title in Chinese needs the Chinese font
        text = _fit_text(text, font, size, room)
        canvas.setFont(font, size)
        canvas.setFillColor(color)
        if from_left:
            canvas.drawString(x, y, text)
        else:
            canvas.drawRightString(x, y, text)

    # --- the report -------------------------------------------------------------------------------

    def _report_story(self) -> list[Flowable]:
        doc = self.build.document
        meta = doc.meta
        s = self.s
        story: list[Flowable] = []
        # Cover: title block in the upper frame, issuer and date in the lower one.
        story.append(self._para(self._text(meta.title or "", heading=True), s.cover_title))
        if meta.subtitle:
            story.append(self._para(self._text(meta.subtitle), s.cover_sub))
        if meta.native_title:
            story.append(self._para(self._text(meta.native_title), s.cover_native))
        story.append(FrameBreak())
        if meta.organisation:
            story.append(self._para(self._text(meta.organisation, heading=True), s.cover_org))
        if meta.author and meta.author != meta.organisation:
            story.append(self._para(self._text(meta.author), s.cover_date))
        if meta.date:
            story.append(self._para(self._text(meta.date), s.cover_date))
        story += [NextPageTemplate("body"), PageBreak()]
        # Contents, then the chapters in document order.
        story += self._heading_flowable([Span("Contents")], 1, None, toc=False, page_break=False)
        toc = TableOfContents(levelStyles=self.s.toc, dotsMinLevel=1, rightColumnWidth=28,
                              tableStyle=_table_style(self.fonts.body.regular, [
                                  ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(toc)
        story += self._blocks(doc.blocks, self.width)
        return story

    def _handout_story(self) -> list[Flowable]:
        doc = self.build.document
        meta = doc.meta
        s = self.s
        story: list[Flowable] = [NextPageTemplate("body")]
        if meta.title:
            story.append(self._para(self._text(meta.title, heading=True), s.title))
            if meta.subtitle:
                story.append(self._para(self._text(meta.subtitle), s.cover_sub))
            if meta.native_title:
                story.append(self._para(self._text(meta.native_title), s.cover_native))
            byline = " · ".join(x for x in (meta.author, meta.organisation if meta.organisation != meta.author
                                                else None, meta.date) if x)
            if byline:
                story.append(self._para(self._text(byline), s.cover_date))
            story.append(_Rule(self.width, s.rule, space=s.sizes.body))
        self._check_levels(doc.blocks)
        for number, slide in enumerate(slides_of(doc), start=1):
            if slide.kind == "title":
                continue
            level = 1 if slide.kind == "section" else 2
            title = slide.title or [Span(f"Slide {number}")]
            head = self._heading_flowable(title, level, slide.line, toc=False, page_break=False)
            if slide.subtitle:
                head.append(self._para(self._spans(slide.subtitle), s.lead, slide.line))
            body = self._blocks(slide.blocks, self.width, check=False)
            if slide.notes:
                body += self._notes_box(slide.notes, self.width)
            story += self._with_first(head, body)
        return story

    def _with_first(self, head: list[Flowable], body: list[Flowable]) -> list[Flowable]:
        """A slide's heading kept on one page with the start of the slide's content, so that a
        heading never ends a page: with its first flowable, and through any sub-heading to the
        flowable after it."""
        breaks: list[Flowable] = []
        while head and isinstance(head[0], (CondPageBreak, PageBreak)):
            breaks.append(head.pop(0))
        taken: list[Flowable] = []
        rest = list(body)
        while rest:
            f = rest.pop(0)
            if isinstance(f, CondPageBreak):
                continue  # inside the group the sub-heading's own room check has no place
            taken.append(f)
            if not f.getKeepWithNext():
                break
        if not taken:
            return [*breaks, *head]
        group = _Keep([*head, *taken], self.height)
        group._source_line = getattr(head[0], "_source_line", None) if head else None
        return [*breaks, group, *rest]

    # --- blocks -----------------------------------------------------------------------------------

    def _check_levels(self, blocks: list[Block]) -> None:
        """A heading may go at most one level deeper than the one before it: '#' then '###' skips one."""
        last = 1
        for block in blocks:
            if not isinstance(block, Heading):
                continue
            if block.level > last + 1:
                want = "#" * (last + 1)
                self.problems.warn(self.build.document.path, block.line, 1,
                                   f"heading level skipped: '{'#' * block.level} {plain(block.text)}' follows a "
                                   f"level-{last} heading; make it '{want}', or add a '{want}' heading above it")
            last = block.level

    def _blocks(self, blocks: list[Block], width: float, check: bool = True, nested: bool = False) -> list[Flowable]:
        """Flowables for blocks in order. A heading, the sentence that introduces a table or list and
        that table or list move to the next page together rather than part at a page foot. Inside a
        table cell (``nested``: columns, a notes box) reportlab cannot keep things together."""
        if check:
            self._check_levels(blocks)
        out: list[Flowable] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            unit = [block]
            rest = blocks[i + 1:]
            if isinstance(block, Heading):
                if len(rest) >= 2 and _lead_in(rest[0]) and _compact(rest[1]):
                    unit += rest[:2]
                elif rest and _compact(rest[0]):
                    unit += rest[:1]
            elif _lead_in(block) and rest and _compact(rest[0]):
                unit += rest[:1]
            flows: list[Flowable] = []
            for b in unit:
                line = getattr(b, "line", None)
                for f in self._block(b, width, nested):
                    if getattr(f, "_source_line", None) is None:
                        f._source_line = line
                    flows.append(f)
            if not nested and (len(unit) > 1 or _compact(block)):
                breaks: list[Flowable] = []
                while flows and isinstance(flows[0], (CondPageBreak, PageBreak)):
                    breaks.append(flows.pop(0))
                group = _Keep(flows, self.height)
                group._source_line = getattr(block, "line", None)
                out += [*breaks, group]
            else:
                out += flows
            i += len(unit)
        return out

    def _block(self, block: Block, width: float, nested: bool = False) -> list[Flowable]:
        s = self.s
        self.state.line = getattr(block, "line", None)
        if isinstance(block, Heading) and not nested:
            self.state.section = plain(block.text)
        if isinstance(block, Heading):
            if nested:  # a heading inside a column or a notes box: a label, not part of the outline
                style = {1: s.h2, 2: s.h3}.get(block.level, s.h4)
                return [self._para(self._spans(block.text, heading=True), style, block.line)]
            return self._heading_flowable(block.text, block.level, block.line, toc=not self.handout,
                                          page_break=not self.handout)
        if isinstance(block, Paragraph):
            return [self._para(self._spans(block.text), s.body, block.line)]
        if isinstance(block, ListBlock):
            return [self._list(block.items, block.ordered, block.start, 0)]
        if isinstance(block, Table):
            return self._table(block, width)
        if isinstance(block, Quote):
            return self._quote(block, width)
        if isinstance(block, Picture):
            return self._picture(block, width)
        if isinstance(block, Metrics):
            return self._metrics(block, width)
        if isinstance(block, ChartBlock):
            return self._chart(block.chart, width, block.line)
        if isinstance(block, TimelineBlock):
            return self._timeline(block, width)
        if isinstance(block, CodeBlock):
            return [self._code(block, width)]
        if isinstance(block, Columns):
            return self._columns(block, width)
        if isinstance(block, Notes):
            # Speaker notes belong to the talk, not to the report; a printed handout shows them.
            return self._notes_box(block.blocks, width) if self.handout else []
        if isinstance(block, SlideBreak):
            return []
        return []

    def _heading_flowable(self, text: Inline, level: int, line: int | None, *, toc: bool,
                          page_break: bool) -> list[Flowable]:
        st = self.state
        st.keys += 1
        wanted = max(level - 1, 0)
        outline = min(wanted, st.outline + 1)  # the outline cannot skip a level, whatever the text does
        st.outline = outline
        title = " ".join(plain(text).split()) or "(untitled)"
        style = {1: self.s.h1, 2: self.s.h2, 3: self.s.h3}.get(level, self.s.h4)
        if level == 1 and not page_break:
            style = self.s.h1_flow
        markup = self._spans(text, heading=True)
        para = _HeadingParagraph(markup, style)
        para.info = _HeadingInfo(f"h{st.keys}", title, self._text(title, heading=True), level, outline,
                                 toc and outline < TOC_LEVELS, line)
        para._source_line = line
        if level == 1 and page_break:
            return _group([PageBreakIfNotEmpty(), para], line)
        # No heading alone at a page foot: it needs room for itself and a few lines after it.
        need = style.leading * 2 + style.spaceBefore + self.s.body.leading * 3
        return _group([CondPageBreak(need), para], line)

    def _para(self, markup: str, style: ParagraphStyle, line: int | None = None) -> Flowable:
        p = _Para(markup, style)
        p._source_line = line
        return p

    def _list(self, items: list[ListItem], ordered: bool, start: int, depth: int) -> Flowable:
        s = self.s
        size = s.item.fontSize  # the notes box sets its lists smaller
        entries = []
        for item in items:
            parts: list[Flowable] = [_Para(self._spans(item.text), s.item)]
            if item.children:
                parts.append(self._list(item.children, False, 1, depth + 1))
            entries.append(RLListItem(parts))
        bullets = ("•", "–", "·")
        kw: dict[str, Any] = dict(leftIndent=16, bulletFontName=self.fonts.body.regular, bulletFontSize=size,
                                  bulletColor=s.accent if depth == 0 else s.muted, spaceBefore=0,
                                  spaceAfter=size * 0.4 if depth == 0 else 0, bulletDedent=14)
        if ordered:
            return ListFlowable(entries, bulletType="1", start=str(start), bulletFormat="%s.",
                                **{**kw, "bulletFontName": self.fonts.body.bold, "bulletColor": s.primary,
                                   "bulletDedent": 16, "leftIndent": 18})
        return ListFlowable(entries, bulletType="bullet", start=bullets[min(depth, 2)], **kw)

    # --- tables -----------------------------------------------------------------------------------

    def _table(self, block: Table, width: float) -> list[Flowable]:
        s = self.s
        rows = [block.header, *block.rows]
        ncols = max((len(r) for r in rows), default=0)
        if ncols == 0:
            return []
        rows = [r + [[]] * (ncols - len(r)) for r in rows]
        numeric = [is_numeric_column(block, c) for c in range(ncols)]
        aligns = []
        for c in range(ncols):
            a = block.align[c] if c < len(block.align) else None
            aligns.append(a or ("right" if numeric[c] else "left"))
        size = s.sizes.table
        pad = 5.0
        while True:
            lo, hi = self._column_extents(rows, size, numeric, pad)
            if sum(lo) <= width or size <= TABLE_MIN_SIZE:
                break
            size = max(TABLE_MIN_SIZE, size - 0.5)
        if size < s.sizes.table:
            self.fit_notes.append(f"table at line {block.line}: set at {size:g} pt instead of {s.sizes.table:g} pt "
                                  "to fit the page width")
        widths = _distribute(lo, hi, width)
        if sum(lo) > width + 0.5:
            self.problems.warn(self.build.document.path, block.line, 1,
                               f"table is too wide for the page even at {size:g} pt: its {ncols} columns need "
                               f"{sum(lo):.0f} pt and the page has {width:.0f} pt, so long words are broken "
                               "across lines; use fewer columns or shorter words")
        cell = ParagraphStyle("cell-fit", parent=s.cell, fontSize=size, leading=size * 1.3)
        head = ParagraphStyle("head-fit", parent=s.cell_head, fontSize=size, leading=size * 1.3)
        align_map = {"right": TA_RIGHT, "center": TA_CENTER, "left": TA_LEFT}
        cell_styles = [ParagraphStyle(f"cell-{c}", parent=cell, alignment=align_map.get(aligns[c], TA_LEFT))
                       for c in range(ncols)]
        head_styles = [ParagraphStyle(f"head-{c}", parent=head, alignment=align_map.get(aligns[c], TA_LEFT))
                       for c in range(ncols)]
        data = []
        for r, row in enumerate(rows):
            styles = head_styles if r == 0 else cell_styles
            data.append([_Para(self._spans(spans, on_dark=r == 0), styles[c]) for c, spans in enumerate(row)])
        table = _DataTable(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="LEFT",
                           spaceBefore=2, spaceAfter=s.sizes.body * 0.9)
        table.page_height = self.height
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), s.primary),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, s.primary),
        ]
        if len(rows) > 1:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [s.white, s.surface]))
        table.setStyle(_table_style(self.fonts.body.regular, commands))
        table._source_line = block.line
        return [table]

    def _column_extents(self, rows: list[list[Inline]], size: float, numeric: list[bool],
                        pad: float) -> tuple[list[float], list[float]]:
        """Per column: the narrowest width with no word broken, and the width with no line wrapped."""
        ncols = len(rows[0])
        lo = [0.0] * ncols
        hi = [0.0] * ncols
        for r, row in enumerate(rows):
            bold = r == 0
            for c, spans in enumerate(row):
                whole = self._measure(spans, size, bold)
                words = [self._measure([Span(w, bold=bold)], size, bold) for w in _words(spans)]
                widest = max(words, default=0.0)
                if numeric[c] and r > 0:
                    widest = whole  # a figure is never wrapped: "over 2,900" stays on one line
                lo[c] = max(lo[c], widest + 2 * pad + 1)
                hi[c] = max(hi[c], whole + 2 * pad + 1)
        return lo, hi

    def _measure(self, spans: Inline, size: float, bold: bool = False) -> float:
        total = 0.0
        for span in spans:
            if span.footnote is not None:
                label = str(self.state.notes.get(span.footnote, len(self.state.notes) + 1))
                total += pdfmetrics.stringWidth(label + ",", self.fonts.body.regular, size * 0.62)
                continue
            family = self.fonts.mono if span.code else self.fonts.body
            for text, fallback in self._chunks(span.text, family):
                fam = self.fonts.fallback if fallback and self.fonts.fallback else family
                total += pdfmetrics.stringWidth(text, fam.name(bold or span.bold, span.italic), size)
        return total

    # --- quotes, notes, columns, code -------------------------------------------------------------

    def _quote(self, block: Quote, width: float) -> list[Flowable]:
        s = self.s
        rows: list[list[Flowable]] = [[_Para(self._spans(p), s.quote)] for p in block.paragraphs]
        if block.attribution:
            rows.append([_Para("—&nbsp;" + self._spans(block.attribution), s.attribution)])
        if not rows:
            return []
        table = RLTable(rows, colWidths=[width - 14], hAlign="LEFT", splitByRow=1, splitInRow=1, spaceBefore=4,
                        spaceAfter=s.sizes.body * 1.1)
        table.setStyle(_table_style(self.fonts.body.regular, [
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, s.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 16),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return _group([table], block.line)

    def _notes_box(self, blocks: list[Block], width: float) -> list[Flowable]:
        """Speaker notes in a shaded box, as a handout prints them; rows split across pages."""
        s = self.s
        inner = width - 24
        rows: list[list[Flowable]] = [[_Para("NOTES", s.notes_label)]]
        saved = s.body, s.item
        s.body = s.item = s.notes_body  # notes are set a size smaller than the slide's text
        try:
            for block in blocks:
                for f in self._blocks([block], inner, check=False, nested=True):
                    rows.append([f])
        finally:
            s.body, s.item = saved
        table = RLTable(rows, colWidths=[width], hAlign="LEFT", splitByRow=1, splitInRow=1, spaceBefore=4,
                        spaceAfter=s.sizes.body * 1.2)
        table.setStyle(_table_style(self.fonts.body.regular, [
            ("BACKGROUND", (0, 0), (-1, -1), s.surface),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, s.primary),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]))
        return _group([table], None)

    def _columns(self, block: Columns, width: float) -> list[Flowable]:
        n = len(block.columns)
        if n == 0:
            return []
        gap = 18.0
        col = (width - gap * (n - 1)) / n
        cells: list[Any] = []
        widths: list[float] = []
        for i, blocks in enumerate(block.columns):
            if i:
                cells.append("")
                widths.append(gap)
            cells.append(self._blocks(blocks, col, check=False, nested=True) or "")
            widths.append(col)
        table = RLTable([cells], colWidths=widths, hAlign="LEFT", splitInRow=1, spaceAfter=self.s.sizes.body * 0.5)
        table.setStyle(_table_style(self.fonts.body.regular, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [table]

    def _code(self, block: CodeBlock, width: float) -> Flowable:
        style = self.s.code
        advance = pdfmetrics.stringWidth("M", self.fonts.mono.regular, style.fontSize)
        room = width - style.leftIndent - style.rightIndent - 16
        per_line = max(20, int(room / advance))
        text = block.text.expandtabs(4)
        return Preformatted(text, style, maxLineLength=per_line, splitChars=" ,;/", newLineChars="  ")

    # --- pictures, tiles, charts, timelines -------------------------------------------------------

    def _picture(self, block: Picture, width: float) -> list[Flowable]:
        """A picture fitted into the text width (and at most 62% of the page's height, to leave room
        for its caption and a heading), keeping its aspect ratio; an SVG stays vector graphics."""
        if block.resolved is None:
            return []
        path = Path(block.resolved)
        try:
            iw, ih = picture_size(path)
            max_w, max_h = width, self.height * 0.62
            if not is_svg(path):  # never blown up beyond its size at 96 dpi, which would print blurred
                max_w = min(max_w, max(iw * 0.75, width * 0.5))
            scale = min(max_w / iw, max_h / ih)
            w, h = iw * scale, ih * scale
            if is_svg(path):
                drawing = svg_drawing(path, w, h)
                self._theme_fonts(drawing)
                drawing.hAlign = "CENTER"
                picture: Flowable = drawing
            else:
                picture = Image(raster_for_deck(path), width=w, height=h, hAlign="CENTER")
        except ValueError as exc:
            self.problems.error(self.build.document.path, block.line, 1, f"picture '{block.path}': {exc}")
            return []
        parts: list[Flowable] = [Spacer(1, 4), picture]
        caption = block.title or block.alt
        if caption:  # a PDF made here cannot carry alt text, so the description is printed under the picture
            parts.append(_Para(self._text(caption), ParagraphStyle("pic-caption", parent=self.s.source,
                                                                          alignment=TA_CENTER)))
        else:
            parts.append(Spacer(1, self.s.sizes.body))
        return _group(parts, block.line)

    def _theme_fonts(self, drawing: Drawing) -> None:
        """The text of an SVG picture set in the theme's fonts, as all other text is.

        svglib sets SVG text in reportlab's standard fonts (Helvetica, Times, Courier), which are
        never embedded, or in whatever system font matches the SVG's font-family; and the drawing
        itself starts out in Helvetica. The style of each font (bold, italic, monospaced) is kept.
        """
        fonts = self.fonts
        ours = {name for fam in (fonts.body, fonts.heading, fonts.mono, fonts.fallback) if fam is not None
                for name in (fam.regular, fam.bold, fam.italic, fam.bolditalic)}
        drawing.initialFontName = fonts.body.regular

        def visit(node: Any) -> None:
            if isinstance(node, String):
                name = str(node.fontName or "")
                if name not in ours:
                    low = name.lower()
                    family = fonts.mono if any(k in low for k in ("courier", "mono", "consol")) else fonts.body
                    text = str(node.text)
                    if fonts.fallback is not None and any(not family.has(ch) and not ch.isspace() for ch in text):
                        family = fonts.fallback  # Chinese text in an SVG needs the Chinese font
                    node.fontName = family.name(bold="bold" in low, italic="italic" in low or "oblique" in low)
            for child in getattr(node, "contents", ()):
                visit(child)

        visit(drawing)

    def _metrics(self, block: Metrics, width: float) -> list[Flowable]:
        s = self.s
        n = len(block.tiles)
        gap = 10.0
        tile_w = (width - gap * (n - 1)) / n
        cells: list[Any] = []
        widths: list[float] = []
        commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 10),
                                           ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                           ("TOPPADDING", (0, 0), (-1, -1), 10),
                                           ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]
        value_size = s.sizes.metric
        for tile in block.tiles:  # one size for the row, the largest at which every value fits
            while value_size > s.sizes.body * 1.3 and pdfmetrics.stringWidth(
                    tile.value, self.fonts.heading.bold, value_size) > tile_w - 20:
                value_size -= 1
        value_style = ParagraphStyle("metric-fit", parent=s.metric_value, fontSize=value_size,
                                     leading=value_size * 1.12)
        for k, tile in enumerate(block.tiles):
            col = 2 * k
            if k:
                cells.append("")
                widths.append(gap)
                commands += [("LEFTPADDING", (col - 1, 0), (col - 1, 0), 0),
                             ("RIGHTPADDING", (col - 1, 0), (col - 1, 0), 0)]
            parts: list[Flowable] = [_Para(self._text(tile.value, heading=True), value_style),
                                     _Para(self._text(tile.label), s.metric_label)]
            if tile.change:
                negative = tile.change.lstrip().startswith(("−", "-"))
                style = ParagraphStyle("metric-change-neg", parent=s.metric_change, textColor=s.accent) \
                    if negative else s.metric_change
                parts.append(_Para(self._text(tile.change), style))
            if tile.source:
                parts.append(_Para(self._text(tile.source), ParagraphStyle("metric-source", parent=s.source,
                                                                                 spaceBefore=2, spaceAfter=0)))
            cells.append(parts)
            widths.append(tile_w)
            commands += [("BACKGROUND", (col, 0), (col, 0), s.surface),
                         ("LINEABOVE", (col, 0), (col, 0), 3, s.accent if k == 0 else s.primary)]
        table = RLTable([cells], colWidths=widths, hAlign="LEFT", spaceBefore=8, spaceAfter=s.sizes.body * 1.3)
        table.setStyle(_table_style(self.fonts.body.regular, commands))
        return _group([table], block.line)

    def _chart(self, chart: Chart, width: float, line: int) -> list[Flowable]:
        """The deck's chart drawn again as vector graphics, with its source line under it."""
        height = min(width * 0.5, 240.0) + (16.0 if chart.title else 0.0)
        drawing = chart_drawing(chart, width, height, self.build.theme, self.fonts.body.regular,
                                self.fonts.body.bold)
        return self._visual(drawing, chart.source, line)

    def _timeline(self, block: TimelineBlock, width: float) -> list[Flowable]:
        tl = block.timeline
        height = 125.0 + (18.0 if tl.title else 0.0)
        drawing = timeline_drawing(tl, width, height, self.build.theme, self.fonts.body.regular,
                                   self.fonts.body.bold)
        return self._visual(drawing, tl.source, block.line)

    def _visual(self, drawing: Drawing, source: str | None, line: int) -> list[Flowable]:
        drawing.initialFontName = self.fonts.body.regular  # nothing in it may fall back to Helvetica
        parts: list[Flowable] = [Spacer(1, 6), drawing]
        if source:
            parts.append(_Para(self._text(source), self.s.source))
        else:
            parts.append(Spacer(1, self.s.sizes.body))
        return _group(parts, line)

    # --- endnotes ---------------------------------------------------------------------------------

    def _endnotes(self) -> list[Flowable]:
        """The sources cited, numbered in order of first citation, each with the anchor its marks link to."""
        numbers = self.state.notes
        if not numbers:
            return []
        doc = self.build.document
        # A handout's notes are the sources of its slides, as the deck's source lines call them.
        title = "Sources" if self.handout else "Notes"
        out = self._heading_flowable([Span(title)], 1, None, toc=not self.handout, page_break=not self.handout)
        for label, n in sorted(numbers.items(), key=lambda kv: kv[1]):
            note = doc.footnotes.get(label)
            text = self._spans(_curly_quotes(note.text)) if note else \
                self._text(self.build.sources.get(label, label))
            if not self.handout:  # a report's labels are the sources' keys, as its source list shows them
                text = f'<font color="{_css(self.s.muted)}">{escape(label)}</font>&nbsp;&nbsp;{text}'
            out.append(_Para(f'<a name="note-{n}"/>{text}', self.s.note, bulletText=f"{n}"))
        return out

    # --- text -------------------------------------------------------------------------------------

    def _chunks(self, text: str, family: _Family) -> Iterator[tuple[str, bool]]:
        """``text`` cut where the font changes: (piece, True) for characters the family lacks."""
        start = 0
        current: bool | None = None
        for i, ch in enumerate(text):
            missing = not family.has(ch) and not ch.isspace()
            if current is None:
                current = missing
            elif missing != current:
                yield text[start:i], current
                start, current = i, missing
        if start < len(text):
            yield text[start:], bool(current)

    def _text(self, text: str, *, heading: bool = False, code: bool = False) -> str:
        """Plain text as paragraph markup, with characters the font lacks set in the fallback font."""
        family = self.fonts.mono if code else self.fonts.heading if heading else self.fonts.body
        out = []
        for piece, missing in self._chunks(text, family):
            if not missing:
                out.append(escape(piece))
                continue
            fallback = self.fonts.fallback
            if fallback is not None:
                have = "".join(ch for ch in piece if fallback.has(ch))
                if len(have) == len(piece):
                    out.append(f'<font face="{fallback.regular}">{escape(piece)}</font>')
                    continue
            self._missing_glyphs(piece, fallback)
            out.append(escape(piece))
        return "".join(out)

    def _missing_glyphs(self, piece: str, fallback: _Family | None) -> None:
        theme = self.build.theme
        for ch in piece:
            if ch in self.state.missing or (fallback is not None and fallback.has(ch)):
                continue
            self.state.missing.add(ch)
            where = f"in “{self.state.section}”: " if self.state.section else ""
            self.problems.warn(self.build.document.path, self.state.line, None,
                               f"{where}no font of the theme ({theme.fonts.body}, {theme.fonts.east_asian}) has the "
                               f"character '{ch}' (U+{ord(ch):04X}); it may print as an empty box; name a font that "
                               "has it in theme.yaml")

    def _spans(self, spans: Inline, *, heading: bool = False, on_dark: bool = False) -> str:
        """Runs of text as reportlab paragraph markup; footnote marks become linked superscript numbers."""
        out: list[str] = []
        link_color = _css(self.s.white if on_dark else self.s.secondary)
        marks: list[int] = []
        for span in [*spans, Span("")]:
            if span.footnote is not None:
                marks.append(self.state.notes.setdefault(span.footnote, len(self.state.notes) + 1))
                continue
            if marks:
                out.append(self._marks(marks, link_color))
                marks = []
            if span.line_break:
                out.append("<br/>")
                continue
            text = self._linked(span.text, heading=heading and not span.code, code=span.code,
                                link=span.link is None, color=link_color)
            if span.code:
                text = f'<font face="{self.fonts.mono.regular}">{text}</font>'
            if span.bold:
                text = f"<b>{text}</b>"
            if span.italic:
                text = f"<i>{text}</i>"
            if span.strike:
                text = f"<strike>{text}</strike>"
            if span.link:
                text = f'<a href="{_attr(span.link)}" color="{link_color}">{text}</a>'
            out.append(text)
        return "".join(out)

    @staticmethod
    def _marks(numbers: list[int], color: str) -> str:
        """Neighbouring note marks in order, runs of three or more as a range: 3,5–8."""
        def link(n: int) -> str:
            return f'<a href="#note-{n}" color="{color}">{n}</a>'

        parts: list[str] = []
        ordered = sorted(set(numbers))
        i = 0
        while i < len(ordered):
            j = i
            while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
                j += 1
            if j - i >= 2:
                parts.append(f"{link(ordered[i])}–{link(ordered[j])}")
            else:
                parts += [link(n) for n in ordered[i:j + 1]]
            i = j + 1
        return f'<super size="62%" rise="42%">{",".join(parts)}</super>'

    def _linked(self, text: str, *, heading: bool, code: bool, link: bool, color: str) -> str:
        """Web addresses written out in the text become links, as a reader of the PDF expects."""
        if not link:
            return self._text(text, heading=heading, code=code)
        out = []
        pos = 0
        for m in _URL.finditer(text):
            out.append(self._text(text[pos:m.start()], heading=heading, code=code))
            url = m.group(0)
            out.append(f'<a href="{_attr(url)}" color="{color}">{self._text(url, heading=heading, code=code)}</a>')
            pos = m.end()
        out.append(self._text(text[pos:], heading=heading, code=code))
        return "".join(out)


class _Keep(KeepTogether):
    """Flowables kept on one page, without wasting one: content taller than a whole page (a heading
    and a long table) starts where it is when a good part of the page is still free, as it would
    have to split anyway."""

    def __init__(self, flowables: list[Flowable], page_height: float):
        # A group inside a group (a heading kept with its next flowable, which is itself a picture
        # kept with its caption) is taken apart: reportlab measures a nested group as infinitely
        # tall, and the outer one would then give up keeping anything together.
        flat: list[Flowable] = []
        for f in flowables:
            flat += f._content if isinstance(f, _Keep) else [f]
        super().__init__(flat)
        self._page_height = page_height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > self._page_height and aH >= self._page_height * 0.3 and self._H0 <= aH:
            return list(self._content)
        return super().split(aW, aH)


class _DataTable(RLTable):
    """A table that breaks across pages only between rows, so that every page it runs onto starts
    with the header row and whole rows. Only a row taller than a whole page is cut inside, where
    it has to be: reportlab would otherwise also cut a row that merely does not fit at a page foot,
    and print the header row again above the sliver of it left there, mid-page."""

    page_height: float = 0.0  # the height of the text frame

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        heads = self.repeatRows if isinstance(self.repeatRows, int) else 0
        heights = self._rowHeights
        used = 0.0
        n = len(heights)  # the first row that does not fit here
        for k, h in enumerate(heights):
            if used + h > availHeight:
                n = k
                break
            used += h
        # That row is cut here only if it fits on no page, and if a good part of this page is
        # left for it; otherwise the table breaks before it (and cuts it on the next page if need be).
        cut = heads <= n < len(heights) and sum(heights[:heads]) + heights[n] > self.page_height \
            and availHeight - used >= self.page_height * 0.3
        self.splitByRow, self.splitInRow = (0, 1) if cut else (1, 0)
        return super().split(availWidth, availHeight)

    def onSplit(self, T: Flowable, byRow: int = 1) -> None:
        T.page_height = self.page_height  # the parts of a split table carry the rule on


def _group(flowables: list[Flowable], line: int | None) -> list[Flowable]:
    for f in flowables:
        f._source_line = line
    return flowables


class _Rule(Flowable):
    """A thin horizontal rule across the frame."""

    def __init__(self, width: float, color: colors.Color, space: float):
        super().__init__()
        self.width, self.color, self.space = width, color, space
        self.height = 0.6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        return self.space

    def getSpaceBefore(self) -> float:
        return self.space * 0.3

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.height)
        self.canv.line(0, 0, self.width, 0)


# --- helpers --------------------------------------------------------------------------------------


def _compact(block: Block | None) -> bool:
    """Blocks small enough to move to the next page whole rather than split (a short table, a chart
    with its caption), and to take the sentence that introduces them along."""
    if isinstance(block, Table):
        return len(block.rows) <= 11
    if isinstance(block, ListBlock):
        return len(block.items) <= 4 and all(not item.children for item in block.items)
    if isinstance(block, CodeBlock):
        return block.text.count("\n") < 25
    if isinstance(block, TimelineBlock):
        return len(block.timeline.events) <= 8
    return isinstance(block, (Metrics, ChartBlock, Picture, Quote))


def _curly_quotes(spans: Inline) -> Inline:
    """Straight double quotes as typographic ones: opening after a space or an opening bracket,
    closing elsewhere. A note quotes a source's title, and a title that is itself a quotation
    comes with the straight quotes it was typed with, while the others get curly ones."""
    out: Inline = []
    before = " "
    for span in spans:
        if span.code or span.footnote is not None or '"' not in span.text:
            out.append(span)
            before = span.text[-1:] or before
            continue
        chars = []
        for ch in span.text:
            if ch == '"':
                ch = "“" if before.isspace() or before in "([{/–—" else "”"
            chars.append(ch)
            before = ch
        out.append(replace(span, text="".join(chars)))
    return out


def _mostly_wide(text: str) -> bool:
    letters = [ch for ch in text if not ch.isspace()]
    return bool(letters) and sum(is_wide(ch) for ch in letters) > len(letters) * 0.3


def _lead_in(block: Block | None) -> bool:
    return isinstance(block, Paragraph) and len(plain(block.text)) < 400


def _table_style(font: str, commands: list[tuple[Any, ...]]) -> TableStyle:
    # Cells are paragraphs with their own fonts, but a table still sets its cell font before
    # drawing each cell: it must be a theme font, or Helvetica ends up in the PDF.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font), *commands])


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    text = re.sub(r"<[^>]*>", "", text)
    return text if len(text) < 200 else text[:197] + "…"


def _fit_text(text: str, font: str, size: float, room: float) -> str:
    """Running header text shortened with an ellipsis to its room, so it never runs into the other side."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip(" ,;:–—") + "…"


def _words(spans: Inline) -> list[str]:
    """The unbreakable pieces of a cell; a web address may break at its slashes."""
    words: list[str] = []
    for word in plain(spans).split():
        if len(word) > 16 and ("://" in word or word.startswith("www.")):
            # reportlab breaks a word too long for its column anywhere; for an address that is
            # acceptable, so only its parts between separators count as unbreakable.
            words += [p for p in re.split(r"(?<=[/?&=#_-])", word) if p]
        elif len(word) > 1 and any(is_wide(ch) for ch in word):
            words += list(word)  # Chinese and Japanese may break between any two characters
        else:
            words.append(word)
    return words


def _distribute(lo: list[float], hi: list[float], width: float) -> list[float]:
    """Column widths for a table as wide as the frame.

    Columns whose text fits in a fair share of the width get all they want and are never wrapped
    (an edition, a figure); the rest share what is left in proportion to their text, each at least
    as wide as its longest word. Too narrow even for that: the longest words scale down together.
    """
    n = len(lo)
    total_lo = sum(lo)
    if total_lo >= width:
        return [w * width / total_lo for w in lo]
    widths = [0.0] * n
    open_ = list(range(n))
    room = width
    settled = True
    while settled and open_:
        settled = False
        share = room / len(open_)
        for c in sorted(open_, key=lambda c: hi[c]):
            if hi[c] <= share:
                widths[c] = hi[c]
                room -= hi[c]
                open_.remove(c)
                settled = True
                break
    if not open_:  # everything fits unwrapped: widen in proportion to fill the frame
        spare = width - sum(widths)
        total = sum(widths) or 1.0
        return [w + spare * w / total for w in widths]
    total_hi = sum(hi[c] for c in open_) or 1.0
    # Shares in proportion to the text, but never below a column's longest word.
    want = {c: max(lo[c], room * hi[c] / total_hi) for c in open_}
    excess = sum(want.values()) - room
    if excess > 0:
        slack = sum(want[c] - lo[c] for c in open_) or 1.0
        want = {c: want[c] - excess * (want[c] - lo[c]) / slack for c in open_}
    for c in open_:
        widths[c] = want[c]
    return widths

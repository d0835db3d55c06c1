"""The report composed: every page set by platypus into memory, the plan of :class:`~.ReportRenderer`.

Kept apart from the format's declaration so that naming the format does not load reportlab: a
build of deck and report loads it in the process that composes the report (see
:mod:`generator.parallel`), while the other makes the documents.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFError
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from ... import __version__
from ...i18n import is_cjk_lang
from . import ReportPlan, ReportRenderer
from .blocks import Blocks, Headings, Setting
from .figures import Figures
from .flowables import Keep
from .fonts import GlyphCheck, ReportFonts, Where, register_fonts
from .inline import Citations, Markup
from .pagenumbers import Contents, contents_entries
from .pages import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Furniture, Page, PageDesign, ReportDoc
from .story import Story
from .styles import Styles
from .tables import Tables


def plan_report(renderer: ReportRenderer) -> ReportPlan:
    """Compose every page into memory: the report's plan."""
    buffer = io.BytesIO()
    fit_notes: list[str] = []  # what was set smaller to fit, for `briefing check`
    try:
        _compose(renderer, buffer, fit_notes)
    except TTFError as exc:  # the East Asian font is registered when text first needs it
        _unembeddable(renderer, exc)
    laid_out = buffer.getvalue() if not renderer.problems.errors else None
    return ReportPlan(laid_out, fit_notes)  # a report continues nothing: its pages simply run on


def _compose(renderer: ReportRenderer, out: io.BytesIO, fit_notes: list[str]) -> None:
    build = renderer.build
    doc = build.document
    meta = doc.meta
    handout = build.kind == "handout"
    fonts = _fonts(renderer)
    if fonts is None:
        return
    styles = Styles(fonts, build.theme, is_cjk_lang(meta.lang))
    page = Page.named(build.page_size)
    title = " ".join((meta.title or Path(doc.path).stem).split())
    template = ReportDoc(
        out, build.timestamp, pagesize=page.size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
        author=meta.author or meta.organisation or "", subject=meta.subtitle or "",
        keywords=list(meta.keywords), creator=f"briefing {__version__}", lang=meta.lang, invariant=1,
        initialFontName=fonts.body.regular, initialFontSize=styles.sizes.body, displayDocTitle=1,
        keepTogetherClass=lambda flowables: Keep(flowables, page.height),
    )
    furniture = Furniture(title, " · ".join(x for x in (meta.organisation, meta.date) if x))
    template.addPageTemplates(PageDesign(page, styles, fonts, furniture).templates(handout))
    story = _story(renderer, fonts, styles, page, handout, fit_notes)
    flowables: list[Flowable] = [*story.body(), *story.endnotes()]
    if renderer.problems.errors:
        return
    for f in flowables:
        if isinstance(f, Contents):  # laid out with its final entries: one pass when they hold
            f.seed(contents_entries(flowables))
    try:
        template.multiBuild(flowables, maxPasses=12)
    except LayoutError as exc:
        renderer.problems.error(doc.path, template.current_line, 1 if template.current_line else None,
                            f"this part of the document cannot be laid out on a page: {_short(exc)}; "
                            "make it smaller or split it")
    except IndexError as exc:  # multiBuild gives up when the page numbers never settle
        renderer.problems.error(doc.path, None, None, f"the page numbers of the contents never settled: {exc}")

def _story(renderer: ReportRenderer, fonts: ReportFonts, styles: Styles, page: Page, handout: bool,
       fit_notes: list[str]) -> Story:
    """The collaborators that set the document, each built with what it needs."""
    build, path = renderer.build, renderer.build.document.path
    where = Where()
    markup = Markup(fonts, styles, GlyphCheck(renderer.problems, path, build.theme, where), Citations(),
                    room=page.width - _LIST_ROOM)
    headings = Headings(styles, markup, build.document.link_targets)
    setting = Setting(
        styles=styles, markup=markup, headings=headings,
        tables=Tables(styles, markup, renderer.problems, path, page.height, fit_notes),
        figures=Figures(styles, markup, renderer.problems, path, build.theme, page.height),
        problems=renderer.problems, path=path, page_height=page.height, handout=handout, where=where)
    return Story(build.document, build.sources, Blocks(setting, page.width), headings, handout)

def _fonts(renderer: ReportRenderer) -> ReportFonts | None:
    """The build's fonts registered with reportlab; a font that cannot be embedded is an error."""
    try:
        return register_fonts(renderer.build.fonts)
    except TTFError as exc:
        _unembeddable(renderer, exc)
        return None

def _unembeddable(renderer: ReportRenderer, exc: TTFError) -> None:
    path, line, col = renderer.build.locate("fonts")
    renderer.problems.error(path, line, col, f"a theme font cannot be embedded in a PDF: {exc}; "
                        "name another font in theme.yaml")


_LIST_ROOM = 48.0  # what two levels of list indent take from the column: an inline formula fits inside them


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    text = re.sub(r"<[^>]*>", "", text)
    return text if len(text) < 200 else text[:197] + "…"

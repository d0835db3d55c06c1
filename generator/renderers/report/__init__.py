"""The report renderer: the document model → a printable PDF, through reportlab's platypus.

One package prints both paper forms of a document. The *report* (kind ``report``, from the
pack's ``report.md.j2``) gets a cover, a contents page with page numbers, chapters that start on
a new page and numbered notes at the end. The *handout* (kind ``handout``, a hand-written deck)
gets a title block and one section per slide, with the speaker notes in a shaded box. Both walk
the document model in order; nothing here reads Markdown, YAML or templates. :meth:`plan` is the
layout stage: it composes every page into memory; :meth:`write` writes those bytes.

Print choices, explained in docs/report.md: A4 or US Letter with 25 mm margins on every side (so
binding and office printers clip nothing); a running header and a "Page X of Y" footer, mirrored
so the page number sits on the outer edge in duplex printing; sources as numbered endnotes, one
number per source in order of first citation, each mark a link to its note; TrueType fonts from
the theme, embedded as subsets, and no other font anywhere; the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFError
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from ... import __version__
from ...i18n import is_cjk_lang
from ...walk import BLOCK_KINDS
from .. import register
from ..base import Renderer
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

__all__ = ["ReportPlan", "ReportRenderer"]


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
    draws = frozenset(BLOCK_KINDS)  # every kind; a slide break is no break on paper
    default = True
    plans_apart = True  # the plan is the composed PDF's bytes

    def write(self, plan: ReportPlan, out: Path) -> None:
        if plan.pdf is not None:
            out.write_bytes(plan.pdf)

    def plan(self) -> ReportPlan:
        buffer = io.BytesIO()
        fit_notes: list[str] = []  # what was set smaller to fit, for `briefing check`
        try:
            self._compose(buffer, fit_notes)
        except TTFError as exc:  # the East Asian font is registered when text first needs it
            self._unembeddable(exc)
        laid_out = buffer.getvalue() if not self.problems.errors else None
        return ReportPlan(laid_out, fit_notes)  # a report continues nothing: its pages simply run on

    def _compose(self, out: io.BytesIO, fit_notes: list[str]) -> None:
        build = self.build
        doc = build.document
        meta = doc.meta
        handout = build.kind == "handout"
        fonts = self._fonts()
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
        story = self._story(fonts, styles, page, handout, fit_notes)
        flowables: list[Flowable] = [*story.body(), *story.endnotes()]
        if self.problems.errors:
            return
        for f in flowables:
            if isinstance(f, Contents):  # laid out with its final entries: one pass when they hold
                f.seed(contents_entries(flowables))
        try:
            template.multiBuild(flowables, maxPasses=12)
        except LayoutError as exc:
            self.problems.error(doc.path, template.current_line, 1 if template.current_line else None,
                                f"this part of the document cannot be laid out on a page: {_short(exc)}; "
                                "make it smaller or split it")
        except IndexError as exc:  # multiBuild gives up when the page numbers never settle
            self.problems.error(doc.path, None, None, f"the page numbers of the contents never settled: {exc}")

    def _story(self, fonts: ReportFonts, styles: Styles, page: Page, handout: bool, fit_notes: list[str]) -> Story:
        """The collaborators that set the document, each built with what it needs."""
        build, path = self.build, self.build.document.path
        where = Where()
        markup = Markup(fonts, styles, GlyphCheck(self.problems, path, build.theme, where), Citations(),
                        room=page.width - _LIST_ROOM)
        headings = Headings(styles, markup, build.document.link_targets)
        setting = Setting(
            styles=styles, markup=markup, headings=headings,
            tables=Tables(styles, markup, self.problems, path, page.height, fit_notes),
            figures=Figures(styles, markup, self.problems, path, build.theme, page.height),
            problems=self.problems, path=path, page_height=page.height, handout=handout, where=where)
        return Story(build.document, build.sources, Blocks(setting, page.width), headings, handout)

    def _fonts(self) -> ReportFonts | None:
        """The build's fonts registered with reportlab; a font that cannot be embedded is an error."""
        try:
            return register_fonts(self.build.fonts)
        except TTFError as exc:
            self._unembeddable(exc)
            return None

    def _unembeddable(self, exc: TTFError) -> None:
        path, line, col = self.build.locate("fonts")
        self.problems.error(path, line, col, f"a theme font cannot be embedded in a PDF: {exc}; "
                            "name another font in theme.yaml")


_LIST_ROOM = 48.0  # what two levels of list indent take from the column: an inline formula fits inside them


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    text = re.sub(r"<[^>]*>", "", text)
    return text if len(text) < 200 else text[:197] + "…"

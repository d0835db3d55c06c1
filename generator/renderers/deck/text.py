"""Writing the deck's text: paragraphs and runs into text frames, in the styles that were measured.

Used by :mod:`.slide` and :mod:`.shapes` when a planned slide is drawn. Every size, indent,
bullet and inset is written explicitly (see :func:`~.measure.para_style`), so every client sets
the text as the layout stage measured it. While writing, the characters no font of the theme can
draw are collected, and each is reported once, at the line of the first slide that has it.
"""

from __future__ import annotations

from pptx.text.text import TextFrame, _Paragraph, _Run
from pptx.util import Pt  # python-pptx's lengths, as its API takes them; boxes are generator.units

from ...document import Inline, Span
from ...errors import Problems
from ...fonts import is_cjk_text
from ...highlight import token_colours
from ...i18n import is_cjk_lang
from ...rawopenxml import DRAWN
from ...theme import Theme
from ..base import BuildInput
from . import equations, oxml, textxml
from .measure import BULLET_HANG_PT, INSET_X_PT, INSET_Y_PT, PARA_SPACE_PT, Para, level_floor, para_style
from .tablecells import recolor_runs

_BULLETS = ("▪", "–", "·")
_BASELINE = {"super": "30000", "sub": "-25000"}  # as PowerPoint's superscript button sets them


def frame_setup(frame: TextFrame, inset_x: float = INSET_X_PT, inset_y: float = INSET_Y_PT) -> None:
    """Wrap, no autofit, and the insets the text was measured with, written out in full (a
    placeholder would otherwise keep its layout's insets)."""
    textxml.body_setup(frame._txBody, int(Pt(inset_x)), int(Pt(inset_y)))


class Writer:
    """Writes text for one deck, in its theme, and notes the characters it cannot show."""

    def __init__(self, build: BuildInput, problems: Problems):
        self.build = build
        self.problems = problems
        self.theme = build.theme
        self.colors = build.theme.colors
        self.code_colours = token_colours(self.colors, self.colors.surface)
        self.fonts = build.fonts
        self.level_min = level_floor(build.theme)
        self._missing_reported: set[str] = set()
        self._missing_here: list[str] = []
        self.last_missing: list[str] = []  # the characters of the last slide drawn that no font has
        self.warn_missing = True  # False where another process says them (see .halves)
        self.jumps: list[tuple[_Run, str]] = []  # runs linking to `#id`, and the id
        self.files_read: list[str] = []  # the files drawing has read (pictures), for .reuse

    def use(self, theme: Theme) -> None:
        """Draw the next slide in ``theme``: the same fonts and sizes, colours for its background."""
        self.theme, self.colors = theme, theme.colors

    def write(self, frame: TextFrame, paras: list[Para], size: float, *,
              heading: bool = False, explicit_style: bool = False, space: bool = True) -> None:
        """Fill a text frame with paragraphs, writing every size and indent explicitly, in the
        styles (:func:`~.measure.para_style`) the layout measured them in."""
        frame_setup(frame)
        body = frame._txBody
        p = textxml.first_paragraph(body)
        for k, para in enumerate(paras):
            if k:
                p = textxml.add_paragraph(body)
            style = para_style(para, size, self.level_min)
            listed = para.kind in ("bullet", "number")
            bullet = None
            if listed:
                char = _BULLETS[min(para.level, 2)] if para.kind == "bullet" else None
                bullet = textxml.Bullet(char, self.colors.accent, para.start)
            textxml.shape_paragraph(
                p, margin=int(Pt(style.margin)), indent=int(Pt(-BULLET_HANG_PT)) if listed else 0,
                level=min(para.level, 2) if listed and not explicit_style else 0, bullet=bullet,
                align="r" if para.kind == "attribution" else None,
                space_before=round(style.size * PARA_SPACE_PT, 1) if space and k else 0)
            paragraph = _Paragraph(p, frame)
            self.runs(paragraph, para.text, style.size, bold=style.bold, italic=style.italic,
                      muted=para.kind == "attribution", explicit=explicit_style, heading=heading)
            if para.kind == "heading":  # a sub-heading inside the body reads as a label in the title colour
                recolor_runs(paragraph, self.colors.primary)

    def runs(self, p: _Paragraph, spans: Inline, size: float, *, bold: bool = False, italic: bool = False,
             muted: bool = False, explicit: bool = False, heading: bool = False) -> None:
        """Add a paragraph's runs: each span's text in its own run, at ``size``, in the theme's
        fonts and colours, marked with its language (East Asian text with its own font)."""
        element = p._p
        for span in spans:
            if span.openxml:  # a raw block's runs, set at the measured size, written once
                if span.openxml != DRAWN:
                    oxml.raw_runs(p, span.openxml, size)
                continue
            if span.footnote is not None:
                continue  # sources are listed on the slide's source line instead of marks
            if span.line_break:
                textxml.add_line_break(element)
                continue
            style = self.run_style(span, size, bold=bold, italic=italic, muted=muted, explicit=explicit,
                                   heading=heading)
            r = textxml.add_run(element, span.text, style)
            if span.link or span.math is not None:
                run = _Run(r, p)
                if span.link and span.link.startswith("#"):
                    self.jumps.append((run, span.link[1:]))  # made a slide jump once every slide exists
                elif span.link:
                    run.hyperlink.address = span.link
                if span.math is not None:  # the equation, with this run as its text for other viewers
                    equations.inline(run, span.math, size, self.build.document.meta.lang)

    def runs_xml(self, spans: Inline, size: float, *, bold: bool = False, italic: bool = False,
                 muted: bool = False, explicit: bool = False, heading: bool = False,
                 color: str | None = None) -> str | None:
        """The runs :meth:`runs` adds, as text (see :func:`.textxml.run_xml`), in ``color`` where
        given; None where a span needs more than its text and style (a link, an equation, raw
        OpenXML): those are written by :meth:`runs`."""
        if any(span.openxml or span.link or span.math is not None for span in spans):
            return None
        pieces = []
        for span in spans:
            if span.footnote is not None:
                continue
            if span.line_break:
                pieces.append(textxml.LINE_BREAK_XML)
                continue
            style = self.run_style(span, size, bold=bold, italic=italic, muted=muted, explicit=explicit,
                                   heading=heading, recolor=color)
            pieces.append(textxml.run_xml(span.text, style))
        return "".join(pieces)

    def run_style(self, span: Span, size: float, *, bold: bool = False, italic: bool = False,
                  muted: bool = False, explicit: bool = False, heading: bool = False,
                  recolor: str | None = None) -> textxml.RunStyle:
        """What the run of one span of text carries; the characters no font has are noted.
        ``recolor`` replaces a colour it is written with, as :func:`.tablecells.recolor_runs` does."""
        theme = self.theme
        lang = self.build.document.meta.lang
        self._check_glyphs(span.text, span.code, heading)
        east_asian = is_cjk_text(span.text)
        color = None
        if span.token:  # a highlighted token of code, on the code box's fill
            color = self.code_colours[span.token]
        elif muted:
            color = self.colors.muted
        elif explicit:
            color = self.colors.text
        if recolor is not None and color:
            color = recolor
        return textxml.RunStyle(
            size=textxml.centipoints(size),
            lang=lang if not east_asian or is_cjk_lang(lang) else "zh-CN",
            alt_lang=lang if east_asian and not is_cjk_lang(lang) else None,
            east_asian=theme.fonts.east_asian if east_asian else None,
            bold=bool(span.bold or bold), italic=bool(span.italic or italic), strike=bool(span.strike),
            baseline=_BASELINE[span.script] if span.script else None,
            # monospaced bold keeps its advance, so keywords may be bold
            italic_written=span.token == "comment" if span.token else None,
            bold_written=span.token == "keyword" if span.token else None,
            font=theme.fonts.code if span.code else
            (theme.fonts.heading if heading else theme.fonts.body) if explicit else None,
            color=color.upper() if color else None)

    def line(self, frame: TextFrame, text: str, size: float, color: str) -> None:
        """One paragraph of plain text in the body font: a source line, a caption."""
        frame_setup(frame)
        p = textxml.first_paragraph(frame._txBody)
        textxml.no_bullet(p)
        textxml.add_run(p, text, textxml.RunStyle(size=textxml.centipoints(size), font=self.theme.fonts.body,
                                                  color=color.upper()))

    def _check_glyphs(self, text: str, code: bool, heading: bool) -> None:
        """Note characters that no font of the theme can draw (they would show as empty boxes)."""
        font = self.fonts.for_span(False, False, code, heading)
        for ch in self.fonts.missing(text, font):
            if ch not in self._missing_here:
                self._missing_here.append(ch)

    def report_glyphs(self, number: int, line: int) -> None:
        """Say which characters of the slide just drawn no font can draw (kept in last_missing)."""
        chars, self._missing_here = self._missing_here, []
        self.report_missing(chars, number, line)
        self.last_missing = chars

    def report_missing(self, chars: list[str], number: int, line: int) -> None:
        """One warning per character no font can draw, at the line of the slide that first has it."""
        theme = self.theme
        for ch in chars if self.warn_missing else ():
            if ch in self._missing_reported:
                continue
            self._missing_reported.add(ch)
            self.problems.warn(self.build.document.path, line, 1,
                               f"slide {number}: no font of the theme ({theme.fonts.body}, {theme.fonts.east_asian}) "
                               f"has '{ch}' (U+{ord(ch):04X}); it may show as an empty box; name a font that has "
                               "it in theme.yaml")

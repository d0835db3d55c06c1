"""Writing the deck's text: paragraphs and runs into text frames, in the styles that were measured.

Used by :mod:`.slide` and :mod:`.shapes` when a planned slide is drawn. Every size, indent,
bullet and inset is written explicitly (see :func:`~.measure.para_style`), so every client sets
the text as the layout stage measured it. While writing, the characters no font of the theme can
draw are collected, and each is reported once, at the line of the first slide that has it.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.text.text import TextFrame, _Paragraph, _Run
from pptx.util import Pt  # python-pptx's lengths, as its API takes them; boxes are generator.units

from ...document import Inline
from ...errors import Problems
from ...fonts import is_cjk_text
from ...highlight import token_colours
from ...rawopenxml import DRAWN
from ..base import BuildInput
from . import oxml
from .measure import BULLET_HANG_PT, INSET_X_PT, INSET_Y_PT, PARA_SPACE_PT, Para, level_floor, para_style

_BULLETS = ("▪", "–", "·")


def frame_setup(frame: TextFrame, inset_x: float = INSET_X_PT, inset_y: float = INSET_Y_PT) -> None:
    """Wrap, no autofit, and the insets the text was measured with, written out in full (see
    :func:`.oxml.set_insets`: a placeholder would otherwise keep its layout's insets)."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    oxml.set_insets(frame, Pt(inset_x), Pt(inset_y), Pt(inset_x), Pt(inset_y))


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
        self.jumps: list[tuple[_Run, str]] = []  # runs linking to `#id`, and the id

    def write(self, frame: TextFrame, paras: list[Para], size: float, *,
              heading: bool = False, explicit_style: bool = False, space: bool = True) -> None:
        """Fill a text frame with paragraphs, writing every size and indent explicitly, in the
        styles (:func:`~.measure.para_style`) the layout measured them in."""
        frame_setup(frame)
        frame.clear()
        for k, para in enumerate(paras):
            p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            style = para_style(para, size, self.level_min)
            listed = para.kind in ("bullet", "number")
            oxml.paragraph_geometry(p, Pt(style.margin), Pt(-BULLET_HANG_PT) if listed else Pt(0))
            if listed:
                p.level = min(para.level, 2) if not explicit_style else 0
                char = _BULLETS[min(para.level, 2)] if para.kind == "bullet" else None
                oxml.bullet(p, char, self.colors.accent, para.start)
            else:
                oxml.no_bullet(p)
            if para.kind == "attribution":
                p.alignment = PP_ALIGN.RIGHT
            p.space_before = Pt(round(style.size * PARA_SPACE_PT, 1) if space and k else 0)
            p.line_spacing = 1.0
            self.runs(p, para.text, style.size, bold=style.bold, italic=style.italic,
                      muted=para.kind == "attribution", explicit=explicit_style, heading=heading)
            if para.kind == "heading":  # a sub-heading inside the body reads as a label in the title colour
                for run in p.runs:
                    run.font.color.rgb = RGBColor.from_string(self.colors.primary)

    def runs(self, p: _Paragraph, spans: Inline, size: float, *, bold: bool = False, italic: bool = False,
             muted: bool = False, explicit: bool = False, heading: bool = False) -> None:
        theme = self.theme
        lang = self.build.document.meta.lang
        for span in spans:
            if span.openxml:  # a raw block's runs, set at the measured size, written once
                if span.openxml != DRAWN:
                    oxml.raw_runs(p, span.openxml, size)
                continue
            if span.footnote is not None:
                continue  # sources are listed on the slide's source line instead of marks
            if span.line_break:
                p.add_line_break()
                continue
            self._check_glyphs(span.text, span.code, heading)
            run = p.add_run()
            run.text = span.text
            font = run.font
            font.size = Pt(size)
            if is_cjk_text(span.text):
                oxml.east_asian(run, theme.fonts.east_asian, lang)
            else:
                oxml.run_language(run, lang)
            if span.bold or bold:
                font.bold = True
            if span.italic or italic:
                font.italic = True
            if span.strike:
                oxml.strike(run)
            if span.script:
                oxml.baseline(run, span.script)
            if span.code:
                font.name = theme.fonts.code
            elif explicit:
                font.name = theme.fonts.heading if heading else theme.fonts.body
            if muted:
                font.color.rgb = RGBColor.from_string(self.colors.muted)
            elif explicit:
                font.color.rgb = RGBColor.from_string(self.colors.text)
            if span.token:  # a highlighted token of code, on the code box's fill
                font.color.rgb = RGBColor.from_string(self.code_colours[span.token])
                font.italic = font.italic or span.token == "comment"
                font.bold = font.bold or span.token == "keyword"  # monospaced bold keeps its advance
            if span.link and span.link.startswith("#"):
                self.jumps.append((run, span.link[1:]))  # made a slide jump once every slide exists
            elif span.link:
                run.hyperlink.address = span.link

    def line(self, frame: TextFrame, text: str, size: float, color: str) -> None:
        """One paragraph of plain text in the body font: a source line, a caption."""
        frame_setup(frame)
        p = frame.paragraphs[0]
        oxml.no_bullet(p)
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.name = self.theme.fonts.body
        run.font.color.rgb = RGBColor.from_string(color)

    def _check_glyphs(self, text: str, code: bool, heading: bool) -> None:
        """Note characters that no font of the theme can draw (they would show as empty boxes)."""
        font = self.fonts.for_span(False, False, code, heading)
        for ch in self.fonts.missing(text, font):
            if ch not in self._missing_reported:
                self._missing_reported.add(ch)
                self._missing_here.append(ch)

    def report_glyphs(self, number: int, line: int) -> None:
        """One warning per character no font can draw, at the line of the slide that first has it."""
        theme = self.theme
        for ch in self._missing_here:
            self.problems.warn(self.build.document.path, line, 1,
                               f"slide {number}: no font of the theme ({theme.fonts.body}, {theme.fonts.east_asian}) "
                               f"has '{ch}' (U+{ord(ch):04X}); it may show as an empty box; name a font that has "
                               "it in theme.yaml")
        self._missing_here = []

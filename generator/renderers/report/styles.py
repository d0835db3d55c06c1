"""The report's paragraph styles and colours, from the theme: what every other part sets text with.

The render stage of the report builds one :class:`Styles` per document from the theme's fonts
(registered by :mod:`.fonts`), colours and type scale, set for paper. The speaker notes of a
handout are set a size smaller: :meth:`Styles.for_notes` gives that style set as a copy, so
nothing is changed while a notes box is laid out and changed back after.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from ...highlight import token_colours
from ...theme import Theme
from .fonts import ReportFonts

# The deck's type scale, set for paper: a 20 pt slide body reads as 11 pt on A4, and every other
# size keeps its proportion to it, so deck and report look like one family.
PRINT_SCALE = 0.55


def half(value: float) -> float:
    """A size rounded to half points: type specimens come in halves, not in 9.13 pt."""
    return round(value * 2) / 2


def hex_color(value: str) -> colors.Color:
    return colors.HexColor("#" + value)


def tint(value: str, amount: float) -> colors.Color:
    """``value`` mixed with white: ``amount`` 1 is the colour itself, 0 is white (for rules)."""
    c = hex_color(value)
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount)


def css(color: colors.Color) -> str:
    """A colour as paragraph markup writes it (``#1f3864``)."""
    return "#" + color.hexval()[2:]


def attr(value: str) -> str:
    """Text escaped for a double-quoted attribute of paragraph markup."""
    return escape(value, {'"': "&quot;"})


@dataclass
class Sizes:
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


class Styles:
    """Every paragraph style of the report, from the theme's fonts, colours and type scale."""

    def __init__(self, fonts: ReportFonts, theme: Theme, cjk: bool):
        s, c = theme.sizes, theme.colors
        self.colors = c  # as the theme gives them, for rules both outputs share (callouts)
        self.sizes = Sizes(
            body=half(s.body * PRINT_SCALE), h1=half(s.section * 0.6), h2=half(s.title * 0.5),
            h3=half(s.subtitle * 0.65), table=half(s.table * 0.65), small=half(s.source * 0.8),
            footer=half(s.footer * 0.8), metric=half(s.metric_value * 0.6), cover=half(s.section * 0.8),
            notes=half(s.notes * 0.8))
        z = self.sizes
        body, head = fonts.body, fonts.heading
        self.text, self.muted = hex_color(c.text), hex_color(c.muted)
        self.primary, self.accent, self.secondary = hex_color(c.primary), hex_color(c.accent), hex_color(c.secondary)
        self.surface, self.white = hex_color(c.surface), hex_color(c.background)
        self.code_colours = token_colours(c, c.surface)  # highlighted code, readable on its box
        self.rule = tint(c.muted, 0.35)
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

    def with_text(self, color: colors.Color) -> Styles:
        """The style set for text on a tinted fill (a callout): body text and list items in ``color``."""
        tinted = copy.copy(self)
        tinted.body = ParagraphStyle("body-on-fill", parent=self.body, textColor=color)
        tinted.item = ParagraphStyle("item-on-fill", parent=self.item, textColor=color)
        return tinted

    def for_notes(self) -> Styles:
        """The style set for a notes box: body text and list items set in the notes' smaller size."""
        notes = copy.copy(self)
        notes.body = notes.item = self.notes_body
        return notes

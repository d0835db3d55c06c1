"""Timelines in the report: the deck's timeline, laid out by the same plan, as vector graphics.

The render stage of the report draws a ```timeline block into a reportlab ``Drawing``: the plan
(:func:`generator.figures.timeline.plan_timeline`) places the line, the markers and the text of
every event, as it does on a slide; only the type sizes are the report's.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from ...figures.rules import tint
from ...figures.timeline import LINE_HEIGHT, TimelineSizes, marker_colors, plan_timeline
from ...theme import Theme
from ...visuals import Timeline
from .pen import TITLE_PT
from .styles import hex_color

REPORT_TIMELINE = TimelineSizes(title=TITLE_PT, date=10.5, label=9.0, detail=8.0, floor=6.5)


def timeline_drawing(timeline: Timeline, width: float, height: float, theme: Theme, font: str,
                     bold_font: str) -> Drawing:
    """The deck's timeline, laid out by the same plan, as vector graphics."""

    def measure(text: str, bold: bool, size: float) -> float:
        return stringWidth(text, bold_font if bold else font, size)

    plan = plan_timeline(timeline, width, height, measure, REPORT_TIMELINE)
    colors = theme.colors
    d = Drawing(width, height)

    def baseline(top: float, size: float, bold: bool) -> float:
        """y of the first baseline of text whose line box starts ``top`` points below the top."""
        ascent, descent = getAscentDescent(bold_font if bold else font, size)
        leading = size * LINE_HEIGHT
        return height - top - (leading - (ascent - descent)) / 2 - ascent

    if timeline.title:
        d.add(String(width / 2, baseline(plan.title_y, plan.title_size, True), timeline.title,
                     fontName=bold_font, fontSize=plan.title_size, fillColor=hex_color(colors.primary),
                     textAnchor="middle"))
    line_y = height - plan.line_y
    d.add(Line(0, line_y, width, line_y, strokeColor=hex_color(tint(colors.primary, 0.55)), strokeWidth=1.75))
    count = len(plan.events)
    for k, ev in enumerate(plan.events):
        fill, ring = marker_colors(theme, k, count)
        d.add(Circle(ev.center, line_y, plan.marker / 2, fillColor=hex_color(fill), strokeColor=hex_color(ring),
                     strokeWidth=1.4))
        lh = plan.date_size * LINE_HEIGHT
        top = plan.date_bottom - len(ev.date_lines) * lh
        for n, line in enumerate(ev.date_lines):
            d.add(String(ev.center, baseline(top + n * lh, plan.date_size, True), line, fontName=bold_font,
                         fontSize=plan.date_size, fillColor=hex_color(colors.primary), textAnchor="middle"))
        top = plan.text_top
        for n, line in enumerate(ev.label_lines):
            d.add(String(ev.center, baseline(top + n * plan.label_size * LINE_HEIGHT, plan.label_size, False),
                         line, fontName=font, fontSize=plan.label_size, fillColor=hex_color(colors.text),
                         textAnchor="middle"))
        top += len(ev.label_lines) * plan.label_size * LINE_HEIGHT + plan.detail_size * 0.25
        for n, line in enumerate(ev.detail_lines):
            d.add(String(ev.center, baseline(top + n * plan.detail_size * LINE_HEIGHT, plan.detail_size, False),
                         line, fontName=font, fontSize=plan.detail_size, fillColor=hex_color(colors.muted),
                         textAnchor="middle"))
    return d

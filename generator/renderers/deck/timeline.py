"""Timelines in the deck: the ```timeline blocks as a group of plain, editable shapes.

Drawn by :mod:`.slide` into the box the layout stage gave a timeline. Where the markers, dates
and labels go, and at what sizes, is planned by :func:`generator.figures.timeline.plan_timeline`,
the rule the PDF uses too, with text measured in the theme's body font; this module only turns
that plan into a rule, markers and text boxes a person can move and retype.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.shapetree import GroupShapes
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt  # python-pptx's lengths, as its API takes them; boxes are generator.units

from ...figures.rules import tint
from ...figures.timeline import LINE_HEIGHT, TEXT_INSET_PT, TimelinePlan, TimelineSizes, marker_colors, plan_timeline
from ...fonts import FontSet
from ...theme import Theme
from ...units import EMU_PER_PT, Box
from ...visuals import Timeline
from . import oxml, textxml
from .charts import TITLE_PT

_ALIGNS = {PP_ALIGN.CENTER: "ctr", PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r"}
_ANCHORS = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}

DECK_TIMELINE = TimelineSizes(title=TITLE_PT, date=18.0, label=14.0, detail=12.0, floor=9.0)
"""Type sizes of a timeline in the deck, in points, and the least any text may be set at."""


def draw_timeline(slide: Slide, timeline: Timeline, box: Box, theme: Theme, fonts: FontSet) -> None:
    """The events as a row of markers on a rule, dates above and labels below, grouped as one shape."""
    plan = plan_timeline(timeline, box.w_pt, box.h_pt, fonts.body_width, DECK_TIMELINE, grow=1.3)
    group = slide.shapes.add_group_shape()
    group.name = "Timeline"
    oxml.alt_text(group, timeline.alt_text(), timeline.title)
    with oxml.group_extents_once(group.shapes):
        _draw(group.shapes, plan, timeline, box, theme)


def _draw(shapes: GroupShapes, plan: TimelinePlan, timeline: Timeline, box: Box, theme: Theme) -> None:
    colors = theme.colors
    font = theme.fonts.body

    def emu(pt: float) -> Emu:
        return Emu(int(round(pt * EMU_PER_PT)))

    if timeline.title:
        tb = shapes.add_textbox(Emu(box.x), Emu(box.y + emu(plan.title_y)), Emu(box.w),
                                emu(plan.title_size * LINE_HEIGHT + 2 * 1.0))
        tb.name = "Timeline title"
        _text(tb.text_frame, [(timeline.title, plan.title_size, colors.primary, True)], font, PP_ALIGN.CENTER,
              MSO_ANCHOR.TOP, inset_x=0.0)  # centred, like a chart's title

    # The rule runs the whole width of the box; it is drawn first so the markers sit on top of it.
    rule = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(box.x), Emu(box.y + emu(plan.line_y)),
                                Emu(box.x + box.w), Emu(box.y + emu(plan.line_y)))
    rule.name = "Timeline rule"
    rule.line.color.rgb = RGBColor.from_string(tint(colors.primary, 0.55))
    rule.line.width = Pt(2.5)

    count = len(plan.events)
    for k, (event, ev) in enumerate(zip(timeline.events, plan.events, strict=True)):
        left = Emu(box.x + emu(ev.center - plan.slot / 2))
        width = emu(plan.slot)
        fill, ring = marker_colors(theme, k, count)
        d = plan.marker
        dot = shapes.add_shape(MSO_SHAPE.OVAL, Emu(box.x + emu(ev.center - d / 2)),
                               Emu(box.y + emu(plan.line_y - d / 2)), emu(d), emu(d))
        dot.name = f"Marker {k + 1}"
        dot.fill.solid()
        dot.fill.fore_color.rgb = RGBColor.from_string(fill)
        dot.line.color.rgb = RGBColor.from_string(ring)
        dot.line.width = Pt(2)
        dot.shadow.inherit = False

        date_h = plan.date_bottom - plan.date_top
        date_box = shapes.add_textbox(left, Emu(box.y + emu(plan.date_top)), width, emu(date_h))
        date_box.name = f"Date {k + 1}"
        _text(date_box.text_frame, [(event.date, plan.date_size, colors.primary, True)], font, PP_ALIGN.CENTER,
              MSO_ANCHOR.BOTTOM)

        # The plan's text: the same as the event's unless it had to be shortened to fit.
        paras = [(ev.shortened or event.label, plan.label_size, colors.text, False)]
        if ev.detail_lines:
            paras.append((event.detail or "", plan.detail_size, colors.muted, False))
        text_h = max(box.h_pt - plan.text_top, plan.label_size * LINE_HEIGHT)
        text_box = shapes.add_textbox(left, Emu(box.y + emu(plan.text_top)), width, emu(text_h))
        text_box.name = f"Event {k + 1}"
        _text(text_box.text_frame, paras, font, PP_ALIGN.CENTER, MSO_ANCHOR.TOP)


def _text(frame: TextFrame, paras: list[tuple[str, float, str, bool]], font: str, align: PP_ALIGN,
          anchor: MSO_ANCHOR, *, inset_x: float = TEXT_INSET_PT) -> None:
    """Write paragraphs with explicit sizes and no autofit: the plan measured them already."""
    body = frame._txBody
    textxml.body_setup(body, int(Pt(inset_x)), 0, _ANCHORS[anchor])
    p = textxml.first_paragraph(body)
    for i, (text, size, color, bold) in enumerate(paras):
        if i:
            p = textxml.add_paragraph(body)
        textxml.spaced_paragraph(p, align=_ALIGNS[align], space_before=size * 0.25 if i else 0, space_after=0)
        style = textxml.RunStyle(size=textxml.centipoints(size), bold_written=bold, font=font, color=color.upper())
        textxml.add_run(p, text, style)

"""Charts and timelines in the deck: native PowerPoint charts and editable shapes.

The render stage calls these for the ```chart and ```timeline blocks of a slide, once the layout
stage has given them a box. A chart becomes a real PowerPoint chart whose numbers live in an
embedded workbook, so "Edit Data" works in PowerPoint and LibreOffice; a timeline becomes a group
of plain shapes and text boxes a person can move and retype. The PDF renderer draws the same
specs as vectors (:mod:`generator.renderers.pdf_visuals`) and shares the rules kept here: which
charts get a legend and value labels, which colour each series takes, how a number format reads,
and how a timeline is laid out.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from typing import Any

from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.text.text import Font, TextFrame
from pptx.util import Emu, Pt

from ..figures.axes import axis_format, axis_scale
from ..figures.rules import color_of, is_stacked, labels_below, labels_fit, legend_shown, text_on, tint, whole_shares
from ..figures.timeline import LINE_HEIGHT, TEXT_INSET_PT, Measure, TimelineSizes, marker_colors, plan_timeline
from ..fonts import find_font, metrics
from ..layout import EMU_PER_PT, Box
from ..theme import Theme
from ..visuals import Chart, Timeline

# Type sizes of chart text in the deck, in points: big enough to read from the back of a room.
TITLE_PT = 16.0
AXIS_PT = 12.0
LABEL_PT = 11.0
LEGEND_PT = 12.0

_CHART_TYPES = {
    ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
    ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
    ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
    ("bar", True): XL_CHART_TYPE.BAR_STACKED,
    ("line", False): XL_CHART_TYPE.LINE_MARKERS,
    ("line", True): XL_CHART_TYPE.LINE_MARKERS,  # stacking lines would misstate values; it is ignored
    ("pie", False): XL_CHART_TYPE.PIE,
    ("pie", True): XL_CHART_TYPE.PIE,
    ("doughnut", False): XL_CHART_TYPE.DOUGHNUT,
    ("doughnut", True): XL_CHART_TYPE.DOUGHNUT,
}
DECK_TIMELINE = TimelineSizes(title=TITLE_PT, date=18.0, label=14.0, detail=12.0, floor=9.0)


# --- charts -------------------------------------------------------------------------------------


def draw_chart(slide: Slide, chart: Chart, box: Box, theme: Theme, *,
               created: dt.datetime | None = None) -> GraphicFrame:
    """A native chart of ``chart`` filling ``box``; the caller adds the source line under it.

    ``created`` pins the creation date written into the embedded workbook (by default
    ``SOURCE_DATE_EPOCH``, else a fixed date), so the same inputs give the same deck bytes.
    """
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, s.values, number_format=chart.number_format)
    kind = _CHART_TYPES[(chart.type, chart.stacked)]
    frame = slide.shapes.add_chart(kind, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h), data)
    frame.name = f"Chart: {chart.title}" if chart.title else "Chart"
    c_nv_pr = frame._element.nvGraphicFramePr.cNvPr
    c_nv_pr.set("descr", chart.alt_text())
    if chart.title:
        c_nv_pr.set("title", chart.title)
    c = frame.chart
    colors = theme.colors
    body_font = theme.fonts.body

    # Chart-wide text defaults; the elements below set their own sizes and colours explicitly,
    # because clients otherwise scale chart text with the frame and pick their own greys.
    _font(c.font, body_font, AXIS_PT, colors.text)

    if chart.title:
        c.has_title = True
        frame_text = c.chart_title.text_frame
        frame_text.text = chart.title
        for p in frame_text.paragraphs:
            for run in p.runs:
                _font(run.font, theme.fonts.heading, TITLE_PT, colors.primary, bold=True)
    else:
        c.has_title = False  # also writes autoTitleDeleted, or a one-series chart shows its name

    if legend_shown(chart):
        c.has_legend = True
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
        _font(c.legend.font, body_font, LEGEND_PT, colors.text)
    else:
        c.has_legend = False

    plot = c.plots[0]
    if chart.type in ("pie", "doughnut"):
        _style_pie(plot, chart, theme)
    else:
        _style_axes(c, chart, box, theme)
        _style_series(plot, chart, theme)

    if chart.data_labels and labels_fit(chart, *_plot_size(chart, box), _label_measure(theme), LABEL_PT):
        _data_labels(plot, chart, theme)

    _no_chart_border(c)
    _pin_workbook(frame, created)
    return frame


def _plot_size(chart: Chart, box: Box) -> tuple[float, float]:
    """About how big the client will make the plot area in ``box``: what title, legend and axis
    labels leave over, in points (the client lays it out, so this is an estimate on the safe side)."""
    w = box.w_pt - (AXIS_PT * 5 if chart.type != "bar" else box.w_pt * 0.25)
    h = box.h_pt - AXIS_PT * 2.5 - (TITLE_PT * 2 if chart.title else 0) - (LEGEND_PT * 2.5 if legend_shown(chart)
                                                                             else 0)
    return max(w, 1.0), max(h, 1.0)


def _label_measure(theme: Theme) -> Callable[[str], float]:
    measure = deck_measure(theme)
    return lambda text: measure(text, False, LABEL_PT)


def _font(font: Font, name: str, size: float, color: str, *, bold: bool = False) -> None:
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(color)


def _style_axes(c: PptxChart, chart: Chart, box: Box, theme: Theme) -> None:
    colors = theme.colors
    cat = c.category_axis
    val = c.value_axis
    grid = tint(colors.muted, 0.78)

    cat.major_tick_mark = XL_TICK_MARK.NONE
    cat.minor_tick_mark = XL_TICK_MARK.NONE
    cat.format.line.color.rgb = RGBColor.from_string(tint(colors.muted, 0.45))
    cat.format.line.width = Pt(1)
    cat.has_major_gridlines = False
    # Labels at the low end of the value axis, not on the zero line where negative bars cover them.
    cat.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    _font(cat.tick_labels.font, theme.fonts.body, AXIS_PT, colors.text)

    val.major_tick_mark = XL_TICK_MARK.NONE
    val.minor_tick_mark = XL_TICK_MARK.NONE
    val.format.line.fill.background()  # the gridlines carry the scale; an axis line is clutter
    val.has_major_gridlines = True
    val.major_gridlines.format.line.color.rgb = RGBColor.from_string(grid)
    val.major_gridlines.format.line.width = Pt(0.75)
    _font(val.tick_labels.font, theme.fonts.body, AXIS_PT, colors.muted)
    values = [v for s in chart.series for v in s.values if v is not None]
    if not values:
        # Nothing to plot (every value a gap): an empty frame from 0 to 1 without labels. Left to
        # itself, a client makes up a scale for no data, with dozens of gridlines.
        val.minimum_scale, val.maximum_scale, val.major_unit = 0.0, 1.0, 1.0
        val.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    else:
        # The same steps as the report's axis. Only the step is fixed: the client still picks the
        # maximum, so an axis keeps fitting when someone edits the data in PowerPoint.
        plot_w, plot_h = _plot_size(chart, box)
        _, _, step = axis_scale(chart, plot_w if chart.type == "bar" else plot_h, AXIS_PT)
        val.major_unit = step
        val.tick_labels.number_format = axis_format(chart.number_format, step)
        val.tick_labels.number_format_is_linked = False
        if chart.type in ("bar", "column") and min(values) >= 0:
            val.minimum_scale = 0  # bars measure from zero; a cut axis exaggerates differences
        if whole_shares(chart):
            val.maximum_scale = 1.0

    if chart.type == "bar":
        # Read top to bottom in the order written: reverse the categories, and keep the value axis
        # at the bottom by crossing the category axis at its (now lowest) last category.
        cat.reverse_order = True
        crosses = val._element.find(qn("c:crosses"))
        if crosses is not None:  # (python-pptx only offers this on the value axis, for the other one)
            crosses.set("val", "max")

    for axis, title in ((cat, chart.x_title), (val, chart.y_title)):
        if title:
            axis.has_title = True
            tf = axis.axis_title.text_frame
            tf.text = title
            for p in tf.paragraphs:
                for run in p.runs:
                    _font(run.font, theme.fonts.body, AXIS_PT, colors.muted)
        else:
            axis.has_title = False


def _style_series(plot: Any, chart: Chart, theme: Theme) -> None:
    if chart.type in ("bar", "column"):
        plot.gap_width = 60
        plot.overlap = 100 if chart.stacked else -10
        plot.vary_by_categories = False
    for i, series in enumerate(plot.series):
        color = RGBColor.from_string(color_of(theme, i))
        if chart.type == "line":
            series.smooth = False
            line = series.format.line
            line.color.rgb = color
            line.width = Pt(2.5)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
            series.marker.format.line.color.rgb = RGBColor.from_string(theme.colors.background)
            series.marker.format.line.width = Pt(1)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.format.line.fill.background()
            series.invert_if_negative = False  # a negative bar keeps its series colour


def _style_pie(plot: Any, chart: Chart, theme: Theme) -> None:
    plot.vary_by_categories = True
    series = plot.series[0]
    for i in range(len(chart.categories)):
        point = series.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(color_of(theme, i))
        # White hairlines between slices separate neighbours whatever their colours.
        point.format.line.color.rgb = RGBColor.from_string(theme.colors.background)
        point.format.line.width = Pt(1.5)
    if chart.type == "doughnut":
        chart_el = plot._element
        hole = chart_el.find(qn("c:holeSize"))  # python-pptx always writes one; thinner ring, as in the PDF
        if hole is not None:
            hole.set("val", "55")
        first = chart_el.find(qn("c:firstSliceAng"))
        if first is not None:
            first.set("val", "0")


def _data_labels(plot: Any, chart: Chart, theme: Theme) -> None:
    colors = theme.colors
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    _font(labels.font, theme.fonts.body, LABEL_PT, colors.text)
    if chart.type in ("pie", "doughnut"):
        if chart.type == "pie":
            labels.position = XL_LABEL_POSITION.BEST_FIT
        # (A doughnut has no label positions in the file format: its labels sit on the ring.)
        # Labels usually land on the slice: per point, the text colour that reads on its fill.
        series = plot.series[0]
        # Series-level settings override the plot's, so they are written here too.
        sl = series.data_labels
        sl.number_format = chart.number_format
        sl.number_format_is_linked = False
        sl.show_value = True
        _font(sl.font, theme.fonts.body, LABEL_PT, colors.text)
        if chart.type == "pie":
            sl.position = XL_LABEL_POSITION.BEST_FIT
        for i in range(len(chart.categories)):
            dl = series.points[i].data_label
            _font(dl.font, theme.fonts.body, LABEL_PT, text_on(color_of(theme, i), colors.text), bold=True)
            if chart.type == "pie":
                dl.position = XL_LABEL_POSITION.BEST_FIT
            _label_number_format(dl._get_or_add_dLbl(), chart.number_format)
        return
    if chart.type == "line":
        below = labels_below(chart)
        for i, series in enumerate(plot.series):
            sl = series.data_labels
            sl.number_format = chart.number_format
            sl.number_format_is_linked = False
            sl.show_value = True
            sl.position = XL_LABEL_POSITION.BELOW if i in below else XL_LABEL_POSITION.ABOVE
            _font(sl.font, theme.fonts.body, LABEL_PT, colors.text)
        return
    if is_stacked(chart):
        # "Outside end" does not exist for stacked bars; labels go inside each segment, in the
        # text colour that reads on that series' fill.
        labels.position = XL_LABEL_POSITION.CENTER
        for i, series in enumerate(plot.series):
            sl = series.data_labels
            sl.number_format = chart.number_format
            sl.number_format_is_linked = False
            sl.show_value = True
            sl.position = XL_LABEL_POSITION.CENTER
            _font(sl.font, theme.fonts.body, LABEL_PT, text_on(color_of(theme, i), colors.text))
        return
    labels.position = XL_LABEL_POSITION.OUTSIDE_END


def _label_number_format(d_lbl: etree._Element, fmt: str) -> None:
    """A per-point label has its own number format, or clients fall back to the cell's."""
    num = d_lbl.find(qn("c:numFmt"))
    if num is None:
        num = etree.Element(qn("c:numFmt"))
        # c:numFmt comes right after c:idx/c:delete/c:layout/c:tx in CT_DLbl.
        anchor = None
        for tag in ("c:tx", "c:layout", "c:idx"):
            anchor = d_lbl.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(num)
        else:
            d_lbl.insert(0, num)
    num.set("formatCode", fmt)
    num.set("sourceLinked", "0")


def _no_chart_border(c: PptxChart) -> None:
    """No frame around the chart and no fill behind the plot: the slide is the background."""
    space = c._chartSpace
    sp_pr = space.find(qn("c:spPr"))
    if sp_pr is None:
        sp_pr = etree.Element(qn("c:spPr"))
        # CT_ChartSpace: … c:chart, c:spPr, c:txPr, c:externalData …
        space.find(qn("c:chart")).addnext(sp_pr)
    _no_fill_no_line(sp_pr)
    plot_area = space.find(qn("c:chart")).find(qn("c:plotArea"))
    sp_pr = plot_area.find(qn("c:spPr"))
    if sp_pr is None:
        sp_pr = etree.Element(qn("c:spPr"))
        ext = plot_area.find(qn("c:extLst"))
        if ext is not None:
            ext.addprevious(sp_pr)
        else:
            plot_area.append(sp_pr)
    _no_fill_no_line(sp_pr)


def _no_fill_no_line(sp_pr: etree._Element) -> None:
    for child in list(sp_pr):
        sp_pr.remove(child)
    etree.SubElement(sp_pr, qn("a:noFill"))
    ln = etree.SubElement(sp_pr, qn("a:ln"))
    etree.SubElement(ln, qn("a:noFill"))


def _pin_workbook(frame: GraphicFrame, created: dt.datetime | None) -> None:
    """Rewrite the embedded workbook's creation and modification dates, which XlsxWriter takes
    from the clock."""
    if created is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        created = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
                   else dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))
    stamp = created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    chart_part = frame.chart.part
    xlsx_part = chart_part.chart_workbook.xlsx_part
    if xlsx_part is None:
        return
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_part.blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<3>", content)
            dst.writestr(info, content)
    chart_part.chart_workbook.update_from_xlsx_blob(out.getvalue())


# --- timelines ----------------------------------------------------------------------------------



def deck_measure(theme: Theme) -> Measure:
    """Text widths with the TrueType files behind the theme's body font (Carlito for Calibri)."""
    files = find_font(theme.fonts.body) or find_font("Calibri")
    assert files is not None, "the shipped Carlito font is missing"
    regular, bold = metrics(files.regular), metrics(files.bold)

    def measure(text: str, is_bold: bool, size: float) -> float:
        return (bold if is_bold else regular).width(text, size)

    return measure


def draw_timeline(slide: Slide, timeline: Timeline, box: Box, theme: Theme) -> None:
    """The events as a row of markers on a rule, dates above and labels below, grouped as one shape."""
    plan = plan_timeline(timeline, box.w_pt, box.h_pt, deck_measure(theme), DECK_TIMELINE, grow=1.3)
    colors = theme.colors
    font = theme.fonts.body
    group = slide.shapes.add_group_shape()
    group.name = "Timeline"
    c_nv_pr = group._element.nvGrpSpPr.cNvPr
    c_nv_pr.set("descr", timeline.alt_text())
    if timeline.title:
        c_nv_pr.set("title", timeline.title)
    shapes = group.shapes

    def emu(pt: float) -> Emu:
        return Emu(int(round(pt * EMU_PER_PT)))

    if timeline.title:
        tb = shapes.add_textbox(Emu(box.x), Emu(box.y) + emu(plan.title_y), Emu(box.w),
                                emu(plan.title_size * LINE_HEIGHT + 2 * 1.0))
        tb.name = "Timeline title"
        _text(tb.text_frame, [(timeline.title, plan.title_size, colors.primary, True)], font, PP_ALIGN.CENTER,
              MSO_ANCHOR.TOP, inset_x=0.0)  # centred, like a chart's title

    # The rule runs the whole width of the box; it is drawn first so the markers sit on top of it.
    rule = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(box.x), Emu(box.y) + emu(plan.line_y),
                                Emu(box.x + box.w), Emu(box.y) + emu(plan.line_y))
    rule.name = "Timeline rule"
    rule.line.color.rgb = RGBColor.from_string(tint(colors.primary, 0.55))
    rule.line.width = Pt(2.5)

    count = len(plan.events)
    for k, (event, ev) in enumerate(zip(timeline.events, plan.events, strict=True)):
        left = Emu(box.x) + emu(ev.center - plan.slot / 2)
        width = emu(plan.slot)
        fill, ring = marker_colors(theme, k, count)
        d = plan.marker
        dot = shapes.add_shape(MSO_SHAPE.OVAL, Emu(box.x) + emu(ev.center - d / 2),
                               Emu(box.y) + emu(plan.line_y - d / 2), emu(d), emu(d))
        dot.name = f"Marker {k + 1}"
        dot.fill.solid()
        dot.fill.fore_color.rgb = RGBColor.from_string(fill)
        dot.line.color.rgb = RGBColor.from_string(ring)
        dot.line.width = Pt(2)
        dot.shadow.inherit = False

        date_h = plan.date_bottom - plan.date_top
        date_box = shapes.add_textbox(left, Emu(box.y) + emu(plan.date_top), width, emu(date_h))
        date_box.name = f"Date {k + 1}"
        _text(date_box.text_frame, [(event.date, plan.date_size, colors.primary, True)], font, PP_ALIGN.CENTER,
              MSO_ANCHOR.BOTTOM)

        # The plan's text: the same as the event's unless it had to be shortened to fit.
        paras = [(ev.shortened or event.label, plan.label_size, colors.text, False)]
        if ev.detail_lines:
            paras.append((event.detail or "", plan.detail_size, colors.muted, False))
        text_h = max(box.h_pt - plan.text_top, plan.label_size * LINE_HEIGHT)
        text_box = shapes.add_textbox(left, Emu(box.y) + emu(plan.text_top), width, emu(text_h))
        text_box.name = f"Event {k + 1}"
        _text(text_box.text_frame, paras, font, PP_ALIGN.CENTER, MSO_ANCHOR.TOP)


def _text(frame: TextFrame, paras: list[tuple[str, float, str, bool]], font: str, align: PP_ALIGN,
          anchor: MSO_ANCHOR, *, inset_x: float = TEXT_INSET_PT) -> None:
    """Write paragraphs with explicit sizes and no autofit: the plan measured them already."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Emu(int(inset_x * EMU_PER_PT))
    frame.margin_top = frame.margin_bottom = Emu(0)
    frame.vertical_anchor = anchor
    for i, (text, size, color, bold) in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        p.line_spacing = 1.0
        p.space_before = Pt(size * 0.25 if i else 0)
        p.space_after = Pt(0)
        run = p.add_run()
        run.text = text
        _font(run.font, font, size, color, bold=bold)

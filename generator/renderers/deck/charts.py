"""Native PowerPoint charts for the deck's ```chart blocks.

Drawn by :mod:`.slide` into the box the layout stage gave a chart. A chart becomes a real
PowerPoint chart whose numbers live in an embedded workbook, so "Edit Data" works in PowerPoint
and LibreOffice. The rules both renderers share (which charts get a legend and value labels,
which colour each series takes, axis steps and number formats) are in :mod:`generator.figures`;
the PDF draws the same specs as vectors.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any, cast

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
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.text.text import Font
from pptx.util import Emu, Pt  # python-pptx's lengths, as its API takes them; boxes are generator.units

from ...figures.axes import axis_format, axis_scale
from ...figures.labels import is_marked, point_format
from ...figures.rules import color_of, is_stacked, labels_below, labels_fit, legend_shown, text_on, tint, whole_shares
from ...fonts import FontSet
from ...theme import Theme
from ...units import Box
from ...visuals import Chart
from . import oxml

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


# --- charts -------------------------------------------------------------------------------------


def draw_chart(slide: Slide, chart: Chart, box: Box, theme: Theme, fonts: FontSet, *,
               created: dt.datetime | None = None) -> GraphicFrame:
    """A native chart of ``chart`` filling ``box``; the caller adds the source line under it.

    Value labels are shown only where they fit, measured with the theme's body font (``fonts``).

    ``created`` pins the creation date written into the embedded workbook (by default
    ``SOURCE_DATE_EPOCH``, else a fixed date), so the same inputs give the same deck bytes.
    """
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, s.values, number_format=chart.number_format)
    kind = _CHART_TYPES[(chart.type, chart.stacked)]
    # python-pptx annotates add_chart as taking ChartData and returning a Chart; it takes any chart
    # data and returns the graphic frame that holds the chart.
    frame = cast(GraphicFrame, slide.shapes.add_chart(kind, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h),
                                                      cast(Any, data)))
    frame.name = f"Chart: {chart.title}" if chart.title else "Chart"
    oxml.alt_text(frame, chart.alt_text(), chart.title)
    c = frame.chart
    colors = theme.colors
    body_font = theme.fonts.body

    # Chart-wide text defaults; the elements below set their own sizes and colours explicitly,
    # because clients otherwise scale chart text with the frame and pick their own greys.
    set_font(c.font, body_font, AXIS_PT, colors.text)

    if chart.title:
        c.has_title = True
        frame_text = c.chart_title.text_frame
        frame_text.text = chart.title
        for p in frame_text.paragraphs:
            for run in p.runs:
                set_font(run.font, theme.fonts.heading, TITLE_PT, colors.primary, bold=True)
    else:
        c.has_title = False  # also writes autoTitleDeleted, or a one-series chart shows its name

    if legend_shown(chart):
        c.has_legend = True
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
        set_font(c.legend.font, body_font, LEGEND_PT, colors.text)
    else:
        c.has_legend = False

    plot = c.plots[0]
    if chart.type in ("pie", "doughnut"):
        _style_pie(plot, chart, theme)
    else:
        _style_axes(c, chart, box, theme)
        _style_series(plot, chart, theme)

    if chart.data_labels and labels_fit(chart, *_plot_size(chart, box), _label_measure(fonts), LABEL_PT):
        _data_labels(plot, chart, theme)
        _marked_labels(plot, chart, theme)

    oxml.no_chart_border(c)
    oxml.pin_workbook(frame, created or _pinned_time())
    return frame


def _plot_size(chart: Chart, box: Box) -> tuple[float, float]:
    """About how big the client will make the plot area in ``box``: what title, legend and axis
    labels leave over, in points (the client lays it out, so this is an estimate on the safe side)."""
    w = box.w_pt - (AXIS_PT * 5 if chart.type != "bar" else box.w_pt * 0.25)
    h = box.h_pt - AXIS_PT * 2.5 - (TITLE_PT * 2 if chart.title else 0) - (LEGEND_PT * 2.5 if legend_shown(chart)
                                                                             else 0)
    return max(w, 1.0), max(h, 1.0)


def _label_measure(fonts: FontSet) -> Callable[[str], float]:
    return lambda text: fonts.body_width(text, False, LABEL_PT)


def _pinned_time() -> dt.datetime:
    """The workbook's dates when the caller gives none: ``SOURCE_DATE_EPOCH``, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
            else dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))


def set_font(font: Font, name: str, size: float, color: str, *, bold: bool = False) -> None:
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
    set_font(cat.tick_labels.font, theme.fonts.body, AXIS_PT, colors.text)

    val.major_tick_mark = XL_TICK_MARK.NONE
    val.minor_tick_mark = XL_TICK_MARK.NONE
    val.format.line.fill.background()  # the gridlines carry the scale; an axis line is clutter
    val.has_major_gridlines = True
    val.major_gridlines.format.line.color.rgb = RGBColor.from_string(grid)
    val.major_gridlines.format.line.width = Pt(0.75)
    set_font(val.tick_labels.font, theme.fonts.body, AXIS_PT, colors.muted)
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
        oxml.axis_crosses_at_max(val)

    for axis, title in ((cat, chart.x_title), (val, chart.y_title)):
        if title:
            axis.has_title = True
            tf = axis.axis_title.text_frame
            tf.text = title
            for p in tf.paragraphs:
                for run in p.runs:
                    set_font(run.font, theme.fonts.body, AXIS_PT, colors.muted)
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
        oxml.doughnut_shape(plot, hole=55, first_angle=0)  # a thinner ring, as in the PDF


def _marked_labels(plot: Any, chart: Chart, theme: Theme) -> None:
    """A qualified value's label carries its mark (``2,900+``): a label of its own for that point."""
    for i, series in enumerate(plot.series):
        marked = [k for k in range(len(chart.series[i].values)) if is_marked(chart, i, k)]
        if not marked:
            continue
        color = text_on(color_of(theme, i), theme.colors.text) if is_stacked(chart) else theme.colors.text
        pie = chart.type in ("pie", "doughnut")  # a pie's series and point labels are already styled
        if not pie:
            # A point's label makes the series hold labels of its own, which replace the chart's.
            sl = series.data_labels
            position = sl.position or plot.data_labels.position
            sl.number_format = chart.number_format
            sl.number_format_is_linked = False
            sl.show_value = True
            sl.position = position
            set_font(sl.font, theme.fonts.body, LABEL_PT, color)
        for k in marked:
            dl = series.points[k].data_label
            if not pie:
                set_font(dl.font, theme.fonts.body, LABEL_PT, color)
                dl.position = position
            oxml.point_label_number_format(dl, point_format(chart, i, k))


def _data_labels(plot: Any, chart: Chart, theme: Theme) -> None:
    colors = theme.colors
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    set_font(labels.font, theme.fonts.body, LABEL_PT, colors.text)
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
        set_font(sl.font, theme.fonts.body, LABEL_PT, colors.text)
        if chart.type == "pie":
            sl.position = XL_LABEL_POSITION.BEST_FIT
        for i in range(len(chart.categories)):
            dl = series.points[i].data_label
            set_font(dl.font, theme.fonts.body, LABEL_PT, text_on(color_of(theme, i), colors.text), bold=True)
            if chart.type == "pie":
                dl.position = XL_LABEL_POSITION.BEST_FIT
            oxml.point_label_number_format(dl, chart.number_format)
        return
    if chart.type == "line":
        below = labels_below(chart)
        for i, series in enumerate(plot.series):
            sl = series.data_labels
            sl.number_format = chart.number_format
            sl.number_format_is_linked = False
            sl.show_value = True
            sl.position = XL_LABEL_POSITION.BELOW if i in below else XL_LABEL_POSITION.ABOVE
            set_font(sl.font, theme.fonts.body, LABEL_PT, colors.text)
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
            set_font(sl.font, theme.fonts.body, LABEL_PT, text_on(color_of(theme, i), colors.text))
        return
    labels.position = XL_LABEL_POSITION.OUTSIDE_END

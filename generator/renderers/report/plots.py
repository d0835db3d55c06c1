"""Column, bar and line charts in the report: axes, category labels that do not collide, value labels.

The render stage of the report draws the plot of a column, bar or line chart with reportlab's
chart classes, inside the room :mod:`.charts` leaves after the title and the legend. Scales come
from :mod:`generator.figures.axes`, so the gridlines fall where the deck's do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

from reportlab.graphics.charts.axes import CategoryAxis, ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group
from reportlab.graphics.widgets.markers import makeMarker

from ...figures.axes import axis_format, axis_scale
from ...figures.labels import point_format
from ...figures.numfmt import format_number
from ...figures.rules import color_of, is_stacked, labels_below, labels_fit, text_on, tint
from ...figures.timeline import LINE_HEIGHT, wrap
from ...visuals import Chart
from .pen import AXIS_PT, LABEL_PT, PAD, Pen, place
from .styles import hex_color


def _value_labels(pen: Pen, scale: tuple[float, float, float]) -> list[str]:
    vmin, vmax, step = scale
    count = round((vmax - vmin) / step)
    fmt = axis_format(pen.chart.number_format, step)
    return [format_number(vmin + k * step, fmt) for k in range(count + 1)]


def _style_value_axis(axis: ValueAxis, pen: Pen, scale: tuple[float, float, float]) -> None:
    axis.valueMin, axis.valueMax, axis.valueStep = scale
    axis.visibleAxis = 0  # the gridlines carry the scale, as in the deck
    axis.visibleTicks = 0
    axis.visibleGrid = 1
    axis.gridStrokeColor = hex_color(tint(pen.theme.colors.muted, 0.78))
    axis.gridStrokeWidth = 0.5
    labels = cast(Any, axis).labels  # set by ValueAxis.__init__; types-reportlab does not declare it
    labels.fontName = pen.font
    labels.fontSize = AXIS_PT
    labels.fillColor = hex_color(pen.theme.colors.muted)
    fmt = axis_format(pen.chart.number_format, scale[2])
    axis.labelTextFormat = lambda v: format_number(v, fmt)


def _style_category_axis(axis: CategoryAxis, pen: Pen) -> None:
    axis.visibleTicks = 0
    axis.strokeColor = hex_color(tint(pen.theme.colors.muted, 0.45))
    cast(Any, axis).strokeWidth = 0.75  # types-reportlab declares it an int
    axis.labels.fontName = pen.font
    axis.labels.fontSize = AXIS_PT
    axis.labels.fillColor = hex_color(pen.theme.colors.text)


@dataclass(frozen=True)
class _CategoryLabels:
    names: list[str]  # with "\n" where wrapped, "" where thinned out
    angle: float
    height: float  # room they take under the axis


def _arrange_categories(pen: Pen, slot: float) -> _CategoryLabels:
    """Category labels that do not collide: flat, else on two lines, else slanted, else thinned."""
    cats = pen.chart.categories
    widths = [pen.width(c, AXIS_PT) for c in cats]
    line_h = AXIS_PT * LINE_HEIGHT
    room = slot - AXIS_PT * 0.6  # a gap as wide as a space or two between neighbours
    if max(widths) <= room:
        return _CategoryLabels(list(cats), 0.0, line_h)
    wrapped = [wrap(c, room, lambda s: pen.width(s, AXIS_PT)) for c in cats]
    if all(len(lines) <= 2 and max(pen.width(s, AXIS_PT) for s in lines) <= room for lines in wrapped):
        return _CategoryLabels(["\n".join(lines) for lines in wrapped], 0.0, 2 * line_h)
    # Slanted at 45°, each label needs about 1.4 line heights of slot; keep every k-th otherwise.
    step = max(1, math.ceil(AXIS_PT * 1.5 / slot))
    names = [c if i % step == 0 else "" for i, c in enumerate(cats)]
    longest = max(w for w, n in zip(widths, names, strict=True) if n)
    return _CategoryLabels(names, 45.0, longest * math.sin(math.radians(45)) + AXIS_PT)


def category_chart(d: Drawing, pen: Pen, x: float, y: float, w: float, h: float) -> None:
    """Columns (clustered or stacked) and lines: categories along the bottom, values up the side."""
    chart, theme = pen.chart, pen.theme
    scale = axis_scale(chart, h, AXIS_PT)
    tick_w = max(pen.width(t, AXIS_PT) for t in _value_labels(pen, scale))
    left = x + tick_w + PAD + 2
    if chart.y_title:
        left += AXIS_PT * LINE_HEIGHT + PAD
    right = x + w - PAD
    plot_w = right - left
    cats = _arrange_categories(pen, plot_w / len(chart.categories))
    if cats.angle:
        # Slanted labels end at their tick and reach down to the left, the first ones past the
        # plot's left edge: move the plot right until the furthest one starts inside the drawing.
        # The top corner of the last one leans a little past its tick, to the right.
        right -= AXIS_PT * 0.8
        n = len(chart.categories)
        for _ in range(3):  # the slots narrow as the plot moves; settle in a few rounds
            plot_w = right - left
            reach = max(pen.width(name, AXIS_PT) * math.cos(math.radians(45)) - (k + 0.5) * plot_w / n
                        for k, name in enumerate(cats.names) if name)
            left = max(left, x + reach + AXIS_PT * 0.5)
        plot_w = right - left
    bottom = y + cats.height + PAD
    if chart.x_title:
        bottom += AXIS_PT * LINE_HEIGHT + PAD
    headroom = LABEL_PT * LINE_HEIGHT + 2 if chart.data_labels and not is_stacked(chart) else AXIS_PT * 0.6
    plot_h = max(10.0, y + h - headroom - bottom)

    c: HorizontalLineChart | VerticalBarChart = HorizontalLineChart() if chart.type == "line" else VerticalBarChart()
    place(c, left, bottom, plot_w, plot_h)
    _style_value_axis(c.valueAxis, pen, scale)
    _style_category_axis(c.categoryAxis, pen)
    c.valueAxis.labels.boxAnchor = "e"
    c.valueAxis.labels.dx = -PAD
    c.categoryAxis.categoryNames = cats.names
    c.categoryAxis.labels.dy = -PAD
    if cats.angle:
        c.categoryAxis.labels.angle = cats.angle
        c.categoryAxis.labels.boxAnchor = "ne"
        c.categoryAxis.labels.dx = AXIS_PT * 0.3
    else:
        c.categoryAxis.labels.boxAnchor = "n"
        c.categoryAxis.labels.leading = AXIS_PT * LINE_HEIGHT
    # Labels along the bottom of the plot, not on the zero line where negative bars would cover them.
    c.categoryAxis.labelAxisMode = "low"
    if isinstance(c, HorizontalLineChart):
        _lines(c, pen, plot_w, plot_h)
    else:
        _columns(c, pen, scale, plot_w, plot_h)
    d.add(c)
    mid_y = bottom + plot_h / 2
    if chart.y_title:
        title = pen.string(0, 0, chart.y_title, AXIS_PT, theme.colors.muted, anchor="middle")
        g = Group(title)
        g.translate(x + AXIS_PT, mid_y)
        g.rotate(90)
        d.add(g)
    if chart.x_title:
        d.add(pen.string(left + plot_w / 2, y + AXIS_PT * 0.3, chart.x_title, AXIS_PT, theme.colors.muted,
                         anchor="middle"))


def _bar_geometry(c: VerticalBarChart | HorizontalBarChart, chart: Chart) -> None:
    # The deck's gap width of 60 % of a bar, and bars of one category 10 % apart.
    c.barWidth = 10
    c.groupSpacing = 6
    c.barSpacing = 0 if is_stacked(chart) else 1
    if is_stacked(chart):
        c.categoryAxis.style = "stacked"


def _bar_labels(c: VerticalBarChart | HorizontalBarChart, pen: Pen, scale: tuple[float, float, float],
                length: float, along: str, rows: list[list[float | None]], owners: list[int]) -> None:
    """Value labels: past the end of each bar, or inside each stacked segment when it has room."""
    chart, theme = pen.chart, pen.theme
    per_unit = length / (scale[1] - scale[0])
    texts: list[list[str]] = []
    for r, row in enumerate(rows):
        texts.append([])
        for col, v in enumerate(row):
            point = col if along == "y" else len(row) - 1 - col  # horizontal rows run last category first
            text = format_number(v, point_format(chart, owners[r], point)) if v is not None else ""
            if is_stacked(chart) and v is not None:
                size = abs(v) * per_unit
                need = LABEL_PT * 1.2 if along == "y" else pen.width(text, LABEL_PT) + 4
                if size < need:
                    text = ""  # a segment too thin for its number: the label would spill over others
            texts[-1].append(text)
            label = c.barLabels[(r, col)]
            if is_stacked(chart):
                label.fillColor = hex_color(text_on(color_of(theme, owners[r]), theme.colors.text))
    c.barLabelFormat = "values"
    c.barLabelArray = texts
    c.barLabels.fontName = pen.font
    c.barLabels.fontSize = LABEL_PT
    c.barLabels.fillColor = hex_color(theme.colors.text)
    if is_stacked(chart):
        c.barLabels.boxTarget = "mid"
        c.barLabels.boxAnchor = "c"
        c.barLabels.dy = -LABEL_PT * 0.05 if along == "y" else 0
    else:
        # The label's near side on the bar's end; reportlab flips the anchor for negative bars.
        c.barLabels.boxAnchor = "s" if along == "y" else "w"
        c.barLabels.nudge = 3


def _columns(c: VerticalBarChart, pen: Pen, scale: tuple[float, float, float], plot_w: float,
             plot_h: float) -> None:
    chart, theme = pen.chart, pen.theme
    rows = [list(s.values) for s in chart.series]
    c.data = rows
    _bar_geometry(c, chart)
    c.bars.strokeColor = None
    for i in range(len(chart.series)):
        c.bars[i].fillColor = hex_color(color_of(theme, i))
        c.bars[i].strokeColor = None
    if chart.data_labels and labels_fit(chart, plot_w, plot_h, lambda t: pen.width(t, LABEL_PT), LABEL_PT):
        _bar_labels(c, pen, scale, plot_h, "y", rows, list(range(len(rows))))


def _lines(c: HorizontalLineChart, pen: Pen, plot_w: float, plot_h: float) -> None:
    """Series as lines with round markers; a gap (null) breaks the line, as in the deck."""
    chart, theme = pen.chart, pen.theme
    rows: list[list[float | None]] = []
    owner: list[int] = []
    for i, s in enumerate(chart.series):
        # reportlab joins across gaps, so each unbroken run becomes a row of its own.
        run: list[float | None] = [None] * len(s.values)
        for k, v in enumerate(s.values):
            if v is None:
                if any(x is not None for x in run):
                    rows.append(run)
                    owner.append(i)
                run = [None] * len(s.values)
            else:
                run[k] = v
        if any(x is not None for x in run):
            rows.append(run)
            owner.append(i)
    if not rows:  # every value a gap: the axes alone, under an invisible line at zero
        c.data = [[0.0] * len(chart.categories)]
        c.lines[0].strokeColor = None
        return
    c.data = rows
    c.joinedLines = 1
    below = labels_below(chart)
    labels: list[list[str]] = []
    for r, (row, i) in enumerate(zip(rows, owner, strict=True)):
        color = hex_color(color_of(theme, i))
        c.lines[r].strokeColor = color
        c.lines[r].strokeWidth = 1.75
        marker = makeMarker("FilledCircle")
        marker.size = 4.5
        marker.fillColor = color
        marker.strokeColor = hex_color(theme.colors.background)
        marker.strokeWidth = 0.6
        c.lines[r].symbol = marker
        # Labels are looked up by the index among drawn points, not by category.
        present = [(k, v) for k, v in enumerate(row) if v is not None]
        labels.append([format_number(v, point_format(chart, i, k)) for k, v in present])
        for k in range(len(present)):
            label = c.lineLabels[(r, k)]
            label.boxAnchor = "n" if i in below else "s"
            label.dy = -4 if i in below else 4
    if chart.data_labels and labels_fit(chart, plot_w, plot_h, lambda t: pen.width(t, LABEL_PT), LABEL_PT):
        c.lineLabelFormat = "values"
        c.lineLabelArray = labels
        c.lineLabelNudge = 0
        c.lineLabels.fontName = pen.font
        c.lineLabels.fontSize = LABEL_PT
        c.lineLabels.fillColor = hex_color(theme.colors.text)


def bars_horizontal(d: Drawing, pen: Pen, x: float, y: float, w: float, h: float) -> None:
    """Horizontal bars: categories down the left, first at the top, values along the bottom."""
    chart, theme = pen.chart, pen.theme
    scale = axis_scale(chart, w, AXIS_PT)
    ticks = _value_labels(pen, scale)
    line_h = AXIS_PT * LINE_HEIGHT
    # Category labels get at most 40 % of the width; longer ones wrap.
    room = w * 0.4
    names = ["\n".join(wrap(c, room, lambda s: pen.width(s, AXIS_PT))) for c in chart.categories]
    label_w = max(pen.width(line, AXIS_PT) for n in names for line in n.split("\n"))
    left = x + label_w + PAD * 2
    if chart.x_title:  # x_title names the category axis, which is the vertical one here, as in the deck
        left += line_h + PAD
    end_room = pen.width(ticks[-1], AXIS_PT) / 2
    if chart.data_labels and not is_stacked(chart):
        longest = max((pen.width(format_number(v, chart.number_format), LABEL_PT)
                       for s in chart.series for v in s.values if v is not None), default=0.0)
        end_room = max(end_room, longest + 5)
    right = x + w - end_room - 1
    bottom = y + line_h + PAD
    if chart.y_title:
        bottom += line_h + PAD
    plot_w = right - left
    plot_h = max(10.0, y + h - bottom - AXIS_PT * 0.6)

    c = HorizontalBarChart()
    place(c, left, bottom, plot_w, plot_h)
    # reportlab draws the first category at the bottom; the deck reads from the top, so the
    # categories go in reversed. Within a category the deck's clustered bars then read from the top
    # too (series reversed, as reportlab puts the first one lowest), but stacked segments run from
    # the axis outwards in series order, first series at the left, as PowerPoint stacks them.
    # Colours follow their series.
    owners = list(range(len(chart.series))) if is_stacked(chart) else list(reversed(range(len(chart.series))))
    rows = [list(reversed(chart.series[i].values)) for i in owners]
    c.data = rows
    _bar_geometry(c, chart)
    _style_value_axis(c.valueAxis, pen, scale)
    _style_category_axis(c.categoryAxis, pen)
    c.valueAxis.labels.boxAnchor = "n"
    c.valueAxis.labels.dy = -PAD
    c.categoryAxis.categoryNames = list(reversed(names))
    c.categoryAxis.labelAxisMode = "low"
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.textAnchor = "end"
    c.categoryAxis.labels.dx = -PAD
    c.categoryAxis.labels.leading = line_h
    c.bars.strokeColor = None
    for r, i in enumerate(owners):
        c.bars[r].fillColor = hex_color(color_of(theme, i))
        c.bars[r].strokeColor = None
    if chart.data_labels and labels_fit(chart, plot_w, plot_h, lambda t: pen.width(t, LABEL_PT), LABEL_PT):
        _bar_labels(c, pen, scale, plot_w, "x", rows, owners)
    d.add(c)
    if chart.x_title:
        g = Group(pen.string(0, 0, chart.x_title, AXIS_PT, theme.colors.muted, anchor="middle"))
        g.translate(x + AXIS_PT, bottom + plot_h / 2)
        g.rotate(90)
        d.add(g)
    if chart.y_title:
        d.add(pen.string(left + plot_w / 2, y + AXIS_PT * 0.3, chart.y_title, AXIS_PT, theme.colors.muted,
                         anchor="middle"))


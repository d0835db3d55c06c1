"""Charts and timelines in the PDF report: the deck's visuals drawn again as vector graphics.

The render stage of the report turns a ```chart or ```timeline block into a reportlab
``Drawing`` (a flowable) of the width and height the page offers, in points. The numbers,
colours, legend rule and timeline layout are the ones the deck uses
(:mod:`generator.renderers.pptx_visuals`), so a reader of the report sees the chart the
audience saw; value labels are formatted from the chart's Excel number format by the same
module's :func:`format_number`, since no spreadsheet program does it for us in a PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.charts.axes import CategoryAxis, ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from ..figures.axes import axis_format, axis_scale
from ..figures.numfmt import format_number
from ..figures.rules import color_of, is_stacked, labels_below, labels_fit, legend_shown, text_on, tint
from ..figures.timeline import LINE_HEIGHT, TimelineSizes, marker_colors, plan_timeline, wrap
from ..theme import Theme
from ..visuals import Chart, Timeline

# Type sizes in the report, in points: a chart sits in a column of 10–11 pt body text.
TITLE_PT = 11.0
AXIS_PT = 8.5
LABEL_PT = 8.0
LEGEND_PT = 8.5
REPORT_TIMELINE = TimelineSizes(title=TITLE_PT, date=10.5, label=9.0, detail=8.0, floor=6.5)
PAD = 4.0  # between a chart's parts (title, plot, axis labels, legend)
NO_DATA = "no data"  # printed in a pie or doughnut whose values are all zero


def _hex(color: str) -> Color:
    return HexColor("#" + color)


# --- the drawing --------------------------------------------------------------------------------


@dataclass
class _Ctx:
    chart: Chart
    theme: Theme
    font: str
    bold: str

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return stringWidth(text, self.bold if bold else self.font, size)

    def string(self, x: float, y: float, text: str, size: float, color: str, *, bold: bool = False,
               anchor: str = "start") -> String:
        return String(x, y, text, fontName=self.bold if bold else self.font, fontSize=size,
                      fillColor=_hex(color), textAnchor=anchor)


def chart_drawing(chart: Chart, width: float, height: float, theme: Theme, font: str, bold_font: str) -> Drawing:
    """``chart`` drawn in ``width`` × ``height`` points with reportlab's chart classes."""
    ctx = _Ctx(chart, theme, font, bold_font)
    d = Drawing(width, height)
    top = height
    if chart.title:
        lines = wrap(chart.title, width, lambda s: ctx.width(s, TITLE_PT, True))
        for line in lines:
            top -= TITLE_PT * LINE_HEIGHT
            d.add(ctx.string(width / 2, top + TITLE_PT * 0.25, line, TITLE_PT, theme.colors.primary,
                             bold=True, anchor="middle"))
        top -= PAD * 1.5
    bottom = 0.0
    # A pie with nothing to divide draws no slices, so a legend would key colours that are not there.
    empty = chart.type in ("pie", "doughnut") and sum(v or 0.0 for v in chart.series[0].values) <= 0
    if legend_shown(chart) and not empty:
        bottom = _legend(d, ctx, width) + PAD * 1.5
    if chart.type in ("pie", "doughnut"):
        _pie(d, ctx, 0.0, bottom, width, top - bottom)
    elif chart.type == "bar":
        _bars_horizontal(d, ctx, 0.0, bottom, width, top - bottom)
    else:
        _category_chart(d, ctx, 0.0, bottom, width, top - bottom)
    return d


def _legend(d: Drawing, ctx: _Ctx, width: float) -> float:
    """The legend centred at the bottom, in as many rows as it needs; returns its height."""
    chart, theme = ctx.chart, ctx.theme
    names = chart.categories if chart.type in ("pie", "doughnut") else [s.name for s in chart.series]
    swatch = LEGEND_PT * 0.8
    entries = [(name, swatch + 4 + ctx.width(name, LEGEND_PT)) for name in names]
    rows: list[list[tuple[int, str, float]]] = [[]]
    used = 0.0
    for i, (name, w) in enumerate(entries):
        if rows[-1] and used + 12 + w > width:
            rows.append([])
            used = 0.0
        used += (12 if rows[-1] else 0) + w
        rows[-1].append((i, name, w))
    row_h = LEGEND_PT * 1.45
    for r, row in enumerate(rows):
        total = sum(w for _, _, w in row) + 12 * (len(row) - 1)
        x = (width - total) / 2
        y = (len(rows) - 1 - r) * row_h + LEGEND_PT * 0.3
        for i, name, w in row:
            color = _hex(color_of(theme, i))
            if chart.type == "line":
                d.add(Line(x, y + swatch / 2, x + swatch, y + swatch / 2, strokeColor=color, strokeWidth=1.5))
                d.add(Circle(x + swatch / 2, y + swatch / 2, swatch * 0.3, fillColor=color, strokeColor=None))
            else:
                d.add(Rect(x, y, swatch, swatch, fillColor=color, strokeColor=None))
            d.add(ctx.string(x + swatch + 4, y + 0.5, name, LEGEND_PT, theme.colors.text))
            x += w + 12
    return len(rows) * row_h


def _value_labels(ctx: _Ctx, scale: tuple[float, float, float]) -> list[str]:
    vmin, vmax, step = scale
    count = round((vmax - vmin) / step)
    fmt = axis_format(ctx.chart.number_format, step)
    return [format_number(vmin + k * step, fmt) for k in range(count + 1)]


def _style_value_axis(axis: ValueAxis, ctx: _Ctx, scale: tuple[float, float, float]) -> None:
    axis.valueMin, axis.valueMax, axis.valueStep = scale
    axis.visibleAxis = 0  # the gridlines carry the scale, as in the deck
    axis.visibleTicks = 0
    axis.visibleGrid = 1
    axis.gridStrokeColor = _hex(tint(ctx.theme.colors.muted, 0.78))
    axis.gridStrokeWidth = 0.5
    axis.labels.fontName = ctx.font
    axis.labels.fontSize = AXIS_PT
    axis.labels.fillColor = _hex(ctx.theme.colors.muted)
    fmt = axis_format(ctx.chart.number_format, scale[2])
    axis.labelTextFormat = lambda v: format_number(v, fmt)


def _style_category_axis(axis: CategoryAxis, ctx: _Ctx) -> None:
    axis.visibleTicks = 0
    axis.strokeColor = _hex(tint(ctx.theme.colors.muted, 0.45))
    axis.strokeWidth = 0.75
    axis.labels.fontName = ctx.font
    axis.labels.fontSize = AXIS_PT
    axis.labels.fillColor = _hex(ctx.theme.colors.text)


@dataclass(frozen=True)
class _CategoryLabels:
    names: list[str]  # with "\n" where wrapped, "" where thinned out
    angle: float
    height: float  # room they take under the axis


def _arrange_categories(ctx: _Ctx, slot: float) -> _CategoryLabels:
    """Category labels that do not collide: flat, else on two lines, else slanted, else thinned."""
    cats = ctx.chart.categories
    widths = [ctx.width(c, AXIS_PT) for c in cats]
    line_h = AXIS_PT * LINE_HEIGHT
    room = slot - AXIS_PT * 0.6  # a gap as wide as a space or two between neighbours
    if max(widths) <= room:
        return _CategoryLabels(list(cats), 0.0, line_h)
    wrapped = [wrap(c, room, lambda s: ctx.width(s, AXIS_PT)) for c in cats]
    if all(len(lines) <= 2 and max(ctx.width(s, AXIS_PT) for s in lines) <= room for lines in wrapped):
        return _CategoryLabels(["\n".join(lines) for lines in wrapped], 0.0, 2 * line_h)
    # Slanted at 45°, each label needs about 1.4 line heights of slot; keep every k-th otherwise.
    step = max(1, math.ceil(AXIS_PT * 1.5 / slot))
    names = [c if i % step == 0 else "" for i, c in enumerate(cats)]
    longest = max(w for w, n in zip(widths, names, strict=True) if n)
    return _CategoryLabels(names, 45.0, longest * math.sin(math.radians(45)) + AXIS_PT)


def _category_chart(d: Drawing, ctx: _Ctx, x: float, y: float, w: float, h: float) -> None:
    """Columns (clustered or stacked) and lines: categories along the bottom, values up the side."""
    chart, theme = ctx.chart, ctx.theme
    scale = axis_scale(chart, h, AXIS_PT)
    tick_w = max(ctx.width(t, AXIS_PT) for t in _value_labels(ctx, scale))
    left = x + tick_w + PAD + 2
    if chart.y_title:
        left += AXIS_PT * LINE_HEIGHT + PAD
    right = x + w - PAD
    plot_w = right - left
    cats = _arrange_categories(ctx, plot_w / len(chart.categories))
    if cats.angle:
        # Slanted labels end at their tick and reach down to the left, the first ones past the
        # plot's left edge: move the plot right until the furthest one starts inside the drawing.
        # The top corner of the last one leans a little past its tick, to the right.
        right -= AXIS_PT * 0.8
        n = len(chart.categories)
        for _ in range(3):  # the slots narrow as the plot moves; settle in a few rounds
            plot_w = right - left
            reach = max(ctx.width(name, AXIS_PT) * math.cos(math.radians(45)) - (k + 0.5) * plot_w / n
                        for k, name in enumerate(cats.names) if name)
            left = max(left, x + reach + AXIS_PT * 0.5)
        plot_w = right - left
    bottom = y + cats.height + PAD
    if chart.x_title:
        bottom += AXIS_PT * LINE_HEIGHT + PAD
    headroom = LABEL_PT * LINE_HEIGHT + 2 if chart.data_labels and not is_stacked(chart) else AXIS_PT * 0.6
    plot_h = max(10.0, y + h - headroom - bottom)

    if chart.type == "line":
        c = HorizontalLineChart()
    else:
        c = VerticalBarChart()
    c.x, c.y, c.width, c.height = left, bottom, plot_w, plot_h
    _style_value_axis(c.valueAxis, ctx, scale)
    _style_category_axis(c.categoryAxis, ctx)
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
    if chart.type == "line":
        _lines(c, ctx, plot_w, plot_h)
    else:
        _columns(c, ctx, scale, plot_w, plot_h)
    d.add(c)
    mid_y = bottom + plot_h / 2
    if chart.y_title:
        title = ctx.string(0, 0, chart.y_title, AXIS_PT, theme.colors.muted, anchor="middle")
        g = Group(title)
        g.translate(x + AXIS_PT, mid_y)
        g.rotate(90)
        d.add(g)
    if chart.x_title:
        d.add(ctx.string(left + plot_w / 2, y + AXIS_PT * 0.3, chart.x_title, AXIS_PT, theme.colors.muted,
                         anchor="middle"))


def _bar_geometry(c: VerticalBarChart | HorizontalBarChart, chart: Chart) -> None:
    # The deck's gap width of 60 % of a bar, and bars of one category 10 % apart.
    c.barWidth = 10
    c.groupSpacing = 6
    c.barSpacing = 0 if is_stacked(chart) else 1
    if is_stacked(chart):
        c.categoryAxis.style = "stacked"


def _bar_labels(c: VerticalBarChart | HorizontalBarChart, ctx: _Ctx, scale: tuple[float, float, float],
                length: float, along: str, rows: list[list[float | None]], owners: list[int]) -> None:
    """Value labels: past the end of each bar, or inside each stacked segment when it has room."""
    chart, theme = ctx.chart, ctx.theme
    per_unit = length / (scale[1] - scale[0])
    texts: list[list[str]] = []
    for r, row in enumerate(rows):
        texts.append([])
        for col, v in enumerate(row):
            text = format_number(v, chart.number_format) if v is not None else ""
            if is_stacked(chart) and v is not None:
                size = abs(v) * per_unit
                need = LABEL_PT * 1.2 if along == "y" else ctx.width(text, LABEL_PT) + 4
                if size < need:
                    text = ""  # a segment too thin for its number: the label would spill over others
            texts[-1].append(text)
            label = c.barLabels[(r, col)]
            if is_stacked(chart):
                label.fillColor = _hex(text_on(color_of(theme, owners[r]), theme.colors.text))
    c.barLabelFormat = "values"
    c.barLabelArray = texts
    c.barLabels.fontName = ctx.font
    c.barLabels.fontSize = LABEL_PT
    c.barLabels.fillColor = _hex(theme.colors.text)
    if is_stacked(chart):
        c.barLabels.boxTarget = "mid"
        c.barLabels.boxAnchor = "c"
        c.barLabels.dy = -LABEL_PT * 0.05 if along == "y" else 0
    else:
        # The label's near side on the bar's end; reportlab flips the anchor for negative bars.
        c.barLabels.boxAnchor = "s" if along == "y" else "w"
        c.barLabels.nudge = 3


def _columns(c: VerticalBarChart, ctx: _Ctx, scale: tuple[float, float, float], plot_w: float,
             plot_h: float) -> None:
    chart, theme = ctx.chart, ctx.theme
    rows = [list(s.values) for s in chart.series]
    c.data = rows
    _bar_geometry(c, chart)
    c.bars.strokeColor = None
    for i in range(len(chart.series)):
        c.bars[i].fillColor = _hex(color_of(theme, i))
        c.bars[i].strokeColor = None
    if chart.data_labels and labels_fit(chart, plot_w, plot_h, lambda t: ctx.width(t, LABEL_PT), LABEL_PT):
        _bar_labels(c, ctx, scale, plot_h, "y", rows, list(range(len(rows))))


def _lines(c: HorizontalLineChart, ctx: _Ctx, plot_w: float, plot_h: float) -> None:
    """Series as lines with round markers; a gap (null) breaks the line, as in the deck."""
    chart, theme = ctx.chart, ctx.theme
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
        color = _hex(color_of(theme, i))
        c.lines[r].strokeColor = color
        c.lines[r].strokeWidth = 1.75
        marker = makeMarker("FilledCircle")
        marker.size = 4.5
        marker.fillColor = color
        marker.strokeColor = _hex(theme.colors.background)
        marker.strokeWidth = 0.6
        c.lines[r].symbol = marker
        # Labels are looked up by the index among drawn points, not by category.
        present = [v for v in row if v is not None]
        labels.append([format_number(v, chart.number_format) for v in present])
        for k in range(len(present)):
            label = c.lineLabels[(r, k)]
            label.boxAnchor = "n" if i in below else "s"
            label.dy = -4 if i in below else 4
    if chart.data_labels and labels_fit(chart, plot_w, plot_h, lambda t: ctx.width(t, LABEL_PT), LABEL_PT):
        c.lineLabelFormat = "values"
        c.lineLabelArray = labels
        c.lineLabelNudge = 0
        c.lineLabels.fontName = ctx.font
        c.lineLabels.fontSize = LABEL_PT
        c.lineLabels.fillColor = _hex(theme.colors.text)


def _bars_horizontal(d: Drawing, ctx: _Ctx, x: float, y: float, w: float, h: float) -> None:
    """Horizontal bars: categories down the left, first at the top, values along the bottom."""
    chart, theme = ctx.chart, ctx.theme
    scale = axis_scale(chart, w, AXIS_PT)
    ticks = _value_labels(ctx, scale)
    line_h = AXIS_PT * LINE_HEIGHT
    # Category labels get at most 40 % of the width; longer ones wrap.
    room = w * 0.4
    names = ["\n".join(wrap(c, room, lambda s: ctx.width(s, AXIS_PT))) for c in chart.categories]
    label_w = max(ctx.width(line, AXIS_PT) for n in names for line in n.split("\n"))
    left = x + label_w + PAD * 2
    if chart.x_title:  # x_title names the category axis, which is the vertical one here, as in the deck
        left += line_h + PAD
    end_room = ctx.width(ticks[-1], AXIS_PT) / 2
    if chart.data_labels and not is_stacked(chart):
        longest = max((ctx.width(format_number(v, chart.number_format), LABEL_PT)
                       for s in chart.series for v in s.values if v is not None), default=0.0)
        end_room = max(end_room, longest + 5)
    right = x + w - end_room - 1
    bottom = y + line_h + PAD
    if chart.y_title:
        bottom += line_h + PAD
    plot_w = right - left
    plot_h = max(10.0, y + h - bottom - AXIS_PT * 0.6)

    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = left, bottom, plot_w, plot_h
    # reportlab draws the first category at the bottom; the deck reads from the top, so the
    # categories go in reversed. Within a category the deck's clustered bars then read from the top
    # too (series reversed, as reportlab puts the first one lowest), but stacked segments run from
    # the axis outwards in series order, first series at the left, as PowerPoint stacks them.
    # Colours follow their series.
    owners = list(range(len(chart.series))) if is_stacked(chart) else list(reversed(range(len(chart.series))))
    rows = [list(reversed(chart.series[i].values)) for i in owners]
    c.data = rows
    _bar_geometry(c, chart)
    _style_value_axis(c.valueAxis, ctx, scale)
    _style_category_axis(c.categoryAxis, ctx)
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
        c.bars[r].fillColor = _hex(color_of(theme, i))
        c.bars[r].strokeColor = None
    if chart.data_labels and labels_fit(chart, plot_w, plot_h, lambda t: ctx.width(t, LABEL_PT), LABEL_PT):
        _bar_labels(c, ctx, scale, plot_w, "x", rows, owners)
    d.add(c)
    if chart.x_title:
        g = Group(ctx.string(0, 0, chart.x_title, AXIS_PT, theme.colors.muted, anchor="middle"))
        g.translate(x + AXIS_PT, bottom + plot_h / 2)
        g.rotate(90)
        d.add(g)
    if chart.y_title:
        d.add(ctx.string(left + plot_w / 2, y + AXIS_PT * 0.3, chart.y_title, AXIS_PT, theme.colors.muted,
                         anchor="middle"))


def _pie(d: Drawing, ctx: _Ctx, x: float, y: float, w: float, h: float) -> None:
    """A pie or doughnut, clockwise from twelve o'clock as in the deck, values on the slices."""
    chart, theme = ctx.chart, ctx.theme
    values = [v or 0.0 for v in chart.series[0].values]
    total = sum(values)
    if total <= 0:
        _no_data(d, ctx, x, y, w, h)
        return
    texts = [format_number(v, chart.number_format) for v in chart.series[0].values]
    inner = 0.55 if chart.type == "doughnut" else 0.0
    # Decide, slice by slice, whether the value fits on it; the others go outside with a leader.
    margin = 0.0
    if chart.data_labels:
        margin = max(ctx.width(t, LABEL_PT, True) for t in texts) + 10
    # Room around the pie for labels that go outside: a leader of 8 pt and the text.
    radius = max(10.0, min(w / 2 - margin, h / 2 - (LABEL_PT * 1.2 + 10 if margin else 0)) - 2)
    cx, cy = x + w / 2, y + h / 2
    if chart.type == "doughnut":
        p: Pie | Doughnut = Doughnut()
        p.innerRadiusFraction = inner
    else:
        p = Pie()
    p.x, p.y, p.width, p.height = cx - radius, cy - radius, 2 * radius, 2 * radius
    p.data = values
    p.labels = None
    p.startAngle = 90
    p.direction = "clockwise"
    p.slices.strokeColor = _hex(theme.colors.background)
    p.slices.strokeWidth = 1.0
    for i in range(len(values)):
        p.slices[i].fillColor = _hex(color_of(theme, i))
    d.add(p)
    if not chart.data_labels:
        return
    at = 0.0
    label_r = radius * ((1 + inner) / 2 if inner else 0.64)
    placed: list[tuple[float, float, float, float]] = []  # boxes of the labels set outside so far
    for i, (v, text) in enumerate(zip(values, texts, strict=True)):
        share = v / total
        mid = math.radians(90 - (at + share / 2) * 360)
        at += share
        if not text or v <= 0:
            continue
        tw = ctx.width(text, LABEL_PT, True)
        arc = share * 2 * math.pi * label_r
        thick = radius * (1 - inner) if inner else radius
        fits = arc >= tw * 1.1 and thick >= LABEL_PT * 1.6 and arc >= LABEL_PT * 1.6
        if fits:  # on the slice (the ring): in whichever text colour reads on its fill
            lx, ly = cx + label_r * math.cos(mid), cy + label_r * math.sin(mid)
            color = text_on(color_of(theme, i), theme.colors.text)
            d.add(ctx.string(lx, ly - LABEL_PT * 0.35, text, LABEL_PT, color, bold=True, anchor="middle"))
            continue
        # Too small a slice for its number: outside, on the page's background, with a leader.
        ex, ey = cx + radius * math.cos(mid), cy + radius * math.sin(mid)
        ox, oy = cx + (radius + 8) * math.cos(mid), cy + (radius + 8) * math.sin(mid)
        side = 1 if math.cos(mid) >= 0 else -1
        # Neighbouring thin slices would put their labels on top of each other: a label moves a
        # line up or down, to the other side of its leader, or further out along a longer leader,
        # until it is clear of the labels already placed and of the pie, and inside the drawing.
        step = LABEL_PT * 1.2
        spot = None
        for out in range(4):
            for k in (0, 1, -1, 2, -2):
                for flip in (1, -1):
                    sx, ty = side * flip, oy + k * step
                    px = ox + sx * out * (tw + 6)
                    left = px + 2 if sx > 0 else px - 2 - tw
                    box = (left - 1, ty - LABEL_PT * 0.6, left + tw + 1, ty + LABEL_PT * 0.6)
                    near_x = min(max(cx, box[0]), box[2])
                    near_y = min(max(cy, box[1]), box[3])
                    clear = math.hypot(near_x - cx, near_y - cy) > radius + 1 \
                        and x <= box[0] and box[2] <= x + w and y <= box[1] and box[3] <= y + h \
                        and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                                    for b in placed)
                    if clear:
                        spot = (sx, px, ty, box)
                        break
                if spot:
                    break
            if spot:
                break
        sx, px, ty, box = spot or (side, ox, oy, (0.0, 0.0, 0.0, 0.0))
        placed.append(box)
        d.add(Line(ex, ey, ox, ty, strokeColor=_hex(theme.colors.muted), strokeWidth=0.5))
        if px != ox:
            d.add(Line(ox, ty, px, ty, strokeColor=_hex(theme.colors.muted), strokeWidth=0.5))
        d.add(ctx.string(px + 2 * sx, ty - LABEL_PT * 0.35, text, LABEL_PT, theme.colors.text, bold=True,
                         anchor="start" if sx > 0 else "end"))


def _no_data(d: Drawing, ctx: _Ctx, x: float, y: float, w: float, h: float) -> None:
    """A pie or doughnut with nothing to divide (every value zero or missing): its outline, empty,
    and "no data" in it, rather than equal slices that would look like real shares."""
    chart, theme = ctx.chart, ctx.theme
    radius = max(10.0, min(w, h) / 2 - 2)
    cx, cy = x + w / 2, y + h / 2
    line = _hex(tint(theme.colors.muted, 0.45))
    d.add(Circle(cx, cy, radius, fillColor=None, strokeColor=line, strokeWidth=0.75))
    if chart.type == "doughnut":
        d.add(Circle(cx, cy, radius * 0.55, fillColor=None, strokeColor=line, strokeWidth=0.75))
    d.add(ctx.string(cx, cy - AXIS_PT * 0.35, NO_DATA, AXIS_PT, theme.colors.muted, anchor="middle"))


# --- timelines ----------------------------------------------------------------------------------


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
                     fontName=bold_font, fontSize=plan.title_size, fillColor=_hex(colors.primary),
                     textAnchor="middle"))
    line_y = height - plan.line_y
    d.add(Line(0, line_y, width, line_y, strokeColor=_hex(tint(colors.primary, 0.55)), strokeWidth=1.75))
    count = len(plan.events)
    for k, ev in enumerate(plan.events):
        fill, ring = marker_colors(theme, k, count)
        d.add(Circle(ev.center, line_y, plan.marker / 2, fillColor=_hex(fill), strokeColor=_hex(ring),
                     strokeWidth=1.4))
        lh = plan.date_size * LINE_HEIGHT
        top = plan.date_bottom - len(ev.date_lines) * lh
        for n, line in enumerate(ev.date_lines):
            d.add(String(ev.center, baseline(top + n * lh, plan.date_size, True), line, fontName=bold_font,
                         fontSize=plan.date_size, fillColor=_hex(colors.primary), textAnchor="middle"))
        top = plan.text_top
        for n, line in enumerate(ev.label_lines):
            d.add(String(ev.center, baseline(top + n * plan.label_size * LINE_HEIGHT, plan.label_size, False),
                         line, fontName=font, fontSize=plan.label_size, fillColor=_hex(colors.text),
                         textAnchor="middle"))
        top += len(ev.label_lines) * plan.label_size * LINE_HEIGHT + plan.detail_size * 0.25
        for n, line in enumerate(ev.detail_lines):
            d.add(String(ev.center, baseline(top + n * plan.detail_size * LINE_HEIGHT, plan.detail_size, False),
                         line, fontName=font, fontSize=plan.detail_size, fillColor=_hex(colors.muted),
                         textAnchor="middle"))
    return d

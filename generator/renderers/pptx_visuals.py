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
import math
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
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


# --- rules shared with the PDF renderer ---------------------------------------------------------


def legend_shown(chart: Chart) -> bool:
    """The legend rule both renderers follow: as asked, else only when a key is needed to read it."""
    if chart.legend is not None:
        return chart.legend
    return len(chart.series) > 1 or chart.type in ("pie", "doughnut")


def is_stacked(chart: Chart) -> bool:
    return chart.stacked and chart.type in ("bar", "column")


def whole_shares(chart: Chart) -> bool:
    """A stacked chart of percentages whose every stack makes 100 %: its axis stops at 100 %."""
    if not is_stacked(chart) or "%" not in chart.number_format:
        return False
    totals = [sum(s.values[i] or 0.0 for s in chart.series) for i in range(len(chart.categories))]
    return all(abs(t - 1.0) < 0.005 for t in totals)


def labels_below(chart: Chart) -> set[int]:
    """Line series whose value labels go under their points: the lowest line, when there are
    several, so two lines' labels do not meet between them."""
    if chart.type != "line" or len(chart.series) < 2:
        return set()
    means = []
    for i, s in enumerate(chart.series):
        values = [v for v in s.values if v is not None]
        means.append((sum(values) / len(values) if values else 0.0, i))
    return {min(means)[1]}


def color_of(theme: Theme, index: int) -> str:
    """The i-th series colour (or pie slice): the theme's list in order, then again in lighter
    tints, shifted by one so a seventh series is not mistaken for the first or for a grey."""
    series = [c.lstrip("#").upper() for c in theme.colors.series]
    n = len(series)
    round_ = index // n
    if not round_:
        return series[index]
    return tint(series[(index + round_) % n], min(0.8, 0.45 * round_))


def labels_fit(chart: Chart, plot_w: float, plot_h: float, measure: Callable[[str], float], size: float) -> bool:
    """Whether value labels have room beside their bars or points in a plot of ``plot_w`` ×
    ``plot_h`` points; where they would run into each other, both renderers leave them out."""
    if chart.type in ("pie", "doughnut"):
        return True
    texts = [format_number(v, chart.number_format) for s in chart.series for v in s.values if v is not None]
    if not texts:
        return True
    widest = max(measure(t) for t in texts)
    per_category = (plot_h if chart.type == "bar" else plot_w) / len(chart.categories)
    if chart.type == "bar":  # labels sit beside the bars: each needs a bar's thickness of height
        bars = 1 if is_stacked(chart) else len(chart.series)
        return per_category / (bars + 0.6) >= size * 1.05
    if chart.type == "line" or is_stacked(chart):
        return widest <= per_category * 0.95
    return widest <= per_category / len(chart.series) * 0.98


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white: 0 keeps it, 1 is white. Gridlines and rules use pale tints."""
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "".join(f"{c:02X}" for c in mix)


def luminance(color: str) -> float:
    """Relative luminance (WCAG), to choose dark or light text on a fill."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_on(fill: str, dark: str, light: str = "FFFFFF") -> str:
    """Whichever of ``dark`` and ``light`` text contrasts more with ``fill``."""
    lf, ld, ll = luminance(fill), luminance(dark), luminance(light)
    contrast_dark = (max(lf, ld) + 0.05) / (min(lf, ld) + 0.05)
    contrast_light = (max(lf, ll) + 0.05) / (min(lf, ll) + 0.05)
    return dark if contrast_dark >= contrast_light else light


# --- number formats -----------------------------------------------------------------------------


def format_number(value: float | None, fmt: str = "General") -> str:
    """``value`` as Excel shows it with number format ``fmt``.

    Covers what charts use: General, digit patterns (0, 0.0, #,##0.00, thousands scaling with a
    trailing comma), percentages, quoted or escaped literal text around the number ("US$"0.0,
    0.0" bn") and sections for negative numbers and zero. Other formats (dates, fractions,
    scientific) are shown as General rather than wrongly.
    """
    if value is None:
        return ""
    sections = _sections(fmt)
    section = sections[0]
    sign = "-" if value < 0 else ""
    if value < 0 and len(sections) > 1:
        section, sign = sections[1], ""  # the negative section writes its own sign, e.g. (0.0)
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    section = re.sub(r"\[[^\]]*\]", "", section)  # colours and conditions: [Red], [>=100]
    prefix, pattern, suffix = _split_pattern(section)
    if pattern is None:
        if section.strip().lower() in ("general", "") or not (prefix + suffix).strip():
            return _general(value)
        return prefix + suffix  # a format without digits shows its text only
    magnitude = abs(value)
    if "%" in prefix + suffix:
        magnitude *= 100
    trailing_commas = len(pattern) - len(pattern.rstrip(","))
    pattern = pattern.rstrip(",")
    magnitude /= 1000 ** trailing_commas
    int_part, _, frac_part = pattern.partition(".")
    decimals = sum(1 for c in frac_part if c in "0#?")
    required = sum(1 for c in frac_part if c == "0")  # "0.0#": one decimal always, a second if needed
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(magnitude)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}" if "," in int_part else f"{rounded:.{decimals}f}"
    if decimals and required < decimals:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * max(0, required - len(frac))
        text = whole + ("." + frac if frac else "")
    min_int = sum(1 for c in int_part if c == "0")
    whole, dot, frac = text.partition(".")
    if whole.replace(",", "") == "0" and min_int == 0:
        whole = ""  # "#.0" shows .5, as Excel does
    digits = whole.replace(",", "")
    if len(digits) < min_int:
        digits = digits.rjust(min_int, "0")
        whole = f"{int(digits):,}".rjust(min_int, "0") if "," in int_part else digits
    if rounded == 0:
        sign = ""  # -0.01 shown as 0.0 has no sign
    return sign + prefix + whole + dot + frac + suffix


def _sections(fmt: str) -> list[str]:
    out, buf, quoted, escaped = [], "", False, False
    for ch in fmt:
        if escaped:
            buf += ch
            escaped = False
        elif ch == "\\":
            buf += ch
            escaped = True
        elif ch == '"':
            buf += ch
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return out


def _split_pattern(section: str) -> tuple[str, str | None, str]:
    """(text before, the digit pattern, text after): literals unquoted, padding codes dropped."""
    prefix, suffix, pattern = "", "", ""
    state = "before"
    i = 0
    while i < len(section):
        ch = section[i]
        literal = None
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            literal = section[i + 1:end]
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            literal = section[i + 1]
            i += 2
        elif ch == "_" and i + 1 < len(section):
            literal = " "  # _x leaves the width of x: a space is the closest we have
            i += 2
        elif ch == "*" and i + 1 < len(section):
            i += 2  # *x fills the cell with x; a label has no cell to fill
            continue
        elif ch in "0#?" or (ch in ",." and state == "in"):
            if state == "after":
                literal = ch
            else:
                state = "in"
                pattern += ch
            i += 1
        elif ch == "." and state == "before" and i + 1 < len(section) and section[i + 1] in "0#?":
            state = "in"
            pattern += ch
            i += 1
        else:
            literal = ch
            i += 1
        if literal is not None:
            if state == "before":
                prefix += literal
            else:
                state = "after"
                suffix += literal
    if not pattern or not any(c in pattern for c in "0#?"):
        return prefix + pattern + suffix, None, ""
    return prefix, pattern, suffix


def _general(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e11:
        return str(int(value))
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{float(mantissa):.5g}E{int(exp):+03d}"
    return text


# --- value axes ---------------------------------------------------------------------------------


def nice_scale(lo: float, hi: float, length: float, label_pt: float) -> tuple[float, float, float]:
    """An axis from ``lo`` to ``hi`` the way spreadsheet charts pick one, so the deck's chart
    and the report's show the same gridlines: 5 % headroom past the data, then the smallest step
    of 1, 2, 2.5 or 5 × 10ⁿ that needs at most ten intervals, and fewer when an axis ``length``
    points long would crowd its ``label_pt`` labels.

    Steps of 2.5 × 10ⁿ are taken only from 25 up, where their labels stay whole numbers; without
    them a short axis jumps from five intervals of 20 to two of 50, three gridlines for a chart.
    """
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    span = hi - lo
    top = hi + 0.05 * span if hi > 0 else hi
    low = lo - 0.05 * span if lo < 0 else lo
    most = _most_intervals(length, label_pt)
    power = 10.0 ** math.floor(math.log10((top - low) / most))
    for m in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = m * power
        if m in (2.5, 25) and not step.is_integer():
            continue  # 2.5 or 0.25: a decimal more than the steps around it
        vmin = math.floor(low / step + 1e-9) * step
        vmax = math.ceil(top / step - 1e-9) * step
        if (vmax - vmin) / step <= most + 1e-9:
            return vmin, vmax, step
    return low, top, (top - low) / most


def _most_intervals(length: float, label_pt: float) -> int:
    return max(2, min(10, int(length / (label_pt * 2.2))))


def value_range(chart: Chart) -> tuple[float, float]:
    """The lowest and highest values the value axis must show: stacks add up."""
    if is_stacked(chart):
        pos = [sum(v for s in chart.series if (v := s.values[i]) is not None and v > 0)
               for i in range(len(chart.categories))]
        neg = [sum(v for s in chart.series if (v := s.values[i]) is not None and v < 0)
               for i in range(len(chart.categories))]
        return min(neg + [0.0]), max(pos + [0.0])
    values = [v for s in chart.series for v in s.values if v is not None] or [0.0]
    return min(values), max(values)


def axis_scale(chart: Chart, length: float, label_pt: float) -> tuple[float, float, float]:
    """(minimum, maximum, step) of the value axis of ``chart``, ``length`` points long."""
    lo, hi = value_range(chart)
    # As spreadsheet programs do: a narrow band of large values gets an axis that does not start
    # at zero (a line would be flat otherwise); bars always start at zero.
    if not (chart.type == "line" and lo > 0 and lo > hi * 5 / 6):
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    vmin, vmax, step = nice_scale(lo, hi, length, label_pt)
    if whole_shares(chart):
        most = _most_intervals(length, label_pt)
        vmax, step = 1.0, next(x for x in (0.1, 0.2, 0.25, 0.5) if 1.0 / x <= most)
    return vmin, vmax, step


def axis_format(fmt: str, step: float) -> str:
    """The chart's number format with only the decimals the axis steps need: an axis in steps
    of 10 reads 0, 10, 20, not 0.00, 10.00, 20.00; the value labels keep the full format."""
    shown = step * 100 if "%" in fmt else step
    decimals = 0
    while decimals < 6 and abs(round(shown, decimals) - shown) > 1e-9 * max(1.0, abs(shown)):
        decimals += 1
    match = re.search(r"(?<=[0#])\.([0#?]+)", fmt.split(";")[0])
    if match is None or len(match.group(1)) <= decimals:
        return fmt
    digits = "." + "0" * decimals if decimals else ""
    return fmt[:match.start()] + digits + fmt[match.end():] if ";" not in fmt else fmt


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


Measure = Callable[[str, bool, float], float]
"""Width in points of a text set in the body font (bold or not) at a size in points."""


@dataclass(frozen=True)
class TimelineSizes:
    """Type sizes a timeline starts from, before it is shrunk to fit its box."""

    title: float
    date: float
    label: float
    detail: float
    floor: float  # no text is set smaller than this


DECK_TIMELINE = TimelineSizes(title=TITLE_PT, date=18.0, label=14.0, detail=12.0, floor=9.0)
LINE_HEIGHT = 1.22  # of the size: Carlito's (and Calibri's) single line spacing
TEXT_INSET_PT = 2.0  # left/right inset of each event's text boxes


@dataclass(frozen=True)
class TimelineEventPlan:
    center: float  # x of the marker, points from the left of the box
    date_lines: list[str]
    label_lines: list[str]
    detail_lines: list[str]  # empty when the event has none, or details had to be left out
    shortened: str | None = None  # the label cut to fit and ending in "…", when it had to be


@dataclass(frozen=True)
class TimelinePlan:
    """Where everything of a timeline goes, in points from the top left of its box."""

    slot: float  # width given to each event
    title_size: float
    date_size: float
    label_size: float
    detail_size: float
    title_y: float  # top of the title
    date_top: float  # top of the dates block (dates are bottom-aligned to date_bottom)
    date_bottom: float
    line_y: float  # the horizontal rule, through the markers' centres
    marker: float  # marker diameter
    text_top: float  # top of labels (details follow them)
    events: list[TimelineEventPlan]
    fits: bool  # False when details were left out or labels shortened to fit
    height: float  # of everything drawn, title to the last detail line


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap, as the clients do; a word longer than the line is cut by character."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        while measure(word) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def plan_timeline(timeline: Timeline, width: float, height: float, measure: Measure,
                  sizes: TimelineSizes, *, grow: float = 1.0, safety: float = 0.94) -> TimelinePlan:
    """Lay out a timeline in a ``width`` × ``height`` point box: every event gets an equal slot,
    its text wrapped inside the slot, the sizes shrunk together until the tallest event fits.

    With room to spare, text grows up to ``grow`` times its size (a thin strip in a tall box
    looks lost). When even the floor size overflows, the details are left out, and if that is
    not enough, labels are shortened with "…"; ``fits`` is then False, for the caller to say so.
    ``safety`` keeps measured lines a little shorter than the slot, since clients kern slightly
    differently from the font's advance widths.
    """
    slot = width / len(timeline.events)
    text_w = (slot - 2 * TEXT_INSET_PT) * safety

    def at(scale: float, details: bool) -> TimelinePlan:
        return _plan_at(timeline, height, measure, sizes, scale, slot, text_w, details)

    scale = grow
    while scale > 1.0:
        plan = at(scale, True)
        if plan.fits and plan.height <= height * 0.7:
            return plan
        scale = round(scale - 0.1, 2)
    for details in (True, False):
        scale = 1.0
        while True:
            plan = at(scale, details)
            if plan.fits:
                return plan if details else replace(plan, fits=False)
            if sizes.label * scale <= sizes.floor:
                break
            scale *= 0.93
    return _shortened(plan, height, measure, text_w)


def _shortened(plan: TimelinePlan, height: float, measure: Measure, text_w: float) -> TimelinePlan:
    """The floor-size plan without details, each label cut to the lines that fit, ending in "…"."""
    line_h = plan.label_size * LINE_HEIGHT
    room = max(1, int((height - plan.text_top) // line_h))
    events = []
    for ev in plan.events:
        lines = list(ev.label_lines)
        if len(lines) <= room:
            events.append(replace(ev, detail_lines=[]))
            continue
        lines = lines[:room]
        last = lines[-1]
        while last and measure(last + "…", False, plan.label_size) > text_w:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
        events.append(replace(ev, label_lines=lines, detail_lines=[], shortened=" ".join(lines)))
    return replace(plan, events=events, fits=False,
                   height=plan.text_top + max(len(ev.label_lines) for ev in events) * line_h - plan.title_y)


def _plan_at(timeline: Timeline, height: float, measure: Measure, sizes: TimelineSizes, scale: float,
             slot: float, text_w: float, details: bool) -> TimelinePlan:
    date_size = max(sizes.date * scale, sizes.floor)
    label_size = max(sizes.label * scale, sizes.floor)
    detail_size = max(sizes.detail * scale, sizes.floor)
    title_size = sizes.title
    events: list[TimelineEventPlan] = []
    fits = True
    for k, e in enumerate(timeline.events):
        detail = e.detail if details else None
        date_lines = wrap(e.date, text_w, lambda s, z=date_size: measure(s, True, z))
        label_lines = wrap(e.label, text_w, lambda s, z=label_size: measure(s, False, z))
        detail_lines = wrap(detail, text_w, lambda s, z=detail_size: measure(s, False, z)) if detail else []
        # A word that had to be cut by character does not fit its slot at this size.
        for source, lines in ((e.date, date_lines), (e.label, label_lines), (detail or "", detail_lines)):
            if len(" ".join(lines).split()) != len(source.split()):
                fits = False
        events.append(TimelineEventPlan(slot * (k + 0.5), date_lines, label_lines, detail_lines))
    dates_h = max(len(ev.date_lines) for ev in events) * date_size * LINE_HEIGHT
    below_h = max(len(ev.label_lines) * label_size * LINE_HEIGHT
                  + (len(ev.detail_lines) * detail_size * LINE_HEIGHT + 0.25 * detail_size if ev.detail_lines
                     else 0.0) for ev in events)
    marker = max(10.0, date_size * 0.8)
    gap = max(4.0, date_size * 0.45)
    title_h = title_size * LINE_HEIGHT + gap * 1.5 if timeline.title else 0.0
    total = title_h + dates_h + gap + marker + gap + below_h
    if total > height:
        fits = False
    # Centre the composition in the box, so a short timeline does not hang at the top.
    top = max(0.0, (height - total) / 2)
    date_top = top + title_h
    date_bottom = date_top + dates_h
    line_y = date_bottom + gap + marker / 2
    return TimelinePlan(slot=slot, title_size=title_size, date_size=date_size, label_size=label_size,
                        detail_size=detail_size, title_y=top, date_top=date_top, date_bottom=date_bottom,
                        line_y=line_y, marker=marker, text_top=line_y + marker / 2 + gap, events=events,
                        fits=fits, height=total)


def marker_colors(theme: Theme, index: int, count: int) -> tuple[str, str]:
    """(fill, ring) of a timeline marker: primary, with the latest event picked out in accent."""
    fill = theme.colors.accent if index == count - 1 else theme.colors.primary
    return fill, theme.colors.background


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

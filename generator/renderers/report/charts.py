"""Charts in the PDF report: the deck's charts drawn again as vector graphics.

The render stage of the report turns a ```chart block into a reportlab ``Drawing`` (a flowable)
of the width and height the page offers, in points: its title, its legend, and the plot itself
(:mod:`.plots` for columns, bars and lines, :mod:`.pie` for pies and doughnuts). The numbers,
colours, legend rule and number formats are the deck's (:mod:`generator.figures`), so a reader of
the report sees the chart the audience saw; value labels are formatted here, since no spreadsheet
program does it for us in a PDF.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
from reportlab.lib.colors import Color

from ...figures.rules import color_of, legend_shown
from ...figures.timeline import LINE_HEIGHT, wrap
from ...theme import Theme
from ...visuals import Chart
from .pen import LEGEND_PT, PAD, TITLE_PT, Pen
from .pie import pie
from .plots import bars_horizontal, category_chart
from .styles import hex_color


def chart_drawing(chart: Chart, width: float, height: float, theme: Theme, font: str, bold_font: str) -> Drawing:
    """``chart`` drawn in ``width`` × ``height`` points with reportlab's chart classes."""
    pen = Pen(chart, theme, font, bold_font)
    d = Drawing(width, height)
    top = height
    if chart.title:
        lines = wrap(chart.title, width, lambda s: pen.width(s, TITLE_PT, True))
        for line in lines:
            top -= TITLE_PT * LINE_HEIGHT
            d.add(pen.string(width / 2, top + TITLE_PT * 0.25, line, TITLE_PT, theme.colors.primary,
                             bold=True, anchor="middle"))
        top -= PAD * 1.5
    bottom = 0.0
    # A pie with nothing to divide draws no slices, so a legend would key colours that are not there.
    empty = chart.type in ("pie", "doughnut") and sum(v or 0.0 for v in chart.series[0].values) <= 0
    if legend_shown(chart) and not empty:
        bottom = _legend(d, pen, width) + PAD * 1.5
    if chart.type in ("pie", "doughnut"):
        pie(d, pen, 0.0, bottom, width, top - bottom)
    elif chart.type == "bar":
        bars_horizontal(d, pen, 0.0, bottom, width, top - bottom)
    else:
        category_chart(d, pen, 0.0, bottom, width, top - bottom)
    return d


def _legend(d: Drawing, pen: Pen, width: float) -> float:
    """The legend centred at the bottom, in as many rows as it needs; returns its height."""
    chart, theme = pen.chart, pen.theme
    names = chart.categories if chart.type in ("pie", "doughnut") else [s.name for s in chart.series]
    swatch = LEGEND_PT * 0.8
    entries = [(name, swatch + 4 + pen.width(name, LEGEND_PT)) for name in names]
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
            color = hex_color(color_of(theme, i))
            if chart.type == "line":
                d.add(Line(x, y + swatch / 2, x + swatch, y + swatch / 2, strokeColor=color, strokeWidth=1.5))
                d.add(Circle(x + swatch / 2, y + swatch / 2, swatch * 0.3, fillColor=color, strokeColor=None))
            else:
                d.add(_swatch(x, y, swatch, color))
            d.add(pen.string(x + swatch + 4, y + 0.5, name, LEGEND_PT, theme.colors.text))
            x += w + 12
    return len(rows) * row_h



def _swatch(x: float, y: float, size: float, color: Color) -> Rect:
    # Colours set after construction: types-reportlab mistypes Rect's keyword arguments.
    rect = Rect(x, y, size, size)
    rect.fillColor, rect.strokeColor = color, None
    return rect

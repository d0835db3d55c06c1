"""Pies and doughnuts in the report: slices clockwise from twelve o'clock, values on or beside them.

The render stage of the report draws a pie or doughnut chart in the room :mod:`.charts` leaves
after the title and the legend. A value is printed on its slice where it fits, in a colour that
reads on the slice's fill; otherwise outside, with a leader, moved until it is clear of the pie,
of the labels already placed and of the drawing's edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Circle, Drawing, Line

from ...figures.labels import point_format
from ...figures.numfmt import format_number
from ...figures.rules import color_of, text_on, tint
from .pen import AXIS_PT, LABEL_PT, Pen, place
from .styles import hex_color

NO_DATA = "no data"  # printed in a pie or doughnut whose values are all zero
DOUGHNUT_HOLE = 0.55  # the hole's radius as a fraction of the doughnut's
LEADER = 8.0  # how far past the rim a label set outside starts

Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass
class _Wheel:
    """Where the pie sits in the drawing, and the room the drawing gives its labels."""

    cx: float
    cy: float
    radius: float
    inner: float  # the hole, as a fraction of the radius (0 for a pie)
    room: Box  # the drawing area the labels must stay inside
    placed: list[Box] = field(default_factory=list)  # boxes of the labels set outside so far

    @property
    def label_radius(self) -> float:
        """Where a label on a slice is centred: mid-ring on a doughnut, 64 % out on a pie."""
        return self.radius * ((1 + self.inner) / 2 if self.inner else 0.64)

    def is_clear(self, box: Box) -> bool:
        """``box`` off the pie, inside the drawing, and overlapping no label placed before."""
        near_x = min(max(self.cx, box[0]), box[2])
        near_y = min(max(self.cy, box[1]), box[3])
        x, y, right, top = self.room
        return math.hypot(near_x - self.cx, near_y - self.cy) > self.radius + 1 \
            and x <= box[0] and box[2] <= right and y <= box[1] and box[3] <= top \
            and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in self.placed)


def pie(d: Drawing, pen: Pen, x: float, y: float, w: float, h: float) -> None:
    """A pie or doughnut, clockwise from twelve o'clock as in the deck, values on the slices."""
    chart = pen.chart
    values = [v or 0.0 for v in chart.series[0].values]
    if sum(values) <= 0:
        _no_data(d, pen, x, y, w, h)
        return
    texts = [format_number(v, point_format(chart, 0, k)) for k, v in enumerate(chart.series[0].values)]
    wheel = _place(pen, texts, x, y, w, h)
    d.add(_slices(pen, wheel, values))
    if chart.data_labels:
        _labels(d, pen, wheel, values, texts)


def _place(pen: Pen, texts: list[str], x: float, y: float, w: float, h: float) -> _Wheel:
    """The pie centred in its room, leaving space around it for labels that go outside."""
    inner = DOUGHNUT_HOLE if pen.chart.type == "doughnut" else 0.0
    margin = 0.0
    if pen.chart.data_labels:
        margin = max(pen.width(t, LABEL_PT, True) for t in texts) + 10
    # Room around the pie for labels that go outside: a leader of 8 pt and the text.
    radius = max(10.0, min(w / 2 - margin, h / 2 - (LABEL_PT * 1.2 + 10 if margin else 0)) - 2)
    return _Wheel(x + w / 2, y + h / 2, radius, inner, (x, y, x + w, y + h))


def _slices(pen: Pen, wheel: _Wheel, values: list[float]) -> Pie | Doughnut:
    theme = pen.theme
    if pen.chart.type == "doughnut":
        p: Pie | Doughnut = Doughnut()
        p.innerRadiusFraction = wheel.inner
    else:
        p = Pie()
    radius = wheel.radius
    place(p, wheel.cx - radius, wheel.cy - radius, 2 * radius, 2 * radius)
    p.data = values
    p.labels = None
    p.startAngle = 90
    p.direction = "clockwise"
    p.slices.strokeColor = hex_color(theme.colors.background)
    p.slices.strokeWidth = 1.0
    for i in range(len(values)):
        p.slices[i].fillColor = hex_color(color_of(theme, i))
    return p


def _labels(d: Drawing, pen: Pen, wheel: _Wheel, values: list[float], texts: list[str]) -> None:
    """Each slice's value: on the slice where it fits, else outside with a leader."""
    total = sum(values)
    at = 0.0
    for i, (v, text) in enumerate(zip(values, texts, strict=True)):
        share = v / total
        mid = math.radians(90 - (at + share / 2) * 360)
        at += share
        if not text or v <= 0:
            continue
        if _fits_on_slice(pen, wheel, text, share):
            _label_on_slice(d, pen, wheel, i, text, mid)
        else:
            _label_outside(d, pen, wheel, text, mid)


def _fits_on_slice(pen: Pen, wheel: _Wheel, text: str, share: float) -> bool:
    tw = pen.width(text, LABEL_PT, True)
    arc = share * 2 * math.pi * wheel.label_radius
    thick = wheel.radius * (1 - wheel.inner) if wheel.inner else wheel.radius
    return arc >= tw * 1.1 and thick >= LABEL_PT * 1.6 and arc >= LABEL_PT * 1.6


def _label_on_slice(d: Drawing, pen: Pen, wheel: _Wheel, i: int, text: str, mid: float) -> None:
    """On the slice (the ring): in whichever text colour reads on its fill."""
    theme = pen.theme
    lx, ly = wheel.cx + wheel.label_radius * math.cos(mid), wheel.cy + wheel.label_radius * math.sin(mid)
    color = text_on(color_of(theme, i), theme.colors.text)
    d.add(pen.string(lx, ly - LABEL_PT * 0.35, text, LABEL_PT, color, bold=True, anchor="middle"))


def _label_outside(d: Drawing, pen: Pen, wheel: _Wheel, text: str, mid: float) -> None:
    """Too small a slice for its number: outside, on the page's background, with a leader."""
    theme = pen.theme
    cx, cy, radius = wheel.cx, wheel.cy, wheel.radius
    tw = pen.width(text, LABEL_PT, True)
    ex, ey = cx + radius * math.cos(mid), cy + radius * math.sin(mid)
    ox, oy = cx + (radius + LEADER) * math.cos(mid), cy + (radius + LEADER) * math.sin(mid)
    side = 1 if math.cos(mid) >= 0 else -1
    spot = _find_spot(wheel, tw, ox, oy, side)
    sx, px, ty, box = spot or (side, ox, oy, (0.0, 0.0, 0.0, 0.0))
    wheel.placed.append(box)
    d.add(Line(ex, ey, ox, ty, strokeColor=hex_color(theme.colors.muted), strokeWidth=0.5))
    if px != ox:
        d.add(Line(ox, ty, px, ty, strokeColor=hex_color(theme.colors.muted), strokeWidth=0.5))
    d.add(pen.string(px + 2 * sx, ty - LABEL_PT * 0.35, text, LABEL_PT, theme.colors.text, bold=True,
                     anchor="start" if sx > 0 else "end"))


def _find_spot(wheel: _Wheel, tw: float, ox: float, oy: float, side: int) -> tuple[int, float, float, Box] | None:
    """Where a label ``tw`` wide goes: neighbouring thin slices would put their labels on top of
    each other, so a label moves a line up or down, to the other side of its leader, or further out
    along a longer leader, until it is clear of the labels already placed and of the pie, and
    inside the drawing. Returns (side, x, baseline y, box), or None if nowhere is clear."""
    step = LABEL_PT * 1.2
    for out in range(4):
        for k in (0, 1, -1, 2, -2):
            for flip in (1, -1):
                sx, ty = side * flip, oy + k * step
                px = ox + sx * out * (tw + 6)
                left = px + 2 if sx > 0 else px - 2 - tw
                box = (left - 1, ty - LABEL_PT * 0.6, left + tw + 1, ty + LABEL_PT * 0.6)
                if wheel.is_clear(box):
                    return sx, px, ty, box
    return None


def _no_data(d: Drawing, pen: Pen, x: float, y: float, w: float, h: float) -> None:
    """A pie or doughnut with nothing to divide (every value zero or missing): its outline, empty,
    and "no data" in it, rather than equal slices that would look like real shares."""
    theme = pen.theme
    radius = max(10.0, min(w, h) / 2 - 2)
    cx, cy = x + w / 2, y + h / 2
    line = hex_color(tint(theme.colors.muted, 0.45))
    d.add(Circle(cx, cy, radius, fillColor=None, strokeColor=line, strokeWidth=0.75))
    if pen.chart.type == "doughnut":
        d.add(Circle(cx, cy, radius * DOUGHNUT_HOLE, fillColor=None, strokeColor=line, strokeWidth=0.75))
    d.add(pen.string(cx, cy - AXIS_PT * 0.35, NO_DATA, AXIS_PT, theme.colors.muted, anchor="middle"))

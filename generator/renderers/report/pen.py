"""What the report's charts are drawn with: their type sizes and a pen that sets text in them.

The render stage of the report draws a chart (:mod:`.charts`, :mod:`.plots`, :mod:`.pie`) into a
reportlab ``Drawing`` with one :class:`Pen`: the chart, the theme's colours and the two theme
fonts it may set text in, so every label is measured and drawn in the font it is printed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...theme import Theme
from ...visuals import Chart
from .styles import hex_color

# Type sizes in the report, in points: a chart sits in a column of 10–11 pt body text.
TITLE_PT = 11.0
AXIS_PT = 8.5
LABEL_PT = 8.0
LEGEND_PT = 8.5
PAD = 4.0  # between a chart's parts (title, plot, axis labels, legend)

Anchor = Literal["start", "middle", "end"]


@dataclass
class Pen:
    chart: Chart
    theme: Theme
    font: str
    bold: str

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return stringWidth(text, self.bold if bold else self.font, size)

    def string(self, x: float, y: float, text: str, size: float, color: str, *, bold: bool = False,
               anchor: Anchor = "start") -> String:
        return String(x, y, text, fontName=self.bold if bold else self.font, fontSize=size,
                      fillColor=hex_color(color), textAnchor=anchor)


def place(widget: Any, x: float, y: float, width: float, height: float) -> None:
    """Put a chart widget at a position in the drawing (types-reportlab declares these as ints)."""
    widget.x, widget.y, widget.width, widget.height = x, y, width, height

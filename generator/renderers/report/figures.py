"""Pictures, big-number tiles, charts and timelines in the report, as flowables.

The render stage of the report fits a picture into the text width (an SVG stays vector graphics,
:mod:`.assets`), sets a row of metric tiles as a one-row table, and draws the deck's charts and
timelines again as vector drawings (:mod:`.charts`, :mod:`.timeline`), each with its source line
under it. Text inside any of them is set in the theme's fonts, so no other font reaches the PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Spacer
from reportlab.platypus import Table as RLTable

from ...document import Metrics, Picture, TimelineBlock
from ...errors import Problems
from ...pictures import is_svg, picture_size, raster_for_deck, sized
from ...theme import Theme
from ...visuals import Chart
from .assets import svg_drawing
from .charts import chart_drawing
from .cjk import Para
from .flowables import group
from .inline import Markup
from .styles import Styles
from .tables import table_style
from .timeline import timeline_drawing


class Figures:
    """Flowables for the blocks that are not running text."""

    def __init__(self, styles: Styles, markup: Markup, problems: Problems, path: str, theme: Theme,
                 page_height: float):
        self.styles = styles
        self.markup = markup
        self.fonts = markup.fonts
        self.problems = problems
        self.path = path
        self.theme = theme
        self.page_height = page_height

    def picture(self, block: Picture, width: float) -> list[Flowable]:
        """A picture fitted into the text width (and at most 62% of the page's height, to leave room
        for its caption and a heading), keeping its aspect ratio; an SVG stays vector graphics."""
        if block.resolved is None:
            return []
        path = Path(block.resolved)
        try:
            iw, ih = picture_size(path)
            max_w, max_h = width, self.page_height * 0.62
            if not is_svg(path):  # never blown up beyond its size at 96 dpi, which would print blurred
                max_w = min(max_w, max(iw * 0.75, width * 0.5))
            if block.width or block.height:  # as the attributes ask, within the text width
                w, h = sized(iw, ih, width, self.page_height * 0.62, block.width, block.height)
            else:
                scale = min(max_w / iw, max_h / ih)
                w, h = iw * scale, ih * scale
            if is_svg(path):
                drawing = svg_drawing(path, w, h)
                self._theme_fonts(drawing)
                drawing.hAlign = "CENTER"
                picture: Flowable = drawing
            else:
                picture = Image(raster_for_deck(path), width=w, height=h, hAlign="CENTER")
        except ValueError as exc:
            self.problems.error(self.path, block.line, 1, f"picture '{block.path}': {exc}")
            return []
        parts: list[Flowable] = [Spacer(1, 4), picture]
        caption = block.title or block.alt
        if caption:  # a PDF made here cannot carry alt text, so the description is printed under the picture
            parts.append(Para(self.markup.text(caption), ParagraphStyle("pic-caption", parent=self.styles.source,
                                                                        alignment=TA_CENTER)))
        else:
            parts.append(Spacer(1, self.styles.sizes.body))
        return group(parts, block.line)

    def _theme_fonts(self, drawing: Drawing) -> None:
        """The text of an SVG picture set in the theme's fonts, as all other text is.

        svglib sets SVG text in reportlab's standard fonts (Helvetica, Times, Courier), which are
        never embedded, or in whatever system font matches the SVG's font-family; and the drawing
        itself starts out in Helvetica. The style of each font (bold, italic, monospaced) is kept.
        """
        fonts = self.fonts
        ours = {name for fam in fonts.families() for name in fam.names()}
        _set_initial_font(drawing, fonts.body.regular)

        def visit(node: Any) -> None:
            if isinstance(node, String):
                name = str(node.fontName or "")
                if name not in ours:
                    low = name.lower()
                    family = fonts.mono if any(k in low for k in ("courier", "mono", "consol")) else fonts.body
                    if family.lacks_any(str(node.text)):
                        family = fonts.fallback  # Chinese text in an SVG needs the Chinese font
                    node.fontName = family.name(bold="bold" in low, italic="italic" in low or "oblique" in low)
            for child in getattr(node, "contents", ()):
                visit(child)

        visit(drawing)

    def metrics(self, block: Metrics, width: float) -> list[Flowable]:
        s = self.styles
        text = self.markup.text
        n = len(block.tiles)
        gap = 10.0
        tile_w = (width - gap * (n - 1)) / n
        cells: list[Any] = []
        widths: list[float] = []
        commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 10),
                                           ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                           ("TOPPADDING", (0, 0), (-1, -1), 10),
                                           ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]
        value_size = s.sizes.metric
        for tile in block.tiles:  # one size for the row, the largest at which every value fits
            while value_size > s.sizes.body * 1.3 and pdfmetrics.stringWidth(
                    tile.value, self.fonts.heading.bold, value_size) > tile_w - 20:
                value_size -= 1
        value_style = ParagraphStyle("metric-fit", parent=s.metric_value, fontSize=value_size,
                                     leading=value_size * 1.12)
        for k, tile in enumerate(block.tiles):
            col = 2 * k
            if k:
                cells.append("")
                widths.append(gap)
                commands += [("LEFTPADDING", (col - 1, 0), (col - 1, 0), 0),
                             ("RIGHTPADDING", (col - 1, 0), (col - 1, 0), 0)]
            parts: list[Flowable] = [Para(text(tile.value, heading=True), value_style),
                                     Para(text(tile.label), s.metric_label)]
            if tile.change:
                negative = tile.change.lstrip().startswith(("−", "-"))
                style = ParagraphStyle("metric-change-neg", parent=s.metric_change, textColor=s.accent) \
                    if negative else s.metric_change
                parts.append(Para(text(tile.change), style))
            if tile.source:
                parts.append(Para(text(tile.source), ParagraphStyle("metric-source", parent=s.source,
                                                                    spaceBefore=2, spaceAfter=0)))
            cells.append(parts)
            widths.append(tile_w)
            commands += [("BACKGROUND", (col, 0), (col, 0), s.surface),
                         ("LINEABOVE", (col, 0), (col, 0), 3, s.accent if k == 0 else s.primary)]
        table = RLTable([cells], colWidths=widths, hAlign="LEFT", spaceBefore=8, spaceAfter=s.sizes.body * 1.3)
        table.setStyle(table_style(self.fonts.body.regular, commands))
        return group([table], block.line)

    def chart(self, chart: Chart, width: float, line: int) -> list[Flowable]:
        """The deck's chart drawn again as vector graphics, with its source line under it."""
        height = min(width * 0.5, 240.0) + (16.0 if chart.title else 0.0)
        drawing = chart_drawing(chart, width, height, self.theme, self.fonts.body.regular, self.fonts.body.bold)
        return self._visual(drawing, chart.source, line)

    def timeline(self, block: TimelineBlock, width: float) -> list[Flowable]:
        tl = block.timeline
        height = 125.0 + (18.0 if tl.title else 0.0)
        drawing = timeline_drawing(tl, width, height, self.theme, self.fonts.body.regular, self.fonts.body.bold)
        return self._visual(drawing, tl.source, block.line)

    def _visual(self, drawing: Drawing, source: str | None, line: int) -> list[Flowable]:
        _set_initial_font(drawing, self.fonts.body.regular)  # nothing in it may fall back to Helvetica
        parts: list[Flowable] = [Spacer(1, 6), drawing]
        if source:
            parts.append(Para(self.markup.text(source), self.styles.source))
        else:
            parts.append(Spacer(1, self.styles.sizes.body))
        return group(parts, line)


def _set_initial_font(drawing: Drawing, font: str) -> None:
    # The font a drawing starts its text state in: an attribute of Drawing that types-reportlab
    # does not declare.
    cast(Any, drawing).initialFontName = font

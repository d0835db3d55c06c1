"""Equations in the PDF: ziamath's drawing of each formula, read by svglib, drawn as vector paths.

Display maths is a flowable of its own (:class:`DisplayEquation`), centred, made smaller only if
it is wider than the column. Inline maths sits in a reportlab paragraph, which knows nothing of
pictures but text and raster images: :func:`inline_markup` keeps room for the formula with
no-break spaces (as wide as its picture, and no line break falls inside them) and an ``<onDraw>``
mark, and :func:`draw_inline`, the callback reportlab calls at that mark while it sets the line,
draws the formula there on the baseline. The glyphs are paths, so nothing in the PDF is a
raster and the formula prints sharp at any size.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ...maths.picture import BASE_PT, Picture, picture_of
from ...maths.runs import display_size

CALLBACK = "equation"  # the name the canvas knows :func:`draw_inline` by (see pages.ReportDoc)
_SVG_PT = 0.75  # svglib reads an SVG's px as 3/4 pt (CSS pixels); ziamath's units are our points
_PAD_EM = 0.5  # room above and below display maths, in ems of the text


@functools.lru_cache(maxsize=1024)
def _drawing(tex: str, display: bool, color: str) -> Drawing:
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # it logs what it skips; ziamath writes only paths
    graphic = svg2rlg(io.BytesIO(picture_of(tex, display, color).svg.encode("utf-8")))
    if graphic is None:  # cannot happen with ziamath's SVG; said plainly if it ever does
        raise ValueError(f"the maths '{tex}' could not be drawn")
    return graphic


def _draw(canvas: Canvas, tex: str, display: bool, color: str, x: float, bottom: float, size: float) -> None:
    """The formula with the bottom-left of its picture at (x, bottom), its text at ``size`` points."""
    canvas.saveState()
    canvas.translate(x, bottom)
    k = size / BASE_PT / _SVG_PT
    canvas.scale(k, k)
    renderPDF.draw(_drawing(tex, display, color), canvas, 0, 0)
    canvas.restoreState()


class DisplayEquation(Flowable):
    """Display maths on a line of its own, centred in the column."""

    def __init__(self, tex: str, size: float, color: str):
        super().__init__()
        self.tex, self.size, self.color = tex, size, color
        self.spaceBefore = self.spaceAfter = size * _PAD_EM
        self._w, self._h = 0.0, 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._w, self._h = display_size(self.tex, self.size, availWidth)
        self.width = availWidth
        return availWidth, self._h

    def draw(self) -> None:
        picture: Picture = picture_of(self.tex, True, self.color)
        size = self.size * self._w / picture.width(self.size)  # smaller when wider than the column
        _draw(self.canv, self.tex, True, self.color, (self.width - self._w) / 2, 0.0, size)


def inline_markup(tex: str, font: str) -> str:
    """Paragraph markup that keeps room for an inline formula (set in ``font``) and draws it there."""
    picture = picture_of(tex, False)
    space = pdfmetrics.stringWidth("\u00a0", font, 1.0) or 0.25
    count = max(1, round(picture.width_em / space))  # the nearest: the picture has a margin of its own
    label = tex.encode("utf-8").hex()  # any TeX survives the paragraph parser as hex digits
    return f'<onDraw name="{CALLBACK}" label="{label}"/>' + "&#160;" * count


def inline_width(tex: str, size: float) -> float:
    return picture_of(tex, False).width(size)


def draw_inline(canvas: Canvas, kind: str | None, label: str) -> None:
    """reportlab's callback at an inline formula's mark: draw it where the line has got to."""
    info: dict[str, Any] = getattr(canvas, "_curr_tx_info", {})
    if not label or not info:
        return
    tex = bytes.fromhex(label).decode("utf-8")
    tx, style = info["tx"], info["xs"].style
    size = float(tx._fontsize or style.fontSize)
    color = style.textColor.hexval().replace("0x", "#") if hasattr(style.textColor, "hexval") else "#000000"
    picture = picture_of(tex, False, color)
    _draw(canvas, tex, False, color, float(info["cur_x"]), float(info["cur_y"]) - picture.depth(size), size)


def register(canvas: Canvas) -> None:
    """Let the canvas draw inline formulas (called once a document's canvas exists)."""
    canvas.setNamedCB(CALLBACK, draw_inline)

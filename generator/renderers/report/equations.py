"""Equations in the PDF: ziamath's drawing of each formula, read by svglib, drawn as vector paths.

Display maths is a flowable of its own (:class:`DisplayEquation`), centred, made smaller only if
it is wider than the column. Inline maths sits in a reportlab paragraph, which knows nothing of
pictures but text and raster images: :func:`inline_markup` keeps room for the formula with
no-break spaces (as wide as its picture, and no line break falls inside them) and an ``<onDraw>``
mark after them, and :func:`draw_inline`, the callback reportlab calls at that mark while it sets the line,
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


def _scale(picture: Picture, room_em: float) -> float:
    """How much smaller an inline formula is drawn so that it fits ``room_em`` (1 when it fits)."""
    return min(1.0, room_em / picture.width_em) if room_em and picture.width_em else 1.0


def inline_markup(tex: str, font: str, room_em: float = 0.0) -> str:
    """Paragraph markup that keeps room for an inline formula (set in ``font``) and draws it there;
    a formula wider than ``room_em`` ems is drawn smaller, as a line cannot break inside it."""
    picture = picture_of(tex, False)
    scale = _scale(picture, room_em)
    space = pdfmetrics.stringWidth("\u00a0", font, 1.0) or 0.25
    count = max(1, round(picture.width_em * scale / space))  # the nearest: the picture has a margin of its own
    label = f"{scale:.4f}:{count}:{tex.encode('utf-8').hex()}"  # hex: any TeX survives the paragraph parser
    # The mark comes after the spaces: before them, reportlab may break the line between the two.
    return "&#160;" * count + f'<onDraw name="{CALLBACK}" label="{label}"/>'


def inline_width(tex: str, size: float, room_em: float = 0.0) -> float:
    picture = picture_of(tex, False)
    return picture.width(size) * _scale(picture, room_em)


def draw_inline(canvas: Canvas, kind: str | None, label: str) -> None:
    """reportlab's callback at an inline formula's mark: draw it where the line has got to."""
    info: dict[str, Any] = getattr(canvas, "_curr_tx_info", {})
    if not label or not info:
        return
    scale, count, hexed = label.split(":", 2)
    tex = bytes.fromhex(hexed).decode("utf-8")
    tx, style = info["tx"], info["xs"].style
    text_size = float(tx._fontsize or style.fontSize)
    size = text_size * float(scale)
    room = int(count) * pdfmetrics.stringWidth("\u00a0", tx._fontname or style.fontName, text_size)
    color = style.textColor.hexval().replace("0x", "#") if hasattr(style.textColor, "hexval") else "#000000"
    picture = picture_of(tex, False, color)
    x = float(info["cur_x"]) - room  # the mark stands after the room kept for the formula
    _draw(canvas, tex, False, color, x, float(info["cur_y"]) - picture.depth(size), size)


def register(canvas: Canvas) -> None:
    """Let the canvas draw inline formulas (called once a document's canvas exists)."""
    canvas.setNamedCB(CALLBACK, draw_inline)

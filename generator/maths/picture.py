"""The picture of a formula: ziamath's SVG, its size in ems, and a PNG of it for the deck.

ziamath lays MathML out with the OpenType MATH table of the STIX Two Math font it ships (the same
rules TeX and Word follow: fraction rules on the maths axis, scripts shifted and shrunk by the
font's own constants) and writes every glyph as an SVG path. So the picture is the same at any
size: it is laid out once per formula, at :data:`BASE_PT`, and scaled. The deck measures
equations by it (:meth:`Picture.width`), puts :func:`png_of` behind the editable equation for
viewers without OMML, and the report draws the same SVG as vector paths.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .tex import TexError, mathml_of

BASE_PT = 20.0  # the size a formula is laid out at; every other size is this one scaled
_MARGIN_EM = 0.08  # room around the ink: italic letters lean past their advance width
_MOST_EM = 200.0  # no formula is larger than this many ems either way: beyond it, the layout went wrong
PNG_PER_PT = 4.0  # pixels of the fallback picture per point of its width: about 290 dpi on a slide


@dataclass(frozen=True)
class Picture:
    """A formula drawn at :data:`BASE_PT`, with its geometry in ems (multiply by the font size)."""

    svg: str
    width_em: float
    ascent_em: float  # from the baseline up to the top of the picture
    depth_em: float  # from the baseline down to its bottom

    def width(self, size: float) -> float:
        return self.width_em * size

    def height(self, size: float) -> float:
        return (self.ascent_em + self.depth_em) * size

    def depth(self, size: float) -> float:
        return self.depth_em * size


@functools.lru_cache(maxsize=4096)
def picture_of(tex: str, display: bool, color: str = "#000000") -> Picture:
    """The picture of a formula that converts (see :func:`generator.maths.tex.unsupported`)."""
    import ziamath

    ziamath.config.svg2 = False  # SVG 1.1 (xlink:href, no <symbol>): what svglib and CairoSVG both read
    ziamath.config.math.color = color
    try:
        mml = ET.tostring(mathml_of(tex, display), encoding="unicode")
        svg = ziamath.Math(mml, size=BASE_PT, margin=_MARGIN_EM * BASE_PT).svg()
    except TexError:
        raise
    except Exception as exc:  # ziamath meets MathML it cannot lay out
        raise TexError(f"it cannot be laid out as an equation ({type(exc).__name__})") from None
    finally:
        ziamath.config.math.color = "black"
    box = re.search(r'viewBox="([-0-9.e ]+)"', svg)
    if box is None:
        raise TexError("it cannot be laid out as an equation (no picture came of it)")
    _x, y, w, h = (float(v) for v in box.group(1).split())
    if not (0 < w < _MOST_EM * BASE_PT and 0 < h < _MOST_EM * BASE_PT):  # ziamath lost its way in odd TeX
        raise TexError("it cannot be laid out as an equation (it comes out with no proper size)")
    return Picture(svg, w / BASE_PT, -y / BASE_PT, (h + y) / BASE_PT)


def png_of(picture: Picture, size: float) -> bytes:
    """The picture as a PNG with a transparent background, sharp at ``size`` points on a slide."""
    import cairosvg  # no type hints: see [tool.mypy] in pyproject.toml

    width_px = max(1, round(picture.width(size) * PNG_PER_PT))
    png: bytes = cairosvg.svg2png(bytestring=picture.svg.encode("utf-8"), output_width=width_px)
    return png

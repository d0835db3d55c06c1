"""An inline formula as the line breaker sees it: one unbreakable run as wide and tall as its picture.

The deck measures text with :func:`generator.fonts.wrap_lines`, which knows runs of text in a
font. A formula is not text in the body font, so it is given to the measurer as a run that takes
its room: digits (no break can fall inside them) in the body font, at a size that makes the line
as tall as the formula's picture and enough of them to be at least as wide. What PowerPoint draws
in Cambria Math, and LibreOffice as the formula's text, is then never wider than what was measured
by more than a hair (see docs/markdown.md, Maths). Nor is the formula's text, which viewers without
OMML show in its place: the run is as wide as the wider of the two.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..fonts import Run, metrics
from .linear import linear_pieces
from .picture import picture_of

_LINE = 1.2  # a line is at least this many times its largest size tall (as the deck measures)
_FILLER = "0"
LEAST_SCALE = 0.6  # display maths is set no smaller than this share of its text's size to fit a box's height


def equation_run(tex: str, size: float, font: Path) -> Run:
    """The run that stands for the inline formula ``tex`` set among text of ``size`` points: as wide
    as the wider of its picture and its text (what viewers without OMML show in its place)."""
    picture = picture_of(tex, False)
    tall = max(size, picture.height(size) / _LINE)
    font_metrics = metrics(font)
    text = "".join(piece.text for piece in linear_pieces(tex))  # scripts measured at full size: never less
    wide = max(picture.width(size), font_metrics.width(text, size))
    advance = font_metrics.width(_FILLER, tall) or tall / 2
    return Run(_FILLER * max(1, math.ceil(wide / advance)), font, tall)


def display_size(tex: str, size: float, width: float, height: float = math.inf) -> tuple[float, float]:
    """Width and height in points of display maths set at ``size`` in a box ``width`` × ``height``
    points: a formula wider or taller than the box is made smaller to fit it, but never under
    :data:`LEAST_SCALE` (below that it is better continued on a slide of its own)."""
    picture = picture_of(tex, True)
    w, h = picture.width(size), picture.height(size)
    scale = min(1.0, width / w if w > 0 else 1.0)
    if h * scale > height:
        scale = max(min(scale, height / h), min(scale, LEAST_SCALE))
    return w * scale, h * scale

"""SVG pictures in the report, as vector drawings.

The parse stage resolves a picture to a file and :mod:`generator.pictures` reads its size; for an
SVG, the render stage of the report then draws :func:`svg_drawing` (svglib's reading of the file,
scaled), so its lines and text stay vectors in the PDF. The text in it is then set in the theme's
fonts by :mod:`.figures`.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group

from ...pictures import read_svg


def svg_drawing(path: Path, width: float, height: float) -> Drawing:
    """The SVG as a reportlab ``Drawing`` of ``width`` × ``height`` points, scaled to fit without
    distortion and centred: vectors and text stay vectors in the PDF."""
    path = Path(path)
    graphic = read_svg(path)
    gw, gh = graphic.width, graphic.height
    if not gw or not gh:
        raise ValueError(f"the SVG picture {path.name} has no size: give its <svg> element width and height, "
                         "or a viewBox")
    scale = min(width / gw, height / gh)
    # svglib's drawing holds one group that already flips SVG's y axis; scale and centre it.
    placed = Group(*graphic.contents)
    placed.transform = (scale, 0, 0, scale, (width - gw * scale) / 2, (height - gh * scale) / 2)
    out = Drawing(width, height)
    out.add(placed)
    return out

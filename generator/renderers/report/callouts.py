"""Quarto's callouts in the report: a box with its type's rule and fill, its title over its text.

The render stage of the report, called by :class:`.blocks.Blocks` for a ``callout`` block. The
colours are the deck's (:func:`generator.figures.callouts.callout_look`), so a warning looks the
same on the slide and on paper; the box is a one-column table, so a long callout breaks across
pages between its paragraphs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Table as RLTable

from ...document import Callout
from ...figures.callouts import callout_look
from .cjk import Para
from .flowables import group
from .styles import hex_color
from .tables import table_style

if TYPE_CHECKING:
    from .blocks import Blocks

RULE_PT = 3.0  # the coloured rule down the box's left side
PAD_PT = 10.0  # between the box's edges and its text


def callout_box(blocks: Blocks, block: Callout) -> list[Flowable]:
    """The callout's box ``blocks.width`` wide; the text inside set in the text's style, shaded to
    read on the fill."""
    s, markup = blocks.styles, blocks.markup
    look = callout_look(block.type, s.colors)
    label = ParagraphStyle("callout-title", parent=s.body, fontName=markup.fonts.body.bold,
                           textColor=hex_color(look.title), spaceAfter=s.sizes.body * 0.3, keepWithNext=1)
    rows: list[list[Flowable]] = [[Para(markup.spans(block.title), label)]]
    inner = blocks.inside(blocks.width - RULE_PT - 2 * PAD_PT,
                          replace(blocks.setting, styles=s.with_text(hex_color(look.text))))
    for part in block.blocks:
        rows += [[f] for f in inner.flow([part], check=False)]
    table = RLTable(rows, colWidths=[blocks.width], hAlign="LEFT", splitByRow=1, splitInRow=1, spaceBefore=4,
                    spaceAfter=s.sizes.body * 1.1)
    table.setStyle(table_style(markup.fonts.body.regular, [
        ("BACKGROUND", (0, 0), (-1, -1), hex_color(look.fill)),
        ("LINEBEFORE", (0, 0), (0, -1), RULE_PT, hex_color(look.rule)),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_PT + RULE_PT / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_PT),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), PAD_PT * 0.8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), PAD_PT * 0.6),
    ]))
    return group([table], block.line)

"""The slide master itself: its background, decoration, placeholders and text styles.

Layouts inherit everything they do not override from here, and so do slides made in PowerPoint
from a user's own copy of the master: the text styles below are where body sizes, bullets and
spacing come from for every layout, and the title rule and footer hairline drawn here show on
every white layout.
"""

from __future__ import annotations

from typing import NamedTuple

from lxml import etree
from pptx.oxml.ns import nsdecls
from pptx.slide import SlideMaster

from ..theme import Theme
from ..units import Inches
from .drawingml import ACCENT, HAIRLINE, PRIMARY, TEXT, WHITE, child, element, fill, pt
from .geometry import BODY, FOOTER_RULE, RULE
from .shapes import TEXT_PROMPT, background, clear_shapes, footer_placeholders, line, placeholder, rectangle, title

BODY_LINE_SPACING = 105000  # per cent × 1000: a little air between the lines of long bullets
TITLE_LINE_SPACING = 95000  # two-line titles read as one block


class BulletLevel(NamedTuple):
    """One outline level of the body text style."""

    margin: int  # marL: where the text starts, EMU
    indent: int  # negative: the bullet hangs this far left of the text
    size_pt: float
    char: str
    color: str
    space_before_pt: float


def body_levels(body_pt: float) -> tuple[BulletLevel, ...]:
    """The nine outline levels: body size, then 2 pt smaller per level down to body − 4 pt.

    Each level's bullet hangs where the level above starts its text, so nested lists read as a
    tree. Bullet characters are set in Arial, which every client has (LibreOffice substitutes
    the metric-compatible Liberation Sans).
    """
    deepest = body_pt - 4
    return (
        BulletLevel(Inches(0.30), -Inches(0.30), body_pt, "▪", ACCENT, 8),
        BulletLevel(Inches(0.58), -Inches(0.28), body_pt - 2, "–", ACCENT, 6),
        BulletLevel(Inches(0.84), -Inches(0.26), deepest, "•", PRIMARY, 4),
        # Levels 4 to 9 exist so that deeper text never falls back to the template's defaults.
        # The steps are added in EMU: 0.84 + 0.24 × n inches in floating point can fall just
        # short of a whole EMU, and Inches truncates.
        *(BulletLevel(Inches(0.84) + n * Inches(0.24), -Inches(0.24), deepest, "–", PRIMARY, 4) for n in range(1, 7)),
    )


def text_styles(theme: Theme) -> etree._Element:
    """The master's title, body and other text styles."""
    fonts = '<a:latin typeface="{0}"/><a:ea typeface="{1}"/><a:cs typeface="{2}"/>'
    heading = fonts.format("+mj-lt", "+mj-ea", "+mj-cs")
    body = fonts.format("+mn-lt", "+mn-ea", "+mn-cs")
    common = 'algn="l" defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'
    title_style = (
        f"<p:titleStyle><a:lvl1pPr {common}>"
        f'<a:lnSpc><a:spcPct val="{TITLE_LINE_SPACING}"/></a:lnSpc>'
        '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{pt(theme.sizes.title)}" b="1" kern="1200">{fill(PRIMARY)}{heading}</a:defRPr>'
        "</a:lvl1pPr></p:titleStyle>"
    )
    levels = "".join(
        f'<a:lvl{n}pPr marL="{level.margin}" indent="{level.indent}" {common}>'
        f'<a:lnSpc><a:spcPct val="{BODY_LINE_SPACING}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{pt(level.space_before_pt)}"/></a:spcBef>'
        f'<a:buClr>{level.color}</a:buClr><a:buSzPct val="100000"/>'
        '<a:buFont typeface="Arial" panose="020B0604020202020204" pitchFamily="34" charset="0"/>'
        f'<a:buChar char="{level.char}"/>'
        f'<a:defRPr sz="{pt(level.size_pt)}" kern="1200">{fill(TEXT)}{body}</a:defRPr>'
        f"</a:lvl{n}pPr>"
        for n, level in enumerate(body_levels(theme.sizes.body), start=1)
    )
    other = "".join(
        f'<a:lvl{n}pPr marL="{(n - 1) * 457200}" {common}>'
        f'<a:defRPr sz="1800" kern="1200">{fill(TEXT)}{body}</a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )
    return element(
        f"<p:txStyles {nsdecls('a', 'p')}>{title_style}<p:bodyStyle>{levels}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-GB"/></a:defPPr>{other}</p:otherStyle>'
        "</p:txStyles>"
    )


def design_master(master: SlideMaster, theme: Theme) -> None:
    """White background, the title rule and footer hairline, placeholders and text styles."""
    root = master.element
    c_sld = child(root, "p:cSld")
    c_sld.replace(child(c_sld, "p:bg"), background(WHITE))
    sp_tree = child(c_sld, "p:spTree")
    clear_shapes(sp_tree)

    # The muted grey has no slot in the theme's colour scheme, so it is written as sRGB.
    muted = fill(f'<a:srgbClr val="{theme.colors.muted}"/>')

    footer_run = f'<a:defRPr sz="{pt(theme.sizes.footer)}" kern="1200">{muted}</a:defRPr>'

    def footer_style(align: str) -> str:
        return f'<a:lvl1pPr algn="{align}">{footer_run}</a:lvl1pPr>'

    sp_tree.extend([
        # Decoration first, so that it sits behind the placeholders.
        rectangle(2, "Title Rule", RULE, ACCENT),
        line(3, "Footer Rule", FOOTER_RULE, HAIRLINE),
        title(4, name="Title Placeholder 1"),
        placeholder(5, "Text Placeholder 2", 'type="body" idx="1"', BODY, prompt=TEXT_PROMPT),
        *footer_placeholders(6, footer_style, first_idx=2, first_number=3),
    ])  # fmt: skip
    root.replace(child(root, "p:txStyles"), text_styles(theme))

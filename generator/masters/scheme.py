"""The master's theme part: the colour scheme, font scheme and flat shape styles.

PowerPoint resolves every theme colour and theme font reference through this part, so writing
the build's palette and fonts here is what makes the master (and anything drawn with theme
styles: python-pptx's autoshapes, charts) look like the deck and the report.
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import nsdecls, qn
from pptx.slide import SlideMaster

from ..theme import Theme
from .drawingml import child, serialise

# Flat fill, line and effect styles. The Office 2007 styles give every shape drawn with a theme
# style reference gradients, drop shadows and bevels: the "default template" look that this
# master replaces.
_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = (
    f'<a:ln w="{{0}}" cap="flat" cmpd="sng" algn="ctr">{_SOLID}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
)
FLAT_FORMAT_SCHEME = (
    f'<a:fmtScheme {nsdecls("a")} name="Briefing">'
    f"<a:fillStyleLst>{_SOLID}"
    '<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="60000"/><a:lumOff val="40000"/>'
    f"</a:schemeClr></a:solidFill>{_SOLID}</a:fillStyleLst>"
    f"<a:lnStyleLst>{_LINE.format(9525)}{_LINE.format(12700)}{_LINE.format(19050)}</a:lnStyleLst>"
    f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_SOLID}"
    '<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="95000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="85000"/></a:schemeClr></a:solidFill>'
    "</a:bgFillStyleLst></a:fmtScheme>"
)


def colour_slots(theme: Theme) -> dict[str, str]:
    """The theme's colours by scheme slot, as ``RRGGBB``; the design refers to slots only."""
    colors = theme.colors
    return {
        "dk1": colors.text,
        "lt1": colors.background,
        "dk2": colors.primary,
        "lt2": colors.surface,
        "accent1": colors.primary,
        "accent2": colors.accent,
        "accent3": colors.secondary,
        "accent4": colors.highlight,
        "accent5": colors.series[4],
        "accent6": colors.series[5],
        "hlink": colors.secondary,
        "folHlink": colors.muted,  # a visited link: visibly "seen", still readable on white
    }


def apply_theme(master: SlideMaster, theme: Theme) -> None:
    """Rewrite the master's theme part: name, colour scheme, font scheme and flat styles."""
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "Briefing")
    elements = child(root, "a:themeElements")

    clr_scheme = child(elements, "a:clrScheme")
    clr_scheme.set("name", "Briefing")
    for slot, hex_color in colour_slots(theme).items():
        # The Office theme gives dk1/lt1 as system colours (window text, window); a designed
        # palette must not depend on the viewer's settings, so every slot becomes sRGB.
        slot_element = child(clr_scheme, f"a:{slot}")
        for old in list(slot_element):
            slot_element.remove(old)
        etree.SubElement(slot_element, qn("a:srgbClr"), val=hex_color)

    font_scheme = child(elements, "a:fontScheme")
    font_scheme.set("name", "Briefing")
    for tag, typeface in (("a:majorFont", theme.fonts.heading), ("a:minorFont", theme.fonts.body)):
        fonts = child(font_scheme, tag)
        child(fonts, "a:latin").set("typeface", typeface)
        # The East Asian typeface is named, so Chinese text in any placeholder gets a CJK font
        # even where a run does not name one; complex scripts use the per-script fonts below.
        child(fonts, "a:ea").set("typeface", theme.fonts.east_asian)
        child(fonts, "a:cs").set("typeface", "")

    elements.replace(child(elements, "a:fmtScheme"), etree.fromstring(FLAT_FORMAT_SCHEME))
    part.blob = serialise(root)

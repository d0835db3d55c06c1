"""DrawingML vocabulary for the master: colour references, fills, positions and element lookups.

Every other module of :mod:`generator.masters` writes its XML from these pieces, so a colour is
always a theme reference and a lookup that fails always says which element the template lacked.
Snippets are strings because the master's XML is fixed text with a few values in it; they are
parsed into elements only where they join the package.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from ..units import Box

# Colours are written as theme references (tx2 = primary, accent2 = accent, ...) wherever the
# theme has a slot, so that a user who changes the theme colours in PowerPoint recolours the
# whole master. Tints use lumMod/lumOff, which PowerPoint and LibreOffice both honour.


def scheme(slot: str, lum_mod: int | None = None, lum_off: int | None = None) -> str:
    """A theme colour reference, optionally tinted (per cent × 1000)."""
    mods = f'<a:lumMod val="{lum_mod}"/>' if lum_mod is not None else ""
    mods += f'<a:lumOff val="{lum_off}"/>' if lum_off is not None else ""
    if not mods:
        return f'<a:schemeClr val="{slot}"/>'
    return f'<a:schemeClr val="{slot}">{mods}</a:schemeClr>'


PRIMARY = scheme("tx2")
PRIMARY_DARK = scheme("tx2", 75000)
ACCENT = scheme("accent2")
TEXT = scheme("tx1")
WHITE = scheme("bg1")
# Light tints of the primary colour for text on the dark layouts: readable, but quieter than
# the white title; the quieter one for footers and organisation/date.
ON_DARK = scheme("tx2", 20000, 80000)
ON_DARK_QUIET = scheme("tx2", 40000, 60000)
HAIRLINE = scheme("tx2", 15000, 85000)


def fill(color: str) -> str:
    return f"<a:solidFill>{color}</a:solidFill>"


def pt(size_pt: float) -> int:
    """A DrawingML font size or spacing: hundredths of a point."""
    return round(size_pt * 100)


def xfrm(box: Box) -> str:
    return f'<a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm>'


def element(xml: str) -> etree._Element:
    """Parse a snippet with python-pptx's parser, so that the element gets its oxml class."""
    parsed: etree._Element = parse_xml(xml)
    return parsed


def child(parent: etree._Element, tag: str) -> etree._Element:
    """The first child ``tag`` (prefixed, e.g. ``"p:cSld"``) of ``parent``; ValueError if none.

    The Office template is python-pptx's, not ours: if a release changes it, the build should
    say what it missed rather than fail on ``None``.
    """
    found = parent.find(qn(tag))
    if found is None:
        raise ValueError(f"the template's {etree.QName(parent).localname} has no {tag}")
    return found


def drop_attribute(element: etree._Element, name: str) -> None:
    if name in element.attrib:
        del element.attrib[name]


def serialise(root: etree._Element) -> bytes:
    """A whole part's XML, with the declaration Office writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

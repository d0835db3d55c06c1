"""The default PowerPoint master, built from the default theme so the look can be rebuilt.

The deck renderer opens a template pack's ``master.pptx`` and picks its layouts by placeholder
type and by name. The default pack's master is not drawn by hand: this script starts from
python-pptx's bundled Office template and rewrites its theme, master and layouts from
``templates/default/theme.yaml``, so a change of palette, font or spacing is one edit and one run
(``python -m generator.masters [OUT.pptx]``), and the file in the repository can always be
reproduced byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import SlideLayout, SlideMaster
from pptx.util import Emu

from .output import normalise_zip, write_atomically

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_THEME = ROOT / "templates" / "default" / "theme.yaml"
DEFAULT_OUTPUT = ROOT / "templates" / "default" / "master.pptx"

# The layouts the renderer uses, in PowerPoint's own order. The names are PowerPoint's standard
# ones because the renderer falls back to them when it looks for a layout in a user's master.
LAYOUT_NAMES = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
)

# Fixed metadata: the file must not change when nothing in its sources did.
FIXED_DATE = dt.datetime(2018, 11, 5)

EMU_PER_INCH = 914400


def inches(value: float) -> int:
    """English Metric Units for a length in inches, rounded to whole EMU as OOXML requires."""
    return round(value * EMU_PER_INCH)


class Box(NamedTuple):
    """Position and size of a shape on the slide, in EMU."""

    x: int
    y: int
    cx: int
    cy: int

    @property
    def bottom(self) -> int:
        return self.y + self.cy


# --- The grid ----------------------------------------------------------------------------------
# Every layout hangs off the same few numbers so that titles, rules, text and footers line up
# from slide to slide. Text insets are zero left and right so that text starts exactly on the
# margin, where the accent rule starts too.
SLIDE_W = 12192000  # 13.333 in: 16:9 widescreen as PowerPoint defines it
SLIDE_H = 6858000  # 7.5 in
MARGIN_X = inches(0.6)
CONTENT_W = SLIDE_W - 2 * MARGIN_X
GUTTER = inches(0.5)
COLUMN_W = (CONTENT_W - GUTTER) // 2

# Titles sit on a common baseline (anchored at the bottom of the box) whether they take one
# line or two, so the rule and the body below never move.
TITLE = Box(MARGIN_X, inches(0.25), CONTENT_W, inches(1.05))
RULE = Box(MARGIN_X, TITLE.bottom + inches(0.1), inches(0.9), inches(0.06))
BODY_TOP = inches(1.75)
BODY_BOTTOM = inches(6.55)
BODY = Box(MARGIN_X, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP)
LEFT_COLUMN = Box(MARGIN_X, BODY_TOP, COLUMN_W, BODY.cy)
RIGHT_COLUMN = Box(SLIDE_W - MARGIN_X - COLUMN_W, BODY_TOP, COLUMN_W, BODY.cy)
HEADING_H = inches(0.5)
HEADING_RULE_GAP = inches(0.08)
COMPARISON_BODY_TOP = BODY_TOP + HEADING_H + inches(0.25)

# The footer band: a hairline across the content width, then one line of small text with the
# footer text on the left and date and slide number on the right.
FOOTER_LINE_Y = inches(6.8)
FOOTER_Y = inches(6.88)
FOOTER_H = inches(0.34)
SLIDE_NUMBER_W = inches(0.7)
DATE_W = inches(2.6)
FOOTER = Box(MARGIN_X, FOOTER_Y, inches(7.4), FOOTER_H)
SLIDE_NUMBER = Box(SLIDE_W - MARGIN_X - SLIDE_NUMBER_W, FOOTER_Y, SLIDE_NUMBER_W, FOOTER_H)
DATE = Box(SLIDE_NUMBER.x - DATE_W, FOOTER_Y, DATE_W, FOOTER_H)

# Title slide: title in the lower middle, accent bar, subtitle (and organisation/date) below,
# and a darker band behind the footer that grounds the page.
COVER_TITLE_PT = 44  # theme.yaml has no size for it: one title per deck, set larger than all
COVER_TITLE = Box(MARGIN_X, inches(1.6), CONTENT_W, inches(2.5))
COVER_BAR = Box(MARGIN_X, COVER_TITLE.bottom + inches(0.22), inches(0.9), inches(0.08))
COVER_SUBTITLE = Box(MARGIN_X, COVER_BAR.bottom + inches(0.22), inches(10.4), inches(1.75))
COVER_BAND = Box(0, inches(6.62), SLIDE_W, SLIDE_H - inches(6.62))

# Section header: a large title just above the middle, a one-line description below it.
SECTION_EDGE = Box(0, 0, inches(0.18), SLIDE_H)
SECTION_TITLE = Box(MARGIN_X, inches(1.9), CONTENT_W, inches(2.2))
SECTION_BAR = Box(MARGIN_X, SECTION_TITLE.bottom + inches(0.2), inches(0.9), inches(0.08))
SECTION_BODY = Box(MARGIN_X, SECTION_BAR.bottom + inches(0.2), inches(10.4), inches(1.2))

# Text frames get explicit insets, square wrap and no autofit: the renderer measures text
# itself and writes explicit sizes, so PowerPoint must never rescale text behind its back.
TEXT_INSETS = 'lIns="0" tIns="45720" rIns="0" bIns="45720"'
# Titles and footers: the box is the text's extent, which keeps the gap to the rule exact.
NO_INSETS = 'lIns="0" tIns="0" rIns="0" bIns="0"'

# The Office template's field ids; fixed ids keep the output reproducible.
DATE_FIELD_ID = "{5BCAD085-E8A6-8845-BD4E-CB4CCA059FC4}"
SLIDE_NUMBER_FIELD_ID = "{C1FF6DA9-008F-8B48-92A6-B652298478BF}"


@dataclass(frozen=True)
class Theme:
    """The parts of ``theme.yaml`` that a master needs: colours as ``RRGGBB`` and font names."""

    primary: str
    accent: str
    secondary: str
    highlight: str
    text: str
    muted: str
    surface: str
    background: str
    series: tuple[str, ...]
    heading_font: str
    body_font: str
    east_asian_font: str = "Microsoft YaHei"  # fonts.east_asian: Chinese, Japanese and Korean text
    # Type sizes in points (``sizes`` in theme.yaml); the defaults are the default pack's.
    title_pt: float = 32
    subtitle_pt: float = 20
    section_pt: float = 40
    body_pt: float = 20
    footer_pt: float = 10


def load_theme(path: Path) -> Theme:
    """Read the colours, fonts and sizes of a ``theme.yaml``; raise ValueError naming what is wrong.

    The file is validated by the same schema as every build's theme (:mod:`generator.theme`), so
    the master and the deck cannot disagree about what a theme may say.
    """
    from .errors import Problems
    from .theme import Theme as ThemeSchema
    from .yamlfile import load_yaml, validate

    problems = Problems()
    doc = load_yaml(path, str(path), problems)
    if doc is not None and isinstance(doc.data, dict):
        doc.data.pop("extends", None)
    schema = validate(doc, ThemeSchema, problems) if doc is not None else None
    if schema is None:
        raise ValueError("; ".join(str(p) for p in problems.errors) or f"{path}: not a theme file")
    colors, fonts, sizes = schema.colors, schema.fonts, schema.sizes
    if len(colors.series) < 6:
        raise ValueError(f"{path}: colors.series should list six colours; the 5th and 6th are accents 5 and 6")
    return Theme(
        primary=colors.primary, accent=colors.accent, secondary=colors.secondary, highlight=colors.highlight,
        text=colors.text, muted=colors.muted, surface=colors.surface, background=colors.background,
        series=tuple(colors.series), heading_font=fonts.heading, body_font=fonts.body,
        east_asian_font=fonts.east_asian, title_pt=sizes.title, subtitle_pt=sizes.subtitle,
        section_pt=sizes.section, body_pt=sizes.body, footer_pt=sizes.footer,
    )


# --- XML snippets ------------------------------------------------------------------------------
# Colours are written as theme references (tx2 = primary, accent2 = accent, ...) wherever the
# theme has a slot, so that a user who changes the theme colours in PowerPoint recolours the
# whole master. Tints use lumMod/lumOff, which PowerPoint and LibreOffice both honour.


def _scheme(slot: str, lum_mod: int | None = None, lum_off: int | None = None) -> str:
    mods = f'<a:lumMod val="{lum_mod}"/>' if lum_mod is not None else ""
    mods += f'<a:lumOff val="{lum_off}"/>' if lum_off is not None else ""
    if not mods:
        return f'<a:schemeClr val="{slot}"/>'
    return f'<a:schemeClr val="{slot}">{mods}</a:schemeClr>'


def _pt(size_pt: float) -> int:
    # DrawingML font sizes are hundredths of a point.
    return round(size_pt * 100)


def _fill(color: str) -> str:
    return f"<a:solidFill>{color}</a:solidFill>"


PRIMARY = _scheme("tx2")
PRIMARY_DARK = _scheme("tx2", 75000)
ACCENT = _scheme("accent2")
TEXT = _scheme("tx1")
WHITE = _scheme("bg1")
# Light tints of the primary colour for text on the dark layouts: readable, but quieter than
# the white title; the quieter one for footers and organisation/date.
ON_DARK = _scheme("tx2", 20000, 80000)
ON_DARK_QUIET = _scheme("tx2", 40000, 60000)
HAIRLINE = _scheme("tx2", 15000, 85000)


def _xfrm(box: Box) -> str:
    return (
        f'<a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.cx}" cy="{box.cy}"/></a:xfrm>'
    )


def _rectangle(shape_id: int, name: str, box: Box, color: str) -> Any:
    """A filled rectangle without outline or theme effects, for rules, bars and bands."""
    return parse_xml(
        f"<p:sp {nsdecls('a', 'p')}>"
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
        "</p:nvSpPr>"
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(color)}'
        "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def _line(shape_id: int, name: str, box: Box, color: str, width: int = 9525) -> Any:
    """A straight connector: the hairlines over the footer and under comparison headings."""
    return parse_xml(
        f"<p:cxnSp {nsdecls('a', 'p')}>"
        f'<p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvCxnSpPr/>'
        '<p:nvPr userDrawn="1"/></p:nvCxnSpPr>'
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{width}">{_fill(color)}</a:ln></p:spPr></p:cxnSp>'
    )


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a master or layout: its ``p:ph`` attributes, box and text styling."""

    name: str
    ph: str  # attributes of <p:ph>, e.g. 'type="title"' or 'idx="1"'
    box: Box
    anchor: Literal["t", "ctr", "b"] = "t"
    insets: str = TEXT_INSETS
    levels: str = ""  # <a:lvlNpPr> elements for the placeholder's <a:lstStyle>
    prompt: tuple[str, ...] = ("",)  # one paragraph per outline level
    field: Literal["", "datetime", "slidenum"] = ""


def _placeholder(shape_id: int, spec: Placeholder) -> Any:
    end = '<a:endParaRPr lang="en-GB"/>'
    if spec.field == "slidenum":
        paragraphs = (
            f'<a:p><a:fld id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum"><a:rPr lang="en-GB"/>'
            f"<a:t>‹#›</a:t></a:fld>{end}</a:p>"
        )
    elif spec.field == "datetime":
        paragraphs = (
            f'<a:p><a:fld id="{DATE_FIELD_ID}" type="datetimeFigureOut"><a:rPr lang="en-GB"/>'
            f"<a:t>5 November 2018</a:t></a:fld>{end}</a:p>"
        )
    else:
        paragraphs = "".join(
            (f'<a:p><a:pPr lvl="{level}"/>' if level else "<a:p>")
            + (f'<a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r>' if text else "")
            + f"{end}</a:p>"
            for level, text in enumerate(spec.prompt)
        )
    return parse_xml(
        f"<p:sp {nsdecls('a', 'p')}>"
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{spec.name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {spec.ph}/></p:nvPr></p:nvSpPr>"
        f'<p:spPr>{_xfrm(spec.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr vert="horz" wrap="square" {spec.insets} rtlCol="0" '
        f'anchor="{spec.anchor}"/>'
        f"<a:lstStyle>{spec.levels}</a:lstStyle>{paragraphs}</p:txBody></p:sp>"
    )


def _plain_level(
    level: int, size_pt: float, color: str, *, bold: bool = False, space_before_pt: float = 0
) -> str:
    """A paragraph level without bullet or indent: subtitles, headings, descriptions."""
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl{level}pPr marL="0" indent="0">'
        f'<a:spcBef><a:spcPts val="{round(space_before_pt * 100)}"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{_pt(size_pt)}"{b}>{_fill(color)}</a:defRPr></a:lvl{level}pPr>'
    )


def _footer_placeholders(first_id: int, color: str | None = None) -> list[Any]:
    """Date, footer and slide number of a layout, in the footer band.

    The layouts repeat the master's positions so that each layout reads on its own; on dark
    layouts ``color`` replaces the master's muted grey with a light tint.
    """

    def style(align: str) -> str:
        if color is None:
            return ""
        return f'<a:lvl1pPr algn="{align}"><a:defRPr>{_fill(color)}</a:defRPr></a:lvl1pPr>'

    specs = [
        Placeholder("Date Placeholder", 'type="dt" sz="half" idx="10"', DATE, "ctr",
                    NO_INSETS, style("r"), field="datetime"),
        Placeholder("Footer Placeholder", 'type="ftr" sz="quarter" idx="11"', FOOTER, "ctr",
                    NO_INSETS, style("l")),
        Placeholder("Slide Number Placeholder", 'type="sldNum" sz="quarter" idx="12"',
                    SLIDE_NUMBER, "ctr", NO_INSETS, style("r"), field="slidenum"),
    ]  # fmt: skip
    # Names follow PowerPoint's "<kind> <n>" pattern, numbered one below the shape id.
    return [
        _placeholder(first_id + i, replace(spec, name=f"{spec.name} {first_id + i - 1}"))
        for i, spec in enumerate(specs)
    ]


# --- Theme -------------------------------------------------------------------------------------

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _a(parent: Any, tag: str) -> Any:
    found = parent.find(f"{{{A}}}{tag}")
    if found is None:
        raise ValueError(f"the template's theme has no a:{tag}")
    return found


# Flat fill, line and effect styles. The Office 2007 styles give every shape drawn with a theme
# style reference (python-pptx's autoshapes, charts) gradients, drop shadows and bevels: the
# "default template" look that this master replaces.
_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = '<a:ln w="{0}" cap="flat" cmpd="sng" algn="ctr">' + _SOLID + (
    '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
)
_FLAT_FORMAT_SCHEME = (
    f'<a:fmtScheme {nsdecls("a")} name="Briefing">'
    f"<a:fillStyleLst>{_SOLID}"
    '<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="60000"/><a:lumOff val="40000"/>'
    f"</a:schemeClr></a:solidFill>{_SOLID}</a:fillStyleLst>"
    f"<a:lnStyleLst>{_LINE.format(9525)}{_LINE.format(12700)}{_LINE.format(19050)}</a:lnStyleLst>"
    "<a:effectStyleLst>" + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    + f"</a:effectStyleLst><a:bgFillStyleLst>{_SOLID}"
    '<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="95000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="85000"/></a:schemeClr></a:solidFill>'
    "</a:bgFillStyleLst></a:fmtScheme>"
)


def apply_theme(master: SlideMaster, theme: Theme) -> None:
    """Rewrite the master's theme part: name, colour scheme, font scheme and flat styles."""
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "Briefing")
    elements = _a(root, "themeElements")

    clr_scheme = _a(elements, "clrScheme")
    clr_scheme.set("name", "Briefing")
    slots = {
        "dk1": theme.text,
        "lt1": theme.background,
        "dk2": theme.primary,
        "lt2": theme.surface,
        "accent1": theme.primary,
        "accent2": theme.accent,
        "accent3": theme.secondary,
        "accent4": theme.highlight,
        "accent5": theme.series[4],
        "accent6": theme.series[5],
        "hlink": theme.secondary,
        "folHlink": theme.muted,  # a visited link: visibly "seen", still readable on white
    }
    for slot, hex_color in slots.items():
        # The Office theme gives dk1/lt1 as system colours (window text, window); a designed
        # palette must not depend on the viewer's settings, so every slot becomes sRGB.
        slot_element = _a(clr_scheme, slot)
        for child in list(slot_element):
            slot_element.remove(child)
        etree.SubElement(slot_element, f"{{{A}}}srgbClr", val=hex_color)

    font_scheme = _a(elements, "fontScheme")
    font_scheme.set("name", "Briefing")
    for tag, typeface in (("majorFont", theme.heading_font), ("minorFont", theme.body_font)):
        fonts = _a(font_scheme, tag)
        _a(fonts, "latin").set("typeface", typeface)
        # The East Asian typeface is named, so Chinese text in any placeholder gets a CJK font
        # even where a run does not name one; complex scripts use the per-script fonts below.
        _a(fonts, "ea").set("typeface", theme.east_asian_font)
        _a(fonts, "cs").set("typeface", "")

    elements.replace(_a(elements, "fmtScheme"), etree.fromstring(_FLAT_FORMAT_SCHEME))
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- Master ------------------------------------------------------------------------------------


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
        BulletLevel(inches(0.30), -inches(0.30), body_pt, "▪", ACCENT, 8),
        BulletLevel(inches(0.58), -inches(0.28), body_pt - 2, "–", ACCENT, 6),
        BulletLevel(inches(0.84), -inches(0.26), deepest, "•", PRIMARY, 4),
        # Levels 4 to 9 exist so that deeper text never falls back to the template's defaults.
        *(
            BulletLevel(inches(0.84 + 0.24 * n), -inches(0.24), deepest, "–", PRIMARY, 4)
            for n in range(1, 7)
        ),
    )


BODY_LINE_SPACING = 105000  # per cent × 1000: a little air between the lines of long bullets
TITLE_LINE_SPACING = 95000  # two-line titles read as one block


def _text_styles(theme: Theme) -> Any:
    """The master's title, body and other text styles."""
    fonts = '<a:latin typeface="{0}"/><a:ea typeface="{1}"/><a:cs typeface="{2}"/>'
    heading = fonts.format("+mj-lt", "+mj-ea", "+mj-cs")
    body = fonts.format("+mn-lt", "+mn-ea", "+mn-cs")
    common = 'algn="l" defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'
    title = (
        f'<p:titleStyle><a:lvl1pPr {common}>'
        f'<a:lnSpc><a:spcPct val="{TITLE_LINE_SPACING}"/></a:lnSpc>'
        '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{_pt(theme.title_pt)}" b="1" kern="1200">{_fill(PRIMARY)}{heading}</a:defRPr>'
        "</a:lvl1pPr></p:titleStyle>"
    )
    levels = "".join(
        f'<a:lvl{n}pPr marL="{level.margin}" indent="{level.indent}" {common}>'
        f'<a:lnSpc><a:spcPct val="{BODY_LINE_SPACING}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{round(level.space_before_pt * 100)}"/></a:spcBef>'
        f'<a:buClr>{level.color}</a:buClr><a:buSzPct val="100000"/>'
        '<a:buFont typeface="Arial" panose="020B0604020202020204" pitchFamily="34" charset="0"/>'
        f'<a:buChar char="{level.char}"/>'
        f'<a:defRPr sz="{_pt(level.size_pt)}" kern="1200">{_fill(TEXT)}{body}</a:defRPr>'
        f"</a:lvl{n}pPr>"
        for n, level in enumerate(body_levels(theme.body_pt), start=1)
    )
    other = "".join(
        f'<a:lvl{n}pPr marL="{(n - 1) * 457200}" {common}>'
        f'<a:defRPr sz="1800" kern="1200">{_fill(TEXT)}{body}</a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )
    return parse_xml(
        f"<p:txStyles {nsdecls('a', 'p')}>{title}<p:bodyStyle>{levels}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-GB"/></a:defPPr>{other}</p:otherStyle>'
        "</p:txStyles>"
    )


def _background(color: str) -> Any:
    return parse_xml(
        f"<p:bg {nsdecls('a', 'p')}><p:bgPr>{_fill(color)}<a:effectLst/></p:bgPr></p:bg>"
    )


def _clear_shapes(sp_tree: Any) -> None:
    # Keep the group's own properties (its first two children); drop every shape.
    for child in list(sp_tree)[2:]:
        sp_tree.remove(child)


def design_master(master: SlideMaster, theme: Theme) -> None:
    """White background, the title rule and footer hairline, placeholders and text styles."""
    root = master._element
    c_sld = root.find(qn("p:cSld"))
    c_sld.replace(c_sld.find(qn("p:bg")), _background(WHITE))
    sp_tree = c_sld.find(qn("p:spTree"))
    _clear_shapes(sp_tree)

    # The muted grey has no slot in the theme's colour scheme, so it is written as sRGB.
    muted = f'<a:srgbClr val="{theme.muted}"/>'
    footer = (
        f'<a:lvl1pPr algn="{{0}}"><a:defRPr sz="{_pt(theme.footer_pt)}" kern="1200">'
        f"{_fill(muted)}</a:defRPr></a:lvl1pPr>"
    )
    body_prompt = ("Click to edit Master text styles", "Second level", "Third level")
    sp_tree.extend([
        # Decoration first, so that it sits behind the placeholders.
        _rectangle(2, "Title Rule", RULE, ACCENT),
        _line(3, "Footer Rule", Box(MARGIN_X, FOOTER_LINE_Y, CONTENT_W, 0), HAIRLINE),
        _placeholder(4, Placeholder("Title Placeholder 1", 'type="title"', TITLE, "b",
                                    NO_INSETS, prompt=("Click to edit Master title style",))),
        _placeholder(5, Placeholder("Text Placeholder 2", 'type="body" idx="1"', BODY, "t",
                                    prompt=(*body_prompt, "Fourth level", "Fifth level"))),
        _placeholder(6, Placeholder("Date Placeholder 3", 'type="dt" sz="half" idx="2"', DATE,
                                    "ctr", NO_INSETS, footer.format("r"), field="datetime")),
        _placeholder(7, Placeholder("Footer Placeholder 4", 'type="ftr" sz="quarter" idx="3"',
                                    FOOTER, "ctr", NO_INSETS, footer.format("l"))),
        _placeholder(8, Placeholder("Slide Number Placeholder 5",
                                    'type="sldNum" sz="quarter" idx="4"', SLIDE_NUMBER, "ctr",
                                    NO_INSETS, footer.format("r"), field="slidenum")),
    ])  # fmt: skip
    root.replace(root.find(qn("p:txStyles")), _text_styles(theme))


# --- Layouts -----------------------------------------------------------------------------------


def _reset_layout(layout: SlideLayout, *, dark: bool = False, show_master: bool = True) -> Any:
    """Empty a layout's shape tree and return it; dark layouts get the primary background."""
    root = layout._element
    c_sld = root.find(qn("p:cSld"))
    old_background = c_sld.find(qn("p:bg"))
    if old_background is not None:
        c_sld.remove(old_background)
    if dark:
        c_sld.insert(0, _background(PRIMARY))
    if show_master:
        root.attrib.pop("showMasterSp", None)
    else:
        # The master's title rule and footer hairline belong to the white layouts only.
        root.set("showMasterSp", "0")
    sp_tree = c_sld.find(qn("p:spTree"))
    _clear_shapes(sp_tree)
    return sp_tree


def _title(shape_id: int) -> Any:
    # Geometry repeats the master's so that every layout reads on its own.
    prompt = ("Click to edit Master title style",)
    return _placeholder(
        shape_id, Placeholder("Title 1", 'type="title"', TITLE, "b", NO_INSETS, prompt=prompt)
    )


def _content(shape_id: int, name: str, ph: str, box: Box) -> Any:
    prompt = ("Click to edit Master text styles", "Second level", "Third level")
    return _placeholder(shape_id, Placeholder(name, ph, box, "t", prompt=prompt))


def _dark_title_style(size_pt: float) -> str:
    return (
        '<a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        f'<a:defRPr sz="{_pt(size_pt)}" b="1">{_fill(WHITE)}</a:defRPr></a:lvl1pPr>'
    )


def design_title_slide(layout: SlideLayout, theme: Theme) -> None:
    """Full-bleed primary colour, a large white title, accent bar, subtitle in a light tint."""
    sp_tree = _reset_layout(layout, dark=True, show_master=False)
    # Level 1 is the subtitle proper; level 2 carries organisation and date, smaller and quieter.
    subtitle = _plain_level(1, theme.subtitle_pt, ON_DARK) + _plain_level(
        2, theme.subtitle_pt - 4, ON_DARK_QUIET, space_before_pt=14
    )
    sp_tree.extend([
        _rectangle(2, "Footer Band", COVER_BAND, PRIMARY_DARK),
        _rectangle(3, "Accent Bar", COVER_BAR, ACCENT),
        _placeholder(4, Placeholder("Title 1", 'type="ctrTitle"', COVER_TITLE, "b", NO_INSETS,
                                    _dark_title_style(COVER_TITLE_PT),
                                    prompt=("Click to edit Master title style",))),
        _placeholder(5, Placeholder("Subtitle 2", 'type="subTitle" idx="1"', COVER_SUBTITLE,
                                    "t", levels=subtitle,
                                    prompt=("Click to edit Master subtitle style",
                                            "Organisation · date"))),
        *_footer_placeholders(6, ON_DARK_QUIET),
    ])  # fmt: skip


def design_section_header(layout: SlideLayout, theme: Theme) -> None:
    """Primary background, a 40 pt white title and a one-line description."""
    sp_tree = _reset_layout(layout, dark=True, show_master=False)
    sp_tree.extend([
        # An accent band down the left edge tells a section apart from the title slide.
        _rectangle(2, "Edge Band", SECTION_EDGE, ACCENT),
        _rectangle(3, "Accent Bar", SECTION_BAR, ACCENT),
        _placeholder(4, Placeholder("Title 1", 'type="title"', SECTION_TITLE, "b", NO_INSETS,
                                    _dark_title_style(theme.section_pt),
                                    prompt=("Click to edit Master title style",))),
        _placeholder(5, Placeholder("Text Placeholder 2", 'type="body" idx="1"', SECTION_BODY,
                                    "t", levels=_plain_level(1, theme.subtitle_pt, ON_DARK),
                                    prompt=("Click to edit Master text styles",))),
        *_footer_placeholders(6, ON_DARK_QUIET),
    ])  # fmt: skip


def design_title_and_content(layout: SlideLayout, theme: Theme) -> None:
    """Title, rule (from the master) and one content placeholder across the full width."""
    sp_tree = _reset_layout(layout)
    sp_tree.extend([
        _title(2),
        _content(3, "Content Placeholder 2", 'idx="1"', BODY),
        *_footer_placeholders(4),
    ])  # fmt: skip


def design_two_content(layout: SlideLayout, theme: Theme) -> None:
    """Title and two equal columns separated by a gutter."""
    sp_tree = _reset_layout(layout)
    sp_tree.extend([
        _title(2),
        _content(3, "Content Placeholder 2", 'sz="half" idx="1"', LEFT_COLUMN),
        _content(4, "Content Placeholder 3", 'sz="half" idx="2"', RIGHT_COLUMN),
        *_footer_placeholders(5),
    ])  # fmt: skip


def design_comparison(layout: SlideLayout, theme: Theme) -> None:
    """Title, two column headings each over a hairline, and two columns of content."""
    sp_tree = _reset_layout(layout)
    heading_style = _plain_level(1, theme.body_pt, PRIMARY, bold=True)
    heading_prompt = ("Click to edit Master text styles",)
    shapes: list[Any] = [_title(2)]
    shape_id = 3
    # PowerPoint's numbering: heading idx 1, content idx 2 on the left; 3 and 4 on the right.
    for heading_idx, column in ((1, LEFT_COLUMN), (3, RIGHT_COLUMN)):
        side = "Left" if heading_idx == 1 else "Right"
        heading = Box(column.x, BODY_TOP, column.cx, HEADING_H)
        rule = Box(column.x, heading.bottom + HEADING_RULE_GAP, column.cx, 0)
        body = Box(column.x, COMPARISON_BODY_TOP, column.cx, BODY_BOTTOM - COMPARISON_BODY_TOP)
        shapes += [
            _line(shape_id, f"{side} Heading Rule", rule, HAIRLINE, 12700),
            _placeholder(shape_id + 1, Placeholder(
                f"Text Placeholder {heading_idx + 1}",
                f'type="body" sz="quarter" idx="{heading_idx}"', heading, "b",
                levels=heading_style, prompt=heading_prompt)),
            _content(shape_id + 2, f"Content Placeholder {heading_idx + 2}",
                     f'sz="quarter" idx="{heading_idx + 1}"', body),
        ]  # fmt: skip
        shape_id += 3
    sp_tree.extend([*shapes, *_footer_placeholders(shape_id)])


def design_title_only(layout: SlideLayout, theme: Theme) -> None:
    """Title and rule; the rest of the slide is free for a chart, table or picture."""
    sp_tree = _reset_layout(layout)
    sp_tree.extend([_title(2), *_footer_placeholders(3)])


def design_blank(layout: SlideLayout, theme: Theme) -> None:
    """Nothing at all: a full-bleed picture or diagram owns the whole slide."""
    _reset_layout(layout, show_master=False)


LAYOUT_DESIGNS = {
    "Title Slide": design_title_slide,
    "Title and Content": design_title_and_content,
    "Section Header": design_section_header,
    "Two Content": design_two_content,
    "Comparison": design_comparison,
    "Title Only": design_title_only,
    "Blank": design_blank,
}


def remove_other_layouts(presentation: PresentationObject, keep: Iterable[str]) -> None:
    """Delete every layout not named in ``keep``: its id, its relationship and so its part."""
    keep = set(keep)
    for master in presentation.slide_masters:
        for layout in list(master.slide_layouts):
            if layout.name not in keep:
                # Removes the p:sldLayoutId and drops the master's relationship; a part that no
                # relationship reaches is not written, so the layout leaves the package too.
                master.slide_layouts.remove(layout)


# --- Package -----------------------------------------------------------------------------------


def _tidy_package(presentation: PresentationObject) -> None:
    """Fixed metadata, and no leftovers of the Office template (thumbnail, printer settings)."""
    core = presentation.core_properties
    core.title = "Briefing master"
    core.subject = "Default slide master of the briefing tool"
    core.author = ""
    core.keywords = ""
    core.category = ""
    core.comments = "Rebuild with: python -m generator.masters"
    core.last_modified_by = "briefing"
    core.revision = 1
    core.created = FIXED_DATE
    core.modified = FIXED_DATE

    package = presentation.part.package
    for rel in list(package._rels.values()):
        # The thumbnail shows the Office template's old look; it is optional, so it goes.
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part.blob = _app_properties(rel.target_part.blob)
    for rel in list(presentation.part.rels.values()):
        # A Macintosh printer's settings from the template: meaningless on anyone else's machine.
        if rel.reltype == RT.PRINTER_SETTINGS:
            presentation.part.drop_rel(rel.rId)


def _app_properties(blob: bytes) -> bytes:
    """The template's docProps/app.xml, describing this file instead of the Office template."""
    ns = {
        "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    }
    root = etree.fromstring(blob)
    for element in root.xpath("ep:Application | ep:AppVersion", namespaces=ns):
        root.remove(element)
    for path, text in (
        ("ep:TotalTime", "0"),
        ("ep:PresentationFormat", "Widescreen"),
        ("ep:TitlesOfParts//vt:lpstr", "Briefing"),
    ):
        for element in root.xpath(path, namespaces=ns):
            element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_master(output: Path, theme_path: Path = DEFAULT_THEME) -> Path:
    """Build the default master from ``theme_path``, write it to ``output`` and return it."""
    theme = load_theme(theme_path)
    presentation = Presentation()
    presentation.slide_width = Emu(SLIDE_W)
    presentation.slide_height = Emu(SLIDE_H)
    # The template says type="screen4x3"; 13.333 × 7.5 in has no preset name to claim.
    presentation.part._element.find(qn("p:sldSz")).attrib.pop("type", None)

    master = presentation.slide_master
    apply_theme(master, theme)
    remove_other_layouts(presentation, LAYOUT_NAMES)
    design_master(master, theme)
    layouts = {layout.name: layout for layout in master.slide_layouts}
    for name, design in LAYOUT_DESIGNS.items():
        design(layouts[name], theme)
    _tidy_package(presentation)

    output.parent.mkdir(parents=True, exist_ok=True)

    def write(temporary: Path) -> None:
        presentation.save(str(temporary))
        normalise_zip(temporary)

    # Written beside the target and moved into place, so a failed build keeps the last good file.
    write_atomically(output, write, mode=0o644)
    return output


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m generator.masters [OUT.pptx] [--theme THEME.yaml]``."""
    parser = argparse.ArgumentParser(
        prog="python -m generator.masters",
        description="Build the default PowerPoint master from the default theme.",
    )
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
        help="where to write the master (default: templates/default/master.pptx)",
    )  # fmt: skip
    parser.add_argument(
        "--theme", type=Path, default=DEFAULT_THEME,
        help="the theme.yaml to take colours and fonts from (default: the default pack's)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        written = build_master(args.output, args.theme)
    except ValueError as error:
        print(f"{args.theme}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot build the master: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

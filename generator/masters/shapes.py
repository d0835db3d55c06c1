"""The shapes of the master and its layouts: rectangles, lines and text placeholders.

:mod:`.master` and :mod:`.layouts` compose slides from these; each function returns one
element ready for a shape tree. Placeholder functions carry PowerPoint's own prompts and
numbering so that the master reads in PowerPoint as if it had been made there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from lxml import etree
from pptx.oxml.ns import nsdecls

from ..units import Box
from .drawingml import element, fill, pt, xfrm
from .geometry import DATE, FOOTER, SLIDE_NUMBER, TITLE

# Text frames get explicit insets, square wrap and no autofit: the renderer measures text
# itself and writes explicit sizes, so PowerPoint must never rescale text behind its back.
TEXT_INSETS = 'lIns="0" tIns="45720" rIns="0" bIns="45720"'
# Titles and footers: the box is the text's extent, which keeps the gap to the rule exact.
NO_INSETS = 'lIns="0" tIns="0" rIns="0" bIns="0"'

# The Office template's field ids; fixed ids keep the output reproducible.
DATE_FIELD_ID = "{5BCAD085-E8A6-8845-BD4E-CB4CCA059FC4}"
SLIDE_NUMBER_FIELD_ID = "{C1FF6DA9-008F-8B48-92A6-B652298478BF}"

TITLE_PROMPT = ("Click to edit Master title style",)
# One paragraph per outline level; layouts show the first three, the master all five.
TEXT_PROMPT = ("Click to edit Master text styles", "Second level", "Third level", "Fourth level", "Fifth level")

Anchor = Literal["t", "ctr", "b"]
Field = Literal["", "datetime", "slidenum"]


def rectangle(shape_id: int, name: str, box: Box, color: str) -> etree._Element:
    """A filled rectangle without outline or theme effects, for rules, bars and bands."""
    return element(
        f"<p:sp {nsdecls('a', 'p')}>"
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
        "</p:nvSpPr>"
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill(color)}'
        "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def line(shape_id: int, name: str, box: Box, color: str, width: int = 9525) -> etree._Element:
    """A straight connector: the hairlines over the footer and under comparison headings."""
    return element(
        f"<p:cxnSp {nsdecls('a', 'p')}>"
        f'<p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvCxnSpPr/>'
        '<p:nvPr userDrawn="1"/></p:nvCxnSpPr>'
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{width}">{fill(color)}</a:ln></p:spPr></p:cxnSp>'
    )


def placeholder(
    shape_id: int,
    name: str,
    ph: str,
    box: Box,
    *,
    anchor: Anchor = "t",
    insets: str = TEXT_INSETS,
    levels: str = "",
    prompt: tuple[str, ...] = ("",),
    field: Field = "",
) -> etree._Element:
    """One placeholder of a master or layout.

    ``ph`` holds the attributes of ``<p:ph>`` (e.g. ``'type="title"'``), ``levels`` the
    ``<a:lvlNpPr>`` elements of its list style, ``prompt`` one paragraph per outline level; a
    ``field`` placeholder holds the date or slide number field instead.
    """
    end = '<a:endParaRPr lang="en-GB"/>'
    if field == "slidenum":
        paragraphs = (
            f'<a:p><a:fld id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum"><a:rPr lang="en-GB"/>'
            f"<a:t>‹#›</a:t></a:fld>{end}</a:p>"
        )
    elif field == "datetime":
        paragraphs = (
            f'<a:p><a:fld id="{DATE_FIELD_ID}" type="datetimeFigureOut"><a:rPr lang="en-GB"/>'
            f"<a:t>5 November 2018</a:t></a:fld>{end}</a:p>"
        )
    else:
        paragraphs = "".join(
            (f'<a:p><a:pPr lvl="{level}"/>' if level else "<a:p>")
            + (f'<a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r>' if text else "")
            + f"{end}</a:p>"
            for level, text in enumerate(prompt)
        )
    return element(
        f"<p:sp {nsdecls('a', 'p')}>"
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr>"
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr vert="horz" wrap="square" {insets} rtlCol="0" anchor="{anchor}"/>'
        f"<a:lstStyle>{levels}</a:lstStyle>{paragraphs}</p:txBody></p:sp>"
    )


def title(
    shape_id: int, *, name: str = "Title 1", ph: str = 'type="title"', box: Box = TITLE, levels: str = ""
) -> etree._Element:
    """A title placeholder, bottom-anchored so one- and two-line titles share a baseline."""
    return placeholder(shape_id, name, ph, box, anchor="b", insets=NO_INSETS, levels=levels, prompt=TITLE_PROMPT)


def content(shape_id: int, name: str, ph: str, box: Box) -> etree._Element:
    """A content placeholder: any of text, table, chart or picture, prompted with three levels."""
    return placeholder(shape_id, name, ph, box, prompt=TEXT_PROMPT[:3])


def plain_level(level: int, size_pt: float, color: str, *, bold: bool = False, space_before_pt: float = 0) -> str:
    """A paragraph level without bullet or indent: subtitles, headings, descriptions."""
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl{level}pPr marL="0" indent="0">'
        f'<a:spcBef><a:spcPts val="{pt(space_before_pt)}"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{pt(size_pt)}"{b}>{fill(color)}</a:defRPr></a:lvl{level}pPr>'
    )


def footer_placeholders(
    first_id: int, style: Callable[[str], str], *, first_idx: int = 10, first_number: int | None = None
) -> list[etree._Element]:
    """Date, footer and slide number in the footer band.

    ``style`` gives each one's list style from its alignment (``"l"`` or ``"r"``). Layouts number
    them idx 10 to 12 and name them ``"<kind> <n>"`` with n one below the shape id, as
    PowerPoint does; the master's own are idx 2 to 4 and numbered as in the Office template.
    """
    number = first_id - 1 if first_number is None else first_number
    specs: tuple[tuple[str, str, Box, str, Field], ...] = (
        ("Date Placeholder", 'type="dt" sz="half"', DATE, "r", "datetime"),
        ("Footer Placeholder", 'type="ftr" sz="quarter"', FOOTER, "l", ""),
        ("Slide Number Placeholder", 'type="sldNum" sz="quarter"', SLIDE_NUMBER, "r", "slidenum"),
    )
    return [
        placeholder(first_id + i, f"{name} {number + i}", f'{ph} idx="{first_idx + i}"', box,
                    anchor="ctr", insets=NO_INSETS, levels=style(align), field=field)
        for i, (name, ph, box, align, field) in enumerate(specs)
    ]  # fmt: skip


def background(color: str) -> etree._Element:
    return element(f"<p:bg {nsdecls('a', 'p')}><p:bgPr>{fill(color)}<a:effectLst/></p:bgPr></p:bg>")


def clear_shapes(sp_tree: etree._Element) -> None:
    # Keep the group's own properties (its first two children); drop every shape.
    for shape in list(sp_tree)[2:]:
        sp_tree.remove(shape)

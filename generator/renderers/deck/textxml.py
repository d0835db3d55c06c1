"""The deck's text elements written straight into the slide's XML.

A deck of a thousand slides has tens of thousands of paragraphs and runs. Through python-pptx's
proxy objects each property of each run is a lookup of its element by XPath, which made writing
text most of a long deck's build. :class:`~.text.Writer` decides what each paragraph and run
carries; this module writes those elements with lxml directly, each attribute and child in the
order python-pptx writes them, so the file is byte for byte what the proxy objects made of it.

The elements made here are python-pptx's own element classes (lxml looks them up by tag), so a
run can still be handed to python-pptx where it has an API worth keeping (a hyperlink, which
needs a relationship of the slide's part).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from lxml import etree
from pptx.oxml.xmlchemy import OxmlElement  # an element of python-pptx's classes, outside any slide

Element = etree._Element

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P, P_PR, R, R_PR, T, BR = f"{_A}p", f"{_A}pPr", f"{_A}r", f"{_A}rPr", f"{_A}t", f"{_A}br"
_BODY_PR, _LN_SPC, _SPC_BEF = f"{_A}bodyPr", f"{_A}lnSpc", f"{_A}spcBef"
_SPC_PCT, _SPC_PTS, _SPC_AFT = f"{_A}spcPct", f"{_A}spcPts", f"{_A}spcAft"
_SOLID, _SRGB, _LATIN, _EA = f"{_A}solidFill", f"{_A}srgbClr", f"{_A}latin", f"{_A}ea"
_BU_CLR, _BU_FONT, _BU_CHAR, _BU_AUTO, _BU_NONE = (f"{_A}buClr", f"{_A}buFont", f"{_A}buChar", f"{_A}buAutoNum",
                                                  f"{_A}buNone")
_NO_AUTOFIT = f"{_A}noAutofit"
_AUTOFITS = (f"{_A}noAutofit", f"{_A}normAutofit", f"{_A}spAutoFit")
_BULLET_TAGS = (f"{_A}buClrTx", _BU_CLR, f"{_A}buSzTx", f"{_A}buSzPct", f"{_A}buSzPts", f"{_A}buFontTx", _BU_FONT,
                _BU_NONE, _BU_AUTO, _BU_CHAR, f"{_A}buBlip")
# What the schema puts after each child of a:pPr and a:bodyPr that is written here.
_AFTER_LN_SPC = (_SPC_BEF, f"{_A}spcAft", *_BULLET_TAGS, f"{_A}tabLst", f"{_A}defRPr", f"{_A}extLst")
_AFTER_SPC_BEF = _AFTER_LN_SPC[1:]
_AFTER_SPC_AFT = _AFTER_LN_SPC[2:]
_AFTER_BULLETS = (f"{_A}tabLst", f"{_A}defRPr", f"{_A}extLst")
_AFTER_AUTOFIT = (f"{_A}scene3d", f"{_A}sp3d", f"{_A}flatTx", f"{_A}extLst")
_CONTENT = (R, BR, f"{_A}fld")  # what python-pptx's clear() takes out of a paragraph
_CTRL = re.compile(r"([\x00-\x08\x0B-\x1F])")
_A_NS = _A[1:-1]
_XMLNS_A = f' xmlns:a="{_A_NS}"'
NAMESPACES = f'xmlns:a="{_A_NS}"'  # declared on a fragment written as text (see :func:`run_xml`)
_EMU_PER_PT, _EMU_PER_CENTIPOINT = 12700, 127


@lru_cache(maxsize=256)
def centipoints(points: float) -> str:
    """A size in points as the file writes it: python-pptx's ``Pt(points).centipoints``."""
    return str(int(points * _EMU_PER_PT) // _EMU_PER_CENTIPOINT)


def _insert(parent: Element, successors: tuple[str, ...], child: Element) -> None:
    """``child`` before the first of ``successors`` in ``parent``, else last: the schema's order."""
    for el in parent:
        if el.tag in successors:
            el.addprevious(child)
            return
    parent.append(child)


def body_setup(body: Any, inset_x: int, inset_y: int, anchor: str | None = None) -> None:
    """A text body that wraps, never autofits and has all four insets written (a placeholder
    would otherwise keep its layout's), anchored at ``anchor`` ("t", "ctr", "b") where given: as
    python-pptx's word_wrap, auto_size, insets and vertical_anchor write them."""
    body_pr = body.find(_BODY_PR)
    body_pr.set("wrap", "square")
    for el in [el for el in body_pr if el.tag in _AUTOFITS]:
        body_pr.remove(el)
    _insert(body_pr, _AFTER_AUTOFIT, body_pr.makeelement(_NO_AUTOFIT, {}))
    x, y = str(inset_x), str(inset_y)
    for name, value in (("lIns", x), ("tIns", y), ("rIns", x), ("bIns", y)):
        body_pr.set(name, value)
    if anchor is not None:
        body_pr.set("anchor", anchor)


def first_paragraph(body: Any) -> Any:
    """Empty a text body down to its first paragraph, as python-pptx's ``TextFrame.clear``: that
    paragraph keeps its properties (a shape's centring), loses its runs, breaks and fields."""
    paragraphs = body.findall(P)
    for p in paragraphs[1:]:
        body.remove(p)
    p = paragraphs[0]
    for el in [el for el in p if el.tag in _CONTENT]:
        p.remove(el)
    return p


def add_paragraph(body: Any) -> Any:
    """A new last paragraph of a text body (after any other, as python-pptx adds one)."""
    last = body.findall(P)[-1]
    p = last.makeelement(P, {})
    last.addnext(p)
    return p


def paragraph_properties(p: Any) -> Any:
    found = p.find(P_PR)
    if found is None:
        found = p.makeelement(P_PR, {})
        p.insert(0, found)
    return found


class Bullet(NamedTuple):
    """A paragraph's bullet: ``char`` in ``color``, or with ``char`` None numbers from ``start``."""

    char: str | None
    color: str
    start: int = 1


def shape_paragraph(p: Any, *, margin: int, indent: int, level: int, bullet: Bullet | None, align: str | None,
                    space_before: float) -> None:
    """A paragraph's geometry, level, bullet (or none), alignment, space before and single line
    spacing; no punctuation hanging past the margin (clients do that for CJK by default, and the
    layout measured it inside the line).

    A paragraph with no properties yet gets the same XML for the same arguments: made once,
    then copied."""
    key = (margin, indent, level, bullet, align, space_before)
    first = p[0] if len(p) else None
    blank = first is None or (first.tag == P_PR and len(first) == 0 and not first.attrib)
    made = _PARAGRAPH_PROPERTIES.get(key) if blank else None
    if made is not None:
        if first is None:
            p.append(made.__copy__())
        else:
            p.replace(first, made.__copy__())
        return
    _shape_paragraph(p, margin=margin, indent=indent, level=level, bullet=bullet, align=align,
                     space_before=space_before)
    if blank:
        _PARAGRAPH_PROPERTIES[key] = p[0].__copy__()


_PARAGRAPH_PROPERTIES: dict[tuple[int, int, int, Bullet | None, str | None, float], Any] = {}
def set_text(body: Any, text: str) -> None:
    """Replace a text body's paragraphs with ``text``, a paragraph per line and a line break at
    each vertical tab, as python-pptx's ``TextFrame.text`` does; written as text and parsed once
    (a slide's speaker notes)."""
    paragraphs = []
    for line in text.split("\n"):
        pieces = []
        for k, part in enumerate(line.split("\v")):
            if k:
                pieces.append(LINE_BREAK_XML)
            if part:  # python-pptx adds no empty run
                pieces.append(f"<a:r><a:t>{_escaped(part)}</a:t></a:r>")
        paragraphs.append(f"<a:p>{''.join(pieces)}</a:p>")
    for p in body.findall(P):
        body.remove(p)
    body.extend(parse_children("txBody", "".join(paragraphs)))


def parse_children(tag: str, xml: str) -> list[Any]:
    """The elements of ``xml``, text written by :func:`run_xml` and its kin, parsed in one go as
    the children of an ``a:{tag}``, as python-pptx's element classes."""
    from pptx.oxml import parse_xml  # python-pptx's parser, for its element classes

    parsed = parse_xml(f"<a:{tag} {NAMESPACES}>{xml}</a:{tag}>")
    if _EMPTY_TEXT in xml:  # an empty run's text is written out in full, as setting it to "" writes it
        for t in parsed.iter(T):
            if t.text is None:
                t.text = ""
    return list(parsed)


_EMPTY_TEXT = "<a:t></a:t>"


def _shape_paragraph(p: Any, *, margin: int, indent: int, level: int, bullet: Bullet | None, align: str | None,
                     space_before: float) -> None:
    p_pr = paragraph_properties(p)
    p_pr.set("hangingPunct", "0")
    p_pr.set("marL", str(margin))
    p_pr.set("indent", str(indent))
    if level:
        p_pr.set("lvl", str(level))
    elif "lvl" in p_pr.attrib:
        del p_pr.attrib["lvl"]
    for el in [el for el in p_pr if el.tag in _BULLET_TAGS]:
        p_pr.remove(el)
    if bullet is None:
        marks = [p_pr.makeelement(_BU_NONE, {})]
    else:
        clr = p_pr.makeelement(_BU_CLR, {})
        etree.SubElement(clr, _SRGB, val=bullet.color)
        if bullet.char is None:
            auto = p_pr.makeelement(_BU_AUTO, {"type": "arabicPeriod"})
            if bullet.start != 1:  # the file format counts from 1 to 32767 only
                auto.set("startAt", str(min(max(bullet.start, 1), 32767)))
            marks = [clr, auto]
        else:
            marks = [clr, p_pr.makeelement(_BU_FONT, {"typeface": "Arial"}),
                     p_pr.makeelement(_BU_CHAR, {"char": bullet.char})]
    for mark in marks:
        _insert(p_pr, _AFTER_BULLETS, mark)
    if align is not None:
        p_pr.set("algn", align)
    _replace(p_pr, _SPC_BEF, _AFTER_SPC_BEF, _SPC_PTS, centipoints(space_before))
    _replace(p_pr, _LN_SPC, _AFTER_LN_SPC, _SPC_PCT, "100000")


def spaced_paragraph(p: Any, *, align: str, space_before: float, space_after: float) -> None:
    """A paragraph's alignment, single line spacing and the space before and after it, as
    python-pptx's alignment, line_spacing, space_before and space_after write them."""
    p_pr = paragraph_properties(p)
    p_pr.set("algn", align)
    _replace(p_pr, _LN_SPC, _AFTER_LN_SPC, _SPC_PCT, "100000")
    _replace(p_pr, _SPC_BEF, _AFTER_SPC_BEF, _SPC_PTS, centipoints(space_before))
    _replace(p_pr, _SPC_AFT, _AFTER_SPC_AFT, _SPC_PTS, centipoints(space_after))


def no_bullet(p: Any) -> None:
    p_pr = paragraph_properties(p)
    for el in [el for el in p_pr if el.tag in _BULLET_TAGS]:
        p_pr.remove(el)
    _insert(p_pr, _AFTER_BULLETS, p_pr.makeelement(_BU_NONE, {}))


def _replace(parent: Element, tag: str, successors: tuple[str, ...], value_tag: str, value: str) -> None:
    """``<tag><value_tag val=value/></tag>`` in its place in ``parent``, replacing any such child."""
    old = parent.find(tag)
    if old is not None:
        parent.remove(old)
    el = parent.makeelement(tag, {})
    etree.SubElement(el, value_tag, val=value)
    _insert(parent, successors, el)


class RunStyle(NamedTuple):
    """What one run carries, in the order its attributes are written. A tuple: a deck makes one
    for every run and looks its properties up by it, and a tuple is made and hashed in C."""

    size: str  # centipoints
    lang: str | None = None
    alt_lang: str | None = None
    east_asian: str | None = None  # the a:ea typeface
    bold: bool = False
    italic: bool = False
    strike: bool = False
    baseline: str | None = None
    # Written even when False (as "0"), after the others, as python-pptx's italic and bold setters
    # write them where they were not set before (a highlighted token of code, a timeline's text).
    italic_written: bool | None = None
    bold_written: bool | None = None
    font: str | None = None  # the a:latin typeface
    color: str | None = None


_RUN_PROPERTIES: dict[RunStyle, Any] = {}  # by style: a run's properties element, made once and copied


def add_run(p: Any, text: str, style: RunStyle) -> Any:
    """A run at the end of paragraph ``p`` (before any end-of-paragraph properties). A style's
    properties are the same XML on every run that has it: made once, then copied."""
    r = p.makeelement(R, {})
    end = p[-1] if len(p) and p[-1].tag == f"{_A}endParaRPr" else None
    if end is not None:
        end.addprevious(r)
    else:
        p.append(r)
    made = _RUN_PROPERTIES.get(style)
    if made is None:
        made = _RUN_PROPERTIES[style] = _run_properties(r, style)
    r.append(made.__copy__())
    etree.SubElement(r, T).text = _escaped_controls(text)
    return r


def _escaped_controls(text: str) -> str:
    """Control characters as the file format escapes them (``_x000B_``), as python-pptx writes them."""
    return _CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)


def fragment_xml(element: Any) -> str:
    """``element`` serialised as it reads inside a slide, without the namespace declaration
    lxml puts on a fragment's root: for XML written as text around it."""
    holder = etree.Element(P, nsmap={"a": _A_NS})
    holder.append(element.__copy__())
    return etree.tostring(holder[0], encoding="unicode").replace(_XMLNS_A, "", 1)


_RUN_PROPERTIES_XML: dict[RunStyle, str] = {}  # by style: the same properties as text


def run_xml(text: str, style: RunStyle) -> str:
    """A run as :func:`add_run` writes it, as text: for a stretch of XML that is parsed once (a
    table's rows), which is several times faster than making each element from Python."""
    properties = _RUN_PROPERTIES_XML.get(style)
    if properties is None:
        made = _RUN_PROPERTIES.get(style)
        if made is None:
            made = _RUN_PROPERTIES[style] = _run_properties(OxmlElement("a:r"), style)
        properties = _RUN_PROPERTIES_XML[style] = fragment_xml(made)
    return f"<a:r>{properties}<a:t>{_escaped(text)}</a:t></a:r>"


def _escaped(text: str) -> str:
    """Text as lxml writes it in an element, with control characters as the file format escapes them."""
    return _escaped_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LINE_BREAK_XML = "<a:br/>"  # a line break as add_line_break writes it


def _run_properties(r: Any, style: RunStyle) -> Any:
    attrs = {"sz": style.size}
    if style.lang is not None:
        attrs["lang"] = style.lang
    if style.alt_lang is not None:
        attrs["altLang"] = style.alt_lang
    if style.bold:
        attrs["b"] = "1"
    if style.italic:
        attrs["i"] = "1"
    if style.strike:
        attrs["strike"] = "sngStrike"
    if style.baseline is not None:
        attrs["baseline"] = style.baseline
    if style.italic_written is not None and not style.italic:
        attrs["i"] = "1" if style.italic_written else "0"
    if style.bold_written is not None and not style.bold:
        attrs["b"] = "1" if style.bold_written else "0"
    r_pr = r.makeelement(R_PR, attrs)
    if style.color is not None:
        etree.SubElement(etree.SubElement(r_pr, _SOLID), _SRGB, val=style.color)
    if style.font is not None:
        etree.SubElement(r_pr, _LATIN, typeface=style.font)
    if style.east_asian is not None:
        etree.SubElement(r_pr, _EA, typeface=style.east_asian)
    return r_pr


def add_line_break(p: Any) -> None:
    end = p[-1] if len(p) and p[-1].tag == f"{_A}endParaRPr" else None
    br = p.makeelement(BR, {})
    if end is not None:
        end.addprevious(br)
    else:
        p.append(br)

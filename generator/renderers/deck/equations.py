"""Equations on slides: editable OMML for PowerPoint, a fallback in the same object for other viewers.

PowerPoint writes an equation as ``a14:m`` (OMML) inside a text box, and wraps that shape in
``mc:AlternateContent``: the ``mc:Choice`` holds the shape with its equations, the ``mc:Fallback``
the same shape for viewers that do not read ``a14``. This module does the same, with the one
difference docs/markdown.md explains: the Choice names the ``a14`` namespace by a prefix of its own
(``a14m``), because LibreOffice chooses by the prefix's spelling, takes any Choice requiring
``a14`` and then drops the equation (the formula vanishes, as in pandoc's decks). PowerPoint
resolves the prefix to the namespace, as Markup Compatibility says, and shows the equation.

- Display maths (:func:`display`) is a shape of its own, sized to its picture; its fallback is
  that shape filled with the picture (a PNG of ziamath's drawing), as PowerPoint writes it.
- Inline maths (:func:`inline`) sits in the paragraph's runs; the fallback of the whole text box
  (:func:`wrap`, once a slide is drawn) keeps the formula's text run in its place.

Like :mod:`.oxml`, this module touches raw XML; it keeps to equations so that it can be read alone.
"""

from __future__ import annotations

import copy
import io

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.text.text import _Run
from pptx.util import Emu, Pt

from ...document import Equation
from ...maths import mathml_of
from ...maths.linear import linear_pieces
from ...maths.omml import omml_of
from ...maths.picture import picture_of, png_of
from ...maths.runs import display_size
from ...units import Box
from .fit import EQUATION_PAD

A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TEXT_OF_EQUATION = "{urn:briefing:equation}text"  # marks the fallback's runs until wrap() sorts them
_BASELINE = {1: "30000", -1: "-25000"}  # raised and lowered runs, as PowerPoint's superscript button sets them
_PREFIX = "a14m"  # see the module's docstring: LibreOffice must not recognise the Choice


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _child(parent: etree._Element, path: str) -> etree._Element:
    """The element at ``path`` that python-pptx always writes (a text box's spPr, its first a:p)."""
    found = parent.find(path)
    if found is None:
        raise ValueError(f"the text box has no {path}")
    return found


def _a14m(maths: etree._Element) -> etree._Element:
    holder = etree.Element(f"{{{A14}}}m", nsmap={"a14": A14})
    holder.append(maths)
    return holder


def inline(run: _Run, tex: str, size: float, lang: str) -> None:
    """Put the inline equation ``tex`` before ``run``, and make the run its text for other viewers
    (raised and lowered runs for its scripts): :func:`wrap` keeps the equation in the Choice and
    the text in the Fallback."""
    r = run._r
    rgb = r.find(f"{qn('a:rPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")  # the colour the writer gave the text
    color = rgb.get("val") if rgb is not None else None
    r.addprevious(_a14m(omml_of(mathml_of(tex, False), size, lang, color=color)))
    at = r
    for k, piece in enumerate(linear_pieces(tex)):
        part = r if k == 0 else copy.deepcopy(r)
        _child(part, qn("a:t")).text = piece.text
        if piece.shift:
            _child(part, qn("a:rPr")).set("baseline", _BASELINE[piece.shift])
        part.set(_TEXT_OF_EQUATION, "1")
        if k:
            at.addnext(part)
            at = part


def display(slide: Slide, block: Equation, box: Box, size: float, color: str, lang: str) -> None:
    """Display maths centred in ``box``: the editable equation, its picture for other viewers."""
    w, h = display_size(block.tex, size, box.w_pt, box.h_pt - size * EQUATION_PAD)
    left, top = box.x + (box.w - Pt(w)) // 2, box.y + (box.h - Pt(h)) // 2
    shape = slide.shapes.add_textbox(Emu(left), Emu(top), Pt(w), Pt(h))
    shape.name = f"Equation {shape.shape_id}"
    frame = shape.text_frame
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.NONE  # the box is the picture's size; PowerPoint must not grow it
    body = frame._txBody.find(qn("a:bodyPr"))
    for side in ("lIns", "tIns", "rIns", "bIns"):
        body.set(side, "0")
    body.set("anchor", "ctr")
    p = frame.paragraphs[0]._p
    p.get_or_add_pPr().set("algn", "ctr")
    scale = w / picture_of(block.tex, True).width(size)  # a formula wider than the box is set smaller
    p.append(_a14m(omml_of(mathml_of(block.tex, True), round(size * scale, 1), lang, display=True, color=color)))
    choice = shape._element
    fallback = copy.deepcopy(choice)
    for old in list(fallback.iter(f"{{{A14}}}m")):
        _drop(old)
    try:
        png = png_of(picture_of(block.tex, True, f"#{color}"), size * scale)
    except (ImportError, OSError):  # no CairoSVG (or no libcairo2): the formula's text instead
        para = _child(fallback, f".//{qn('a:p')}")
        etree.SubElement(etree.SubElement(para, qn("a:r")), qn("a:t")).text = block.text
    else:
        _part, rid = slide.part.get_or_add_image_part(io.BytesIO(png))
        fill = etree.fromstring(f'<a:blipFill xmlns:a="{_A}" xmlns:r="{_R}">'
                                f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>')
        sp_pr = _child(fallback, qn("p:spPr"))
        for no_fill in sp_pr.findall(qn("a:noFill")):
            sp_pr.remove(no_fill)
        _child(sp_pr, qn("a:prstGeom")).addnext(fill)
        # As PowerPoint's fallback: a picture that cannot be typed into, turned or stretched.
        locks = etree.SubElement(_child(fallback, f".//{qn('p:cNvSpPr')}"), qn("a:spLocks"))
        for lock in ("noRot", "noChangeAspect", "noMove", "noResize", "noEditPoints", "noAdjustHandles",
                     "noChangeArrowheads", "noChangeShapeType", "noTextEdit"):
            locks.set(lock, "1")
    _alternate(choice, fallback)


def wrap(slide: Slide) -> None:
    """Give every shape of the slide that holds inline equations its fallback: the same shape with
    each formula's text run in place of the equation."""
    tree = slide.shapes._spTree
    for shape in list(tree):
        if shape.tag == f"{{{MC}}}AlternateContent" or shape.find(f".//{{{A14}}}m") is None:
            continue
        fallback = copy.deepcopy(shape)
        for maths in list(fallback.iter(f"{{{A14}}}m")):
            _drop(maths)
        for text in [r for r in shape.iter(qn("a:r")) if r.get(_TEXT_OF_EQUATION)]:
            _drop(text)
        for text in fallback.iter(qn("a:r")):
            if text.get(_TEXT_OF_EQUATION):
                del text.attrib[_TEXT_OF_EQUATION]
        etree.cleanup_namespaces(fallback)
        _alternate(shape, fallback)


def _alternate(choice: etree._Element, fallback: etree._Element) -> None:
    """Put ``choice`` and ``fallback`` where ``choice`` stands, as one ``mc:AlternateContent``."""
    holder = etree.Element(f"{{{MC}}}AlternateContent", nsmap={"mc": MC})
    choice.addprevious(holder)
    first = etree.SubElement(holder, f"{{{MC}}}Choice", nsmap={_PREFIX: A14}, Requires=_PREFIX)
    first.append(choice)
    etree.SubElement(holder, f"{{{MC}}}Fallback").append(fallback)

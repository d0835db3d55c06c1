"""MathML → OMML (Office Math Markup Language): the equation PowerPoint shows and lets people edit.

A converter of our own, for the MathML that latex2mathml writes: fractions, scripts, roots, big
operators with limits (``m:nary``, so a sum is a sum PowerPoint can edit, not a Σ with scripts),
fences (``m:d``), accents, limits under ``lim``, matrices, text. Microsoft's MML2OMML.XSL is not
free to ship, and the one Python package (mathml2omml 0.0.2, 2019) wraps every row in ``m:box``
and writes no DrawingML run properties, which PowerPoint needs for the size and font of each run.
Whatever MathML element is not known here is read as a row of its children, so nothing is lost.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lxml import etree

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_MML = "{http://www.w3.org/1998/Math/MathML}"
MATH_FONT = "Cambria Math"  # the font PowerPoint sets equations in

# Operators that PowerPoint draws as n-ary operators with limits above and below (or beside).
_NARY = set("∑∏∐⋃⋂⨁⨂⨀⋁⋀∫∬∭∮∯∰")
_INTEGRALS = set("∫∬∭∮∯∰")
# Accents over a letter, as latex2mathml writes them → the combining mark OMML's m:acc takes.
_ACCENTS = {"^": "\u0302", "\u0302": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "\u0303": "\u0303",
            "→": "\u20d7", "⃗": "\u20d7", "˙": "\u0307", "¨": "\u0308", "ˇ": "\u030c", "˘": "\u0306", "´": "\u0301",
            "`": "\u0300"}
_BARS = set("¯‾―\u0305")
_LIMITS = {"lim", "max", "min", "sup", "inf", "limsup", "liminf"}  # limits set under them in display
_OPEN, _CLOSE = set("([{|‖⟨⌊⌈"), set(")]}|‖⟩⌋⌉")


def _m(tag: str) -> str:
    return f"{{{M}}}{tag}"


def _sub(parent: etree._Element, tag: str, val: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, _m(tag))
    if val is not None:
        el.set(_m("val"), val)
    return el


class _Omml:
    def __init__(self, size: float, lang: str, color: str | None):
        self.size, self.lang, self.color = size, lang, color

    def run(self, parent: etree._Element, text: str, style: str) -> None:
        r = _sub(parent, "r")
        props = _sub(r, "rPr")
        _sub(props, "sty", style)  # p: upright, i: italic, b: bold, bi: bold italic
        a = etree.SubElement(r, f"{{{A}}}rPr", lang=self.lang, sz=str(round(self.size * 100)))
        if "i" in style:
            a.set("i", "1")
        if "b" in style:
            a.set("b", "1")
        if self.color:  # the colour of the text around it (the schema puts the fill before the fonts)
            fill = etree.SubElement(a, f"{{{A}}}solidFill")
            etree.SubElement(fill, f"{{{A}}}srgbClr", val=self.color)
        etree.SubElement(a, f"{{{A}}}latin", typeface=MATH_FONT)
        etree.SubElement(a, f"{{{A}}}cs", typeface=MATH_FONT)
        t = _sub(r, "t")
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def arg(self, parent: etree._Element, tag: str, node: ET.Element | None) -> etree._Element:
        """An argument slot (``m:e``, ``m:num``…): always present, as OMML requires, even if empty."""
        el = _sub(parent, tag)
        if node is not None:
            self.node(el, node)
        return el

    def row(self, parent: etree._Element, nodes: list[ET.Element]) -> None:
        k = 0
        while k < len(nodes):
            node = nodes[k]
            if self._big_operator(node) is not None:  # the operand of ∑ is what follows it
                operand = nodes[k + 1] if k + 1 < len(nodes) and not self._is_relation(nodes[k + 1]) else None
                self.nary(parent, node, operand)
                k += 2 if operand is not None else 1
                continue
            self.node(parent, node)
            k += 1

    def node(self, parent: etree._Element, node: ET.Element) -> None:
        tag = node.tag.replace(_MML, "")
        kids = list(node)
        text = (node.text or "").strip()
        if tag == "mi":
            variant = node.get("mathvariant", "")
            italic = len(text) == 1 and variant not in ("normal", "bold")
            bold = "bold" in variant
            self.run(parent, text, ("b" if bold else "") + ("i" if italic else "") or "p")
        elif tag in ("mn", "mo"):
            self.run(parent, text or " ", "p")
        elif tag == "mtext":
            self.run(parent, node.text or " ", "p")
        elif tag == "mspace":
            self.run(parent, "\u2009", "p")
        elif tag == "mfrac":
            f = _sub(parent, "f")
            if node.get("linethickness") in ("0", "0pt", "0px"):
                _sub(_sub(f, "fPr"), "type", "noBar")
            self.arg(f, "num", kids[0] if kids else None)
            self.arg(f, "den", kids[1] if len(kids) > 1 else None)
        elif tag in ("msqrt", "mroot"):
            rad = _sub(parent, "rad")
            if tag == "msqrt":
                _sub(_sub(rad, "radPr"), "degHide", "1")
                _sub(rad, "deg")
                e = _sub(rad, "e")
                self.row(e, kids)
            else:
                self.arg(rad, "deg", kids[1] if len(kids) > 1 else None)
                self.arg(rad, "e", kids[0] if kids else None)
        elif tag in ("msub", "msup", "msubsup"):
            self.scripts(parent, tag, kids)
        elif tag in ("munder", "mover", "munderover"):
            self.limits(parent, node, tag, kids)
        elif tag == "mtable":
            matrix = _sub(parent, "m")
            columns = max((len(tr) for tr in kids), default=1)
            for tr in kids:
                mr = _sub(matrix, "mr")
                for td in list(tr):
                    e = _sub(mr, "e")
                    self.row(e, list(td))
                for _missing in range(columns - len(tr)):  # every row of an OMML matrix has every column
                    _sub(mr, "e")
        elif tag == "mrow" and self._fence(kids) is not None:
            opening, closing = self._fence(kids) or ("", "")
            d = _sub(parent, "d")
            pr = _sub(d, "dPr")
            _sub(pr, "begChr", opening)
            _sub(pr, "endChr", closing)
            e = _sub(d, "e")
            self.row(e, kids[1:-1] if closing else kids[1:])
        else:  # math, mrow, mstyle, mpadded, menclose…: a row of what is inside
            self.row(parent, kids)

    def scripts(self, parent: etree._Element, tag: str, kids: list[ET.Element]) -> None:
        if tag == "msub" and len(kids) == 2 and kids[0].tag == f"{_MML}mo" and (kids[0].text or "").strip() in _LIMITS:
            low = _sub(parent, "limLow")  # lim_{x→0}: the limit under the word, as PowerPoint sets it
            self.arg(low, "e", kids[0])
            self.arg(low, "lim", kids[1])
            return
        name = {"msub": "sSub", "msup": "sSup", "msubsup": "sSubSup"}[tag]
        s = _sub(parent, name)
        self.arg(s, "e", kids[0] if kids else None)
        if tag in ("msub", "msubsup"):
            self.arg(s, "sub", kids[1] if len(kids) > 1 else None)
        if tag in ("msup", "msubsup"):
            self.arg(s, "sup", kids[-1] if len(kids) > 1 else None)

    def limits(self, parent: etree._Element, node: ET.Element, tag: str, kids: list[ET.Element]) -> None:
        mark = (kids[-1].text or "").strip() if len(kids) == 2 and kids[-1].tag == f"{_MML}mo" else ""
        if tag == "mover" and mark in _BARS:  # \overline, \bar: a bar over the group
            bar = _sub(parent, "bar")
            _sub(_sub(bar, "barPr"), "pos", "top")
            self.arg(bar, "e", kids[0])
            return
        if tag == "mover" and mark in _ACCENTS:  # \hat, \vec, \dot…: one accent over its base
            acc = _sub(parent, "acc")
            _sub(_sub(acc, "accPr"), "chr", _ACCENTS[mark])
            self.arg(acc, "e", kids[0])
            return
        if tag == "munderover":
            lower = _sub(parent, "limLow")
            e = _sub(lower, "e")
            upper = _sub(e, "limUpp")
            self.arg(upper, "e", kids[0] if kids else None)
            self.arg(upper, "lim", kids[2] if len(kids) > 2 else None)
            self.arg(lower, "lim", kids[1] if len(kids) > 1 else None)
            return
        box = _sub(parent, "limLow" if tag == "munder" else "limUpp")
        self.arg(box, "e", kids[0] if kids else None)
        self.arg(box, "lim", kids[1] if len(kids) > 1 else None)

    def nary(self, parent: etree._Element, node: ET.Element, operand: ET.Element | None) -> None:
        kids = list(node)
        tag = node.tag.replace(_MML, "")
        op = self._big_operator(node) or "∑"
        nary = _sub(parent, "nary")
        pr = _sub(nary, "naryPr")
        _sub(pr, "chr", op)
        under = tag in ("munder", "munderover") or (op not in _INTEGRALS and node.get("movablelimits") != "true"
                                                    and tag not in ("msub", "msup", "msubsup"))
        _sub(pr, "limLoc", "undOvr" if under else "subSup")
        lower = kids[1] if tag in ("msub", "msubsup", "munder", "munderover") and len(kids) > 1 else None
        upper = kids[-1] if tag in ("msup", "msubsup", "mover", "munderover") and len(kids) > 1 else None
        if lower is None:
            _sub(pr, "subHide", "1")
        if upper is None:
            _sub(pr, "supHide", "1")
        self.arg(nary, "sub", lower)
        self.arg(nary, "sup", upper)
        self.arg(nary, "e", operand)

    @staticmethod
    def _big_operator(node: ET.Element) -> str | None:
        """The operator character if ``node`` is ∑, ∫… alone or with limits, else None."""
        tag = node.tag.replace(_MML, "")
        base = node if tag == "mo" else list(node)[0] if tag in (
            "msub", "msup", "msubsup", "munder", "mover", "munderover") and len(node) else None
        if base is None or base.tag != f"{_MML}mo":
            return None
        text = (base.text or "").strip()
        return text if text in _NARY else None

    @staticmethod
    def _is_relation(node: ET.Element) -> bool:
        return node.tag == f"{_MML}mo" and (node.text or "").strip() in set("=<>≤≥≠≈≡∼→⇒⇔,;")

    @staticmethod
    def _fence(kids: list[ET.Element]) -> tuple[str, str] | None:
        """The brackets of a row that is fenced (\\left( … \\right), a matrix's brackets, cases' brace)."""
        if len(kids) < 2 or kids[0].tag != f"{_MML}mo":
            return None
        first, last = (kids[0].text or "").strip(), (kids[-1].text or "").strip()
        closes = kids[-1].tag == f"{_MML}mo" and last in _CLOSE
        if kids[0].get("fence") == "true" and kids[-1].get("fence") == "true":
            return first, last
        if first in _OPEN and closes and len(kids) == 3 and kids[1].tag == f"{_MML}mtable":
            return first, last  # pmatrix, bmatrix…
        if kids[0].get("fence") == "true" and kids[0].get("form") == "prefix" and not closes:
            return first, ""  # cases: a brace on the left only
        return None


def omml_of(mathml: ET.Element, size: float, lang: str = "en-GB", display: bool = False,
            color: str | None = None) -> etree._Element:
    """``m:oMath`` (inline) or ``m:oMathPara`` holding it (display), every run set at ``size`` points,
    in ``color`` (hex RGB) if given, else in the colour its text box gives text."""
    math = etree.Element(_m("oMath"), nsmap={"m": M, "a": A})
    _Omml(size, lang, color).node(math, mathml)
    if not display:
        return math
    para = etree.Element(_m("oMathPara"), nsmap={"m": M, "a": A})
    _sub(_sub(para, "oMathParaPr"), "jc", "centerGroup")
    para.append(math)
    return para

"""A formula as a line of text with raised and lowered runs: how inline maths reads without OMML.

Viewers that do not read PowerPoint's equations (LibreOffice, older PowerPoint) show the fallback
of the text box, where an inline formula has to be text. Written out from the MathML rather than
from the TeX, ``x_i^2`` becomes x with a lowered i and a raised 2, ``\\frac{a+b}{2}`` becomes
``(a+b)/2`` and ``\\sqrt{x}`` ``√x``: the formula as one would type it in a text editor that has
superscripts, not its TeX. Nested scripts are set at the level of the innermost (text runs have
one baseline shift each).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .tex import mathml_of

_MML = "{http://www.w3.org/1998/Math/MathML}"
# Accents as combining marks after their letter.
_COMBINING = {"^": "\u0302", "\u0302": "\u0302", "~": "\u0303", "˙": "\u0307", "¨": "\u0308", "→": "\u20d7",
              "¯": "\u0304", "―": "\u0305", "‾": "\u0305", "ˇ": "\u030c"}


@dataclass(frozen=True)
class Piece:
    """Text at one height: ``shift`` 1 is a superscript, -1 a subscript, 0 on the line."""

    text: str
    shift: int = 0


def _tag(node: ET.Element) -> str:
    return node.tag.replace(_MML, "")


def _atomic(node: ET.Element) -> bool:
    """Whether a node reads as one symbol, so needs no brackets around it in ``a/b`` or ``√x``."""
    while _tag(node) in ("mrow", "mstyle") and len(node) == 1:
        node = node[0]
    return _tag(node) in ("mi", "mn") or (_tag(node) == "mrow" and len(node) == 0)


class _Line:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def put(self, text: str, shift: int) -> None:
        if not text:
            return
        if self.pieces and self.pieces[-1].shift == shift:
            self.pieces[-1] = Piece(self.pieces[-1].text + text, shift)
        else:
            self.pieces.append(Piece(text, shift))

    def grouped(self, node: ET.Element, shift: int) -> None:
        if _atomic(node):
            self.node(node, shift)
        else:
            self.put("(", shift)
            self.node(node, shift)
            self.put(")", shift)

    def node(self, node: ET.Element, shift: int) -> None:
        tag, kids = _tag(node), list(node)
        if tag in ("mi", "mn", "mo", "mtext"):
            text = node.text or ""
            relation = tag == "mo" and shift == 0 and text.strip() and text.strip() in "=<>≤≥≠≈≡→⇒⇔"
            self.put(f" {text.strip()} " if relation else text.strip() if tag != "mtext" else text, shift)
        elif tag == "mspace":
            self.put(" ", shift)
        elif tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover") and kids:
            mark = (kids[-1].text or "").strip() if len(kids) == 2 and _tag(kids[-1]) == "mo" else ""
            if tag == "mover" and mark in _COMBINING and _atomic(kids[0]):  # x̂, ā, v⃗
                self.node(kids[0], shift)
                self.put(_COMBINING[mark], shift)
                return
            self.node(kids[0], shift)
            lower = tag in ("msub", "msubsup", "munder", "munderover")
            if lower and len(kids) > 1:
                self.node(kids[1], -1)
            if tag in ("msup", "msubsup", "mover", "munderover") and len(kids) > (2 if lower else 1):
                self.node(kids[-1], 1)
            if (kids[0].text or "").strip() in "∑∏∫∮⋃⋂" and (kids[0].text or "").strip():
                self.put(" ", shift)  # the sum's operand stands apart from its limits
        elif tag == "mfrac" and len(kids) == 2:
            self.grouped(kids[0], shift)
            self.put("/", shift)
            self.grouped(kids[1], shift)
        elif tag == "msqrt":
            self.put("√", shift)
            row = ET.Element(f"{_MML}mrow")
            row.extend(kids)
            self.grouped(row, shift)
        elif tag == "mroot" and len(kids) == 2:
            self.node(kids[1], 1)
            self.put("√", shift)
            self.grouped(kids[0], shift)
        elif tag == "mtable":
            for k, row in enumerate(kids):
                if k:
                    self.put("; ", shift)
                for j, cell in enumerate(row):
                    if j:
                        self.put(", ", shift)
                    self.node(cell, shift)
        else:
            for kid in kids:
                self.node(kid, shift)


def linear_pieces(tex: str) -> list[Piece]:
    """An inline formula (one :func:`generator.maths.unsupported` accepted) as runs of text."""
    line = _Line()
    line.node(mathml_of(tex, False), 0)
    pieces = [Piece(" ".join(p.text.split(" ")).replace("  ", " "), p.shift) for p in line.pieces]
    if pieces:
        pieces[0] = Piece(pieces[0].text.lstrip(), pieces[0].shift)
        pieces[-1] = Piece(pieces[-1].text.rstrip(), pieces[-1].shift)
    return [p for p in pieces if p.text]

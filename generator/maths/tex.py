"""TeX → MathML, and whether a formula can be drawn at all.

latex2mathml reads the TeX (through ziamath's ``tex2mml``, which smooths a few of its gaps such as
``\\binom`` and ``\\mathrm``), so the MathML that the equation and its picture are made from is
the same. latex2mathml does not refuse a command it does not know: it keeps ``\\foo`` as an
identifier, which would be drawn as the letters "\\foo". Such a formula is refused here instead,
so that the author hears of it at its line and reads it as text rather than as a wrong equation.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

MATHML = "http://www.w3.org/1998/Math/MathML"

# What latex2mathml's exceptions mean, in the words of someone writing the formula.
_MEANING = {
    "MissingSuperScriptOrSubscriptError": "a ^ or _ has nothing after it",
    "NoAvailableTokensError": "the formula ends too early (a '{' without its '}', or a command without "
                              "its argument)",
    "DenominatorNotFoundError": "\\frac has no second argument (the denominator)",
    "NumeratorNotFoundError": "\\frac has no argument",
    "DoubleSubscriptsError": "a letter has two subscripts; put them in one group: x_{ij}",
    "DoubleSuperscriptsError": "a letter has two superscripts; put them in one group: x^{ab}",
    "ExtraLeftOrMissingRightError": "a \\left has no \\right",
    "MissingEndError": "a \\begin{…} has no \\end{…}",
    "InvalidAlignmentError": "an array's column alignment is not one of l, c, r",
    "LimitsMustFollowMathOperatorError": "\\limits follows something that is not an operator",
}


class TexError(ValueError):
    """A formula that cannot be drawn; the message says why, for the author."""


@functools.lru_cache(maxsize=4096)
def _mathml(tex: str, display: bool) -> str:
    from ziamath.tex import tex2mml  # loads latex2mathml's tables: only when a deck has maths

    try:
        mml = tex2mml(tex, inline=not display)
    except Exception as exc:  # latex2mathml raises its own errors, and IndexError/KeyError on odd input
        raise TexError(_MEANING.get(type(exc).__name__, "it is not TeX that can be read")) from None
    macro = re.search(r"\\(newcommand|renewcommand|def|DeclareMathOperator)\b", tex)
    if macro:
        raise TexError(f"\\{macro.group(1)} defines a macro, and macros are not read")
    try:
        root = ET.fromstring(mml)
    except ET.ParseError:  # latex2mathml writes a stray `&` or `<` as it stands, which is no XML
        raise TexError("an & stands outside a matrix or cases; write \\& for the sign itself") from None
    unknown = sorted({(node.text or "").strip() for node in root.iter()
                      if re.match(r"\\[A-Za-z]+", (node.text or "").strip())})
    if unknown:
        raise TexError(f"{', '.join(unknown)} is not a TeX command that can be drawn")
    if not any((node.text or "").strip() for node in root.iter()) and not root.find(f".//{{{MATHML}}}mspace"):
        raise TexError("it is empty")
    return mml


def mathml_of(tex: str, display: bool) -> ET.Element:
    """The MathML of a formula that :func:`unsupported` accepted (a fresh tree: callers may change it)."""
    return ET.fromstring(_mathml(tex, display))


def unsupported(tex: str, display: bool) -> str | None:
    """Why a formula cannot be drawn as an equation, or None when it can (converted and drawn once)."""
    from .linear import linear_pieces
    from .omml import omml_of
    from .picture import picture_of

    try:
        _mathml(tex, display)
        picture_of(tex, display)
    except TexError as exc:
        return str(exc)
    try:  # what the deck writes of it, made once here so that drawing never meets a surprise
        omml_of(mathml_of(tex, display), 10.0, display=display)
        linear_pieces(tex)
    except Exception as exc:  # a gap in our own converters: the formula stays text, and is said
        return f"it cannot be written as an editable equation ({type(exc).__name__})"
    return None

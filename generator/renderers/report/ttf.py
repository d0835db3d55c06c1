"""reportlab's TrueType font, quicker where a long report spends its time, with the same results.

The report registers every theme font with reportlab as a :class:`Font`. reportlab does three
things character by character in Python (its C accelerator is a separate package, not installed
with it), and they were most of a long report's layout: measuring each word while breaking lines
(a 500-page report measures 300,000 words, nearly all of them seen before), giving each drawn
character its code in the embedded subset, and escaping those codes for the page's content.
Here a word's width is kept once measured, and a line whose characters all have a code in the
first subset is coded with one ``str.translate``; both give exactly what reportlab computes, and
anything else (a character seen for the first time, a second subset, a shaped string) is left to
reportlab itself.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["Font", "escape_pdf"]

_KEPT_WIDTHS = 100_000  # per font: a document's vocabulary in a few sizes is far less


class _Codes:
    """The codes one document's subset 0 has given characters, as a ``str.translate`` table."""

    __slots__ = ("known", "table")

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.table: dict[int, str] = {}


class Font(TTFont):
    """A TrueType font as reportlab registers it, measuring and coding text faster."""

    def __init__(self, name: str, filename: str, **kw: Any):
        super().__init__(name, filename, **kw)
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802 (reportlab's name)
        if type(text) is not str:  # bytes, or a shaped string, which reportlab measures its own way
            return super().stringWidth(text, size, encoding)
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            width = super().stringWidth(text, size, encoding)
            if len(self._widths) < _KEPT_WIDTHS:
                self._widths[key] = width
        return width

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        """The text as (subset, codes) pieces, as reportlab gives them. Its codes are fixed once
        given (per document), so a text of characters that all have one in subset 0 is coded
        from the table of those codes, in one call."""
        state = self.state.get(doc)
        codes: _Codes | None = getattr(state, "briefing_codes", None)
        if codes is not None and isinstance(text, str) and codes.known.issuperset(text):
            return [(0, text.translate(codes.table).encode("latin-1"))] if text else []
        pieces: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        if isinstance(text, str):
            self._learn(text, self.state[doc])
        return pieces

    @staticmethod
    def _learn(text: str, state: Any) -> None:
        # Kept on reportlab's state of the document, so that the table goes when the state does
        # (reportlab drops it once the fonts are written).
        codes: _Codes | None = getattr(state, "briefing_codes", None)
        if codes is None:
            codes = state.briefing_codes = _Codes()
        assignments: dict[int, int] = state.assignments
        for ch in set(text).difference(codes.known):
            n = assignments.get(32 if ch == "\xa0" else ord(ch))  # reportlab sets a no-break space as a space
            if n is not None and n < 256:  # a character without a glyph has no code: reportlab's way, always
                codes.known.add(ch)
                codes.table[ord(ch)] = chr(n)


# reportlab's escaping of a string in a page's content: octal for control and 8-bit codes, a
# backslash before the three characters a PDF string treats specially.
_ESCAPES = {c: f"\\{c:03o}" for c in (*range(32), *range(127, 256))} | {ord(c): "\\" + c for c in "\\()"}


def escape_pdf(codes: bytes) -> str:
    """``codes`` escaped as reportlab's ``escapePDF`` escapes them, in one call."""
    return codes.decode("latin-1").translate(_ESCAPES)

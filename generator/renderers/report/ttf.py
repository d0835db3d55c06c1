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

Reading a font file is the other cost: reportlab parses all of it in each process; the shipped
Chinese font (4.6 MB, 35,000 characters), which a report needs whenever some text is Chinese,
took a fifth of a second. What reportlab reads from a file is kept in the cache (docs/speed.md),
keyed by the file's bytes and reportlab's version, and a font is made from that when it is there.
"""

from __future__ import annotations

import base64
import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFStream, PDFStreamFilterBase85Encode, PDFZCompress
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from ... import cache

__all__ = ["Font", "escape_pdf", "quick_page_streams"]

_KEPT_WIDTHS = 100_000  # per font: a document's vocabulary in a few sizes is far less


class _Codes:
    """The codes one document's subset 0 has given characters, as a ``str.translate`` table."""

    __slots__ = ("ascii", "known", "table")

    def __init__(self, assignments: dict[int, int]) -> None:
        self.known: set[str] = set()
        self.table: dict[int, str] = {}
        # reportlab gives printable ASCII characters their own codes from the start (its "ASCII
        # readable" subsets), when the font has them all: then most text is its own codes.
        self.ascii = all(assignments.get(c) == c for c in range(32, 127))


class Font(TTFont):
    """A TrueType font as reportlab registers it, measuring and coding text faster."""

    def __init__(self, name: str, filename: str):
        # What TTFont.__init__ does, with the face read through the cache (a test holds the two
        # to the same attributes).
        self.fontName = name
        self.face = read_face(Path(filename))
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob or ())
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
        if codes is not None and isinstance(text, str):
            if codes.ascii and text.isascii() and text.isprintable():
                return [(0, text.encode("ascii"))] if text else []
            if codes.known.issuperset(text):
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
        assignments: dict[int, int] = state.assignments
        if codes is None:
            codes = state.briefing_codes = _Codes(assignments)
        for ch in set(text).difference(codes.known):
            n = assignments.get(32 if ch == "\xa0" else ord(ch))  # reportlab sets a no-break space as a space
            if n is not None and n < 256:  # a character without a glyph has no code: reportlab's way, always
                codes.known.add(ch)
                codes.table[ord(ch)] = chr(n)


def read_face(path: Path) -> TTFontFace:
    """The face reportlab reads from a TrueType file, from the cache when it is there."""
    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()}-{reportlab.Version}"
    with _collector_paused():
        found = cache.load("ttfaces", key)
    if isinstance(found, dict):
        names = found.pop("_names", {})
        face: TTFontFace = TTFontFace.__new__(TTFontFace)
        for name, (raw, text) in names.items():
            found[name] = TTFNameBytes(raw)
            found[name].ustr = text
        # Where it was read from is this file (reportlab keeps the name it was given).
        vars(face).update(found, filename=str(path), _ttf_data=data, _pdfScale=_scale(found["unitsPerEm"]))
        return face
    face = TTFontFace(str(path))
    kept = {k: v for k, v in vars(face).items() if k not in _NOT_KEPT}
    kept["_names"] = {k: (bytes(v), v.ustr) for k, v in kept.items() if isinstance(v, TTFNameBytes)}
    cache.store("ttfaces", key, {k: v for k, v in kept.items() if not isinstance(v, TTFNameBytes)})
    return face


_NOT_KEPT = {"filename", "_ttf_data", "_pdfScale"}  # where it was read from, and a function


def _scale(units_per_em: int) -> Any:
    """reportlab's scale from font units to thousandths of an em, as it makes it."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


@contextmanager
def _collector_paused() -> Iterator[None]:
    # A face is some 100,000 small lists, tuples and dicts, none of them in a cycle: unpickling
    # them with the cycle collector running took longer than unpickling itself.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# reportlab's escaping of a string in a page's content: octal for control and 8-bit codes, a
# backslash before the three characters a PDF string treats specially.
_ESCAPES = {c: f"\\{c:03o}" for c in (*range(32), *range(127, 256))} | {ord(c): "\\" + c for c in "\\()"}


def escape_pdf(codes: bytes) -> str:
    """``codes`` escaped as reportlab's ``escapePDF`` escapes them, in one call."""
    text = codes.decode("latin-1")
    if text.isascii() and text.isprintable() and "(" not in text and ")" not in text and "\\" not in text:
        return text  # most lines of text: nothing to escape
    return text.translate(_ESCAPES)


class _Base85(PDFStreamFilterBase85Encode):
    """reportlab's ASCII85 filter, encoding with the standard library's (same text, in C)."""

    def encode(self, text: Any) -> Any:
        if rl_config.wrapA85 or not isinstance(text, bytes):
            return super().encode(text)
        return base64.a85encode(text).decode("ascii") + "~>"


_BASE85 = _Base85()


def quick_page_streams(pages: list[Any]) -> None:
    """Give each page the content stream reportlab would when writing it (compressed, then in
    ASCII85), with a quicker ASCII85 encoder: reportlab's own, in Python, was a tenth of writing
    a long report."""
    if not rl_config.useA85:
        return
    for page in pages:
        if page.Contents or not page.stream or not page.compression or page.Override_default_compilation:
            continue  # reportlab's own way
        stream = PDFStream()
        stream.filters = [_BASE85, PDFZCompress]
        stream.content = page.stream
        stream.__Comment__ = "page stream"  # type: ignore[attr-defined]
        page.Contents = stream

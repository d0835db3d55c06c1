"""Runs of text as reportlab paragraph markup, and the numbering of the notes they cite.

The render stage of the report turns every run list of the document model (bold, links, code,
footnote marks) into reportlab's paragraph markup with :class:`Markup`. A footnote mark becomes
a linked superscript number: :class:`Citations` numbers each source once, in order of first
citation, and the endnotes (:mod:`.story`) list the sources in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from ...document import Inline, Span
from .fonts import Family, GlyphCheck, ReportFonts, chunks
from .styles import Styles, attr, css

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


@dataclass
class Citations:
    """Note numbers: each footnote label gets the next number when it is first cited."""

    numbers: dict[str, int] = field(default_factory=dict)  # label → its number, by first citation

    def cite(self, label: str) -> int:
        return self.numbers.setdefault(label, len(self.numbers) + 1)

    def expected(self, label: str) -> int:
        """The number a label has, or will get if it is cited next (to measure a mark before it is set)."""
        return self.numbers.get(label, len(self.numbers) + 1)

    def in_order(self) -> list[tuple[str, int]]:
        return sorted(self.numbers.items(), key=lambda kv: kv[1])


class Markup:
    """Paragraph markup for plain text and for runs, in the theme's fonts."""

    def __init__(self, fonts: ReportFonts, styles: Styles, glyphs: GlyphCheck, citations: Citations):
        self.fonts = fonts
        self.styles = styles
        self.glyphs = glyphs
        self.citations = citations

    def text(self, text: str, *, heading: bool = False, code: bool = False) -> str:
        """Plain text as paragraph markup, with characters the font lacks set in the fallback font."""
        family = self.fonts.mono if code else self.fonts.heading if heading else self.fonts.body
        out = []
        for piece, missing in chunks(text, family):
            if not missing:
                out.append(escape(piece))
                continue
            fallback = self.fonts.fallback  # registered here, when text first needs it
            have = "".join(ch for ch in piece if fallback.has(ch))
            if len(have) == len(piece):
                out.append(f'<font face="{fallback.regular}">{escape(piece)}</font>')
                continue
            self.glyphs.missing(piece, fallback)
            out.append(escape(piece))
        return "".join(out)

    def spans(self, spans: Inline, *, heading: bool = False, on_dark: bool = False) -> str:
        """Runs of text as reportlab paragraph markup; footnote marks become linked superscript numbers."""
        out: list[str] = []
        link_color = css(self.styles.white if on_dark else self.styles.secondary)
        marks: list[int] = []
        for span in [*spans, Span("")]:
            if span.footnote is not None:
                marks.append(self.citations.cite(span.footnote))
                continue
            if marks:
                out.append(_marks(marks, link_color))
                marks = []
            if span.line_break:
                out.append("<br/>")
                continue
            text = self._linked(span.text, heading=heading and not span.code, code=span.code,
                                link=span.link is None, color=link_color)
            if span.code:
                text = f'<font face="{self.fonts.mono.regular}">{text}</font>'
            if span.bold:
                text = f"<b>{text}</b>"
            if span.italic:
                text = f"<i>{text}</i>"
            if span.strike:
                text = f"<strike>{text}</strike>"
            if span.script:  # reportlab's <super>/<sub> set the run smaller, raised or lowered
                text = f"<{span.script}>{text}</{span.script}>"
            if span.link:
                text = f'<a href="{attr(span.link)}" color="{link_color}">{text}</a>'
            out.append(text)
        return "".join(out)

    def width(self, spans: Inline, size: float, bold: bool = False) -> float:
        """How wide runs are set on one line at ``size``, note marks included."""
        total = 0.0
        for span in spans:
            if span.footnote is not None:
                label = str(self.citations.expected(span.footnote))
                total += pdfmetrics.stringWidth(label + ",", self.fonts.body.regular, size * 0.62)
                continue
            family = self.fonts.mono if span.code else self.fonts.body
            for text, fallback in chunks(span.text, family):
                fam: Family = self.fonts.fallback if fallback else family
                total += pdfmetrics.stringWidth(text, fam.name(bold or span.bold, span.italic), size)
        return total

    def _linked(self, text: str, *, heading: bool, code: bool, link: bool, color: str) -> str:
        """Web addresses written out in the text become links, as a reader of the PDF expects."""
        if not link:
            return self.text(text, heading=heading, code=code)
        out = []
        pos = 0
        for m in _URL.finditer(text):
            out.append(self.text(text[pos:m.start()], heading=heading, code=code))
            url = m.group(0)
            out.append(f'<a href="{attr(url)}" color="{color}">{self.text(url, heading=heading, code=code)}</a>')
            pos = m.end()
        out.append(self.text(text[pos:], heading=heading, code=code))
        return "".join(out)


def _marks(numbers: list[int], color: str) -> str:
    """Neighbouring note marks in order, runs of three or more as a range: 3,5–8."""
    def link(n: int) -> str:
        return f'<a href="#note-{n}" color="{color}">{n}</a>'

    parts: list[str] = []
    ordered = sorted(set(numbers))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{link(ordered[i])}–{link(ordered[j])}")
        else:
            parts += [link(n) for n in ordered[i:j + 1]]
        i = j + 1
    return f'<super size="62%" rise="42%">{",".join(parts)}</super>'


def curly_quotes(spans: Inline) -> Inline:
    """Straight double quotes as typographic ones: opening after a space or an opening bracket,
    closing elsewhere. A note quotes a source's title, and a title that is itself a quotation
    comes with the straight quotes it was typed with, while the others get curly ones."""
    out: Inline = []
    before = " "
    for span in spans:
        if span.code or span.footnote is not None or '"' not in span.text:
            out.append(span)
            before = span.text[-1:] or before
            continue
        chars = []
        for ch in span.text:
            if ch == '"':
                ch = "“" if before.isspace() or before in "([{/–—" else "”"
            chars.append(ch)
            before = ch
        out.append(replace(span, text="".join(chars)))
    return out

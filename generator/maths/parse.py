"""Maths at the parse stage: a ``$…$`` becomes a span that can be drawn, or text with a warning.

:mod:`generator.markdown` hands every formula here. One the converters accept keeps its TeX on
the span (``Span.math``) and reads as its text (:func:`generator.texmath.tex_text`) wherever an
output cannot draw it; one they refuse is said at its line and column and stays that text. A
``$$…$$`` standing in a paragraph is display maths: the paragraph is cut around it, so that the
equation is a block of its own (:class:`~generator.document.Equation`), as pandoc's writers set it.
"""

from __future__ import annotations

from dataclasses import replace

from ..document import Block, Equation, Inline, Paragraph, Span
from ..errors import Problems
from ..texmath import tex_text
from .tex import unsupported


def column_of(tex: str, source: list[str], line: int) -> tuple[int, int]:
    """Line and column of the ``$`` that opens ``tex`` at or after ``line`` (1 if it is not found)."""
    first = tex.split("\n", 1)[0]
    for number in range(max(line, 1), min(line + 40, len(source)) + 1):
        at = source[number - 1].find("$" + first)
        if at >= 0:
            return number, at + 1
    return line, 1


def maths_span(tex: str, display: bool, problems: Problems, path: str, line: int, source: list[str],
               bold: bool = False, strike: bool = False, link: str | None = None) -> Span:
    """The span of one formula: drawable maths, or its text after a warning at its column."""
    text = tex_text(tex)
    # Display maths outside a paragraph of its own (in a list item, a table cell) is set inline:
    # a `$$…$$` must be drawable both ways.
    why = unsupported(tex.strip(), False) or (unsupported(tex.strip(), True) if display else None)
    if why is None:
        return Span(text, bold, True, False, strike, link, math=tex.strip())
    at_line, col = column_of(tex, source, line)
    shown = " ".join(tex.split())
    problems.warn(path, at_line, col, f"the maths '{shown[:60]}' cannot be drawn as an equation ({why}); "
                  f"it is shown as the text '{text[:40]}'. Write it in the TeX that docs/markdown.md lists "
                  "under Maths")
    return Span(text, bold, True, False, strike, link)


def split_display(spans: Inline, display: list[Span], line: int) -> list[Block]:
    """A paragraph's runs cut around its display formulas: paragraphs and equations in turn."""
    out: list[Block] = []
    part: Inline = []
    for span in spans:
        if any(span is d for d in display) and span.math is not None:
            if any(s.text.strip() or s.footnote for s in part):
                out.append(Paragraph(_trim(part), line))
            part = []
            out.append(Equation(span.math, span.text, line))
        else:
            part.append(span)
    if any(s.text.strip() or s.footnote for s in part):
        out.append(Paragraph(_trim(part), line))
    return out


def _trim(spans: Inline) -> Inline:
    """Without the spaces (and line breaks) that stood between the text and the equation."""
    spans = list(spans)
    while spans and (spans[0].line_break or (not spans[0].text.strip() and spans[0].footnote is None)):
        spans.pop(0)
    while spans and (spans[-1].line_break or (not spans[-1].text.strip() and spans[-1].footnote is None)):
        spans.pop()
    if spans and spans[0].math is None and spans[0].footnote is None:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip())
    if spans and spans[-1].math is None and spans[-1].footnote is None:
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip())
    return spans

"""Runs of text for the parse stage: formatting merged, trimmed, and set by inline HTML tags;
code blocks with pandoc's fence attributes. :mod:`generator.markdown` builds spans with these."""

from __future__ import annotations

import re
from dataclasses import replace

from .divs import classes, parse_attrs
from .document import CodeBlock, Inline, Span

HTML_FORMAT = re.compile(r"<(/?)(sup|sub|b|strong|i|em|s|del|strike|mark)\s*>", re.I)
HTML_STYLE = {"sup": "super", "sub": "sub", "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
               "s": "strike", "del": "strike", "strike": "strike", "mark": "bold"}


def html_styled(span: Span, html: dict[str, bool]) -> Span:
    if span.line_break or span.footnote is not None:
        return span
    script = "super" if html.get("super") else "sub" if html.get("sub") else span.script
    return replace(span, bold=span.bold or html.get("bold", False), italic=span.italic or html.get("italic", False),
                   strike=span.strike or html.get("strike", False), script=script)


_LINE_NUMBER_CLASSES = ("numberlines", "number-lines")


def code_block(text: str, line: int, info: str) -> CodeBlock:
    """A code block with pandoc's fence attributes: ```` ```python ````, ```` ```{.python .numberLines
    startFrom="5"} ```` or ```` ```python {.numberLines} ````; other classes and keys are ignored."""
    word, _, rest = info.partition(" ") if not info.startswith("{") else ("", "", info)
    attrs = parse_attrs(rest.strip().strip("{}")) if rest.strip().startswith("{") else {}
    names = [c for c in classes(attrs) if c.lower() not in (*_LINE_NUMBER_CLASSES, "sourcecode", "code")]
    language = (word or (names[0] if names else "")).lower()
    numbered = any(c.lower() in _LINE_NUMBER_CLASSES for c in classes(attrs))
    start = attrs.get("startFrom", "1")
    return CodeBlock(text, line, language, numbered, int(start) if start.isdigit() else 1)


def merge(spans: Inline) -> Inline:
    """Join neighbouring spans with the same formatting, so renderers write fewer runs."""
    out: Inline = []
    for s in spans:
        if s.text == "" and not s.line_break and s.footnote is None:
            continue
        if out and not s.line_break and not out[-1].line_break and s.footnote is None \
                and out[-1].footnote is None and s.math is None and out[-1].math is None \
                and (s.bold, s.italic, s.code, s.strike, s.link, s.script) == \
                (out[-1].bold, out[-1].italic, out[-1].code, out[-1].strike, out[-1].link, out[-1].script):
            prev = out.pop()
            s = replace(s, text=prev.text + s.text)
        out.append(s)
    return out


def strip(spans: Inline) -> Inline:
    if spans and spans[0].text and not spans[0].line_break:
        first = spans[0]
        spans = [replace(first, text=first.text.lstrip()), *spans[1:]]
    if spans and spans[-1].text and not spans[-1].line_break:
        last = spans[-1]
        spans = [*spans[:-1], replace(last, text=last.text.rstrip())]
    return [s for s in spans if s.text or s.line_break or s.footnote]

"""Syntax highlighting for code blocks, in the theme's colours, for both outputs.

Code is split into tokens by Pygments (the highlighter pandoc's own styles were modelled on, and
a dependency of the progress display already); each token gets a *role* (keyword, string,
comment …) that each renderer colours from the theme, made readable on the code box's fill.
Nothing here imports python-pptx or reportlab.
"""

from __future__ import annotations

import functools
from typing import Any

from .document import CodeBlock, Span
from .figures.rules import readable

# Token roles, and which theme colour each takes (text is the theme's body text colour).
ROLES = ("keyword", "string", "comment", "number", "name", "builtin", "lineno")
_COLOUR_OF = {"keyword": "primary", "string": "secondary", "comment": "muted", "number": "accent",
              "name": "primary", "builtin": "secondary", "lineno": "muted"}


@functools.lru_cache(maxsize=64)
def _lexer(language: str) -> Any:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _role(token: Any) -> str:
    from pygments import token as t

    if token in t.Comment:
        return "comment"
    if token in t.String:
        return "string"
    if token in t.Number:
        return "number"
    if token in t.Keyword or token in t.Operator.Word:
        return "keyword"
    if token in t.Name.Builtin:
        return "builtin"
    if token in t.Name.Function or token in t.Name.Class or token in t.Name.Decorator or token in t.Name.Tag:
        return "name"
    return ""


def number_width(block: CodeBlock) -> int:
    """Digits of the last line number of a numbered block, 0 for one without numbers."""
    return len(str(block.start + block.text.count("\n"))) if block.numbered else 0


def code_lines(block: CodeBlock) -> list[list[Span]]:
    """The block's lines as runs, each token with its role, line numbers first when asked for."""
    lexer = _lexer(block.language) if block.language else None
    lines: list[list[Span]] = [[]]
    if lexer is None:
        lines = [[Span(line, code=True)] if line else [] for line in block.text.split("\n")]
    else:
        for token, value in lexer.get_tokens(block.text):
            role = _role(token)
            for k, part in enumerate(value.split("\n")):
                if k:
                    lines.append([])
                if part and lines[-1] and lines[-1][-1].token == role:  # one run per stretch of a role
                    lines[-1][-1] = Span(lines[-1][-1].text + part, code=True, token=role)
                elif part:
                    lines[-1].append(Span(part, code=True, token=role))
        while len(lines) > block.text.count("\n") + 1 and not lines[-1]:
            lines.pop()  # the lexer's own final newline
    width = number_width(block)
    if width:
        lines = [[Span(f"{block.start + k:>{width}}  ", code=True, token="lineno"), *line]
                 for k, line in enumerate(lines)]
    return lines


def token_colours(colors: Any, background: str) -> dict[str, str]:
    """Each role's colour: the theme's, or the nearest shade of it readable (4.5:1) on ``background``."""
    return {role: readable(getattr(colors, _COLOUR_OF[role]), background, 4.5) for role in ROLES}

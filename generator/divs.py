"""Pandoc's fenced divs for the parse stage: a markdown-it block rule and the attribute reader.

:mod:`generator.markdown` installs :func:`divs_plugin`; it turns ``::: {.class #id key=val}`` …
``:::`` into ``div_open``/``div_close`` tokens whose ``meta["attrs"]`` holds the attributes, by
pandoc's rules: an opening fence is three or more colons followed by attributes in braces or a
bare word (and optionally more colons); a closing fence is three or more colons alone, however
many the opening had; divs nest, and a closing fence closes the innermost open one. An opening
fence that is never closed is not a div: its line is recorded in ``env["divs_unclosed"]`` so that
the parser can report it, and a stray closing fence in ``env["divs_stray"]``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_OPEN = re.compile(r"^:{3,}[ \t]*(?:\{([^{}]*)\}|([\w][\w.-]*))[ \t]*:*[ \t]*$")
_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")
_ATTR = re.compile(r'\s*(?:([A-Za-z_][\w:-]*)=(?:"([^"]*)"|\'([^\']*)\'|([^\s"\']+))|#([\w:.-]+)|\.([\w:-]+))')


def parse_attrs(text: str) -> dict[str, str]:
    """Pandoc attributes (``#id .class key=val key="a value"``) as a mapping; classes joined by spaces."""
    attrs: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        key, dq, sq, bare, ident, cls = m.groups()
        if key:
            attrs[key] = dq if dq is not None else sq if sq is not None else bare
        elif ident:
            attrs["id"] = ident
        elif cls:
            attrs["class"] = (attrs.get("class", "") + " " + cls).strip()
    return attrs


def classes(attrs: dict[str, str]) -> list[str]:
    return attrs.get("class", "").split()


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _end_of(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the fence that closes the div opened at ``start``, or None when none does."""
    depth = 1
    fence: str | None = None
    for line in range(start + 1, end):
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        text = _text(state, line)
        code = _CODE_FENCE.match(text)
        if fence is not None:
            if code and code.group(1)[0] == fence[0] and len(code.group(1)) >= len(fence) \
                    and not text[len(code.group(1)):].strip():
                fence = None
            continue
        if code:
            fence = code.group(1)
        elif _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                return line
        elif _OPEN.match(text):
            depth += 1
    return None


def _div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = _text(state, start)
    if not text.startswith(":::"):
        return False
    opening = _OPEN.match(text)
    if opening is None:
        if _CLOSE.match(text):
            if silent:
                return True
            # A closing fence with nothing open: pandoc prints it; we drop it and say so.
            state.env.setdefault("divs_stray", []).append(start)
            token = state.push("div_stray", "", 0)
            token.map = [start, start + 1]
            state.line = start + 1
            return True
        return False
    close = _end_of(state, start, end)
    if close is None:
        state.env.setdefault("divs_unclosed", []).append(start)
        return False
    if silent:
        return True
    attrs = parse_attrs(opening.group(1)) if opening.group(1) is not None else {"class": opening.group(2)}
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = close  # no lazy continuation runs past the closing fence
    token = state.push("div_open", "div", 1)
    token.block = True
    token.map = [start, close + 1]
    token.meta = {"attrs": attrs}
    state.md.block.tokenize(state, start + 1, close)
    token = state.push("div_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = close + 1
    return True


def divs_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "pandoc_div", _div, {"alt": ["paragraph", "reference", "blockquote", "list"]})

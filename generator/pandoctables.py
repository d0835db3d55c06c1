"""Pandoc's simple and multiline tables and table captions for the parse stage: markdown-it rules
making the same tokens as a pipe table, so :mod:`generator.markdown` reads every table alike.

A simple table is a header line over a line of dash groups, one group a column, its rows one a
line up to a blank line; a multiline table is framed by lines of dashes, its rows separated by
blank lines, each row's lines joined. Either may leave out its header (then it starts and ends with
the dash groups). A header flush with its dashes on the right only is right-aligned, on the left
only left-aligned, on neither side centred. A multiline table's dash groups give the columns'
relative widths. A ``Table: caption`` or ``: caption`` paragraph next to any table becomes its
caption; ``{tbl-colwidths="[25,75]"}`` at the caption's end sets the widths, as in Quarto.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_DASHES = re.compile(r"^-+(?: +-+)*\s*$")
_SOLID = re.compile(r"^-+\s*$")
_CAPTION = re.compile(r"^(?:Table)?:\s+")
_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_COLWIDTHS = re.compile(r"""tbl-colwidths\s*=\s*["']?(\[[^\]]*\])["']?""")


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line]:state.eMarks[line]]


def _blank(state: StateBlock, line: int, end: int) -> bool:
    return line >= end or state.isEmpty(line)


def _columns(rule: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]


def _cell(line: str, columns: list[tuple[int, int]], k: int) -> str:
    start = columns[k][0] if k else 0
    stop = columns[k + 1][0] if k + 1 < len(columns) else len(line)
    return line[start:stop].strip()


def _align(line: str, columns: list[tuple[int, int]]) -> list[str | None]:
    out: list[str | None] = []
    for k, (a, b) in enumerate(columns):
        start = a if k == 0 else columns[k][0]
        stop = columns[k + 1][0] if k + 1 < len(columns) else len(line)
        part = line[start:stop]
        if not part.strip():
            out.append(None)
            continue
        first = start + len(part) - len(part.lstrip())
        last = start + len(part.rstrip())
        left, right = first <= a, last >= b
        out.append(None if left and right else "right" if right else "left" if left else "center")
    return out


def push_table(state: StateBlock, start: int, stop: int, head: list[list[str]], body: list[list[str]],
               align: list[str | None], widths: list[float] | None,
               merges: list[tuple[int, int, int, int]] | None = None) -> None:
    """The tokens of a pipe table with these header rows and body rows, each a list of cell texts;
    the widths (fractions of the whole), the alignment and the merged cells (row, column, rows,
    columns, header rows first) ride in the table token's meta."""
    token = state.push("table_open", "table", 1)
    token.map = [start, stop]
    token.meta = {"align": align, **({"widths": widths} if widths else {}),  # align: for headerless tables
                  **({"merges": merges} if merges else {})}
    sections = [("thead", head, "th"), ("tbody", body, "td")]
    for section, section_rows, tag in sections:
        if not section_rows:
            continue
        state.push(f"{section}_open", section, 1)
        for row in section_rows:
            state.push("tr_open", "tr", 1)
            for k, text in enumerate(row):
                cell = state.push(f"{tag}_open", tag, 1)
                if k < len(align) and align[k]:
                    cell.attrs = {"style": f"text-align:{align[k]}"}
                inline = state.push("inline", "", 0)
                inline.content = text
                inline.map = [start, stop]
                inline.children = []
                state.push(f"{tag}_close", tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
    state.line = stop


def _joined(lines: list[str], columns: list[tuple[int, int]]) -> list[str]:
    return [" ".join(p for p in (_cell(text, columns, k) for text in lines) if p) for k in range(len(columns))]


def _simple(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A simple table with its header line, or a headerless one framed by dash groups."""
    if start + 1 >= end:
        return False
    first = _text(state, start).rstrip()
    headed = not _DASHES.match(first)
    # The dashes must not be indented code; a header over them may be, centred over its column
    # (`            Optimality Conditions` over a wide second column), as pandoc reads it.
    if state.sCount[start + 1 if headed else start] - state.blkIndent >= 4:
        return False
    rule = _text(state, start + 1).rstrip() if headed else first
    if not _DASHES.match(rule):  # most lines: tried before the columns are looked for
        return False
    columns = _columns(rule)
    if len(columns) < 2 or (headed and _blank(state, start, end)):
        return False
    line = start + 2 if headed else start + 1
    body: list[str] = []
    while not _blank(state, line, end) and not _DASHES.match(_text(state, line).rstrip()):
        body.append(_text(state, line).rstrip())
        line += 1
    if not headed:  # a headerless table ends with its dash groups and a blank line
        if _blank(state, line, end) or not _blank(state, line + 1, end) or not body:
            return False
        line += 1
    elif not body:
        return False
    if silent:
        return True
    header = [[_cell(first, columns, k) for k in range(len(columns))]] if headed else []
    align = _align(first if headed else body[0], columns)
    push_table(state, start, line, header, [[_cell(t, columns, k) for k in range(len(columns))] for t in body],
          align, None)
    return True


def _multiline(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A multiline table: a line of dashes, header lines, dash groups, rows apart, a closing line."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _text(state, start).rstrip()
    if not _DASHES.match(first):
        return False
    line = start + 1
    header_lines: list[str] = []
    if _SOLID.match(first):  # with a header: its lines up to the dash groups
        while not _blank(state, line, end) and not _DASHES.match(_text(state, line).rstrip()):
            header_lines.append(_text(state, line).rstrip())
            line += 1
        if not header_lines or _blank(state, line, end):
            return False
        rule = _text(state, line).rstrip()
        line += 1
    else:
        rule = first
    columns = _columns(rule)
    rows: list[list[str]] = [[]]
    gaps = 0
    while True:
        if line >= end:
            return False
        if state.isEmpty(line):
            gaps += 1
            if rows[-1]:
                rows.append([])
            line += 1
            continue
        text = _text(state, line).rstrip()
        if _DASHES.match(text):
            break
        rows[-1].append(text)
        line += 1
    rows = [r for r in rows if r]
    if not rows or not _blank(state, line + 1, end) or (not header_lines and gaps == 0) \
            or (header_lines and len(columns) < 1):
        return False
    if silent:
        return True
    # As pandoc measures: a column reaches to the next one's dashes, the last one a character past its own.
    spans = [(columns[k + 1][0] if k + 1 < len(columns) else b + 1) - a for k, (a, b) in enumerate(columns)]
    widths = [s / sum(spans) for s in spans]
    align = _align(header_lines[0] if header_lines else rows[0][0], columns)
    header = [_joined(header_lines, columns)] if header_lines else []
    push_table(state, start, line + 1, header, [_joined(r, columns) for r in rows], align, widths)
    return True


def _caption_at(tokens: list[Token], k: int) -> bool:
    return k >= 0 and k + 2 < len(tokens) and tokens[k].type == "paragraph_open" \
        and bool(_CAPTION.match(tokens[k + 1].content))


def _captions(state: StateCore) -> None:
    """Move a caption paragraph just after (or else just before) a table into the table's token."""
    tokens = state.tokens
    k = 0
    while k < len(tokens):
        if tokens[k].type != "table_open":
            k += 1
            continue
        level = tokens[k].level  # a table in a div or a column is deeper than the page
        close = next(j for j in range(k, len(tokens)) if tokens[j].type == "table_close" and tokens[j].level == level)
        table = tokens[k]
        if _caption_at(tokens, close + 1):
            _take(table, tokens[close + 2])
            del tokens[close + 1:close + 4]
        elif _caption_at(tokens, k - 3):
            _take(table, tokens[k - 2])
            del tokens[k - 3:k]
            k -= 3
        k += 1


def _take(table: Token, inline: Token) -> None:
    children = [c for c in (inline.children or [])]
    if children and children[0].type == "text":
        children[0].content = _CAPTION.sub("", children[0].content, count=1)
    meta: dict[str, Any] = dict(table.meta or {})
    if children and children[-1].type == "text":
        attrs = _ATTRS.search(children[-1].content)
        if attrs:
            children[-1].content = children[-1].content[:attrs.start()]
            given = _COLWIDTHS.search(attrs.group(1))
            if given:
                try:
                    widths = [float(w) for w in json.loads(given.group(1))]
                except (ValueError, TypeError):
                    widths = []
                if widths and all(w > 0 for w in widths):
                    meta["widths"] = [w / sum(widths) for w in widths]
    meta["caption"] = children
    table.meta = meta


def pandoc_tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "multiline_table", _multiline, {"alt": ["paragraph"]})
    md.block.ruler.before("table", "simple_table", _simple, {"alt": ["paragraph"]})
    md.core.ruler.push("table_captions", _captions)

"""Pandoc's grid tables for the parse stage: a markdown-it block rule making the same tokens as a
pipe table, so :mod:`generator.markdown` reads both alike.

A grid table is drawn with ``+---+---+`` rules and ``|`` between cells; a ``+===+`` rule ends the
header rows, and colons in it (or in the first rule) set each column's alignment. A cell's lines
are joined into one paragraph, and the columns' dashes set their relative widths. Cells spanning
columns are not read (pandoc 2.17 has none either).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .pandoctables import push_table

_RULE = re.compile(r"^\+(?:[-=:]+\+)+\s*$")
_ROW = re.compile(r"^\|.*\|\s*$")


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _align(rule: str, cuts: list[int]) -> list[str | None]:
    out: list[str | None] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        part = rule[a + 1:b]
        left, right = part.startswith(":"), part.endswith(":")
        out.append("center" if left and right else "right" if right else "left" if left else None)
    return out


def _grid(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _text(state, start).rstrip()
    if not _RULE.match(first) or "=" in first:
        return False
    cuts = [k for k, ch in enumerate(first) if ch == "+"]
    rows: list[list[str]] = []  # the lines of each row, one after another
    header_rows = 0
    align = _align(first, cuts)
    line = start + 1
    current: list[str] = []
    while line < end:
        text = _text(state, line).rstrip()
        if _RULE.match(text):
            if current:
                rows.append(current)
                current = []
            if "=" in text:
                header_rows = len(rows)
                align = _align(text, cuts) if ":" in text else align
            line += 1
            continue
        if not _ROW.match(text):
            break
        current.append(text)
        line += 1
    if current or not rows:  # not closed by a rule: not a grid table
        return False
    if silent:
        return True
    cells = [[" ".join(part[a + 1:b].strip() for part in row if len(part) > a).strip()
              for a, b in zip(cuts, cuts[1:], strict=False)] for row in rows]
    spans = [b - a for a, b in zip(cuts, cuts[1:], strict=False)]  # the dashes give relative widths, as in pandoc
    push_table(state, start, line, cells[:header_rows], cells[header_rows:], align, [w / sum(spans) for w in spans])
    return True


def grid_tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "grid_table", _grid, {"alt": ["paragraph"]})

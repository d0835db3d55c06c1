"""Pandoc's grid tables for the parse stage: a markdown-it block rule making the same tokens as a
pipe table, so :mod:`generator.markdown` reads both alike.

A grid table is drawn with ``+---+---+`` rules and ``|`` between cells; a ``+===+`` rule ends the
header rows, and colons in it (or in the first rule) set each column's alignment. A cell's lines
are joined into one paragraph. Cells spanning columns are not read (pandoc 2.17 has none either).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

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
    token = state.push("table_open", "table", 1)
    token.map = [start, line]
    sections = [("thead", rows[:header_rows], "th"), ("tbody", rows[header_rows:], "td")]
    for section, section_rows, cell_tag in sections:
        if not section_rows:
            continue
        state.push(f"{section}_open", section, 1)
        for row in section_rows:
            state.push("tr_open", "tr", 1)
            for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
                cell = state.push(f"{cell_tag}_open", cell_tag, 1)
                if k < len(align) and align[k]:
                    cell.attrs = {"style": f"text-align:{align[k]}"}
                inline = state.push("inline", "", 0)
                inline.content = " ".join(part[a + 1:b].strip() for part in row if len(part) > a).strip()
                inline.map = [start, line]
                inline.children = []
                state.push(f"{cell_tag}_close", cell_tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
    state.line = line
    return True


def grid_tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "grid_table", _grid, {"alt": ["paragraph"]})

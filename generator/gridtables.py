"""Pandoc's grid tables for the parse stage: a markdown-it block rule making the same tokens as a
pipe table, so :mod:`generator.markdown` reads both alike.

A grid table is drawn with ``+---+---+`` rules and ``|`` between cells; a ``+===+`` rule ends the
header rows, and colons in it (or in the first rule) set each column's alignment. A cell's lines
are joined into one paragraph, and the columns' dashes set their relative widths. A cell spans
columns where no ``|`` parts them, and rows where no rule runs under it (pandoc 3's syntax):

    +---------+-------------------+
    | Edition | Deals             |
    |         +---------+---------+
    |         | Intended| Signed  |
    +=========+=========+=========+

The table is read as a grid of corners: every ``+`` where a rule meets a border is a corner, the
columns are cut at every corner's position and the rows at every rule line, and each cell is
traced from its top-left corner right to the first border and down to the first rule under it.
The merged cells ride in the table token's meta (``merges``: row, column, rows, columns).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .pandoctables import push_table

_RULE = re.compile(r"^\+(?:[-=:]+\+)+\s*$")
_LINE = re.compile(r"^[+|].*[+|]\s*$")
_RULE_CHARS = set("-=:")


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _corners(lines: list[str]) -> set[tuple[int, int]]:
    """Every ``+`` that a rule runs into: a ``+`` inside a cell's text ("C++") is none."""
    out = set()
    for i, text in enumerate(lines):
        for c, ch in enumerate(text):
            if ch == "+" and ((c + 1 < len(text) and text[c + 1] in _RULE_CHARS) or (c and text[c - 1] in _RULE_CHARS)):
                out.add((i, c))
    return out


def _align(rule: str, cols: list[int]) -> list[str | None]:
    out: list[str | None] = []
    for a, b in zip(cols, cols[1:], strict=False):
        part = rule[a + 1:b]
        left, right = part.startswith(":"), part.endswith(":")
        out.append("center" if left and right else "right" if right else "left" if left else None)
    return out


def _rule_under(part: str) -> bool:
    """Whether this part of a line is a rule (crossing corners of narrower cells below, maybe)."""
    return bool(part) and set(part) <= _RULE_CHARS | {"+"} and part[0] != "+" and part[-1] != "+"


Cell = tuple[int, int, int, int, str]  # row, column, rows spanned, columns spanned, text


def _cells(lines: list[str], rows: list[int], cols: list[int]) -> list[Cell] | None:
    """Trace each cell from its top-left corner; None when the drawing is not a grid."""
    taken = [[False] * (len(cols) - 1) for _ in range(len(rows) - 1)]
    cells: list[Cell] = []
    for ri in range(len(rows) - 1):
        for ci in range(len(cols) - 1):
            if taken[ri][ci]:
                continue
            top, left = rows[ri], cols[ci]
            below = lines[top + 1]
            cj = next((j for j in range(ci + 1, len(cols)) if below[cols[j]] in "|+"), None)
            if cj is None:
                return None
            right = cols[cj]
            rj = next((j for j in range(ri + 1, len(rows))
                       if _rule_under(lines[rows[j]][left + 1:right])), None)
            if rj is None or any(taken[r][c] for r in range(ri, rj) for c in range(ci, cj)):
                return None
            for r in range(ri, rj):
                for c in range(ci, cj):
                    taken[r][c] = True
            text = " ".join(p for p in (lines[k][left + 1:right].strip() for k in range(top + 1, rows[rj])) if p)
            cells.append((ri, ci, rj - ri, cj - ci, text))
    return cells


def _grid(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _text(state, start).rstrip()
    if not _RULE.match(first) or "=" in first:
        return False
    line = start + 1
    while line < end and _LINE.match(_text(state, line).rstrip()):
        line += 1
    while line - 1 > start and not _RULE.match(_text(state, line - 1).rstrip()):
        line -= 1  # the table ends with its last full rule
    if line - 1 <= start:
        return False
    width = max(len(_text(state, k).rstrip()) for k in range(start, line))
    lines = [_text(state, k).rstrip().ljust(width) for k in range(start, line)]
    corners = _corners(lines)
    rows = sorted({i for i, _ in corners})
    cols = sorted({c for _, c in corners})
    # Every line ends at the right border: one that does not is a drawing pandoc would not read either.
    aligned = len(cols) > 1 and all(len(text.rstrip()) - 1 == cols[-1] for text in lines)
    cells = _cells(lines, rows, cols) if len(rows) > 1 and aligned else None
    if cells is None:
        return False
    if silent:
        return True
    heads = [k for k, i in enumerate(rows[:-1]) if k and "=" in lines[i]]  # pandoc 3's foot rule is not a header
    header_rows = heads[0] if heads else 0
    align = _align(lines[rows[header_rows]] if heads and ":" in lines[rows[header_rows]] else first, cols)
    table = [[""] * (len(cols) - 1) for _ in range(len(rows) - 1)]
    merges: list[tuple[int, int, int, int]] = []
    for r, c, down, across, text in cells:
        table[r][c] = text
        if down > 1 or across > 1:
            merges.append((r, c, down, across))
    spans = [b - a for a, b in zip(cols, cols[1:], strict=False)]  # the dashes give relative widths, as in pandoc
    push_table(state, start, line, table[:header_rows], table[header_rows:], align, [w / sum(spans) for w in spans],
               merges)
    return True


def grid_tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "grid_table", _grid, {"alt": ["paragraph"]})

"""Table rules both renderers follow: a column of figures aligns right, as in a spreadsheet."""

from __future__ import annotations

import re

from ..document import Inline, Table, plain

# A table cell that reads as a figure: "3,617", "US$83.49 bn", "over 2,900", "+4.3%".
_NUMBER = re.compile(
    r"^(?:(?:about|over|nearly|under|some|around|almost|up to|c\.)\s+)?[~≈<>+\-−]?\s*(?:US\$|[$€£¥])?\s*"
    r"\d[\d.,]*\s*(?:%|bn|m|k|tn|sq m|m²|[A-Za-z]{0,3})?$", re.IGNORECASE)
_NO_FIGURE = {"–", "—", "-", "n/a", "", "…"}


def table_rows(table: Table) -> list[list[Inline]]:
    """The rows drawn, the header rows first when the table has them (pandoc's may have none)."""
    return [table.header, *table.subheader, *table.rows] if table.header else list(table.rows)


def header_count(table: Table) -> int:
    """How many of the rows drawn are header rows."""
    return 1 + len(table.subheader) if table.header else 0


def spans_of(table: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Each cell of the rows drawn that spans others: (row, column) → (rows, columns) it covers."""
    return {(r, c): (down, across) for r, c, down, across in table.merged}


def body_cuts(table: Table) -> list[int]:
    """Where the body may be cut (indices of body rows that start a group): never through a cell
    spanning rows, so the rows it spans stay together on a slide or page and share a band."""
    heads = header_count(table)
    return [k for k in range(len(table.rows))
            if not any(heads <= r < heads + k < r + down for r, _, down, _ in table.merged)]


def bands(table: Table) -> list[bool]:
    """Per body row: whether it is shaded (every other row, or every other group of rows tied by a
    cell spanning them, so the band does not change under that cell)."""
    starts = set(body_cuts(table))
    out: list[bool] = []
    group = -1
    for k in range(len(table.rows)):
        group += k in starts
        out.append(group % 2 == 1)
    return out


def covered(table: Table) -> set[tuple[int, int]]:
    """The cells hidden under a merged cell (the merged cell itself not included)."""
    return {(r + i, c + j) for r, c, down, across in table.merged for i in range(down) for j in range(across)
            if i or j}


def given_widths(table: Table, ncols: int, width: float) -> list[float] | None:
    """The column widths in points the Markdown gave (dashes, `tbl-colwidths`), or None to measure."""
    if len(table.widths) != ncols:
        return None
    return [w * width for w in table.widths]


def is_numeric_column(table: Table, c: int) -> bool:
    """Whether column ``c`` holds figures (dashes for missing ones allowed): such columns align right."""
    values = [plain(row[c]).strip() for row in table.rows if c < len(row)]
    figures = [v for v in values if v not in _NO_FIGURE]
    return bool(figures) and all(_NUMBER.match(v) for v in figures)

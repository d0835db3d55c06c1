"""Tables in the report: column widths that fit the page, and tables that break only between rows.

The render stage of the report sets a Markdown table as a :class:`DataTable` as wide as the text
frame. Columns get widths from their text (:func:`distribute`); a table too wide even then is set
smaller, down to :data:`TABLE_MIN_SIZE`, which ``briefing check`` reports as a fit note, and past
that the build warns.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as RLTable

from ...document import Inline, Span, Table, plain
from ...errors import Problems
from ...figures.tables import bands, covered, given_widths, header_count, is_numeric_column, spans_of, table_rows
from ...fonts import is_wide
from .cjk import Para
from .flowables import mark_line
from .inline import Markup
from .styles import Styles

TABLE_MIN_SIZE = 7.0  # a table too wide for the page is set smaller down to this, then reported
_ALIGN: dict[str, Any] = {"right": TA_RIGHT, "center": TA_CENTER, "left": TA_LEFT}


def table_style(font: str, commands: list[tuple[Any, ...]]) -> TableStyle:
    # Cells are paragraphs with their own fonts, but a table still sets its cell font before
    # drawing each cell: it must be a theme font, or Helvetica ends up in the PDF.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font), *commands])


class DataTable(RLTable):
    """A table that breaks across pages only between rows, so that every page it runs onto starts
    with the header row and whole rows. Only a row taller than a whole page is cut inside, where
    it has to be: reportlab would otherwise also cut a row that merely does not fit at a page foot,
    and print the header row again above the sliver of it left there, mid-page."""

    page_height: float = 0.0  # the height of the text frame
    _rowHeights: list[float]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)  # type: ignore[attr-defined]  # reportlab's private layout step
        heads = self.repeatRows if isinstance(self.repeatRows, int) else 0
        heights = self._rowHeights
        used = 0.0
        n = len(heights)  # the first row that does not fit here
        for k, h in enumerate(heights):
            if used + h > availHeight:
                n = k
                break
            used += h
        # That row is cut here only if it fits on no page, and if a good part of this page is
        # left for it; otherwise the table breaks before it (and cuts it on the next page if need be).
        cut = heads <= n < len(heights) and sum(heights[:heads]) + heights[n] > self.page_height \
            and availHeight - used >= self.page_height * 0.3
        self.splitByRow, self.splitInRow = (0, 1) if cut else (1, 0)
        return super().split(availWidth, availHeight)

    def onSplit(self, T: Flowable, byRow: int = 1) -> None:
        if isinstance(T, DataTable):
            T.page_height = self.page_height  # the parts of a split table carry the rule on


class Tables:
    """Markdown tables as :class:`DataTable` flowables, set at the largest size that fits."""

    def __init__(self, styles: Styles, markup: Markup, problems: Problems, path: str, page_height: float,
                 fit_notes: list[str]):
        self.styles = styles
        self.markup = markup
        self.problems = problems
        self.path = path
        self.page_height = page_height
        self.fit_notes = fit_notes

    def table(self, block: Table, width: float) -> list[Flowable]:
        s = self.styles
        rows = table_rows(block)
        heads = header_count(block)
        ncols = max((len(r) for r in rows), default=0)
        if ncols == 0:
            return []
        rows = [r + [[]] * (ncols - len(r)) for r in rows]
        numeric = [is_numeric_column(block, c) for c in range(ncols)]
        aligns = []
        for c in range(ncols):
            a = block.align[c] if c < len(block.align) else None
            aligns.append(a or ("right" if numeric[c] else "left"))
        size = s.sizes.table
        pad = 5.0
        while True:
            lo, hi = self._column_extents(rows, size, numeric, pad, heads, spans_of(block))
            if sum(lo) <= width or size <= TABLE_MIN_SIZE:
                break
            size = max(TABLE_MIN_SIZE, size - 0.5)
        if size < s.sizes.table:
            self.fit_notes.append(f"table at line {block.line}: set at {size:g} pt instead of {s.sizes.table:g} pt "
                                  "to fit the page width")
        floor = 2 * pad + size * 1.5  # room for a character or two beside the padding
        if ncols * floor > width:
            most = int(width // floor)
            self.problems.error(self.path, block.line, 1, f"table has {ncols} columns; at most {most} fit across "
                                "the page; split it into several tables or turn it around")
            return []
        widths = given_widths(block, ncols, width) or distribute(lo, hi, width, floor)
        if sum(lo) > width + 0.5:
            self.problems.warn(self.path, block.line, 1,
                               f"table is too wide for the page even at {size:g} pt: its {ncols} columns need "
                               f"{sum(lo):.0f} pt and the page has {width:.0f} pt, so long words are broken "
                               "across lines; use fewer columns or shorter words")
        cell = ParagraphStyle("cell-fit", parent=s.cell, fontSize=size, leading=size * 1.3)
        head = ParagraphStyle("head-fit", parent=s.cell_head, fontSize=size, leading=size * 1.3)
        cell_styles = [ParagraphStyle(f"cell-{c}", parent=cell, alignment=_ALIGN.get(aligns[c], TA_LEFT))
                       for c in range(ncols)]
        head_styles = [ParagraphStyle(f"head-{c}", parent=head, alignment=_ALIGN.get(aligns[c], TA_LEFT))
                       for c in range(ncols)]
        data = []
        hidden = covered(block)
        for r, row in enumerate(rows):
            in_header = r < heads
            styles = head_styles if in_header else cell_styles
            data.append(["" if (r, c) in hidden else Para(self.markup.spans(spans, on_dark=in_header), styles[c])
                         for c, spans in enumerate(row)])
        table = DataTable(data, colWidths=widths, repeatRows=heads, splitByRow=1, hAlign="LEFT",
                          spaceBefore=2, spaceAfter=s.sizes.body * 0.9)
        table.page_height = self.page_height
        first = heads  # the first body row
        last_head = heads - 1
        commands: list[tuple[Any, ...]] = [
            *([("BACKGROUND", (0, 0), (-1, last_head), s.primary), ("VALIGN", (0, 0), (-1, last_head), "BOTTOM")]
              if heads else []),
            ("VALIGN", (0, first), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, s.primary),
        ]
        if len(rows) > first and not block.merged:
            commands.append(("ROWBACKGROUNDS", (0, first), (-1, -1), [s.white, s.surface]))
        elif len(rows) > first:  # rows tied by a cell spanning them share their band
            commands += [("BACKGROUND", (0, first + k), (-1, first + k), s.surface if shade else s.white)
                         for k, shade in enumerate(bands(block))]
        # Merged cells, as reportlab spans them; a cell spanning rows sits at the top of its rows.
        commands += [("SPAN", (c, r), (c + across - 1, r + down - 1)) for r, c, down, across in block.merged
                     if r + down <= len(rows) and c + across <= ncols]
        commands += [("VALIGN", (c, r), (c, r), "MIDDLE") for r, c, down, _ in block.merged if down > 1]
        table.setStyle(table_style(self.markup.fonts.body.regular, commands))
        mark_line(table, block.line)
        if not block.caption:
            return [table]
        # The caption stands over its table, as in pandoc's and Quarto's output, and never apart from it.
        caption = Para(self.markup.spans(block.caption), ParagraphStyle("table-caption", parent=s.caption,
                                                                         keepWithNext=1))
        return [caption, table]

    def _column_extents(self, rows: list[list[Inline]], size: float, numeric: list[bool], pad: float,
                        heads: int, merged: dict[tuple[int, int], tuple[int, int]]) -> tuple[list[float], list[float]]:
        """Per column: the narrowest width with no word broken, and the width with no line wrapped
        (a cell across columns is left out: no one column needs its width)."""
        ncols = len(rows[0])
        lo = [0.0] * ncols
        hi = [0.0] * ncols
        for r, row in enumerate(rows):
            bold = r < heads
            for c, spans in enumerate(row):
                if merged.get((r, c), (1, 1))[1] > 1:
                    continue
                whole = self.markup.width(spans, size, bold)
                words = [self.markup.width([Span(w, bold=bold)], size, bold) for w in _words(spans)]
                widest = max(words, default=0.0)
                if numeric[c] and r >= heads:
                    widest = whole  # a figure is never wrapped: "over 2,900" stays on one line
                lo[c] = max(lo[c], widest + 2 * pad + 1)
                hi[c] = max(hi[c], whole + 2 * pad + 1)
        return lo, hi


def _words(spans: Inline) -> list[str]:
    """The unbreakable pieces of a cell; a web address may break at its slashes."""
    words: list[str] = []
    for word in plain(spans).split():
        if len(word) > 16 and ("://" in word or word.startswith("www.")):
            # reportlab breaks a word too long for its column anywhere; for an address that is
            # acceptable, so only its parts between separators count as unbreakable.
            words += [p for p in re.split(r"(?<=[/?&=#_-])", word) if p]
        elif len(word) > 1 and any(is_wide(ch) for ch in word):
            words += list(word)  # Chinese and Japanese may break between any two characters
        else:
            words.append(word)
    return words


def distribute(lo: list[float], hi: list[float], width: float, floor: float = 0.0) -> list[float]:
    """Column widths for a table as wide as the frame.

    Columns whose text fits in a fair share of the width get all they want and are never wrapped
    (an edition, a figure); the rest share what is left in proportion to their text, each at least
    as wide as its longest word. Too narrow even for that: every column keeps ``floor`` and the
    longest words share the rest (one very long word cannot squeeze the other columns to nothing).
    """
    n = len(lo)
    total_lo = sum(lo)
    if total_lo >= width:
        if all(w * width / total_lo >= floor for w in lo):
            return [w * width / total_lo for w in lo]
        extra = [max(0.0, w - floor) for w in lo]
        spare = width - floor * n
        return [floor + (e * spare / sum(extra) if sum(extra) else spare / n) for e in extra]
    widths = [0.0] * n
    open_ = list(range(n))
    room = width
    settled = True
    while settled and open_:
        settled = False
        share = room / len(open_)
        for c in sorted(open_, key=lambda c: hi[c]):
            if hi[c] <= share:
                widths[c] = hi[c]
                room -= hi[c]
                open_.remove(c)
                settled = True
                break
    if not open_:  # everything fits unwrapped: widen in proportion to fill the frame
        spare = width - sum(widths)
        total = sum(widths) or 1.0
        return [w + spare * w / total for w in widths]
    total_hi = sum(hi[c] for c in open_) or 1.0
    # Shares in proportion to the text, but never below a column's longest word.
    want = {c: max(lo[c], room * hi[c] / total_hi) for c in open_}
    excess = sum(want.values()) - room
    if excess > 0:
        slack = sum(want[c] - lo[c] for c in open_) or 1.0
        want = {c: want[c] - excess * (want[c] - lo[c]) / slack for c in open_}
    for c in open_:
        widths[c] = want[c]
    return widths

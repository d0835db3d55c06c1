"""Measuring the deck's text: how tall paragraphs, tables and code are at a given size and width.

The layout stage (:mod:`.fit`) asks these functions how much room blocks need; the drawing stage
(:mod:`.text`, :mod:`.shapes`) writes the same paragraph styles (:func:`para_style`) and the
same insets, so what was measured is what is drawn. Text is measured with the TrueType files of
:class:`~generator.fonts.FontSet`. Paragraph and cell heights are memoised by their text, size
and width (a :class:`~generator.document.Span` is frozen), because pagination measures the same
paragraphs again for every slide it tries. Nothing here imports python-pptx.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ...document import (
    Block,
    Callout,
    CodeBlock,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Metrics,
    Paragraph,
    Quote,
    Span,
    Table,
)
from ...figures.tables import covered, given_widths, header_count, spans_of, table_rows
from ...fonts import FontSet, Run, break_tokens, metrics, text_height, wrap_lines
from ...highlight import number_width
from ...maths.runs import equation_run
from ...theme import Theme
from ...walk import BlockVisitor

# Paragraph geometry the renderer writes explicitly, so measuring and drawing agree.
LEVEL_INDENT_PT = (0.0, 22.0, 44.0)  # left margin of list levels 1–3 (the text, not the bullet)
BULLET_HANG_PT = 18.0  # the bullet hangs this far left of the text
PARA_SPACE_PT = 0.35  # space before a paragraph, as a fraction of its size
INSET_X_PT = 7.2
INSET_Y_PT = 3.6
LEVEL_STEP_PT = 2.0  # each list level is this much smaller than the one above
LEVEL_MIN_PT = 12.0  # no list level is set smaller than this, whatever the theme's floor
LESSER_BELOW_FLOOR_PT = 4.0  # tables and code may be this much smaller than the body's floor
WIDTH_SAFETY = 0.98  # clients differ in kerning by a hair; keep lines a little short
SMALL_TEXT = 0.8  # attributions and bylines, as a fraction of the text they go with
EMPTY_LINE = 1.22  # the height of an empty line, as a fraction of its size
# The least height of a line of text, as a fraction of its size: LibreOffice sets single-spaced
# lines of a deck at 1.2 of the size whatever the font (seen with Liberation Sans, Carlito and
# Liberation Mono alike), taller than the single spacing of Arial (1.12) or Verdana (1.16).
LINE_AT_LEAST = 1.2
# Line height of code as a fraction of its size: a little more than the single spacing of the
# usual monospaced fonts (Consolas and Liberation Mono: 1.13), so no client's lines run past the box.
CODE_LINE = 1.18
METRICS_HEIGHT_PT = 118.0
CALLOUT_RULE_PT = 4.0  # the coloured rule down a callout's left side
CALLOUT_PAD_PT = 6.0  # between a callout's fill and its text frame, all round
_MEMO = 65536  # paragraphs and cells remembered; a hostile deck measures a few thousand


def runs_of(spans: Inline, size: float, fonts: FontSet, bold: bool = False, italic: bool = False,
            heading: bool = False) -> list[Run]:
    """Measurable runs: one per span and font, CJK text measured with the East Asian font."""
    runs: list[Run] = []
    for s in spans:
        if not s.text or s.footnote is not None:
            continue
        font = fonts.for_span(s.bold or bold, s.italic or italic, s.code, heading)
        if s.math is not None:  # an equation takes the room of its picture, not of its text
            runs.append(equation_run(s.math, size, font))
            continue
        runs += [Run(text, file, size) for text, file in fonts.split(s.text, font)]
    return runs


def _split_breaks(spans: tuple[Span, ...]) -> list[Inline]:
    lines: list[Inline] = [[]]
    for s in spans:
        if s.line_break:
            lines.append([])
        else:
            lines[-1].append(s)
    return lines


def line_height(spans: Inline, size: float, width: float, fonts: FontSet, *, bold: bool = False,
                italic: bool = False, heading: bool = False) -> float:
    """Height in points of one run of text set at ``size`` in ``width`` points (an empty one too)."""
    return _line_height(tuple(spans), size, width, fonts, bold, italic, heading)


@functools.lru_cache(maxsize=_MEMO)
def _line_height(spans: tuple[Span, ...], size: float, width: float, fonts: FontSet, bold: bool, italic: bool,
                 heading: bool) -> float:
    runs = runs_of(list(spans), size, fonts, bold, italic, heading)
    return text_height(runs, width * WIDTH_SAFETY, least=LINE_AT_LEAST) if runs else size * EMPTY_LINE


def paragraph_height(spans: Inline, size: float, width: float, fonts: FontSet, *, bold: bool = False,
                     italic: bool = False, heading: bool = False, first: bool = False) -> float:
    h = 0.0 if first else size * PARA_SPACE_PT
    for part in _split_breaks(tuple(spans)):
        h += _line_height(tuple(part), size, width, fonts, bold, italic, heading)
    return h


def level_floor(theme: Theme) -> float:
    """The smallest size of any list level: a little under the body's floor, and never tiny."""
    return max(theme.sizes.body_min - LEVEL_STEP_PT, LEVEL_MIN_PT)


def level_size(size: float, level: int, floor: float) -> float:
    """The size of list level ``level`` (0 is the outermost) in text set at ``size``: one step
    smaller per level, but not under ``floor`` (see :func:`level_floor`) nor above ``size``."""
    return max(size - LEVEL_STEP_PT * level, min(size, floor))


@dataclass(frozen=True)
class Para:
    """One paragraph of a text frame: the unit that measuring and drawing share."""

    kind: str  # "para" | "heading" | "bullet" | "number" | "quote" | "attribution" | "subtitle" | "byline" | …
    text: Inline
    level: int = 0
    start: int = 1  # for "number": the number of the list's first item


@dataclass(frozen=True)
class ParaStyle:
    size: float
    margin: float  # left margin of the text in points (a bullet hangs into it)
    bold: bool = False
    italic: bool = False


class _Paragraphs(BlockVisitor[list[Para]]):
    """A text block as the paragraphs a text frame holds (none for other blocks)."""

    def visit_paragraph(self, block: Paragraph) -> list[Para]:
        return [Para("para", block.text)]

    def visit_heading(self, block: Heading) -> list[Para]:
        return [Para("heading", block.text)]

    def visit_list(self, block: ListBlock) -> list[Para]:
        out: list[Para] = []

        def walk(items: list[ListItem], level: int, ordered: bool, start: int) -> None:
            for item in items:
                out.append(Para("number" if ordered else "bullet", item.text, level, start))
                walk(item.children, level + 1, False, 1)

        walk(block.items, block.level_offset, block.ordered, block.start)
        return out

    def visit_quote(self, block: Quote) -> list[Para]:
        paras = [Para("quote", p) for p in block.paragraphs]
        if block.attribution:
            paras.append(Para("attribution", [Span("— "), *block.attribution]))
        return paras

    def visit_callout(self, block: Callout) -> list[Para]:
        return [Para("heading", block.title), *(p for b in block.blocks for p in self.visit(b))]

    def visit_other(self, block: Block) -> list[Para]:
        return []


paragraphs_of = _Paragraphs().visit


class _IsText(BlockVisitor[bool]):
    """Whether a block is text that flows in a text frame with its neighbours."""

    def visit_paragraph(self, block: Paragraph) -> bool:
        return True

    def visit_heading(self, block: Heading) -> bool:
        return True

    def visit_list(self, block: ListBlock) -> bool:
        return True

    def visit_quote(self, block: Quote) -> bool:
        return True

    def visit_other(self, block: Block) -> bool:
        return False


is_text = _IsText().visit


def para_style(para: Para, size: float, level_min: float) -> ParaStyle:
    """How a paragraph of text set at ``size`` is drawn: its size, left margin and emphasis."""
    if para.kind in ("bullet", "number"):
        return ParaStyle(level_size(size, para.level, level_min),
                         LEVEL_INDENT_PT[min(para.level, 2)] + BULLET_HANG_PT)
    if para.kind in ("attribution", "byline"):
        return ParaStyle(size * SMALL_TEXT, 0.0)
    if para.kind == "quote":
        return ParaStyle(size, BULLET_HANG_PT, italic=True)
    return ParaStyle(size, 0.0, bold=para.kind == "heading")


def text_blocks_height(blocks: list[Block], size: float, width: float, fonts: FontSet, level_min: float) -> float:
    """Height in points of text blocks set at ``size`` in a frame ``width`` points wide."""
    return paras_height([p for block in blocks for p in paragraphs_of(block)], size, width, fonts, level_min)


def paras_height(paras: list[Para], size: float, width: float, fonts: FontSet, level_min: float) -> float:
    """Height in points of a text frame ``width`` points wide holding these paragraphs."""
    inner = width - 2 * INSET_X_PT
    h = 2 * INSET_Y_PT
    for k, para in enumerate(paras):
        style = para_style(para, size, level_min)
        h += paragraph_height(para.text, style.size, inner - style.margin, fonts, bold=style.bold,
                              italic=style.italic, first=k == 0)
    return h


def framed_height(spans: Inline, size: float, width: float, fonts: FontSet, *, bold: bool = False,
                  heading: bool = False) -> float:
    """Height in points of a one-paragraph frame ``width`` points wide: a title, a source line."""
    runs = runs_of(spans, size, fonts, bold=bold, heading=heading)
    return text_height(runs, (width - 2 * INSET_X_PT) * WIDTH_SAFETY, least=LINE_AT_LEAST) + 2 * INSET_Y_PT


def callout_height(block: Callout, size: float, width: float, fonts: FontSet, level_min: float) -> float:
    """Height in points of a callout box ``width`` points wide: its title and text inside the
    rule and the padding (see :func:`.shapes.callout`)."""
    inner = width - CALLOUT_RULE_PT - 2 * CALLOUT_PAD_PT
    return paras_height(paragraphs_of(block), size, inner, fonts, level_min) + 2 * CALLOUT_PAD_PT


def table_size(body_size: float, body_min: float) -> float:
    """Tables are set smaller than the body text around them, down to a little under the body's
    floor (10 pt under the default floor of 14)."""
    return max(body_size - 6, body_min - LESSER_BELOW_FLOOR_PT)


def code_size(body_size: float, body_min: float) -> float:
    """Code is set smaller than the body text, as monospaced lines run long; its floor is a table's."""
    return max(body_size - 6, body_min - LESSER_BELOW_FLOOR_PT)


def code_height(code: CodeBlock, size: float, width: float, fonts: FontSet) -> float:
    """Height in points of a code block whose text is set at ``size`` in a box ``width`` points wide."""
    # Line numbers take their digits and two spaces in front of every line.
    prefix = " " * (number_width(code) + 2) if code.numbered else ""
    return sum(_code_lines(prefix + line, size, width, fonts) for line in code.text.split("\n")) * size * CODE_LINE \
        + 2 * INSET_Y_PT


@functools.lru_cache(maxsize=_MEMO)
def _code_lines(line: str, size: float, width: float, fonts: FontSet) -> int:
    return len(wrap_lines([Run(line or " ", fonts.mono.regular, size)], width - 2 * INSET_X_PT))


def table_row_heights(table: Table, size: float, width: float, fonts: FontSet,
                      widths: list[float] | None = None) -> list[float]:
    """The height in points of each row, header first, of a table ``width`` points wide (its
    columns ``widths``, where the caller has worked them out already)."""
    widths = widths if widths is not None else column_widths(table, width, size, fonts)
    heads, spans, hidden = header_count(table), spans_of(table), covered(table)
    heights: list[float] = []
    tall: list[tuple[int, int, float]] = []  # cells spanning rows: first row, rows, height needed
    for r, row in enumerate(table_rows(table)):
        tallest = 0.0
        for c, cell in enumerate(row):
            if (r, c) in hidden:
                continue
            down, across = spans.get((r, c), (1, 1))
            needed = _line_height(tuple(cell), size, sum(widths[c:c + across]) - 2 * INSET_X_PT, fonts, r < heads,
                                  False, False)
            if down > 1:
                tall.append((r, down, needed + 2 * INSET_Y_PT))
            else:
                tallest = max(tallest, needed)
        heights.append(tallest + 2 * INSET_Y_PT)
    for r, down, needed in tall:  # a cell spanning rows that needs more than they give: its last row grows
        last = min(r + down, len(heights)) - 1
        heights[last] += max(0.0, needed - sum(heights[r:last + 1]))
    return heights


def table_height(table: Table, size: float, width: float, fonts: FontSet) -> float:
    return sum(table_row_heights(table, size, width, fonts)) + table_caption_height(table, size, width, fonts)


def table_caption_height(table: Table, size: float, width: float, fonts: FontSet) -> float:
    """The height of the caption line over a table (none: 0), set in the table's size."""
    return framed_height(table.caption, size, width, fonts) if table.caption else 0.0


def column_widths(table: Table, width: float, size: float, fonts: FontSet) -> list[float]:
    """Column widths in points, proportional to each column's longest line, within limits."""
    rows = table_rows(table)
    ncols = max((len(r) for r in rows), default=0)
    given = given_widths(table, ncols, width)
    if given:
        return given
    natural = [0.0] * ncols
    heads, spans = header_count(table), spans_of(table)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if spans.get((r, c), (1, 1))[1] == 1:  # a cell across columns gives no one column its width
                natural[c] = max(natural[c], _natural_width(tuple(cell), size, fonts, r < heads))
    total = sum(natural) or 1.0
    if total <= width:
        # Spare width goes to every column alike, so numbers do not drift far from their labels.
        spare = (width - total) / ncols
        return [n + spare for n in natural]
    floor = min(width / ncols, 60.0)
    shares = [max(floor, width * n / total) for n in natural]
    scale = width / sum(shares)
    return _longest_words_whole(table, [s * scale for s in shares], size, fonts)


def _longest_words_whole(table: Table, widths: list[float], size: float, fonts: FontSet) -> list[float]:
    """``widths``, with columns too narrow for their longest word ("Participants" in a wide font)
    widened out of the room others have beyond theirs; else as they are (the word breaks, inside)."""
    longest = [0.0] * len(widths)
    heads, spans = header_count(table), spans_of(table)
    for r, row in enumerate(table_rows(table)):
        for c, cell in enumerate(row[:len(widths)]):
            if spans.get((r, c), (1, 1))[1] == 1:  # a cell across columns is held by them together
                longest[c] = max(longest[c], _longest_word(tuple(cell), size, fonts, r < heads))
    need = sum(max(lo - w, 0.0) for lo, w in zip(longest, widths, strict=True))
    slack = [max(w - lo, 0.0) for lo, w in zip(longest, widths, strict=True)]
    if need <= 0 or sum(slack) < need:
        return widths
    share = need / sum(slack)
    return [max(lo, w - spare * share) for lo, w, spare in zip(longest, widths, slack, strict=True)]


@functools.lru_cache(maxsize=_MEMO)
def _longest_word(cell: tuple[Span, ...], size: float, fonts: FontSet, bold: bool) -> float:
    """The width of a cell's longest unbreakable text, with its insets and a hair to spare."""
    widest = 0.0
    for run in runs_of(list(cell), size, fonts, bold=bold):
        for token in break_tokens(run.text):
            widest = max(widest, metrics(run.font).width(token.rstrip(), run.size))
    return widest / WIDTH_SAFETY + 2 * INSET_X_PT


@functools.lru_cache(maxsize=_MEMO)
def _natural_width(cell: tuple[Span, ...], size: float, fonts: FontSet, bold: bool) -> float:
    """The width of a cell's text on one line, with its insets."""
    runs = runs_of(list(cell), size, fonts, bold=bold)
    return sum(metrics(r.font).width(r.text, r.size) for r in runs) + 2 * INSET_X_PT


TILE_GAP_PT = 14.0  # between big-number tiles
TILE_BAR_PT = 4.0  # the coloured bar on top of a tile, inside its top inset
TILE_INSET_X_PT, TILE_INSET_Y_PT = 12.0, 10.0
TILE_SIZES = {"label": 14.0, "change": 12.0, "source": 9.0}  # the value's size is the theme's
TILE_SPACE_PT = 2.0  # before each line after the value


def metrics_height(block: Metrics, width: float, fonts: FontSet, value_size: float = 40.0) -> float:
    """The height of a row of tiles ``width`` points wide: the tallest tile's text, at least the
    usual tile height (a narrow master's tiles wrap their labels and sources onto more lines)."""
    usual = METRICS_HEIGHT_PT * (0.85 if not any(t.source or t.change for t in block.tiles) else 1.0)
    n = len(block.tiles) or 1
    inner = (width - TILE_GAP_PT * (n - 1)) / n - 2 * TILE_INSET_X_PT
    tallest = 0.0
    for tile in block.tiles:
        size = fit_size(tile.value, value_size, inner, fonts)
        h = size * metrics(fonts.heading.bold).line_height
        for key, text in (("label", tile.label), ("change", tile.change), ("source", tile.source)):
            if text:
                font = fonts.body.bold if key == "change" else fonts.body.regular
                h += TILE_SPACE_PT + text_height(runs_split(text, font, TILE_SIZES[key], fonts), inner,
                                                        least=LINE_AT_LEAST)
        tallest = max(tallest, h)
    return max(usual, tallest + 2 * TILE_INSET_Y_PT)  # the bar lies inside the top inset


def runs_split(text: str, font: Path, size: float, fonts: FontSet) -> list[Run]:
    """Plain text as runs, each in the font that draws it (CJK in the East Asian font)."""
    return [Run(piece, use, size) for piece, use in fonts.split(text, font)]


def fit_size(text: str, size: float, width: float, fonts: FontSet) -> float:
    """The size, in steps of 2 pt down to 16 pt, at which a tile's value fits on one line."""
    m = metrics(fonts.heading.bold)
    while size > 16 and m.width(text, size) > width * 0.97:
        size -= 2
    return size


FOOTER_FLOOR_PT = 7.0  # a footer is not set smaller than this


def footer_size(text: str, width: float, height: float, size: float, fonts: FontSet) -> float | None:
    """The size, from ``size`` down in half points, at which a footer fits on one line in a box
    ``width`` by ``height`` points inside its insets."""
    while size >= FOOTER_FLOOR_PT:
        runs = runs_split(text, fonts.body.regular, size, fonts)
        if len(wrap_lines(runs, width * WIDTH_SAFETY)) == 1 and text_height(runs, width) <= height + 1:
            return size
        size -= 0.5
    return None

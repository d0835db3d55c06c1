"""Continuing a slide that does not fit at the floor size on further slides.

Part of the deck's layout stage, after :mod:`.fit`: the slide's blocks are cut into units where
a slide may break (between paragraphs, list items, table rows and lines of code), packed onto as
few slides as the floor size needs, and each part is then fitted on its own. Plain geometry and
the document model only; no python-pptx.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ...document import Block, Callout, CodeBlock, Columns, Inline, ListBlock, ListItem, Paragraph, Slide, Span, Table
from ...figures.tables import body_cuts, header_count
from ...fonts import FontSet, break_tokens
from ...theme import Theme
from ...units import Box
from ...walk import BlockVisitor
from .fit import (
    LayoutChoice,
    SlidePlan,
    below_title,
    body_area,
    fit_title,
    flatten,
    place,
    place_columns,
    plan_slide,
    source_box,
)
from .measure import level_floor


class _Units(BlockVisitor[list[Block]]):
    """A block cut where a slide may break: list items, table rows; anything else whole."""

    def visit_list(self, block: ListBlock) -> list[Block]:
        return [ListBlock([item], item.line, block.ordered, block.start + k, block.level_offset, block.incremental)
                for k, item in enumerate(block.items)]

    def visit_callout(self, block: Callout) -> list[Block]:
        # Cut between its paragraphs and list items; each part repeats the title, so a callout
        # continued on the next slide still says what it is.
        return [replace(block, blocks=[unit]) for b in block.blocks for unit in self.visit(b)] or [block]

    def visit_table(self, block: Table) -> list[Block]:
        if len(block.rows) <= 1:
            return [block]
        # Cut between body rows, but never through a cell that spans rows: its rows stay together.
        heads = header_count(block)
        cuts = [*body_cuts(block), len(block.rows)]
        units: list[Block] = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            merged = [(r - a if r >= heads else r, c, down, across) for r, c, down, across in block.merged
                      if r < heads or a <= r - heads < b]
            units.append(replace(block, rows=block.rows[a:b], caption=block.caption if a == 0 else [], merged=merged))
        return units

    def visit_other(self, block: Block) -> list[Block]:
        return [block]


_UNITS = _Units()


def _units(blocks: list[Block]) -> list[Block]:
    """Cut blocks where a slide may break: between paragraphs, list items and table rows."""
    return [unit for block in flatten(blocks) for unit in _UNITS.visit(block)]


class _Join(BlockVisitor["Block | None"]):
    """A unit merged into the last block of a page when they are parts of one block, else None."""

    def __init__(self, last: Block):
        self.last = last

    def visit_table(self, unit: Table) -> Block | None:
        last = self.last
        if isinstance(last, Table) and last.line == unit.line and last.header == unit.header:
            heads, shift = header_count(last), len(last.rows)
            body = [(r + shift, c, down, across) for r, c, down, across in unit.merged if r >= heads]
            return replace(last, rows=[*last.rows, *unit.rows], merged=[*last.merged, *body])
        return None

    def visit_list(self, unit: ListBlock) -> Block | None:
        last = self.last
        if isinstance(last, ListBlock) and last.line <= unit.line and last.ordered == unit.ordered \
                and last.level_offset == unit.level_offset and unit.start == last.start + len(last.items) \
                and last.incremental == unit.incremental:
            return ListBlock([*last.items, *unit.items], last.line, last.ordered, last.start, last.level_offset,
                             last.incremental)
        return None

    def visit_callout(self, unit: Callout) -> Block | None:
        last = self.last
        if isinstance(last, Callout) and last.line == unit.line and last.type == unit.type:
            blocks = _join(last.blocks, unit.blocks[0]) if unit.blocks else last.blocks
            return replace(last, blocks=blocks)
        return None

    def visit_code(self, unit: CodeBlock) -> Block | None:
        last = self.last
        if isinstance(last, CodeBlock) and unit.language == last.language \
                and unit.line == last.line + last.text.count("\n") + 1:
            # The next lines of the same block (see _Smaller): two blocks in the source are at least
            # their fences apart, so they never meet here.
            return replace(last, text=f"{last.text}\n{unit.text}")
        return None

    def visit_other(self, unit: Block) -> Block | None:
        return None


def _join(page: list[Block], unit: Block) -> list[Block]:
    """Add a unit to a page, merging rows of the same table and items of the same list back."""
    if page:
        joined = _Join(page[-1]).visit(unit)
        if joined is not None:
            return [*page[:-1], joined]
    return [*page, unit]


class _Smaller(BlockVisitor["list[Block] | None"]):
    """A unit too big for an empty slide, cut smaller; None if it cannot be."""

    def visit_list(self, unit: ListBlock) -> list[Block] | None:
        if len(unit.items) != 1:
            return None
        item = unit.items[0]
        if item.children:
            head = ListBlock([ListItem(item.text, item.line)], unit.line, unit.ordered, unit.start, unit.level_offset,
                             unit.incremental)
            rest = ListBlock(item.children, item.line, False, 1, unit.level_offset + 1, unit.incremental)
            return [head, *_units([rest])]
        parts = _split_words(item.text)
        if parts is None:
            return None
        return [ListBlock([ListItem(part, unit.line)], unit.line, unit.ordered, unit.start, unit.level_offset,
                          unit.incremental) for part in parts]

    def visit_paragraph(self, unit: Paragraph) -> list[Block] | None:
        parts = _split_words(unit.text)
        return None if parts is None else [Paragraph(parts[0], unit.line), Paragraph(parts[1], unit.line)]

    def visit_code(self, unit: CodeBlock) -> list[Block] | None:
        if "\n" not in unit.text:
            return None
        # Line by line, each numbered from the block's first, so that _join puts them back together
        # as far as a slide holds them.
        return [replace(unit, text=line, line=unit.line + k, start=unit.start + k)
                for k, line in enumerate(unit.text.split("\n"))]

    def visit_other(self, unit: Block) -> list[Block] | None:
        return None


_smaller = _Smaller().visit


def _split_words(spans: Inline) -> tuple[Inline, Inline] | None:
    """Split text in two at the line-break opportunity nearest its middle: after a space, or
    between CJK characters (never inside a word, never before closing punctuation)."""
    pieces: list[tuple[str, Span]] = []
    for span in spans:
        if span.line_break or span.footnote is not None:
            pieces.append(("", span))
            continue
        pieces += [(token, span) for token in break_tokens(span.text)]
    if len(pieces) < 2:
        return None
    cut = min(range(1, len(pieces)), key=lambda i: abs(i - len(pieces) / 2))

    def rebuild(part: list[tuple[str, Span]]) -> Inline:
        out: Inline = []
        for text, span in part:
            if span.line_break or span.footnote is not None:
                out.append(span)
            elif out and _same_style(out[-1], span):
                out[-1] = replace(out[-1], text=out[-1].text + text)
            else:
                out.append(replace(span, text=text))
        return out

    head, tail = rebuild(pieces[:cut]), rebuild(pieces[cut:])
    if tail and tail[0].text:
        tail[0] = replace(tail[0], text=tail[0].text.lstrip())
    return head, tail


def _same_style(a: Span, b: Span) -> bool:
    return replace(a, text="") == replace(b, text="")


SLIDE_TIME_LIMIT_S = 20.0  # laying out one slide takes milliseconds; this is content no audience could read


class SlideTooLong(Exception):
    """Laying out one slide took longer than :data:`SLIDE_TIME_LIMIT_S`."""


def _within(deadline: float, fits: Callable[..., bool]) -> Callable[..., bool]:
    """``fits``, stopping the slide's layout once its time is up (a slide with a dictionary's worth of
    text would otherwise keep the build busy for minutes)."""
    def timed(*args: Any) -> bool:
        if time.monotonic() > deadline:
            raise SlideTooLong
        return fits(*args)

    return timed


def paginate(slide: Slide, first_number: int, choice: LayoutChoice, theme: Theme, fonts: FontSet,
             sources_of: Callable[[Slide], list[str]]) -> list[SlidePlan]:
    """Plan a slide; when it does not fit at the floor size, continue it on further slides.

    Content is cut between paragraphs, list items, table rows and lines of code (a continued
    table repeats its header row), and inside a paragraph only between words. A slide of columns
    continues as columns: what does not fit in a column goes to the same column of the next
    slide. Each part is then fitted on its own, so a continuation slide is set as large as its
    share allows.
    """
    plan = plan_slide(slide, first_number, choice, theme, fonts, sources_of(slide))
    if plan.body_fits or slide.kind != "content":
        return [plan]
    level_min = level_floor(theme)
    # The body area as the parts will have it: below the longer of the two titles they carry.
    titles = [slide.title, _continued(slide.title)]
    title_boxes = [fit_title(replace(slide, title=t), choice, theme, fonts)[1] for t in titles]
    below = min((below_title(body_area(choice), choice, box) for box in title_boxes), key=lambda b: b.h)
    first = slide.blocks[0] if len(slide.blocks) == 1 else None
    columns = first.columns if isinstance(first, Columns) else None
    areas: dict[tuple[str, ...], Box] = {}
    deadline = time.monotonic() + SLIDE_TIME_LIMIT_S

    def area_for(blocks: list[Block]) -> Box:
        # The room left above the source line, which only the footnotes cited decide.
        texts = sources_of(replace(slide, blocks=blocks))
        key = tuple(texts)
        if key not in areas:
            areas[key] = source_box(below, texts, theme, fonts)[1]
        return areas[key]

    def pack(size: float) -> list[list[Block]]:
        if columns is None:
            return _pack(_units(slide.blocks), _within(deadline, lambda blocks: place(
                blocks, choice, area_for(blocks), size, fonts, level_min)[1]))
        first = slide.blocks[0]
        line = first.line
        widths = first.widths if isinstance(first, Columns) else []

        def column_fits(cols: list[list[Block]], k: int) -> bool:
            blocks: list[Block] = [Columns(cols, line, widths)]
            return place_columns(cols, choice, area_for(blocks), size, fonts, level_min, widths)[k][1]

        return [[Columns(cols, line, widths)]
                for cols in _pack_columns([_units(col) for col in columns], _within(deadline, column_fits))]

    # As few slides as the floor size needs, then the largest size that still needs no more, so
    # that the parts are set alike instead of a crammed first slide and a sparse last one.
    sizes = theme.sizes
    pages = pack(sizes.body_min)
    size = sizes.body
    while size > sizes.body_min:
        trial = pack(size)
        if len(trial) <= len(pages):
            pages = trial
            break
        size -= 1
    plans: list[SlidePlan] = []
    for k, blocks in enumerate(pages):
        part = replace(slide, title=slide.title if k == 0 else _continued(slide.title), blocks=blocks,
                       notes=slide.notes if k == 0 else [])
        part_plan = plan_slide(part, first_number + k, choice, theme, fonts, sources_of(part))
        part_plan.continued = k > 0
        plans.append(part_plan)
    return plans


def _continued(title: Inline) -> Inline:
    return [*title, Span(" (cont.)")] if title else [Span("(cont.)")]


def _pack(queue: list[Block], fits: Callable[[list[Block]], bool]) -> list[list[Block]]:
    """Fill slides one after another, cutting units smaller where one is too big for a slide."""
    pages: list[list[Block]] = []
    page: list[Block] = []
    while queue:
        unit = queue.pop(0)
        candidate = _join(page, unit)
        if fits(candidate):
            page = candidate
            continue
        if page:
            pages.append(page)
            page = []
            queue.insert(0, unit)
            continue
        smaller = _smaller(unit)
        if smaller is None:
            pages.append([unit])  # cannot be cut further: it goes alone, and its overflow is reported
            continue
        queue[0:0] = smaller
    if page:
        pages.append(page)
    return pages


def _pack_columns(queues: list[list[Block]],
                  fits: Callable[[list[list[Block]], int], bool]) -> list[list[list[Block]]]:
    """Fill slides of columns: each column takes what it can, and the rest of column k goes to
    column k of the next slide. ``fits(columns, k)`` says whether column k fits beside the others."""
    pages: list[list[list[Block]]] = []
    while any(queues):
        cols: list[list[Block]] = [[] for _ in queues]
        overfull: set[int] = set()
        for k, queue in enumerate(queues):
            while queue:
                candidate = [*cols[:k], _join(cols[k], queue[0]), *cols[k + 1:]]
                # A longer source line (a new footnote) must not push the columns already filled over.
                others = all(fits(candidate, j) for j in range(k) if cols[j] and j not in overfull)
                if others and fits(candidate, k):
                    cols = candidate
                    queue.pop(0)
                    continue
                if cols[k] or not others:
                    break  # the column is full: the rest continues on the next slide
                smaller = _smaller(queue[0])
                if smaller is None:
                    cols[k] = [queue.pop(0)]  # cannot be cut further: its overflow is reported
                    overfull.add(k)
                    break
                queue[0:1] = smaller
        pages.append(cols)
    return pages

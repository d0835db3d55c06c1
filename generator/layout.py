"""Layout stage: slides → placed boxes, with text measured by real font metrics.

For each slide this picks the master layout (by placeholder types first, then by name, as a
corporate master must work too), reads the boxes its placeholders offer, and stacks the slide's
blocks into the body area: text in the body placeholder, tables, tiles and pictures as shapes
below or beside it. Text is measured with the TrueType files behind the theme's fonts and set at
the largest size from the theme's size down to its floor at which everything fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.shapes.base import BaseShape
from pptx.slide import SlideLayout

from .document import (
    Block,
    ChartBlock,
    CodeBlock,
    Columns,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Metrics,
    Paragraph,
    Picture,
    Quote,
    Slide,
    Span,
    Table,
    TimelineBlock,
)
from .errors import Problems
from .fonts import FontSet, Run, break_tokens, metrics, text_height, wrap_lines
from .theme import Theme

EMU_PER_PT = 12700
EMU_PER_IN = 914400

# Paragraph geometry the renderer writes explicitly, so measuring and drawing agree.
LEVEL_INDENT_PT = (0.0, 22.0, 44.0)  # left margin of list levels 1–3 (the text, not the bullet)
BULLET_HANG_PT = 18.0  # the bullet hangs this far left of the text
PARA_SPACE_PT = 0.35  # space before a paragraph, as a fraction of its size
INSET_X_PT = 7.2
INSET_Y_PT = 3.6
GAP_PT = 12.0  # between stacked items in the body area
LEVEL_STEP_PT = 2.0  # each list level is this much smaller than the one above
LEVEL_MIN_PT = 12.0  # no list level is set smaller than this, whatever the theme's floor
WIDTH_SAFETY = 0.98  # clients differ in kerning by a hair; keep lines a little short
SMALL_TEXT = 0.8  # attributions and bylines, as a fraction of the text they go with
TITLE_TOP_PT = 7.2  # a grown title box stops this far below the slide's top edge
RULE_GAP_PT = 4.0  # a grown title box stops this far above a rule or band under it
ATTACHED_PT = 36.0  # a shape this close under the title belongs to it (an accent rule)
TITLE_LAST_RESORT_PT = 12.0  # a title too long for its grown box is set smaller, down to this


@dataclass(frozen=True)
class Box:
    """A rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT


@dataclass
class LayoutChoice:
    layout: SlideLayout
    title_idx: int | None
    body_idx: list[int]  # body placeholders, left to right
    boxes: dict[int, Box]
    title_limit: int | None = None  # the lowest a grown title box may reach (EMU from the top)


@dataclass
class Placed:
    """Blocks drawn in one box. ``placeholder`` is the body placeholder to use, if any."""

    blocks: list[Block]
    box: Box
    placeholder: int | None = None
    kind: str = "text"  # "text" | "table" | "metrics" | "picture" | "code"


@dataclass
class SlidePlan:
    slide: Slide
    number: int
    choice: LayoutChoice
    title_size: float
    body_size: float
    items: list[Placed] = field(default_factory=list)
    source_box: Box | None = None
    sources: list[str] = field(default_factory=list)
    overflow: bool = False  # does not fit even at the floor sizes
    title_box: Box | None = None  # set when the title needed a taller box than the layout's
    title_fits: bool = True  # False: even the grown box could not hold the title at the floor size
    continued: bool = False  # a continuation slide ("… (cont.)")
    body_fits: bool = True


# --- choosing a layout ---------------------------------------------------------------------------

_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_NAMES = {
    "title": ["title slide"],
    "section": ["section header", "section"],
    "content": ["title and content", "content"],
    "two": ["two content", "comparison"],
    "title-only": ["title only"],
}


def _signature(layout: SlideLayout) -> tuple[int | None, list[int], dict[int, Box], set[object]]:
    title_idx = None
    bodies: list[tuple[int, int]] = []
    boxes: dict[int, Box] = {}
    types: set[object] = set()
    for ph in layout.placeholders:
        pf = ph.placeholder_format
        types.add(pf.type)
        if ph.left is not None and ph.width is not None:
            boxes[pf.idx] = Box(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        if pf.type in _TITLE_TYPES:
            title_idx = pf.idx
        elif pf.type in _BODY_TYPES or pf.type == PP_PLACEHOLDER.SUBTITLE:
            bodies.append((int(ph.left or 0), pf.idx))
    # One body per column: where a column has two (Comparison: a heading over a body), the
    # taller one holds the column's blocks and the other stays unused (and is removed).
    columns: dict[int, int] = {}
    for left, idx in sorted(bodies):
        if left not in columns or (idx in boxes and columns[left] in boxes
                                   and boxes[idx].h > boxes[columns[left]].h):
            columns[left] = idx
    return title_idx, [columns[left] for left in sorted(columns)], boxes, types


def choose_layout(layouts: list[SlideLayout], slide: Slide, want: str, problems: Problems,
                  path: str) -> LayoutChoice:
    """Pick a layout for ``want`` ("title", "section", "content", "two", "title-only")."""
    if slide.layout:
        for layout in layouts:
            if layout.name.lower() == slide.layout.lower():
                return _choice(layout)
        names = ", ".join(f'"{lay.name}"' for lay in layouts)
        problems.error(path, slide.line, 1, f'layout "{slide.layout}" is not in the master; '
                       f"its layouts are {names}")

    def fits(layout: SlideLayout) -> bool:
        t, bodies, _, types = _signature(layout)
        if want == "title":
            return PP_PLACEHOLDER.CENTER_TITLE in types
        if t is None or PP_PLACEHOLDER.CENTER_TITLE in types:
            return False
        if want == "two":
            return len(bodies) == 2
        if want == "title-only":
            return not bodies
        return len(bodies) == 1

    names = _NAMES[want]
    matching = [lay for lay in layouts if fits(lay)]
    by_name = [lay for name in names for lay in matching if lay.name.lower() == name]
    pick = (by_name or matching or [lay for name in names for lay in layouts if lay.name.lower() == name]
            or [lay for lay in layouts if _signature(lay)[0] is not None] or layouts)[0]
    choice = _choice(pick)
    if want == "section" and len(choice.body_idx) > 1:
        choice.body_idx = choice.body_idx[:1]
    return choice


def _choice(layout: SlideLayout) -> LayoutChoice:
    t, b, boxes, _ = _signature(layout)
    title = boxes.get(t) if t is not None else None
    return LayoutChoice(layout, t, b, boxes, _title_limit(layout, title, [boxes[i] for i in b if i in boxes]))


def decorations(layout: SlideLayout) -> list[BaseShape]:
    """Shapes a slide shows from its layout and master that are not placeholders (rules, bands,
    logos): the master's first, as they are drawn beneath the layout's."""
    shapes: list[BaseShape] = []
    if layout._element.get("showMasterSp") != "0":
        shapes += [sh for sh in layout.slide_master.shapes if not sh.is_placeholder]
    return shapes + [sh for sh in layout.shapes if not sh.is_placeholder]


def _under(shape: BaseShape, title: Box) -> bool:
    """Whether a shape lies below the title, in the title's columns."""
    if shape.left is None or shape.top is None or shape.width is None:
        return False
    overlaps = shape.left < title.x + title.w and shape.left + shape.width > title.x
    return overlaps and shape.top >= title.y + title.h - EMU_PER_PT


def title_decorations(layout: SlideLayout, title: Box | None) -> list[BaseShape]:
    """The shapes that dress the title, such as an accent rule right under it: on a slide without
    a title they underline nothing."""
    if title is None:
        return []
    return [sh for sh in decorations(layout)
            if _under(sh, title) and sh.top <= title.y + title.h + ATTACHED_PT * EMU_PER_PT]


def _title_limit(layout: SlideLayout, title: Box | None, bodies: list[Box]) -> int | None:
    """How far down a title box may grow: not over the rule or band under it, not into the body."""
    if title is None:
        return None
    bottom = title.y + title.h
    limits = [int(sh.top - RULE_GAP_PT * EMU_PER_PT) for sh in decorations(layout) if _under(sh, title)]
    limits += [int(b.y - GAP_PT * EMU_PER_PT) for b in bodies if b.y >= bottom]
    return max(min(limits), bottom) if limits else None


# --- measuring -----------------------------------------------------------------------------------


def runs_of(spans: Inline, size: float, fonts: FontSet, bold: bool = False, italic: bool = False,
            heading: bool = False) -> list[Run]:
    """Measurable runs: one per span and font, CJK text measured with the East Asian font."""
    runs: list[Run] = []
    for s in spans:
        if not s.text or s.footnote is not None:
            continue
        font = fonts.for_span(s.bold or bold, s.italic or italic, s.code, heading)
        runs += [Run(text, file, size) for text, file in fonts.split(s.text, font)]
    return runs


def _split_breaks(spans: Inline) -> list[Inline]:
    lines: list[Inline] = [[]]
    for s in spans:
        if s.line_break:
            lines.append([])
        else:
            lines[-1].append(s)
    return lines


def paragraph_height(spans: Inline, size: float, width: float, fonts: FontSet, *, bold: bool = False,
                     italic: bool = False, heading: bool = False, first: bool = False) -> float:
    h = 0.0 if first else size * PARA_SPACE_PT
    for part in _split_breaks(spans):
        runs = runs_of(part, size, fonts, bold, italic, heading)
        h += text_height(runs, width * WIDTH_SAFETY) if runs else size * 1.22
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

    kind: str  # "para" | "heading" | "bullet" | "number" | "quote" | "attribution" | "subtitle" | "byline"
    text: Inline
    level: int = 0
    start: int = 1  # for "number": the number of the list's first item


@dataclass(frozen=True)
class ParaStyle:
    size: float
    margin: float  # left margin of the text in points (a bullet hangs into it)
    bold: bool = False
    italic: bool = False


def paragraphs_of(block: Block) -> list[Para]:
    """A text block as the paragraphs a text frame holds."""
    if isinstance(block, Paragraph):
        return [Para("para", block.text)]
    if isinstance(block, Heading):
        return [Para("heading", block.text)]
    if isinstance(block, ListBlock):
        out: list[Para] = []

        def walk(items: list[ListItem], level: int, ordered: bool, start: int) -> None:
            for item in items:
                out.append(Para("number" if ordered else "bullet", item.text, level, start))
                walk(item.children, level + 1, False, 1)

        walk(block.items, block.level_offset, block.ordered, block.start)
        return out
    if isinstance(block, Quote):
        paras = [Para("quote", p) for p in block.paragraphs]
        if block.attribution:
            paras.append(Para("attribution", [Span("— "), *block.attribution]))
        return paras
    return []


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
    inner = width - 2 * INSET_X_PT
    h = 2 * INSET_Y_PT
    paras = [p for block in blocks for p in paragraphs_of(block)]
    for k, para in enumerate(paras):
        style = para_style(para, size, level_min)
        h += paragraph_height(para.text, style.size, inner - style.margin, fonts, bold=style.bold,
                              italic=style.italic, first=k == 0)
    return h


def table_size(body_size: float) -> float:
    """Tables are set smaller than the body text around them."""
    return max(body_size - 6, 10.0)


def code_size(body_size: float) -> float:
    """Code is set smaller than the body text, as monospaced lines run long."""
    return max(body_size - 6, 10.0)


# Line height of code as a fraction of its size: a little more than the single spacing of the
# usual monospaced fonts (Consolas and Liberation Mono: 1.13), so no client's lines run past the box.
CODE_LINE = 1.18


def code_height(code: CodeBlock, size: float, width: float, fonts: FontSet) -> float:
    """Height in points of a code block whose text is set at ``size`` in a box ``width`` points wide."""
    lines = sum(len(wrap_lines([Run(line or " ", fonts.mono.regular, size)], width - 2 * INSET_X_PT))
                for line in code.text.split("\n"))
    return lines * size * CODE_LINE + 2 * INSET_Y_PT


def table_row_heights(table: Table, size: float, width: float, fonts: FontSet) -> list[float]:
    """The height in points of each row, header first, of a table ``width`` points wide."""
    widths = column_widths(table, width, size, fonts)
    heights: list[float] = []
    for r, row in enumerate([table.header, *table.rows]):
        tallest = 0.0
        for c, cell in enumerate(row):
            w = widths[c] - 2 * INSET_X_PT
            runs = runs_of(cell, size, fonts, bold=r == 0)
            tallest = max(tallest, text_height(runs, w * WIDTH_SAFETY) if runs else size * 1.22)
        heights.append(tallest + 2 * INSET_Y_PT)
    return heights


def table_height(table: Table, size: float, width: float, fonts: FontSet) -> float:
    return sum(table_row_heights(table, size, width, fonts))


def column_widths(table: Table, width: float, size: float, fonts: FontSet) -> list[float]:
    """Column widths in points, proportional to each column's longest line, within limits."""
    ncols = max(len(table.header), *(len(r) for r in table.rows)) if table.rows else len(table.header)
    natural = [0.0] * ncols
    for r, row in enumerate([table.header, *table.rows]):
        for c, cell in enumerate(row):
            runs = runs_of(cell, size, fonts, bold=r == 0)
            w = sum(wrap_lines_width(runs)) + 2 * INSET_X_PT
            natural[c] = max(natural[c], w)
    total = sum(natural) or 1.0
    if total <= width:
        # Spare width goes to every column alike, so numbers do not drift far from their labels.
        spare = (width - total) / ncols
        return [n + spare for n in natural]
    floor = min(width / ncols, 60.0)
    shares = [max(floor, width * n / total) for n in natural]
    scale = width / sum(shares)
    return [s * scale for s in shares]


def wrap_lines_width(runs: list[Run]) -> list[float]:
    return [metrics(r.font).width(r.text, r.size) for r in runs]


METRICS_HEIGHT_PT = 118.0
# Blocks that stretch to fill the space the others leave, with the least height each can take.
FLEXIBLE = {"picture": 108.0, "chart": 200.0, "timeline": 150.0}


def metrics_height(block: Metrics) -> float:
    return METRICS_HEIGHT_PT * (0.85 if not any(t.source or t.change for t in block.tiles) else 1.0)


# --- placing -------------------------------------------------------------------------------------


def is_text(block: Block) -> bool:
    return isinstance(block, (Paragraph, ListBlock, Quote, Heading))


def _groups(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    groups: list[tuple[str, list[Block]]] = []
    for block in blocks:
        kind = ("text" if is_text(block) else "table" if isinstance(block, Table)
                else "metrics" if isinstance(block, Metrics) else "picture" if isinstance(block, Picture)
                else "chart" if isinstance(block, ChartBlock) else "timeline" if isinstance(block, TimelineBlock)
                else "code" if isinstance(block, CodeBlock) else "other")
        if kind == "text" and groups and groups[-1][0] == "text":
            groups[-1][1].append(block)
        else:
            groups.append((kind, [block]))
    return groups


def _group_height(kind: str, blocks: list[Block], size: float, width: float, fonts: FontSet,
                  level_min: float) -> float:
    block = blocks[0]
    if kind == "text":
        return text_blocks_height(blocks, size, width, fonts, level_min)
    if kind == "table" and isinstance(block, Table):
        return table_height(block, table_size(size), width, fonts)
    if kind == "metrics" and isinstance(block, Metrics):
        return metrics_height(block)
    if kind == "code" and isinstance(block, CodeBlock):
        return code_height(block, code_size(size), width, fonts)
    if kind in FLEXIBLE:
        return FLEXIBLE[kind]  # pictures, charts and timelines take what is left, but no less than this
    return 0.0


def stack(blocks: list[Block], area: Box, size: float, fonts: FontSet,
          placeholder: int | None, level_min: float) -> tuple[list[Placed], bool]:
    """Stack groups top to bottom inside ``area``; report whether they fit."""
    groups = _groups(blocks)
    heights = [_group_height(k, b, size, area.w_pt, fonts, level_min) for k, b in groups]
    gaps = GAP_PT * max(len(groups) - 1, 0)
    needed = sum(heights) + gaps
    fits = needed <= area.h_pt
    pictures = [i for i, (k, _) in enumerate(groups) if k in FLEXIBLE]
    spare = max(area.h_pt - needed, 0.0)
    placed: list[Placed] = []
    y = float(area.y)
    used_placeholder = False
    only_text = all(k == "text" for k, _ in groups)
    for (kind, group), h in zip(groups, heights, strict=True):
        if kind in FLEXIBLE and pictures:
            h += spare / len(pictures)
        if only_text:
            h = area.h_pt  # a text-only slide keeps the placeholder's full box
        box = Box(area.x, int(y), area.w, int(h * EMU_PER_PT))
        ph = None
        if kind == "text" and not used_placeholder and placeholder is not None:
            ph, used_placeholder = placeholder, True
        placed.append(Placed(group, box, ph, kind))
        y += (h + GAP_PT) * EMU_PER_PT
    return placed, fits


def _fit_title(slide: Slide, choice: LayoutChoice, theme: Theme, fonts: FontSet) -> tuple[float, Box | None, bool]:
    """The title's size and box, and whether it fits at no less than the theme's floor.

    The size goes down to the floor (``sizes.title_min``); then the box grows, upwards to a small
    margin under the slide's top edge (titles sit on the foot of their box) and downwards only
    as far as ``choice.title_limit``: never over the master's accent rule under the title, never
    into the body. A title that needs more does not fit: it is set smaller than the floor so that
    it stays inside its box, and the caller reports it.
    """
    sizes = theme.sizes
    title_box = choice.boxes.get(choice.title_idx) if choice.title_idx is not None else None
    size = sizes.section if slide.kind == "section" else sizes.title
    if slide.kind == "title":
        size = max(sizes.title + 12, sizes.section)
    if title_box is None or not slide.title:
        return size, None, True
    floor = min(sizes.title_min, size)

    def needed(at: float) -> float:
        runs = runs_of(slide.title, at, fonts, bold=True, heading=True)
        return text_height(runs, (title_box.w_pt - 2 * INSET_X_PT) * WIDTH_SAFETY) + 2 * INSET_Y_PT

    while size > floor and needed(size) > title_box.h_pt:
        size -= 1
    if needed(size) <= title_box.h_pt:
        return size, None, True
    top = min(int(TITLE_TOP_PT * EMU_PER_PT), title_box.y)
    bottom = title_box.y + title_box.h
    limit = choice.title_limit if choice.title_limit is not None else bottom + title_box.h
    room = (max(limit, bottom) - top) / EMU_PER_PT
    fits = needed(size) <= room
    while size > min(TITLE_LAST_RESORT_PT, floor) and needed(size) > room:
        size -= 1
    needed_emu = int(needed(size) * EMU_PER_PT) + 1
    # Upwards first; only a title too long even at the last-resort size goes lower than the
    # limit, where the body makes way for it (see plan_slide), so that no word is outside a box.
    new_top = max(bottom - needed_emu, top)
    new_bottom = max(bottom, new_top + needed_emu)
    return size, Box(title_box.x, new_top, title_box.w, new_bottom - new_top), fits


def body_area(choice: LayoutChoice) -> Box:
    bodies = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if not bodies:
        bodies = [Box(int(0.6 * EMU_PER_IN), int(1.6 * EMU_PER_IN), int(12.1 * EMU_PER_IN), int(5 * EMU_PER_IN))]
    return Box(min(b.x for b in bodies), min(b.y for b in bodies),
               max(b.x + b.w for b in bodies) - min(b.x for b in bodies),
               max(b.y + b.h for b in bodies) - min(b.y for b in bodies))


def _below_title(area: Box, choice: LayoutChoice, title_box: Box | None) -> Box:
    """The body area, shortened from the top by as much as a title box grew past its limit."""
    layout_title = choice.boxes.get(choice.title_idx) if choice.title_idx is not None else None
    if title_box is None or layout_title is None:
        return area
    allowed = max(layout_title.y + layout_title.h, choice.title_limit or 0)
    shift = title_box.y + title_box.h - allowed
    if shift <= 0:
        return area
    return Box(area.x, area.y + shift, area.w, max(area.h - shift, 0))


def _source_box(area: Box, source_texts: list[str], theme: Theme, fonts: FontSet) -> tuple[Box | None, Box]:
    if not source_texts:
        return None, area
    text = "Sources: " + "; ".join(source_texts)
    runs = runs_of([Span(text)], theme.sizes.source, fonts)
    h = text_height(runs, (area.w_pt - 2 * INSET_X_PT) * WIDTH_SAFETY) + 2 * INSET_Y_PT
    box = Box(area.x, int(area.y + area.h - h * EMU_PER_PT), area.w, int(h * EMU_PER_PT) + 1)
    return box, Box(area.x, area.y, area.w, int(area.h - (h + 4) * EMU_PER_PT))


def _place(blocks: list[Block], choice: LayoutChoice, area: Box, size: float,
           fonts: FontSet, level_min: float) -> tuple[list[Placed], bool]:
    """Place a slide's blocks at one body size: columns side by side, anything else stacked."""
    columns = [b for b in blocks if isinstance(b, Columns)]
    if columns and len(blocks) == 1:
        items: list[Placed] = []
        fits = True
        for placed, ok in _place_columns(columns[0].columns, choice, area, size, fonts, level_min):
            items += placed
            fits &= ok
        return items, fits
    return stack(_flatten(blocks), area, size, fonts, choice.body_idx[0] if choice.body_idx else None, level_min)


def _flatten(blocks: list[Block]) -> list[Block]:
    """Columns mixed with other blocks are laid out one after another, in place."""
    out: list[Block] = []
    for block in blocks:
        out += [b for col in block.columns for b in col] if isinstance(block, Columns) else [block]
    return out


def _place_columns(cols: list[list[Block]], choice: LayoutChoice, area: Box, size: float, fonts: FontSet,
                   level_min: float) -> list[tuple[list[Placed], bool]]:
    """Each column stacked in its own box: what it places and whether it fits."""
    out = []
    for k, (col, box) in enumerate(zip(cols, _column_boxes(choice, len(cols), area), strict=True)):
        ph = choice.body_idx[k] if k < len(choice.body_idx) and len(cols) == len(choice.body_idx) else None
        out.append(stack(col, box, size, fonts, ph, level_min))
    return out


def plan_slide(slide: Slide, number: int, choice: LayoutChoice, theme: Theme, fonts: FontSet,
               source_texts: list[str]) -> SlidePlan:
    """Fit one slide: its title, then its body at the largest size from the theme's down to the floor."""
    sizes = theme.sizes
    title_size, title_box, title_fits = _fit_title(slide, choice, theme, fonts)
    plan = SlidePlan(slide, number, choice, title_size, sizes.body, title_box=title_box, title_fits=title_fits)
    if not title_fits:
        plan.overflow = True
    if slide.kind in ("title", "section"):
        return plan
    plan.source_box, area = _source_box(_below_title(body_area(choice), choice, title_box), source_texts, theme, fonts)
    plan.sources = source_texts
    level_min = level_floor(theme)
    size = sizes.body
    while True:
        items, fits = _place(slide.blocks, choice, area, size, fonts, level_min)
        if fits or size <= sizes.body_min:
            break
        size -= 1
    plan.items = items
    plan.body_size = size
    plan.body_fits = fits
    plan.overflow = plan.overflow or not fits
    return plan


# --- continuing on further slides ----------------------------------------------------------------


def _units(blocks: list[Block]) -> list[Block]:
    """Cut blocks where a slide may break: between paragraphs, list items and table rows."""
    units: list[Block] = []
    for block in _flatten(blocks):
        if isinstance(block, ListBlock):
            for k, item in enumerate(block.items):
                units.append(ListBlock([item], item.line, block.ordered, block.start + k, block.level_offset))
        elif isinstance(block, Table) and len(block.rows) > 1:
            units += [Table(block.header, [row], block.line, block.align) for row in block.rows]
        else:
            units.append(block)
    return units


def _join(page: list[Block], unit: Block) -> list[Block]:
    """Add a unit to a page, merging rows of the same table and items of the same list back."""
    if page:
        last = page[-1]
        if isinstance(unit, Table) and isinstance(last, Table) and last.line == unit.line \
                and last.header == unit.header:
            return [*page[:-1], Table(last.header, [*last.rows, *unit.rows], last.line, last.align)]
        if isinstance(unit, ListBlock) and isinstance(last, ListBlock) and last.line <= unit.line \
                and last.ordered == unit.ordered and last.level_offset == unit.level_offset \
                and unit.start == last.start + len(last.items):
            return [*page[:-1], ListBlock([*last.items, *unit.items], last.line, last.ordered, last.start,
                                          last.level_offset)]
        if isinstance(unit, CodeBlock) and isinstance(last, CodeBlock) and unit.language == last.language \
                and unit.line == last.line + last.text.count("\n") + 1:
            # The next lines of the same block (see _smaller): two blocks in the source are at least
            # their fences apart, so they never meet here.
            return [*page[:-1], CodeBlock(f"{last.text}\n{unit.text}", last.line, last.language)]
    return [*page, unit]


def _smaller(unit: Block) -> list[Block] | None:
    """Split a unit that does not fit an empty slide into smaller ones, or None if it cannot be."""
    if isinstance(unit, ListBlock) and len(unit.items) == 1 and unit.items[0].children:
        item = unit.items[0]
        head = ListBlock([ListItem(item.text, item.line)], unit.line, unit.ordered, unit.start, unit.level_offset)
        rest = ListBlock(item.children, item.line, False, 1, unit.level_offset + 1)
        return [head, *_units([rest])]
    if isinstance(unit, ListBlock) and len(unit.items) == 1:
        parts = _split_words(unit.items[0].text)
        if parts:
            a, b = parts
            return [ListBlock([ListItem(a, unit.line)], unit.line, unit.ordered, unit.start, unit.level_offset),
                    ListBlock([ListItem(b, unit.line)], unit.line, unit.ordered, unit.start, unit.level_offset)]
    if isinstance(unit, Paragraph):
        parts = _split_words(unit.text)
        if parts:
            return [Paragraph(parts[0], unit.line), Paragraph(parts[1], unit.line)]
    if isinstance(unit, CodeBlock) and "\n" in unit.text:
        # Line by line, each numbered from the block's first, so that _join puts them back together
        # as far as a slide holds them.
        return [CodeBlock(line, unit.line + k, unit.language) for k, line in enumerate(unit.text.split("\n"))]
    return None


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
    return (a.bold, a.italic, a.code, a.strike, a.link, a.footnote, a.line_break) == \
        (b.bold, b.italic, b.code, b.strike, b.link, b.footnote, b.line_break)


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
    title_boxes = [_fit_title(replace(slide, title=t), choice, theme, fonts)[1] for t in titles]
    below = min((_below_title(body_area(choice), choice, box) for box in title_boxes), key=lambda b: b.h)
    columns = slide.blocks[0].columns if len(slide.blocks) == 1 and isinstance(slide.blocks[0], Columns) else None

    def area_for(blocks: list[Block]) -> Box:
        return _source_box(below, sources_of(replace(slide, blocks=blocks)), theme, fonts)[1]

    def pack(size: float) -> list[list[Block]]:
        if columns is None:
            return _pack(_units(slide.blocks), lambda blocks: _place(blocks, choice, area_for(blocks), size,
                                                                     fonts, level_min)[1])
        line = slide.blocks[0].line

        def column_fits(cols: list[list[Block]], k: int) -> bool:
            blocks: list[Block] = [Columns(cols, line)]
            return _place_columns(cols, choice, area_for(blocks), size, fonts, level_min)[k][1]

        return [[Columns(cols, line)] for cols in _pack_columns([_units(col) for col in columns], column_fits)]

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


def _column_boxes(choice: LayoutChoice, n: int, area: Box) -> list[Box]:
    own = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if len(own) == n:
        # Keep the layout's columns, but stop them above the source line.
        bottom = area.y + area.h
        return [Box(b.x, b.y, b.w, min(b.h, bottom - b.y)) for b in own]
    gap = int(0.4 * EMU_PER_IN)
    w = (area.w - gap * (n - 1)) // n
    return [Box(area.x + k * (w + gap), area.y, w, area.h) for k in range(n)]

"""Fitting one slide: its title, then its blocks stacked in the body area at the largest size that fits.

The layout stage of the deck. It works on plain geometry: a :class:`LayoutChoice` holds the boxes
and placeholder indices of the master layout a slide uses (read once per layout by
:mod:`.master`), and the result is a :class:`SlidePlan` of boxes that :mod:`.slide` draws. Text
is measured by :mod:`.measure`. Continuing a slide that does not fit is :mod:`.paginate`'s. No
python-pptx here: the same stage could lay out another slide format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...document import (
    Block,
    Callout,
    ChartBlock,
    CodeBlock,
    Columns,
    Metrics,
    Pause,
    Picture,
    Slide,
    Span,
    Table,
    TimelineBlock,
)
from ...fonts import FontSet
from ...theme import Theme
from ...units import EMU_PER_PT, Box, Inches, Length, Pt
from ...walk import BlockVisitor
from .measure import (
    callout_height,
    code_height,
    code_size,
    framed_height,
    is_text,
    level_floor,
    metrics_height,
    table_height,
    table_size,
    text_blocks_height,
)

GAP_PT = 12.0  # between stacked items in the body area
TITLE_TOP_PT = 7.2  # a grown title box stops this far below the slide's top edge
TITLE_LAST_RESORT_PT = 12.0  # a title too long for its grown box is set smaller, down to this
SOURCE_GAP_PT = 4.0  # between the body and the source line under it
COLUMN_GAP = Inches(0.4)  # between columns the layout does not draw itself
# The body area of a layout without body placeholders.
FALLBACK_BODY = Box(Inches(0.6), Inches(1.6), Inches(12.1), Inches(5))


@dataclass(frozen=True)
class LayoutChoice:
    """The master layout a slide uses, as the layout stage needs it: boxes and indices, no objects."""

    layout: int  # its position among the master's layouts
    name: str
    title_idx: int | None
    body_idx: tuple[int, ...]  # body placeholders, left to right
    boxes: dict[int, Box]
    title_limit: int | None = None  # the lowest a grown title box may reach (EMU from the top)

    @property
    def title_box(self) -> Box | None:
        return self.boxes.get(self.title_idx) if self.title_idx is not None else None


@dataclass
class Placed:
    """Blocks drawn in one box. ``placeholder`` is the body placeholder to use, if any."""

    blocks: list[Block]
    box: Box
    placeholder: int | None = None
    before: list[Pause] = field(default_factory=list)  # pauses just before these blocks (build steps)


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


@dataclass
class _Group:
    """Blocks that share one box: a run of text blocks, or one other block."""

    blocks: list[Block]
    text: bool
    flexible: bool = False  # takes a share of the room the others leave
    before: list[Pause] = field(default_factory=list)


# Blocks that stretch to fill the space the others leave, with the least height each can take.
FLEXIBLE_PT = {"picture": 108.0, "chart": 200.0, "timeline": 150.0}


class _Height(BlockVisitor[float]):
    """The height in points a block other than text needs in a box ``width`` points wide."""

    def __init__(self, size: float, width: float, fonts: FontSet, level_min: float):
        self.size, self.width, self.fonts, self.level_min = size, width, fonts, level_min

    def visit_callout(self, block: Callout) -> float:
        return callout_height(block, self.size, self.width, self.fonts, self.level_min)

    def visit_table(self, block: Table) -> float:
        return table_height(block, table_size(self.size), self.width, self.fonts)

    def visit_metrics(self, block: Metrics) -> float:
        return metrics_height(block, self.width, self.fonts)

    def visit_code(self, block: CodeBlock) -> float:
        return code_height(block, code_size(self.size), self.width, self.fonts)

    # Pictures, charts and timelines take what is left, but no less than this.
    def visit_picture(self, block: Picture) -> float:
        return FLEXIBLE_PT["picture"]

    def visit_chart(self, block: ChartBlock) -> float:
        return FLEXIBLE_PT["chart"]

    def visit_timeline(self, block: TimelineBlock) -> float:
        return FLEXIBLE_PT["timeline"]

    def visit_other(self, block: Block) -> float:
        return 0.0


def _groups(blocks: list[Block]) -> list[_Group]:
    """Runs of text blocks share a box; a pause takes no room: it stays between the text blocks
    it parts (the text frame builds paragraph by paragraph) or goes before the next group."""
    groups: list[_Group] = []
    pauses: list[Pause] = []
    for block in blocks:
        if isinstance(block, Pause):
            pauses.append(block)
            continue
        text = is_text(block)
        if text and groups and groups[-1].text:
            groups[-1].blocks += [*pauses, block]
        else:
            groups.append(_Group([block], text, block.kind in FLEXIBLE_PT, pauses))
        pauses = []
    return groups


def stack(blocks: list[Block], area: Box, size: float, fonts: FontSet,
          placeholder: int | None, level_min: float) -> tuple[list[Placed], bool]:
    """Stack groups top to bottom inside ``area``; report whether they fit."""
    groups = _groups(blocks)
    height = _Height(size, area.w_pt, fonts, level_min)
    heights = [text_blocks_height(g.blocks, size, area.w_pt, fonts, level_min) if g.text
               else height.visit(g.blocks[0]) for g in groups]
    gaps = GAP_PT * max(len(groups) - 1, 0)
    needed = sum(heights) + gaps
    fits = needed <= area.h_pt
    flexible = sum(g.flexible for g in groups)
    spare = max(area.h_pt - needed, 0.0)
    placed: list[Placed] = []
    y = float(area.y)
    used_placeholder = False
    only_text = all(g.text for g in groups)
    for group, h in zip(groups, heights, strict=True):
        if group.flexible:
            h += spare / flexible
        if only_text:
            h = area.h_pt  # a text-only slide keeps the placeholder's full box
        box = Box(area.x, int(y), area.w, Pt(h))
        ph = None
        if group.text and not used_placeholder and placeholder is not None:
            ph, used_placeholder = placeholder, True
        placed.append(Placed(group.blocks, box, ph, group.before))
        y += (h + GAP_PT) * EMU_PER_PT
    return placed, fits


def fit_title(slide: Slide, choice: LayoutChoice, theme: Theme, fonts: FontSet) -> tuple[float, Box | None, bool]:
    """The title's size and box, and whether it fits at no less than the theme's floor.

    The size goes down to the floor (``sizes.title_min``); then the box grows, upwards to a small
    margin under the slide's top edge (titles sit on the foot of their box) and downwards only
    as far as ``choice.title_limit``: never over the master's accent rule under the title, never
    into the body. A title that needs more does not fit: it is set smaller than the floor so that
    it stays inside its box, and the caller reports it.
    """
    sizes = theme.sizes
    title_box = choice.title_box
    size = sizes.section if slide.kind == "section" else sizes.title
    if slide.kind == "title":
        size = max(sizes.title + 12, sizes.section)
    if title_box is None or not slide.title:
        return size, None, True
    floor = min(sizes.title_min, size)

    def needed(at: float) -> float:
        return framed_height(slide.title, at, title_box.w_pt, fonts, bold=True, heading=True)

    while size > floor and needed(size) > title_box.h_pt:
        size -= 1
    if needed(size) <= title_box.h_pt:
        return size, None, True
    top = min(Pt(TITLE_TOP_PT), title_box.y)
    bottom = title_box.bottom
    limit = choice.title_limit if choice.title_limit is not None else bottom + title_box.h
    room = Length(max(limit, bottom) - top).pt
    fits = needed(size) <= room
    while size > min(TITLE_LAST_RESORT_PT, floor) and needed(size) > room:
        size -= 1
    needed_emu = Pt(needed(size)) + 1
    # Upwards first; only a title too long even at the last-resort size goes lower than the
    # limit, where the body makes way for it (see plan_slide), so that no word is outside a box.
    new_top = max(bottom - needed_emu, top)
    new_bottom = max(bottom, new_top + needed_emu)
    return size, Box(title_box.x, new_top, title_box.w, new_bottom - new_top), fits


def body_area(choice: LayoutChoice) -> Box:
    bodies = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes] or [FALLBACK_BODY]
    x, y = min(b.x for b in bodies), min(b.y for b in bodies)
    return Box(x, y, max(b.right for b in bodies) - x, max(b.bottom for b in bodies) - y)


def below_title(area: Box, choice: LayoutChoice, title_box: Box | None) -> Box:
    """The body area, shortened from the top by as much as a title box grew past its limit."""
    layout_title = choice.title_box
    if title_box is None or layout_title is None:
        return area
    allowed = max(layout_title.bottom, choice.title_limit or 0)
    shift = title_box.bottom - allowed
    if shift <= 0:
        return area
    return Box(area.x, area.y + shift, area.w, max(area.h - shift, 0))


def source_box(area: Box, source_texts: list[str], theme: Theme, fonts: FontSet) -> tuple[Box | None, Box]:
    """The box of the slide's source line at the foot of ``area``, and what it leaves above."""
    if not source_texts:
        return None, area
    h = framed_height([Span("Sources: " + "; ".join(source_texts))], theme.sizes.source, area.w_pt, fonts)
    box = Box(area.x, int(area.y + area.h - h * EMU_PER_PT), area.w, Pt(h) + 1)
    return box, Box(area.x, area.y, area.w, int(area.h - (h + SOURCE_GAP_PT) * EMU_PER_PT))


def place(blocks: list[Block], choice: LayoutChoice, area: Box, size: float,
          fonts: FontSet, level_min: float) -> tuple[list[Placed], bool]:
    """Place a slide's blocks at one body size: columns side by side, anything else stacked."""
    if len(blocks) == 1 and isinstance(blocks[0], Columns):
        items: list[Placed] = []
        fits = True
        for placed, ok in place_columns(blocks[0].columns, choice, area, size, fonts, level_min, blocks[0].widths):
            items += placed
            fits &= ok
        return items, fits
    return stack(flatten(blocks), area, size, fonts, choice.body_idx[0] if choice.body_idx else None, level_min)


def pauses_into_columns(blocks: list[Block]) -> list[Block]:
    """Pauses just before columns, moved into the first column: the columns still stand side by
    side, and everything in them waits for the click (the clicks run column after column)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Columns) and out and isinstance(out[-1], Pause):
            pauses: list[Block] = []
            while out and isinstance(out[-1], Pause):
                pauses.insert(0, out.pop())
            first = [*pauses, *block.columns[0]] if block.columns else pauses
            block = Columns([first, *block.columns[1:]], block.line, block.widths)
        out.append(block)
    return out


def flatten(blocks: list[Block]) -> list[Block]:
    """Columns mixed with other blocks are laid out one after another, in place."""
    out: list[Block] = []
    for block in blocks:
        out += [b for col in block.columns for b in col] if isinstance(block, Columns) else [block]
    return out


def place_columns(cols: list[list[Block]], choice: LayoutChoice, area: Box, size: float, fonts: FontSet,
                  level_min: float, widths: list[float | None] | None = None) -> list[tuple[list[Placed], bool]]:
    """Each column stacked in its own box: what it places and whether it fits."""
    out = []
    for k, (col, box) in enumerate(zip(cols, _column_boxes(choice, len(cols), area, widths), strict=True)):
        ph = choice.body_idx[k] if k < len(choice.body_idx) and len(cols) == len(choice.body_idx) else None
        out.append(stack(col, box, size, fonts, ph, level_min))
    return out


def _column_boxes(choice: LayoutChoice, n: int, area: Box, widths: list[float | None] | None = None) -> list[Box]:
    if widths and any(w is not None for w in widths[:n]):
        # Widths the author gave (pandoc's `width="40%"`): shares of the body, the rest split evenly.
        room = area.w - COLUMN_GAP * (n - 1)
        boxes, x = [], area.x
        for share in Columns([[]] * n, 0, list(widths)).shares():
            w = int(room * share)
            boxes.append(Box(x, area.y, w, area.h))
            x += w + COLUMN_GAP
        return boxes
    own = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if len(own) == n:
        # Keep the layout's columns, but stop them above the source line.
        return [Box(b.x, b.y, b.w, min(b.h, area.bottom - b.y)) for b in own]
    w = (area.w - COLUMN_GAP * (n - 1)) // n
    return [Box(area.x + k * (w + COLUMN_GAP), area.y, w, area.h) for k in range(n)]


def plan_slide(slide: Slide, number: int, choice: LayoutChoice, theme: Theme, fonts: FontSet,
               source_texts: list[str]) -> SlidePlan:
    """Fit one slide: its title, then its body at the largest size from the theme's down to the floor."""
    sizes = theme.sizes
    title_size, title_box, title_fits = fit_title(slide, choice, theme, fonts)
    plan = SlidePlan(slide, number, choice, title_size, sizes.body, title_box=title_box, title_fits=title_fits)
    if not title_fits:
        plan.overflow = True
    if slide.kind in ("title", "section"):
        return plan
    plan.source_box, area = source_box(below_title(body_area(choice), choice, title_box), source_texts, theme, fonts)
    plan.sources = source_texts
    level_min = level_floor(theme)
    size = sizes.body
    while True:
        items, fits = place(slide.blocks, choice, area, size, fonts, level_min)
        if fits or size <= sizes.body_min:
            break
        size -= 1
    plan.items = items
    plan.body_size = size
    plan.body_fits = fits
    plan.overflow = plan.overflow or not fits
    return plan

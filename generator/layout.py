"""Layout stage: slides → placed boxes, with text measured by real font metrics.

For each slide this picks the master layout (by placeholder types first, then by name, as a
corporate master must work too), reads the boxes its placeholders offer, and stacks the slide's
blocks into the body area: text in the body placeholder, tables, tiles and pictures as shapes
below or beside it. Text is measured with the TrueType files behind the theme's fonts and set at
the largest size from the theme's size down to its floor at which everything fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.slide import SlideLayout

from .document import (
    Block,
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
    Table,
)
from .errors import Problems
from .fonts import FontFiles, Run, find_font, text_height, wrap_lines
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
WIDTH_SAFETY = 0.98  # clients differ in kerning by a hair; keep lines a little short


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
    overflow: bool = False


@dataclass
class FontSet:
    heading: FontFiles
    body: FontFiles
    mono: FontFiles

    def for_span(self, bold: bool, italic: bool, code: bool, heading: bool = False) -> Path:
        family = self.mono if code else self.heading if heading else self.body
        return family.file(bold, italic)


def font_set(theme: Theme, problems: Problems, where: str) -> FontSet:
    def resolve(name: str, fallback: str) -> FontFiles:
        found = find_font(name)
        if found is None:
            problems.warn(where, None, None,
                          f"font '{name}' is not installed and has no known open twin; text is measured "
                          f"with {fallback}, so line breaks may differ where '{name}' is shown")
            found = find_font(fallback)
        assert found is not None  # the shipped fonts are always there
        return found

    return FontSet(resolve(theme.fonts.heading, "Carlito"), resolve(theme.fonts.body, "Carlito"),
                   resolve("Consolas", "Liberation Mono"))


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
                t, b, boxes, _ = _signature(layout)
                return LayoutChoice(layout, t, b, boxes)
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
    t, b, boxes, _ = _signature(pick)
    if want == "section" and len(b) > 1:
        b = b[:1]
    return LayoutChoice(pick, t, b, boxes)


# --- measuring -----------------------------------------------------------------------------------


def runs_of(spans: Inline, size: float, fonts: FontSet, bold: bool = False, italic: bool = False,
            heading: bool = False) -> list[Run]:
    return [Run(s.text, fonts.for_span(s.bold or bold, s.italic or italic, s.code, heading), size)
            for s in spans if s.text and s.footnote is None]


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


def level_size(size: float, level: int) -> float:
    return max(size - LEVEL_STEP_PT * level, 10.0)


def text_blocks_height(blocks: list[Block], size: float, width: float, fonts: FontSet) -> float:
    """Height in points of text blocks set at ``size`` in a frame ``width`` points wide."""
    inner = width - 2 * INSET_X_PT
    h = 2 * INSET_Y_PT
    first = True

    def item_height(items: list[ListItem], level: int) -> None:
        nonlocal h, first
        for item in items:
            s = level_size(size, level)
            left = LEVEL_INDENT_PT[min(level, 2)] + BULLET_HANG_PT
            h += paragraph_height(item.text, s, inner - left, fonts, first=first)
            first = False
            item_height(item.children, level + 1)

    for block in blocks:
        if isinstance(block, Paragraph):
            h += paragraph_height(block.text, size, inner, fonts, first=first)
        elif isinstance(block, Heading):
            h += paragraph_height(block.text, size, inner, fonts, bold=True, heading=True, first=first)
        elif isinstance(block, ListBlock):
            item_height(block.items, 0)
        elif isinstance(block, Quote):
            for para in block.paragraphs:
                h += paragraph_height(para, size, inner - BULLET_HANG_PT, fonts, italic=True, first=first)
                first = False
            if block.attribution:
                h += paragraph_height(block.attribution, size * 0.8, inner, fonts, first=False)
        first = False
    return h


def table_height(table: Table, size: float, width: float, fonts: FontSet) -> float:
    widths = column_widths(table, width, size, fonts)
    total = 0.0
    for r, row in enumerate([table.header, *table.rows]):
        tallest = 0.0
        for c, cell in enumerate(row):
            w = widths[c] - 2 * INSET_X_PT if c < len(widths) else 50
            runs = runs_of(cell, size, fonts, bold=r == 0)
            tallest = max(tallest, text_height(runs, w * WIDTH_SAFETY) if runs else size * 1.22)
        total += tallest + 2 * INSET_Y_PT
    return total


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
    from .fonts import metrics

    return [metrics(r.font).width(r.text, r.size) for r in runs]


METRICS_HEIGHT_PT = 118.0


def metrics_height(block: Metrics, size: float) -> float:
    return METRICS_HEIGHT_PT * (0.85 if not any(t.source or t.change for t in block.tiles) else 1.0)


# --- placing -------------------------------------------------------------------------------------


def is_text(block: Block) -> bool:
    return isinstance(block, (Paragraph, ListBlock, Quote, Heading))


def _groups(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    groups: list[tuple[str, list[Block]]] = []
    for block in blocks:
        kind = ("text" if is_text(block) else "table" if isinstance(block, Table)
                else "metrics" if isinstance(block, Metrics) else "picture" if isinstance(block, Picture)
                else "code" if isinstance(block, CodeBlock) else "other")
        if kind == "text" and groups and groups[-1][0] == "text":
            groups[-1][1].append(block)
        else:
            groups.append((kind, [block]))
    return groups


def _group_height(kind: str, blocks: list[Block], size: float, width: float, fonts: FontSet) -> float:
    if kind == "text":
        return text_blocks_height(blocks, size, width, fonts)
    if kind == "table":
        return table_height(blocks[0], max(size - 6, 10.0), width, fonts)  # type: ignore[arg-type]
    if kind == "metrics":
        return metrics_height(blocks[0], size)  # type: ignore[arg-type]
    if kind == "code":
        code = blocks[0]
        assert isinstance(code, CodeBlock)
        s = max(size - 6, 10.0)
        lines = sum(len(wrap_lines([Run(line or " ", fonts.mono.regular, s)], width - 2 * INSET_X_PT))
                    for line in code.text.split("\n"))
        return lines * s * 1.18 + 2 * INSET_Y_PT
    if kind == "picture":
        return 108.0  # a picture takes what is left, but no less than this
    return 0.0


def stack(blocks: list[Block], area: Box, size: float, fonts: FontSet,
          placeholder: int | None) -> tuple[list[Placed], bool]:
    """Stack groups top to bottom inside ``area``; report whether they fit."""
    groups = _groups(blocks)
    heights = [_group_height(k, b, size, area.w_pt, fonts) for k, b in groups]
    gaps = GAP_PT * max(len(groups) - 1, 0)
    needed = sum(heights) + gaps
    fits = needed <= area.h_pt
    pictures = [i for i, (k, _) in enumerate(groups) if k == "picture"]
    spare = max(area.h_pt - needed, 0.0)
    placed: list[Placed] = []
    y = float(area.y)
    used_placeholder = False
    only_text = all(k == "text" for k, _ in groups)
    for _i, ((kind, group), h) in enumerate(zip(groups, heights, strict=True)):
        if kind == "picture" and pictures:
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


def plan_slide(slide: Slide, number: int, choice: LayoutChoice, theme: Theme, fonts: FontSet,
               source_texts: list[str], problems: Problems, path: str) -> SlidePlan:
    """Fit a slide's title and body into the chosen layout's boxes."""
    sizes = theme.sizes
    title_box = choice.boxes.get(choice.title_idx) if choice.title_idx is not None else None
    title_size = sizes.section if slide.kind == "section" else sizes.title
    if slide.kind == "title":
        title_size = max(sizes.title + 12, sizes.section)
    if title_box is not None and slide.title:
        floor = min(sizes.title_min, title_size)
        while title_size > floor:
            runs = runs_of(slide.title, title_size, fonts, bold=True, heading=True)
            if text_height(runs, title_box.w_pt - 2 * INSET_X_PT) + 2 * INSET_Y_PT <= title_box.h_pt:
                break
            title_size -= 1
    plan = SlidePlan(slide, number, choice, title_size, sizes.body)
    if slide.kind in ("title", "section"):
        return plan

    bodies = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if not bodies:
        bodies = [Box(int(0.6 * EMU_PER_IN), int(1.6 * EMU_PER_IN), int(12.1 * EMU_PER_IN), int(5 * EMU_PER_IN))]
    area = Box(min(b.x for b in bodies), min(b.y for b in bodies),
               max(b.x + b.w for b in bodies) - min(b.x for b in bodies),
               max(b.y + b.h for b in bodies) - min(b.y for b in bodies))

    if source_texts:
        text = "Sources: " + "; ".join(source_texts)
        runs = [Run(text, fonts.body.regular, sizes.source)]
        h = text_height(runs, area.w_pt - 2 * INSET_X_PT) + 2 * INSET_Y_PT
        plan.source_box = Box(area.x, int(area.y + area.h - h * EMU_PER_PT), area.w, int(h * EMU_PER_PT))
        plan.sources = source_texts
        area = Box(area.x, area.y, area.w, int(area.h - (h + 4) * EMU_PER_PT))

    columns = [b for b in slide.blocks if isinstance(b, Columns)]
    size = sizes.body
    while True:
        items: list[Placed] = []
        fits = True
        if columns and len(slide.blocks) == 1:
            cols = columns[0].columns
            boxes = _column_boxes(choice, len(cols), area)
            for k, (col, box) in enumerate(zip(cols, boxes, strict=True)):
                ph = choice.body_idx[k] if k < len(choice.body_idx) and len(cols) == len(choice.body_idx) else None
                placed, ok = stack(col, box, size, fonts, ph)
                items += placed
                fits &= ok
        else:
            flat = [b for b in slide.blocks if not isinstance(b, Columns)]
            for c in columns:  # columns mixed with other blocks: lay them one after another
                flat += [b for col in c.columns for b in col]
            ph = choice.body_idx[0] if choice.body_idx else None
            items, fits = stack(flat, area, size, fonts, ph)
        if fits or size <= sizes.body_min:
            break
        size -= 1
    plan.items = items
    plan.body_size = size
    plan.overflow = not fits
    if not fits:
        problems.warn(path, slide.line, 1,
                      f"slide {number} does not fit even at {sizes.body_min:g} pt; shorten it or split it "
                      "with another '##' heading")
    return plan


def _column_boxes(choice: LayoutChoice, n: int, area: Box) -> list[Box]:
    own = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if len(own) == n:
        # Keep the layout's columns, but stop them above the source line.
        bottom = area.y + area.h
        return [Box(b.x, b.y, b.w, min(b.h, bottom - b.y)) for b in own]
    gap = int(0.4 * EMU_PER_IN)
    w = (area.w - gap * (n - 1)) // n
    return [Box(area.x + k * (w + gap), area.y, w, area.h) for k in range(n)]

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
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER
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
from .fonts import FontFiles, Run, break_tokens, find_font, metrics, text_height, wrap_lines
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
    overflow: bool = False  # does not fit even at the floor sizes
    title_box: Box | None = None  # set when the title needed a taller box than the layout's
    continued: bool = False  # a continuation slide ("… (cont.)")
    body_fits: bool = True


@dataclass
class FontSet:
    heading: FontFiles
    body: FontFiles
    mono: FontFiles
    east_asian: FontFiles

    def for_span(self, bold: bool, italic: bool, code: bool, heading: bool = False) -> Path:
        family = self.mono if code else self.heading if heading else self.body
        return family.file(bold, italic)

    def split(self, text: str, font: Path) -> list[tuple[str, Path]]:
        """Cut text into pieces per font: what the Latin font lacks (CJK) goes to the East Asian one."""
        latin = metrics(font)
        cjk_file = self.east_asian.regular
        cjk = metrics(cjk_file)
        pieces: list[tuple[str, Path]] = []
        for ch in text:
            use = font if latin.has(ch) or not cjk.has(ch) else cjk_file
            if pieces and pieces[-1][1] == use:
                pieces[-1] = (pieces[-1][0] + ch, use)
            else:
                pieces.append((ch, use))
        return pieces

    def missing(self, text: str, font: Path) -> list[str]:
        """Characters that neither the run's font nor the East Asian font can draw."""
        latin, cjk = metrics(font), metrics(self.east_asian.regular)
        return sorted({ch for ch in text if not ch.isspace() and not latin.has(ch) and not cjk.has(ch)})


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
                   resolve(theme.fonts.code, "Liberation Mono"),
                   resolve(theme.fonts.east_asian, "WenQuanYi Micro Hei"))


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
            item_height(block.items, block.level_offset)
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
    return [metrics(r.font).width(r.text, r.size) for r in runs]


METRICS_HEIGHT_PT = 118.0
# Blocks that stretch to fill the space the others leave, with the least height each can take.
FLEXIBLE = {"picture": 108.0, "chart": 200.0, "timeline": 150.0}


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
                else "chart" if isinstance(block, ChartBlock) else "timeline" if isinstance(block, TimelineBlock)
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
    if kind in FLEXIBLE:
        return FLEXIBLE[kind]  # pictures, charts and timelines take what is left, but no less than this
    return 0.0


def stack(blocks: list[Block], area: Box, size: float, fonts: FontSet,
          placeholder: int | None) -> tuple[list[Placed], bool]:
    """Stack groups top to bottom inside ``area``; report whether they fit."""
    groups = _groups(blocks)
    heights = [_group_height(k, b, size, area.w_pt, fonts) for k, b in groups]
    gaps = GAP_PT * max(len(groups) - 1, 0)
    needed = sum(heights) + gaps
    fits = needed <= area.h_pt
    pictures = [i for i, (k, _) in enumerate(groups) if k in FLEXIBLE]
    spare = max(area.h_pt - needed, 0.0)
    placed: list[Placed] = []
    y = float(area.y)
    used_placeholder = False
    only_text = all(k == "text" for k, _ in groups)
    for _i, ((kind, group), h) in enumerate(zip(groups, heights, strict=True)):
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
    """The title's size and box: shrink to the floor, then let the box grow upwards if it must."""
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
    h = needed(size)
    if h <= title_box.h_pt:
        return size, None, True
    # Still too tall at the floor: grow the box upwards (titles sit on the bottom of their box),
    # never above a small top margin, and then downwards, pushing the body down.
    top_limit = min(int(0.1 * EMU_PER_IN), title_box.y)
    bottom = title_box.y + title_box.h
    needed_emu = int(h * EMU_PER_PT) + 1
    top = max(bottom - needed_emu, top_limit)
    return size, Box(title_box.x, top, title_box.w, max(needed_emu, bottom - top)), True


def body_area(choice: LayoutChoice) -> Box:
    bodies = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if not bodies:
        bodies = [Box(int(0.6 * EMU_PER_IN), int(1.6 * EMU_PER_IN), int(12.1 * EMU_PER_IN), int(5 * EMU_PER_IN))]
    return Box(min(b.x for b in bodies), min(b.y for b in bodies),
               max(b.x + b.w for b in bodies) - min(b.x for b in bodies),
               max(b.y + b.h for b in bodies) - min(b.y for b in bodies))


def _source_box(area: Box, source_texts: list[str], theme: Theme, fonts: FontSet) -> tuple[Box | None, Box]:
    if not source_texts:
        return None, area
    text = "Sources: " + "; ".join(source_texts)
    runs = runs_of([Span(text)], theme.sizes.source, fonts)
    h = text_height(runs, (area.w_pt - 2 * INSET_X_PT) * WIDTH_SAFETY) + 2 * INSET_Y_PT
    box = Box(area.x, int(area.y + area.h - h * EMU_PER_PT), area.w, int(h * EMU_PER_PT) + 1)
    return box, Box(area.x, area.y, area.w, int(area.h - (h + 4) * EMU_PER_PT))


def _place(blocks: list[Block], choice: LayoutChoice, area: Box, size: float,
           fonts: FontSet) -> tuple[list[Placed], bool]:
    """Place a slide's blocks at one body size: columns side by side, anything else stacked."""
    columns = [b for b in blocks if isinstance(b, Columns)]
    if columns and len(blocks) == 1:
        cols = columns[0].columns
        items: list[Placed] = []
        fits = True
        for k, (col, box) in enumerate(zip(cols, _column_boxes(choice, len(cols), area), strict=True)):
            ph = choice.body_idx[k] if k < len(choice.body_idx) and len(cols) == len(choice.body_idx) else None
            placed, ok = stack(col, box, size, fonts, ph)
            items += placed
            fits &= ok
        return items, fits
    flat = [b for b in blocks if not isinstance(b, Columns)]
    for c in columns:  # columns mixed with other blocks: lay them one after another
        flat += [b for col in c.columns for b in col]
    return stack(flat, area, size, fonts, choice.body_idx[0] if choice.body_idx else None)


def plan_slide(slide: Slide, number: int, choice: LayoutChoice, theme: Theme, fonts: FontSet,
               source_texts: list[str]) -> SlidePlan:
    """Fit one slide: its title, then its body at the largest size from the theme's down to the floor."""
    sizes = theme.sizes
    title_size, title_box, title_fits = _fit_title(slide, choice, theme, fonts)
    plan = SlidePlan(slide, number, choice, title_size, sizes.body, title_box=title_box)
    if not title_fits:
        plan.overflow = True
    if slide.kind in ("title", "section"):
        return plan
    area = body_area(choice)
    if title_box is not None and choice.title_idx in choice.boxes:
        layout_title = choice.boxes[choice.title_idx]
        shift = (title_box.y + title_box.h) - (layout_title.y + layout_title.h)
        if shift > 0:  # the title grew past its box's foot: the body starts that much lower
            area = Box(area.x, area.y + shift, area.w, max(area.h - shift, 0))
    plan.source_box, area = _source_box(area, source_texts, theme, fonts)
    plan.sources = source_texts
    size = sizes.body
    while True:
        items, fits = _place(slide.blocks, choice, area, size, fonts)
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
    for block in blocks:
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

    Content is cut between paragraphs, list items and table rows (a continued table repeats its
    header row), and inside a paragraph only between words. Each part is then fitted on its own,
    so a continuation slide is set as large as its share allows.
    """
    plan = plan_slide(slide, first_number, choice, theme, fonts, sources_of(slide))
    if plan.body_fits or slide.kind != "content":
        return [plan]
    if any(isinstance(b, Columns) for b in slide.blocks):
        return [plan]  # columns stay together; the overflow is reported
    def pack(size: float) -> list[list[Block]]:
        """Fill slides one after another at ``size``, cutting units smaller where one is too big."""

        def fits(blocks: list[Block]) -> bool:
            trial = replace(slide, blocks=blocks)
            _, area = _source_box(body_area(choice), sources_of(trial), theme, fonts)
            return _place(blocks, choice, area, size, fonts)[1]

        pages: list[list[Block]] = []
        page: list[Block] = []
        queue = _units(slide.blocks)
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
        title = slide.title if k == 0 else [*slide.title, Span(" (cont.)")] if slide.title else [Span("(cont.)")]
        part = replace(slide, title=title, blocks=blocks, notes=slide.notes if k == 0 else [])
        part_plan = plan_slide(part, first_number + k, choice, theme, fonts, sources_of(part))
        part_plan.continued = k > 0
        plans.append(part_plan)
    return plans


def _column_boxes(choice: LayoutChoice, n: int, area: Box) -> list[Box]:
    own = [choice.boxes[i] for i in choice.body_idx if i in choice.boxes]
    if len(own) == n:
        # Keep the layout's columns, but stop them above the source line.
        bottom = area.y + area.h
        return [Box(b.x, b.y, b.w, min(b.h, bottom - b.y)) for b in own]
    gap = int(0.4 * EMU_PER_IN)
    w = (area.w - gap * (n - 1)) // n
    return [Box(area.x + k * (w + gap), area.y, w, area.h) for k in range(n)]

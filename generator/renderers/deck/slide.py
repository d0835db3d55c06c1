"""Drawing one planned slide: title and body in the master's placeholders, the rest as shapes.

The write step of the deck, run for each :class:`~.fit.SlidePlan` in turn. Titles and body text
go into the layout's real placeholders, so they stay editable and follow the master's styles;
tables, tiles, pictures, charts and timelines are native shapes in the boxes the layout stage
planned. Which drawing a placed item gets is decided by its first block's kind, through
:class:`generator.walk.BlockVisitor`.
"""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.shapes.placeholder import SlidePlaceholder
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Pt  # python-pptx's lengths, as its API takes them; boxes are generator.units

from ...document import (
    Block,
    Callout,
    ChartBlock,
    CodeBlock,
    Equation,
    Heading,
    ListBlock,
    Metrics,
    Paragraph,
    Pause,
    Picture,
    Quote,
    Span,
    Table,
    TimelineBlock,
)
from ...highlight import code_lines
from ...units import Box
from ...walk import BlockVisitor
from . import animation, equations, furniture, oxml, shapes, textxml
from .charts import draw_chart
from .fit import Placed, SlidePlan
from .master import Master
from .measure import Para, code_size, is_text, paragraphs_of, table_size
from .newslides import NewSlides
from .text import Writer
from .timeline import draw_timeline


def _move(ph: SlidePlaceholder, box: Box) -> None:
    oxml.place(ph, box.x, box.y, box.w, box.h)


class _Draw(BlockVisitor[None]):
    """Draws the placed items of one slide, each by the kind of its (first) block."""

    def __init__(self, writer: Writer, slide: PptxSlide, plan: SlidePlan,
                 placeholders: dict[int, SlidePlaceholder], used: set[int]):
        self.writer, self.slide, self.plan = writer, slide, plan
        self.placeholders, self.used = placeholders, used
        self.item = Placed([], Box(0, 0, 0, 0))
        # What appears on each click: (shape id, paragraph index, or None for the whole shape).
        self.clicks: list[list[tuple[int, int | None]]] = []
        self.step: int | None = None  # the click the blocks being drawn wait for; None: shown at once
        self.incremental = writer.build.document.meta.incremental

    def draw(self, item: Placed) -> None:
        self.item = item
        for pause in item.before:
            self._pause(pause)
        drawn = len(self.slide.shapes)
        self.visit(item.blocks[0])
        if self.step is not None and not is_text(item.blocks[0]):  # a table, picture, code…: as one
            self.clicks[self.step] += [(shape.shape_id, None) for shape in list(self.slide.shapes)[drawn:]]

    def _pause(self, pause: Pause) -> None:
        if pause.resume:
            self.step = None
        else:
            self.clicks.append([])
            self.step = len(self.clicks) - 1

    def _builds(self, block: ListBlock) -> bool:
        return block.incremental if block.incremental is not None else self.incremental

    # Text: every block of the item, in the body placeholder if it has one, else a text box.
    def _text(self) -> None:
        item, box = self.item, self.item.box
        paras: list[Para] = []
        # (click, paragraph): an incremental list's items one click each, what follows a pause on its click
        steps: list[tuple[int, int]] = []
        for block in item.blocks:
            if isinstance(block, Pause):
                self._pause(block)
                continue
            mine = paragraphs_of(block)
            for k in range(len(paras), len(paras) + len(mine)):
                if isinstance(block, ListBlock) and self._builds(block):
                    self.clicks.append([])
                    steps.append((len(self.clicks) - 1, k))
                elif self.step is not None:
                    steps.append((self.step, k))
            paras += mine
        if item.placeholder is not None and item.placeholder in self.placeholders:
            shape: Any = self.placeholders[item.placeholder]
            _move(shape, box)
            self.writer.write(shape.text_frame, paras, self.plan.body_size)
            self.used.add(item.placeholder)
        else:
            shape = self.slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
            self.writer.write(shape.text_frame, paras, self.plan.body_size, explicit_style=True)
        for click, k in steps:  # (its id is looked up by python-pptx: only when there are steps)
            self.clicks[click].append((shape.shape_id, k))

    def visit_paragraph(self, block: Paragraph) -> None:
        self._text()

    def visit_heading(self, block: Heading) -> None:
        self._text()

    def visit_list(self, block: ListBlock) -> None:
        self._text()

    def visit_quote(self, block: Quote) -> None:
        self._text()

    def visit_callout(self, block: Callout) -> None:
        shapes.callout(self.writer, self.slide, block, self.item.box, self.plan.body_size)

    def visit_table(self, block: Table) -> None:
        size = table_size(self.plan.body_size, self.writer.theme.sizes.body_min)
        shapes.table(self.writer, self.slide, block, self.item.box, size)

    def visit_metrics(self, block: Metrics) -> None:
        shapes.metrics(self.writer, self.slide, block, self.item.box)

    def visit_picture(self, block: Picture) -> None:
        shapes.picture(self.writer, self.slide, block, self._drawing_box(block.caption))
        self._caption_after(block.caption)

    def visit_chart(self, block: ChartBlock) -> None:
        build = self.writer.build
        box = self._drawing_box(block.chart.source)
        draw_chart(self.slide, block.chart, box, self.writer.theme, build.fonts, created=build.timestamp)
        self._caption_after(block.chart.source)

    def visit_timeline(self, block: TimelineBlock) -> None:
        build = self.writer.build
        box = self._drawing_box(block.timeline.source)
        draw_timeline(self.slide, block.timeline, box, self.writer.theme, build.fonts)
        self._caption_after(block.timeline.source)

    def _drawing_box(self, source: str | None) -> Box:
        box = self.item.box
        return Box(box.x, box.y, box.w, box.h - self._caption_h(source))

    def _caption_h(self, source: str | None) -> int:
        return Pt(shapes.caption_height(self.writer, source, self.item.box.w_pt)) if source else 0

    def _caption_after(self, source: str | None) -> None:
        """The source line under a chart or timeline (drawn after it, so it lies on top)."""
        if source:
            box, h = self.item.box, self._caption_h(source)
            shapes.caption(self.writer, self.slide, source, Box(box.x, box.y + box.h - h, box.w, h))

    def visit_code(self, block: CodeBlock) -> None:
        box = self.item.box
        shape = self.slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(self.writer.colors.surface)
        lines = [Para("code", spans or [Span("", code=True)]) for spans in code_lines(block)]
        self.writer.write(shape.text_frame, lines, code_size(self.plan.body_size, self.writer.theme.sizes.body_min),
                          explicit_style=True, space=False)

    def visit_equation(self, block: Equation) -> None:
        writer = self.writer
        equations.display(self.slide, block, self.item.box, self.plan.body_size, writer.colors.text,
                          writer.build.document.meta.lang)

    def visit_other(self, block: Block) -> None:
        return None  # nothing to draw (a block the layout stage gave no room)


def draw(writer: Writer, master: Master, new: NewSlides, plan: SlidePlan) -> PptxSlide:
    """Add one planned slide to the deck; returns it."""
    layout = master.layout(plan.choice)
    slide = new.add(layout)
    s = plan.slide
    choice = plan.choice
    used: set[int] = set()
    placeholders = new.placeholders(slide, layout)
    if choice.title_idx is not None and s.title and choice.title_idx in placeholders:
        ph = placeholders[choice.title_idx]
        title_box = plan.title_box or choice.title_box
        if title_box is not None:  # in the box it was measured for, with the master's text position
            _move(ph, title_box)
        writer.write(ph.text_frame, [Para("title", s.title)], plan.title_size, heading=True)
        used.add(choice.title_idx)
    if s.kind in ("title", "section"):
        _subtitle(writer, plan, placeholders, used)
    items = _Draw(writer, slide, plan, placeholders, used)
    for item in plan.items:
        items.draw(item)
    if any(items.clicks):
        animation.appear_on_click(slide, [targets for targets in items.clicks if targets])
    if plan.source_box is not None:
        shapes.source_line(writer, slide, plan.source_box, plan.sources)
    for idx, placeholder in placeholders.items():
        if idx not in used:  # no empty placeholder is left behind to say "Click to add text"
            oxml.remove_shape(placeholder)
    if s.kind != "title":  # the title slide shows organisation and date in its byline already
        meta, theme = writer.build.document.meta, writer.theme
        if not new.footers(slide, layout, theme.sizes.footer,
                           lambda slide, layout: furniture.footers(slide, layout, meta, theme, writer.fonts)):
            where, line, col = writer.build.locate("deck.footer")  # said once: every slide has the footer
            writer.problems.warn(where, line, col, "the footer does not fit the master's footer box on one line "
                                 f"even at {furniture.FOOTER_FLOOR_PT:g} pt; shorten deck.footer")
    if s.kind == "content" and not s.title:
        furniture.hide_title_decoration(slide, layout, choice)
    if s.notes:
        notes = new.notes_text(slide)
        if notes is not None:  # python-pptx's own notes master has a body; another may not
            textxml.set_text(notes._txBody, furniture.notes_text(s.notes))
    writer.report_glyphs(plan.number, s.line)
    return slide


def _subtitle(writer: Writer, plan: SlidePlan, placeholders: dict[int, SlidePlaceholder], used: set[int]) -> None:
    """A title or section slide's second placeholder: native title, subtitle, byline and any text."""
    s = plan.slide
    body = [i for i in plan.choice.body_idx if i in placeholders]
    lines: list[Para] = []
    meta = writer.build.document.meta
    if s.kind == "title" and meta.native_title:
        lines.append(Para("subtitle", [Span(" ".join(meta.native_title.split()))]))
    if s.subtitle:
        lines.append(Para("subtitle", s.subtitle))
    if s.kind == "title":
        people = " · ".join(x for x in (meta.author, meta.institute) if x and x != meta.organisation)
        if people:  # pandoc's author and institute lines
            lines.append(Para("byline", [Span(people)]))
        byline = " · ".join(x for x in (meta.organisation, meta.date) if x)
        if byline:
            lines.append(Para("byline", [Span(byline)]))
    for block in s.blocks:
        lines += paragraphs_of(block)
    if not body or not lines:
        return
    if body[0] in plan.choice.boxes:
        _move(placeholders[body[0]], plan.choice.boxes[body[0]])
    writer.write(placeholders[body[0]].text_frame, lines, writer.theme.sizes.subtitle)
    used.add(body[0])

"""Blocks of the document model as reportlab flowables, one ``visit_<kind>`` method per kind.

The render stage of the report walks the blocks of a chapter or a slide in order with
:class:`Blocks` (a :class:`generator.walk.BlockVisitor`): text blocks become paragraphs and
lists here, tables go to :mod:`.tables`, pictures, tiles, charts and timelines to :mod:`.figures`.
A heading with the sentence and the short table or list that follow it move to the next page
together rather than part at a page foot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, ListFlowable, PageBreak, Preformatted, XPreformatted
from reportlab.platypus import ListItem as RLListItem
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from ...anchors import heading_id
from ...document import (
    Block,
    Callout,
    ChartBlock,
    CodeBlock,
    Columns,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Metrics,
    Notes,
    Paragraph,
    Picture,
    Quote,
    Table,
    TimelineBlock,
    plain,
)
from ...errors import Problems
from ...highlight import code_lines
from ...walk import BlockVisitor
from .callouts import callout_box
from .cjk import Para
from .figures import Figures
from .flowables import HeadingInfo, HeadingParagraph, Keep, group, line_of, mark_line
from .fonts import Where
from .inline import Markup
from .styles import Styles, attr
from .tables import Tables, table_style

TOC_LEVELS = 2  # chapters and sections in the contents; every heading gets a bookmark


def para(markup: str, style: ParagraphStyle, line: int | None = None) -> Flowable:
    p = Para(markup, style)
    mark_line(p, line)
    return p


def page_breaks(flowables: list[Flowable]) -> list[Flowable]:
    """The page breaks a list of flowables starts with, taken off it: they go before a kept group."""
    breaks: list[Flowable] = []
    while flowables and isinstance(flowables[0], (CondPageBreak, PageBreak)):
        breaks.append(flowables.pop(0))
    return breaks


class Headings:
    """Headings as bookmarked paragraphs, numbered for the outline, which never skips a level."""

    def __init__(self, styles: Styles, markup: Markup, targets: set[str] | None = None):
        self.styles = styles
        self.markup = markup
        self.targets = targets or set()  # heading ids that `[text](#id)` links jump to
        self.keys = 0
        self.outline = -1  # outline level of the last heading

    def flowables(self, text: Inline, level: int, line: int | None, *, toc: bool,
                  page_break: bool, anchor: str | None = None) -> list[Flowable]:
        s = self.styles
        self.keys += 1
        wanted = max(level - 1, 0)
        outline = min(wanted, self.outline + 1)  # the outline cannot skip a level, whatever the text does
        self.outline = outline
        title = " ".join(plain(text).split()) or "(untitled)"
        style = {1: s.h1, 2: s.h2, 3: s.h3}.get(level, s.h4)
        if level == 1 and not page_break:
            style = s.h1_flow
        markup = self.markup.spans(text, heading=True)
        if anchor and anchor in self.targets:  # where `[text](#id)` links jump to
            markup = f'<a name="{attr(anchor)}"/>' + markup
        heading = HeadingParagraph(markup, style)
        heading.info = HeadingInfo(f"h{self.keys}", title, self.markup.text(title, heading=True), level, outline,
                                   toc and outline < TOC_LEVELS, line)
        mark_line(heading, line)
        if level == 1 and page_break:
            return group([PageBreakIfNotEmpty(), heading], line)
        # No heading alone at a page foot: it needs room for itself and a few lines after it.
        need = style.leading * 2 + style.spaceBefore + s.body.leading * 3
        return group([CondPageBreak(need), heading], line)


def check_levels(blocks: list[Block], problems: Problems, path: str) -> None:
    """A heading may go at most one level deeper than the one before it: '#' then '###' skips one."""
    last = 1
    for block in blocks:
        if not isinstance(block, Heading):
            continue
        if block.level > last + 1:
            want = "#" * (last + 1)
            problems.warn(path, block.line, 1,
                          f"heading level skipped: '{'#' * block.level} {plain(block.text)}' follows a "
                          f"level-{last} heading; make it '{want}', or add a '{want}' heading above it")
        last = block.level


class _Compact(BlockVisitor[bool]):
    """Blocks small enough to move to the next page whole rather than split (a short table, a chart
    with its caption), and to take the sentence that introduces them along."""

    def visit_table(self, block: Table) -> bool:
        return len(block.rows) <= 11

    def visit_list(self, block: ListBlock) -> bool:
        return len(block.items) <= 4 and all(not item.children for item in block.items)

    def visit_code(self, block: CodeBlock) -> bool:
        return block.text.count("\n") < 25

    def visit_timeline(self, block: TimelineBlock) -> bool:
        return len(block.timeline.events) <= 8

    def visit_other(self, block: Block) -> bool:
        return block.kind in ("metrics", "chart", "picture", "quote")


_COMPACT = _Compact()


def _compact(block: Block | None) -> bool:
    return block is not None and _COMPACT.visit(block)


def _lead_in(block: Block | None) -> bool:
    return isinstance(block, Paragraph) and len(plain(block.text)) < 400


@dataclass(frozen=True)
class Setting:
    """What every block is set with: the collaborators, and where problems are reported."""

    styles: Styles
    markup: Markup
    headings: Headings
    tables: Tables
    figures: Figures
    problems: Problems
    path: str
    page_height: float
    handout: bool
    where: Where


class Blocks(BlockVisitor[list[Flowable]]):
    """Flowables for blocks ``width`` points wide. Inside a table cell (``nested``: columns, a notes
    box) reportlab cannot keep things together, and a heading is a label, not part of the outline."""

    def __init__(self, setting: Setting, width: float, nested: bool = False):
        self.setting = setting
        self.styles = setting.styles
        self.markup = setting.markup
        self.width = width
        self.nested = nested

    def inside(self, width: float, setting: Setting | None = None) -> Blocks:
        """Blocks set inside a table cell ``width`` points wide."""
        return Blocks(setting or self.setting, width, nested=True)

    def flow(self, blocks: list[Block], check: bool = True) -> list[Flowable]:
        """Flowables for blocks in order; a heading, the sentence that introduces a table or list and
        that table or list are kept together."""
        if check:
            check_levels(blocks, self.setting.problems, self.setting.path)
        out: list[Flowable] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            unit = [block]
            rest = blocks[i + 1:]
            if isinstance(block, Heading):
                if len(rest) >= 2 and _lead_in(rest[0]) and _compact(rest[1]):
                    unit += rest[:2]
                elif rest and _compact(rest[0]):
                    unit += rest[:1]
            elif _lead_in(block) and rest and _compact(rest[0]):
                unit += rest[:1]
            flows: list[Flowable] = []
            for b in unit:
                line = getattr(b, "line", None)
                for f in self.visit(b):
                    if line_of(f) is None:
                        mark_line(f, line)
                    flows.append(f)
            if not self.nested and (len(unit) > 1 or _compact(block)):
                breaks = page_breaks(flows)
                kept = Keep(flows, self.setting.page_height)
                mark_line(kept, getattr(block, "line", None))
                out += [*breaks, kept]
            else:
                out += flows
            i += len(unit)
        return out

    def visit(self, block: Block) -> list[Flowable]:
        where = self.setting.where
        where.line = getattr(block, "line", None)
        if isinstance(block, Heading) and not self.nested:
            where.section = plain(block.text)
        return super().visit(block)

    def visit_heading(self, block: Heading) -> list[Flowable]:
        s = self.styles
        if self.nested:  # a heading inside a column or a notes box: a label, not part of the outline
            style = {1: s.h2, 2: s.h3}.get(block.level, s.h4)
            return [para(self.markup.spans(block.text, heading=True), style, block.line)]
        handout = self.setting.handout
        return self.setting.headings.flowables(block.text, block.level, block.line, toc=not handout,
                                               page_break=not handout, anchor=heading_id(block))

    def visit_paragraph(self, block: Paragraph) -> list[Flowable]:
        return [para(self.markup.spans(block.text), self.styles.body, block.line)]

    def visit_list(self, block: ListBlock) -> list[Flowable]:
        return [self._list(block.items, block.ordered, block.start, 0)]

    def visit_table(self, block: Table) -> list[Flowable]:
        return self.setting.tables.table(block, self.width)

    def visit_quote(self, block: Quote) -> list[Flowable]:
        return self._quote(block)

    def visit_callout(self, block: Callout) -> list[Flowable]:
        return callout_box(self, block)

    def visit_picture(self, block: Picture) -> list[Flowable]:
        return self.setting.figures.picture(block, self.width)

    def visit_metrics(self, block: Metrics) -> list[Flowable]:
        return self.setting.figures.metrics(block, self.width)

    def visit_chart(self, block: ChartBlock) -> list[Flowable]:
        return self.setting.figures.chart(block.chart, self.width, block.line)

    def visit_timeline(self, block: TimelineBlock) -> list[Flowable]:
        return self.setting.figures.timeline(block, self.width)

    def visit_code(self, block: CodeBlock) -> list[Flowable]:
        return [self._code(block)]

    def visit_columns(self, block: Columns) -> list[Flowable]:
        return self._columns(block)

    def visit_notes(self, block: Notes) -> list[Flowable]:
        # Speaker notes belong to the talk, not to the report; a printed handout shows them.
        return self.notes_box(block.blocks) if self.setting.handout else []

    def visit_other(self, block: Block) -> list[Flowable]:
        return []  # a slide break is no break on paper

    def _list(self, items: list[ListItem], ordered: bool, start: int, depth: int) -> Flowable:
        s = self.styles
        fonts = self.markup.fonts
        size = s.item.fontSize  # the notes box sets its lists smaller
        entries = []
        for item in items:
            parts: list[Flowable] = [Para(self.markup.spans(item.text), s.item)]
            if item.children:
                parts.append(self._list(item.children, False, 1, depth + 1))
            entries.append(RLListItem(parts))
        bullets = ("•", "–", "·")
        kw: dict[str, Any] = dict(leftIndent=16, bulletFontName=fonts.body.regular, bulletFontSize=size,
                                  bulletColor=s.accent if depth == 0 else s.muted, spaceBefore=0,
                                  spaceAfter=size * 0.4 if depth == 0 else 0, bulletDedent=14)
        listed: list[Any] = entries
        if ordered:
            return ListFlowable(listed, bulletType="1", start=str(start), bulletFormat="%s.",
                                **{**kw, "bulletFontName": fonts.body.bold, "bulletColor": s.primary,
                                   "bulletDedent": 16, "leftIndent": 18})
        return ListFlowable(listed, bulletType="bullet", start=bullets[min(depth, 2)], **kw)

    def _quote(self, block: Quote) -> list[Flowable]:
        s = self.styles
        rows: list[list[Flowable]] = [[Para(self.markup.spans(p), s.quote)] for p in block.paragraphs]
        if block.attribution:
            rows.append([Para("—&nbsp;" + self.markup.spans(block.attribution), s.attribution)])
        if not rows:
            return []
        table = RLTable(rows, colWidths=[self.width - 14], hAlign="LEFT", splitByRow=1, splitInRow=1,
                        spaceBefore=4, spaceAfter=s.sizes.body * 1.1)
        table.setStyle(table_style(self.markup.fonts.body.regular, [
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, s.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 16),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return group([table], block.line)

    def notes_box(self, blocks: list[Block]) -> list[Flowable]:
        """Speaker notes in a shaded box, as a handout prints them; rows split across pages."""
        s = self.styles
        rows: list[list[Flowable]] = [[Para("NOTES", s.notes_label)]]
        # Notes are set a size smaller than the slide's text.
        notes = self.inside(self.width - 24, replace(self.setting, styles=s.for_notes()))
        for block in blocks:
            for f in notes.flow([block], check=False):
                rows.append([f])
        table = RLTable(rows, colWidths=[self.width], hAlign="LEFT", splitByRow=1, splitInRow=1, spaceBefore=4,
                        spaceAfter=s.sizes.body * 1.2)
        table.setStyle(table_style(self.markup.fonts.body.regular, [
            ("BACKGROUND", (0, 0), (-1, -1), s.surface),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, s.primary),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]))
        return group([table], None)

    def _columns(self, block: Columns) -> list[Flowable]:
        n = len(block.columns)
        if n == 0:
            return []
        gap = 18.0
        room = self.width - gap * (n - 1)
        cells: list[Any] = []
        widths: list[float] = []
        for i, (blocks, share) in enumerate(zip(block.columns, block.shares(), strict=True)):
            if i:
                cells.append("")
                widths.append(gap)
            cells.append(self.inside(room * share).flow(blocks, check=False) or "")
            widths.append(room * share)
        table = RLTable([cells], colWidths=widths, hAlign="LEFT", splitInRow=1, spaceAfter=self.styles.sizes.body * 0.5)
        table.setStyle(table_style(self.markup.fonts.body.regular, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [table]

    def _code(self, block: CodeBlock) -> Flowable:
        style = self.styles.code
        mono = self.markup.fonts.mono.regular
        advance = pdfmetrics.stringWidth("M", mono, style.fontSize)
        room = self.width - style.leftIndent - style.rightIndent - 16
        per_line = max(20, int(room / advance))
        if not block.language and not block.numbered:
            text = block.text.expandtabs(4)
            return Preformatted(text, style, maxLineLength=per_line, splitChars=" ,;/", newLineChars="  ")
        # Highlighted: each token in its colour, long lines cut at the width as Preformatted cuts them.
        family = self.markup.fonts.mono
        out: list[str] = []
        for spans in code_lines(block):
            line: list[str] = []
            used = 0
            for span in spans:
                text = span.text.expandtabs(4)
                while text:
                    if used == per_line:
                        out.append("".join(line))
                        line, used = ["  "], 2
                    piece, text = text[:per_line - used], text[per_line - used:]
                    used += len(piece)
                    face = family.name(span.token == "keyword", span.token == "comment")
                    colour = self.styles.code_colours.get(span.token)
                    markup = escape(piece)
                    line.append(f'<font face="{face}" color="#{colour}">{markup}</font>' if colour
                                else f'<font face="{face}">{markup}</font>' if face != family.regular else markup)
            out.append("".join(line))
        return XPreformatted("\n".join(out), style)

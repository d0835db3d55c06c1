"""The report's story: everything it prints, in order, as one list of flowables.

The render stage of the report composes either a *report* (a cover, the contents, chapters that
start on a new page) or a *handout* of a hand-written deck (a title block, then one section per
slide, each with its speaker notes in a shaded box), and then the numbered endnotes: every source
cited, in order of first citation, each with the anchor its marks link to.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Flowable, FrameBreak, NextPageTemplate, PageBreak

from ...document import Document, Span, slides_of
from .blocks import Blocks, Headings, check_levels, page_breaks, para
from .cjk import Para
from .flowables import Keep, Rule, line_of, mark_line
from .inline import Markup, curly_quotes
from .pagenumbers import Contents
from .styles import Styles, css
from .tables import table_style


class Story:
    """The flowables of a report or a handout, set ``blocks.width`` points wide."""

    def __init__(self, document: Document, sources: dict[str, str], blocks: Blocks, headings: Headings,
                 handout: bool):
        self.document = document
        self.sources = sources
        self.blocks = blocks
        self.headings = headings
        self.handout = handout
        self.markup: Markup = blocks.markup
        self.styles: Styles = blocks.styles
        self.width = blocks.width
        self.page_height = blocks.setting.page_height

    def body(self) -> list[Flowable]:
        return self.handout_story() if self.handout else self.report_story()

    def report_story(self) -> list[Flowable]:
        meta = self.document.meta
        s, text = self.styles, self.markup.text
        story: list[Flowable] = []
        # Cover: title block in the upper frame, issuer and date in the lower one.
        story.append(para(text(meta.title or "", heading=True), s.cover_title))
        if meta.subtitle:
            story.append(para(text(meta.subtitle), s.cover_sub))
        if meta.native_title:
            story.append(para(text(meta.native_title), s.cover_native))
        story.append(FrameBreak())
        if meta.organisation:
            story.append(para(text(meta.organisation, heading=True), s.cover_org))
        if meta.author and meta.author != meta.organisation:
            story.append(para(text(meta.author), s.cover_date))
        if meta.institute:
            story.append(para(text(meta.institute), s.cover_date))
        if meta.date:
            story.append(para(text(meta.date), s.cover_date))
        story += [NextPageTemplate("body"), PageBreak()]
        # Contents, then the chapters in document order.
        story += self.headings.flowables([Span("Contents")], 1, None, toc=False, page_break=False)
        levels: list[Any] = s.toc  # TableOfContents annotates its styles as PropertySet, of which these are one kind
        toc = Contents(levelStyles=levels, dotsMinLevel=1, rightColumnWidth=28,
                              tableStyle=table_style(self.markup.fonts.body.regular, [
                                  ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(toc)
        story += self.blocks.flow(self.document.blocks)
        return story

    def handout_story(self) -> list[Flowable]:
        doc = self.document
        meta = doc.meta
        s, text = self.styles, self.markup.text
        story: list[Flowable] = [NextPageTemplate("body")]
        if meta.title:
            story.append(para(text(meta.title, heading=True), s.title))
            if meta.subtitle:
                story.append(para(text(meta.subtitle), s.cover_sub))
            if meta.native_title:
                story.append(para(text(meta.native_title), s.cover_native))
            byline = " · ".join(x for x in (meta.author, meta.organisation if meta.organisation != meta.author
                                                else None, meta.date) if x)
            if byline:
                story.append(para(text(byline), s.cover_date))
            story.append(Rule(self.width, s.rule, space=s.sizes.body))
        check_levels(doc.blocks, self.blocks.setting.problems, self.blocks.setting.path)
        for number, slide in enumerate(slides_of(doc), start=1):
            if slide.kind == "title":
                continue
            level = 1 if slide.kind == "section" else 2
            title = slide.title or [Span(f"Slide {number}")]
            head = self.headings.flowables(title, level, slide.line, toc=False, page_break=False,
                                           anchor=slide.ident)
            if slide.subtitle:
                head.append(para(self.markup.spans(slide.subtitle), s.lead, slide.line))
            body = self.blocks.flow(slide.blocks, check=False)
            if slide.notes:
                body += self.blocks.notes_box(slide.notes)
            story += self._with_first(head, body)
        return story

    def _with_first(self, head: list[Flowable], body: list[Flowable]) -> list[Flowable]:
        """A slide's heading kept on one page with the start of the slide's content, so that a
        heading never ends a page: with its first flowable, and through any sub-heading to the
        flowable after it."""
        breaks = page_breaks(head)
        taken: list[Flowable] = []
        rest = list(body)
        while rest:
            f = rest.pop(0)
            if isinstance(f, CondPageBreak):
                continue  # inside the group the sub-heading's own room check has no place
            taken.append(f)
            if not f.getKeepWithNext():
                break
        if not taken:
            return [*breaks, *head]
        kept = Keep([*head, *taken], self.page_height)
        mark_line(kept, line_of(head[0]) if head else None)
        return [*breaks, kept, *rest]

    def endnotes(self) -> list[Flowable]:
        """The sources cited, numbered in order of first citation, each with the anchor its marks link to."""
        cited = self.markup.citations.in_order()
        if not cited:
            return []
        # A handout's notes are the sources of its slides, as the deck's source lines call them.
        title = "Sources" if self.handout else "Notes"
        out = self.headings.flowables([Span(title)], 1, None, toc=not self.handout, page_break=not self.handout)
        for label, n in cited:
            note = self.document.footnotes.get(label)
            text = self.markup.spans(curly_quotes(note.text)) if note else \
                self.markup.text(self.sources.get(label, label))
            if not self.handout:  # a report's labels are the sources' keys, as its source list shows them
                text = f'<font color="{css(self.styles.muted)}">{escape(label)}</font>&nbsp;&nbsp;{text}'
            out.append(Para(f'<a name="note-{n}"/>{text}', self.styles.note, bulletText=f"{n}"))
        return out

"""The deck: a document → placed slides → a PowerPoint file, through python-pptx.

:class:`DeckRenderer` is the ``pptx`` format. Its plan opens the master (:mod:`.master`), picks a
layout for each slide and fits the slide into it, continuing it on further slides where it does
not fit (:mod:`.fit`, :mod:`.paginate`, measured by :mod:`.measure`); nothing is drawn yet, so
``briefing check`` stops there. Its write draws each planned slide (:mod:`.slide`, with
:mod:`.text`, :mod:`.shapes`, :mod:`.charts`, :mod:`.timeline` and :mod:`.furniture`) and saves
the file. Raw XML is confined to :mod:`.oxml`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pptx.slide import Slide as PptxSlide
from pptx.text.text import _Run

from ... import progress
from ...document import Columns, Slide, plain, slides_of
from ...output import write_zip
from ...walk import BLOCK_KINDS
from .. import register
from ..base import Renderer
from . import equations, furniture, halves, oxml
from .fit import SlidePlan, pauses_into_columns
from .looks import Looks
from .master import Master
from .masterfile import open_master
from .mastertheme import deck_input
from .newslides import NewSlides
from .paginate import SLIDE_TIME_LIMIT_S, SlideTooLong, paginate
from .slide import draw
from .text import Writer

__all__ = ["DeckPlan", "DeckRenderer"]


@dataclass
class DeckPlan:
    """The deck laid out: the master opened, every slide placed and its text fitted."""

    master: Master
    slides: list[SlidePlan]
    fit_notes: list[str] = field(default_factory=list)
    continued: int = 0
    looks: Looks | None = None  # on a foreign master: the colours for each slide's background


@register
class DeckRenderer(Renderer[DeckPlan]):
    name = "pptx"
    suffix = ".pptx"
    description = "the PowerPoint deck"
    template = "deck.md.j2"
    project_kind = "deck"
    markdown_kind = "deck"
    draws = frozenset(BLOCK_KINDS)  # every kind of block the Markdown dialect has
    default = True

    def plan(self) -> DeckPlan:
        build = self.build
        theme = build.theme
        doc = build.document
        failed = len(self.problems.errors)
        prs = open_master(build, self.problems)
        looks = None
        if len(self.problems.errors) == failed:  # not on the stand-in for a master that failed
            # What the tool draws takes the master's look; write() draws with the same input.
            original = build
            self.build = build = deck_input(build, prs, self.problems)
            if build is not original:
                looks = Looks(original, build.theme)
        theme = build.theme
        master = Master(prs)
        plan = DeckPlan(master, [], looks=looks)

        def sources_of(slide: Slide) -> list[str]:
            return [build.sources[label] for label in slide.footnote_labels() if label in build.sources]

        for slide in slides_of(doc):
            slide = replace(slide, blocks=pauses_into_columns(slide.blocks))
            want = slide.kind
            if slide.kind == "content":
                if len(slide.blocks) == 1 and isinstance(slide.blocks[0], Columns):
                    want = "two"
                elif not slide.blocks:
                    want = "title-only"
            choice = master.choose(slide, want, self.problems, doc.path)
            try:
                parts = paginate(slide, len(plan.slides) + 1, choice, theme, build.fonts, sources_of)
            except SlideTooLong:
                self.problems.error(doc.path, slide.line, 1, f"this slide took more than {SLIDE_TIME_LIMIT_S:g} s "
                                    "to lay out; it holds far more than a slide can show: split it or shorten it")
                continue
            self._report_fit(plan, parts)
            plan.slides += parts
        if looks is not None:
            for part in plan.slides:
                looks.theme_for(master.layout(part.choice), part.number, part.slide.kind == "content")
            first = next(iter(slides_of(doc)), None)
            looks.report(self.problems, doc.path, first.line if first else None)
        return plan

    def write(self, plan: DeckPlan, out: Path) -> None:
        writer = Writer(self.build, self.problems)
        targets: dict[str, PptxSlide] = {}
        sources: list[tuple[PptxSlide, _Run, str]] = []
        new = NewSlides(plan.master.prs)
        first_apart = halves.split(len(plan.slides))
        apart = (halves.start(writer, plan.master, plan.slides[first_apart:], self._draw_in(plan))
                 if first_apart < len(plan.slides) else None)
        drawn: list[halves.DrawnApart] = []
        progress.step(f"drawing {out.name}'s slides", len(plan.slides))
        for k, slide_plan in enumerate(plan.slides):
            start = len(writer.jumps)
            if apart is not None and k == first_apart:
                drawn = apart.value()
            theirs = drawn[k - first_apart] if drawn else None
            if theirs is not None and theirs.slide is not None:  # drawn by the other process
                written = new.insert(plan.master.layout(slide_plan.choice), theirs.slide, theirs.notes)
                self.problems.extend(theirs.problems)
                writer.report_missing(theirs.missing, slide_plan.number, slide_plan.slide.line)
            else:
                written = self._draw_in(plan)(writer, plan.master, new, slide_plan)
            if slide_plan.slide.ident:
                targets.setdefault(slide_plan.slide.ident, written)
            sources += [(written, run, ident) for run, ident in writer.jumps[start:]]
            progress.tick()
        for written, run, ident in sources:  # `[text](#id)`: a jump to the slide of that heading
            if ident in targets:
                oxml.slide_jump(run, written, targets[ident])
        for written in plan.master.prs.slides:  # last: each fallback copies a text box with its links
            equations.wrap(written)
        furniture.properties(plan.master.prs, self.build.document.meta, self.build.timestamp)
        # Written once, in a fixed order with fixed dates (python-pptx's save stamps the time).
        write_zip(out, oxml.package_entries(plan.master.prs))

    @staticmethod
    def _draw_in(plan: DeckPlan) -> Callable[[Writer, Master, NewSlides, SlidePlan], PptxSlide]:
        """Draw one slide, in the colours for its layout's background on a foreign master."""
        def draw_one(writer: Writer, master: Master, new: NewSlides, slide_plan: SlidePlan) -> PptxSlide:
            if plan.looks is not None:
                writer.use(plan.looks.theme_for(master.layout(slide_plan.choice)))
            return draw(writer, master, new, slide_plan)
        return draw_one

    def _report_fit(self, deck: DeckPlan, parts: list[SlidePlan]) -> None:
        """Say, slide by slide, what had to be shrunk or continued: how authors find long content."""
        sizes = self.build.theme.sizes
        first = parts[0]
        path, line = self.build.document.path, first.slide.line
        name = _short(plain(first.slide.title)) or "(untitled)"
        for plan in parts:
            where = f"slide {plan.number} \"{_short(plain(plan.slide.title)) or '(untitled)'}\""
            default_title = sizes.section if plan.slide.kind == "section" else sizes.title
            if plan.slide.kind == "content" and plan.title_size < default_title:
                deck.fit_notes.append(f"{where}: title set at {plan.title_size:g} pt instead of {default_title:g} pt")
            if plan.items and plan.body_size < sizes.body:
                deck.fit_notes.append(f"{where}: body text set at {plan.body_size:g} pt instead of {sizes.body:g} pt")
            if not plan.title_fits:
                self.problems.warn(path, line, 1, f"{where}: the title does not fit even at {sizes.title_min:g} pt "
                                   f"in the room above the body, so it is set at {plan.title_size:g} pt; "
                                   "shorten it")
            if not plan.body_fits:
                self.problems.warn(path, line, 1, f"{where} does not fit even at {sizes.body_min:g} pt; "
                                   "shorten it, or split it with another '##' heading")
        if len(parts) > 1:
            deck.continued += len(parts) - 1
            deck.fit_notes.append(f"slide {first.number} \"{name}\": continued on {len(parts) - 1} more "
                                  f"slide(s), {parts[1].number}–{parts[-1].number}")


def _short(title: str, most: int = 70) -> str:
    """A title as messages name its slide: a runaway one cut short, so the message stays readable."""
    return title if len(title) <= most else title[:most - 1].rstrip() + "…"

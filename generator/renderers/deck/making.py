"""The deck made: its plan (the master opened, layouts chosen, slides fitted) and its file.

What :class:`~generator.renderers.deck.DeckRenderer` does, kept apart from its declaration so
that naming the format loads neither python-pptx nor the layout code: a build of deck and report
forks the report's process before it imports them (see :mod:`generator.parallel`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from pptx.opc.package import Part
from pptx.slide import Slide as PptxSlide
from pptx.text.text import _Run

from ... import progress
from ...document import Columns, Slide, plain, slides_of
from ...output import write_zip
from . import DeckPlan, DeckRenderer, equations, furniture, halves, oxml, reuse
from .fit import SlidePlan, pauses_into_columns
from .looks import Looks
from .master import Master
from .masterfile import open_master
from .mastertheme import deck_input
from .newslides import NewSlides
from .paginate import SLIDE_TIME_LIMIT_S, SlideTooLong, paginate
from .slide import draw
from .text import Writer


def plan_deck(renderer: DeckRenderer) -> DeckPlan:
    """Open the master, choose each slide's layout and fit the slide into it (the deck's plan)."""
    build = renderer.build
    theme = build.theme
    doc = build.document
    failed = len(renderer.problems.errors)
    prs = open_master(build, renderer.problems)
    looks = None
    if len(renderer.problems.errors) == failed:  # not on the stand-in for a master that failed
        # What the tool draws takes the master's look; write() draws with the same input.
        original = build
        renderer.build = build = deck_input(build, prs, renderer.problems)
        if build is not original:
            looks = Looks(original, build.theme)
    theme = build.theme
    master = Master(prs)
    plan = DeckPlan(master, [], looks=looks)
    fitted = reuse.Fitted.for_deck(build, master.fingerprint)  # in `briefing watch`: plans an edit left alone

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
        choice = master.choose(slide, want, renderer.problems, doc.path)
        number = len(plan.slides) + 1
        fit = partial(paginate, slide, number, choice, theme, build.fonts, sources_of)
        try:
            parts = fitted.plans((slide, number, choice, sources_of(slide)), fit) if fitted is not None else fit()
        except SlideTooLong:
            renderer.problems.error(doc.path, slide.line, 1, f"this slide took more than {SLIDE_TIME_LIMIT_S:g} s "
                                "to lay out; it holds far more than a slide can show: split it or shorten it")
            continue
        _report_fit(renderer, plan, parts)
        plan.slides += parts
    if fitted is not None:
        fitted.done()
        plan.plan_keys = fitted.keys
    if looks is not None:
        for part in plan.slides:
            looks.theme_for(master.layout(part.choice), part.number, part.slide.kind == "content")
        first = next(iter(slides_of(doc)), None)
        looks.report(renderer.problems, doc.path, first.line if first else None)
    return plan



def write_deck(renderer: DeckRenderer, plan: DeckPlan, out: Path) -> None:
    """Draw every planned slide and write the file."""
    writer = Writer(renderer.build, renderer.problems)
    targets: dict[str, Part] = {}  # by heading id: the part of the slide a `#id` link jumps to
    sources: list[tuple[PptxSlide, _Run, str]] = []
    new = NewSlides(plan.master.prs)
    # In `briefing watch`, slides an edit left as they were are added as last drawn (see .reuse).
    kept = reuse.Kept.for_deck(renderer.build, plan.master.fingerprint, plan.plan_keys)
    first_apart = halves.split(len(plan.slides)) if kept is None or not kept.any_kept else len(plan.slides)
    apart = (halves.start(writer, plan.master, plan.slides[first_apart:], _draw_in(plan), finish=kept is None)
             if first_apart < len(plan.slides) else None)
    here: list[PptxSlide] = []  # the slides drawn (or kept) in this process and not yet finished
    drawn: list[halves.DrawnApart] = []
    progress.step(f"drawing {out.name}'s slides", len(plan.slides))
    for k, slide_plan in enumerate(plan.slides):
        start = len(writer.jumps)
        if apart is not None and k == first_apart:
            drawn = apart.value()
        theirs = drawn[k - first_apart] if drawn else None
        layout = plan.master.layout(slide_plan.choice)
        key = kept.key(slide_plan) if kept is not None else None
        number, line = slide_plan.number, slide_plan.slide.line
        if theirs is not None and theirs.finished is not None:  # finished by the other process
            written_part = new.insert_finished(layout, *theirs.finished)
            renderer.problems.extend(theirs.problems)
            writer.report_missing(theirs.missing, number, line)
            if slide_plan.slide.ident:
                targets.setdefault(slide_plan.slide.ident, written_part)
            progress.tick()
            continue
        if theirs is not None and theirs.slide is not None:  # drawn by the other process
            slide_xml, notes_xml = theirs.slide.element(), theirs.notes.element() if theirs.notes else None
            if kept is not None:
                kept.record_apart(key, slide_xml, notes_xml, theirs.problems, theirs.missing)
            written = new.insert(layout, slide_xml, notes_xml)
            renderer.problems.extend(theirs.problems)
            writer.report_missing(theirs.missing, number, line)
        elif kept is not None and (last := kept.get(key)) is not None:
            written = reuse.add(new, layout, last)
            renderer.problems.extend(list(last.problems))
            writer.report_missing(list(last.missing), number, line)
        elif kept is not None:
            drawing = partial(_draw_in(plan), writer, plan.master, new, slide_plan)
            written = kept.draw(key, writer, drawing, number, line)
        else:
            written = _draw_in(plan)(writer, plan.master, new, slide_plan)
            if apart is not None and len(writer.jumps) == start:
                # Final already (no jump of its own to add): finished now, as the other process
                # finishes its slides, while that process is still drawing.
                new.finished.update(halves.finish_slide(written))
                if slide_plan.slide.ident:
                    targets.setdefault(slide_plan.slide.ident, written.part)
                progress.tick()
                continue
        here.append(written)
        if slide_plan.slide.ident:
            targets.setdefault(slide_plan.slide.ident, written.part)
        sources += [(written, run, ident) for run, ident in writer.jumps[start:]]
        progress.tick()
    for written, run, ident in sources:  # `[text](#id)`: a jump to the slide of that heading
        if ident in targets:
            oxml.slide_jump(run, written, targets[ident])
    for written in here:  # last: each fallback copies a text box with its links
        equations.wrap(written)
    if kept is not None:
        kept.done()
    furniture.properties(plan.master.prs, renderer.build.document.meta, renderer.build.timestamp)
    # Written once, in a fixed order with fixed dates (python-pptx's save stamps the time).
    write_zip(out, oxml.package_entries(plan.master.prs, new.finished))


def _draw_in(plan: DeckPlan) -> Callable[[Writer, Master, NewSlides, SlidePlan], PptxSlide]:
    """Draw one slide, in the colours for its layout's background on a foreign master."""
    def draw_one(writer: Writer, master: Master, new: NewSlides, slide_plan: SlidePlan) -> PptxSlide:
        if plan.looks is not None:
            writer.use(plan.looks.theme_for(master.layout(slide_plan.choice)))
        return draw(writer, master, new, slide_plan)
    return draw_one


def _report_fit(renderer: DeckRenderer, deck: DeckPlan, parts: list[SlidePlan]) -> None:
    """Say, slide by slide, what had to be shrunk or continued: how authors find long content."""
    sizes = renderer.build.theme.sizes
    first = parts[0]
    path, line = renderer.build.document.path, first.slide.line
    name = _short(plain(first.slide.title)) or "(untitled)"
    for plan in parts:
        where = f"slide {plan.number} \"{_short(plain(plan.slide.title)) or '(untitled)'}\""
        default_title = sizes.section if plan.slide.kind == "section" else sizes.title
        if plan.slide.kind == "content" and plan.title_size < default_title:
            deck.fit_notes.append(f"{where}: title set at {plan.title_size:g} pt instead of {default_title:g} pt")
        if plan.items and plan.body_size < sizes.body:
            deck.fit_notes.append(f"{where}: body text set at {plan.body_size:g} pt instead of {sizes.body:g} pt")
        if not plan.title_fits:
            renderer.problems.warn(path, line, 1, f"{where}: the title does not fit even at {sizes.title_min:g} pt "
                               f"in the room above the body, so it is set at {plan.title_size:g} pt; "
                               "shorten it")
        if not plan.body_fits:
            renderer.problems.warn(path, line, 1, f"{where} does not fit even at {sizes.body_min:g} pt; "
                               "shorten it, or split it with another '##' heading")
    if len(parts) > 1:
        deck.continued += len(parts) - 1
        deck.fit_notes.append(f"slide {first.number} \"{name}\": continued on {len(parts) - 1} more "
                              f"slide(s), {parts[1].number}–{parts[-1].number}")


def _short(title: str, most: int = 70) -> str:
    """A title as messages name its slide: a runaway one cut short, so the message stays readable."""
    return title if len(title) <= most else title[:most - 1].rstrip() + "…"

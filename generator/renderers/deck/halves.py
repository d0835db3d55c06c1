"""A long deck drawn in two processes: the later slides in a forked child while this one draws the first.

Drawing is most of a long deck's build, and one slide's drawing does not depend on another's.
Where the machine has a second core (:func:`generator.parallel.enabled`) and the deck has at
least :data:`MIN_SLIDES` slides, :func:`start` forks a child, which draws the slides from
:func:`split` on into its own copy of the deck and sends back each one finished (its part's bytes
and its notes page's, compressed as the file stores them), and what it found to warn about. This
process draws the slides before that point meanwhile, then adds the child's slides in order
(:meth:`.newslides.NewSlides.insert_finished`), and writes them into the file as they came. In
``briefing watch``, which keeps every slide's XML for the next build, the child sends the XML.

A slide's XML stands alone when it relates to nothing but its layout and its notes page: its
shape ids, names and those two relationship ids are the same in any deck. A slide that relates
to more (a chart, a picture, a hyperlink, a jump to another slide) is not sent; this process
draws it itself, in its turn. So the file is byte for byte the one a single process writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.slide import Slide as PptxSlide

from ... import parallel
from ...errors import Problem, Problems
from ...output import Deflated
from . import equations
from .fit import SlidePlan
from .master import Master
from .newslides import NewSlides, SentXml
from .text import Writer

MIN_SLIDES = 200  # below this a fork and the copying back cost more than they save
_CHILD_SHARE = 0.45  # the child also serialises its slides, and this process adds them: a little less
_STANDALONE = {RT.SLIDE_LAYOUT, RT.NOTES_SLIDE}


@dataclass
class DrawnApart:
    """One slide drawn in the child: its XML and its notes page's, or its parts finished (see
    :func:`start`), or neither where it must be drawn here."""

    slide: SentXml | None
    notes: SentXml | None
    missing: list[str]  # the characters no font of the theme has, in the order found
    problems: list[Problem]
    finished: tuple[Deflated, Deflated | None] | None = None  # the slide part's bytes and its notes page's


def split(slides: int) -> int:
    """The first slide the child draws (``slides`` when the deck is drawn in one process)."""
    if slides < MIN_SLIDES or not parallel.enabled(2):
        return slides
    return slides - int(slides * _CHILD_SHARE)


def finish_slide(slide: PptxSlide) -> dict[str, Deflated]:
    """A slide drawn, and its notes page, as they go into the file, by part name: its equations
    given their fallbacks (the last change a slide gets), serialised as python-pptx saves a part,
    compressed as the zip stores it. Only for a slide nothing will change again (no jump of its
    own to add, and not kept for another build)."""
    equations.wrap(slide)
    done: dict[str, Deflated] = {slide.part.partname: Deflated.of(serialize_part_xml(slide._element))}
    for rel in slide.part.rels.values():
        if rel.reltype == RT.NOTES_SLIDE:
            notes: Any = rel.target_part
            done[notes.partname] = Deflated.of(serialize_part_xml(notes._element))
    return done


def start(writer: Writer, master: Master, plans: list[SlidePlan],
          draw: Callable[[Writer, Master, NewSlides, SlidePlan], PptxSlide], finish: bool) -> parallel.Forked:
    """Fork the child that draws ``plans``; its value is a list of :class:`DrawnApart`, in order.

    With ``finish``, a slide that stands alone is sent finished: its equations given their
    fallbacks (the last change a slide gets), serialised as python-pptx saves a part and
    compressed as the zip stores it, which this process would otherwise do after drawing its own
    slides. Without it (``briefing watch`` keeps each slide's XML), its XML is sent."""

    def work() -> list[DrawnApart]:
        # The child's writer collects each slide's own problems; this process adds them in turn.
        writer.warn_missing = False  # characters no font has: said there, in order
        new = NewSlides(master.prs)
        out: list[DrawnApart] = []
        for plan in plans:
            writer.problems, jumps = Problems(), len(writer.jumps)
            slide = draw(writer, master, new, plan)
            rels = {rel.reltype for rel in slide.part.rels.values()}
            alone = rels <= _STANDALONE and len(writer.jumps) == jumps
            notes = slide.part.notes_slide if RT.NOTES_SLIDE in rels else None
            if alone and finish:
                done = finish_slide(slide)
                out.append(DrawnApart(None, None, writer.last_missing, writer.problems.items,
                                      (done[slide.part.partname], done.get(notes.part.partname) if notes else None)))
                continue
            out.append(DrawnApart(SentXml.of(slide._element) if alone else None,
                                  SentXml.of(notes._element) if alone and notes is not None else None,
                                  writer.last_missing, writer.problems.items))
        return out

    return parallel.Forked(work)

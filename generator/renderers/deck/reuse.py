"""Slides kept from one build to the next in one process: ``briefing watch`` redraws only what an edit changed.

A slide's drawing follows from its plan (its content, layout, number, boxes and sizes: a
:class:`~.fit.SlidePlan`, plain data) and from what the whole deck shares: the theme as the
master adjusted it, the fonts, the front matter, the footnotes and the master's layouts.
:class:`Kept` hashes the shared part once per build. Where it is what the last build had, a
slide whose plan hashes the same, and whose pictures' files have not changed since, is added
from what it was drawn as last time: its XML and its notes page's, and the charts, pictures and
links it relates to, made again in the same order. The parts then get the same names and the
relationships the same ids, so the file is byte for byte the one drawing every slide again
writes (a test builds both ways). What drawing the slide warned about is said again.

A slide is kept only when each of its relationships is of a kind made again here (its layout,
notes page, charts with their workbooks, pictures, web links) and numbered in the order it was
added. A jump to another slide is not kept: it is resolved once every slide is drawn. A one-off
build keeps nothing (:func:`generator.cache.keep_between_builds`).

:class:`Fitted` does the same a stage earlier: a slide whose content, number, layout and sources
are unchanged is not measured and fitted again, and gets last time's plans.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.parts.image import Image, ImagePart
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pydantic import BaseModel

from ...cache import keeping_between_builds
from ...errors import Problem, Problems
from ..base import BuildInput
from .fit import SlidePlan
from .newslides import NewSlides
from .text import Writer

Stamp = tuple[int, int] | None  # a file's modification time and size; None where it is gone

DRAWN_META = ("title", "native_title", "author", "organisation", "institute", "date", "incremental", "lang")
"""The front matter (:class:`generator.document.Meta`) that drawing a slide reads: the title
slide's byline, the footers, the language of text and whether lists build item by item. The
title slide's subtitle is its own (in its plan); the file's properties are written after every
slide. Reading another field while drawing a slide means adding it here."""

_last: tuple[bytes, dict[bytes, Drawn]] | None = None  # the last build's shared hash, and its slides
_last_fitted: tuple[bytes, dict[bytes, tuple[bytes, tuple[bytes | None, ...]]]] | None = None
"""The same for the slides' plans: each slide's, pickled, with their hashes."""


@dataclass(frozen=True)
class Related:
    """A part a kept slide relates to, as it is made again: by its relationship type."""

    reltype: str
    data: BaseOxmlElement | bytes | str  # a notes page's or chart's XML, a picture's bytes, a link's address
    extra: bytes | str | None = None  # a chart's embedded workbook; a picture's file name


@dataclass(frozen=True)
class Drawn:
    """One slide as it was drawn: enough to add it again without drawing it."""

    slide: BaseOxmlElement  # a copy, never put in a deck: each build adds a copy of it
    related: tuple[Related, ...]  # in the order of its relationships, after the layout's
    problems: tuple[Problem, ...]  # what drawing it warned about, in order
    missing: tuple[str, ...]  # the characters no font of the theme has, in the order found
    files: tuple[tuple[str, Stamp], ...]  # the files drawing it read (pictures), as they were


def _stamp(path: str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class _ByValue(pickle.Pickler):
    """Pickles for a hash, never to be read back: a value's bytes depend on its value alone."""

    def reducer_override(self, obj: object) -> Any:  # a reduction, or NotImplemented
        # A pydantic model keeps the names of the fields it was given as a set, and a set's order
        # is that of its table: a model unpickled from the last build can hold its names in
        # another order than the same model validated afresh. The names are sorted here. (Plain
        # sets never reach this method; plans and slides hold none.)
        if isinstance(obj, BaseModel):
            state = obj.__getstate__()
            state["__pydantic_fields_set__"] = sorted(state["__pydantic_fields_set__"])
            return type(obj), (), state
        return NotImplemented


def _hash(value: object) -> bytes | None:
    """A hash of plain data by its value alone, or None for what is not plain data (never kept)."""
    out = io.BytesIO()
    pickler = _ByValue(out, protocol=pickle.HIGHEST_PROTOCOL)
    # Without the memo, what is pickled does not depend on which equal objects are one object: a
    # plan kept from the last build (unpickled, so its strings are new objects) hashes as the same
    # plan made afresh, whose strings are partly the code's own. Cyclic data raises ValueError.
    pickler.fast = True
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None
    return hashlib.sha256(out.getbuffer()).digest()


class Kept:
    """The slides of one build: those the last build left that still hold, and those drawn now."""

    def __init__(self, shared: bytes, known: dict[int, tuple[SlidePlan, bytes | None]] | None = None):
        self.shared = shared
        self._before = _last[1] if _last is not None and _last[0] == shared else {}
        self._now: dict[bytes, Drawn] = {}
        self._known = known or {}  # plans hashed already, as :attr:`Fitted.keys` has them

    @classmethod
    def for_deck(cls, build: BuildInput, master_fingerprint: bytes,
                 known: dict[int, tuple[SlidePlan, bytes | None]] | None = None) -> Kept | None:
        """This build's keeping, or None where slides are not kept (a one-off build). ``known``:
        the plans whose hashes were worked out when they were fitted (:attr:`Fitted.keys`)."""
        if not keeping_between_builds():
            return None
        doc = build.document
        # Everything a slide's drawing reads besides its own plan. The finder callbacks are
        # left out: they only say where a theme key was set, for messages. Of the front matter,
        # only what slides show: an edited subtitle or keywords must not redraw every slide.
        meta = [getattr(doc.meta, name) for name in DRAWN_META]
        shared = _hash((build.theme.model_dump(mode="json"), build.fonts, meta, doc.path, build.sources,
                        build.timestamp, build.kind, str(build.project_dir), build.page_size, master_fingerprint))
        return cls(shared, known) if shared is not None else None

    @property
    def any_kept(self) -> bool:
        return bool(self._before)

    def key(self, plan: SlidePlan) -> bytes | None:
        known = self._known.get(id(plan))
        return known[1] if known is not None and known[0] is plan else _hash(plan)

    def get(self, key: bytes | None) -> Drawn | None:
        """The slide drawn last time for this plan, if the files it read are unchanged."""
        drawn = self._before.get(key) if key is not None else None
        if drawn is None or any(_stamp(path) != stamp for path, stamp in drawn.files):
            return None
        self._now[key] = drawn  # type: ignore[index]  # key is not None where drawn is found
        return drawn

    def done(self) -> None:
        """Keep this build's slides for the next build, and only those."""
        global _last
        _last = (self.shared, self._now)

    def draw(self, key: bytes | None, writer: Writer, draw: Callable[[], PptxSlide], number: int,
             line: int) -> PptxSlide:
        """Draw a slide with ``draw`` and keep it: what it warns about is gathered to be said again."""
        problems, jumps = writer.problems, len(writer.jumps)
        writer.problems, writer.warn_missing, writer.files_read = Problems(), False, []
        try:
            slide = draw()
            own = writer.problems.items
        finally:
            writer.problems, writer.warn_missing = problems, True
        problems.extend(own)
        writer.report_missing(writer.last_missing, number, line)  # said here: which slide first has one
        if len(writer.jumps) == jumps:
            self._record(key, slide, own, writer.last_missing, writer.files_read)
        return slide

    def _record(self, key: bytes | None, slide: PptxSlide, problems: list[Problem], missing: list[str],
                files: list[str]) -> None:
        """Keep a slide just drawn, if every part it relates to can be made again."""
        if key is None:
            return
        rels = list(slide.part.rels.values())
        if [rel.rId for rel in rels] != [f"rId{n}" for n in range(1, len(rels) + 1)]:
            return  # numbered otherwise than in the order added: adding again would renumber
        if not rels or rels[0].reltype != RT.SLIDE_LAYOUT:
            return
        related: list[Related] = []
        for rel in rels[1:]:
            if rel.is_external:
                if rel.reltype != RT.HYPERLINK:
                    return
                related.append(Related(rel.reltype, rel.target_ref))
                continue
            part = rel.target_part
            if rel.reltype == RT.NOTES_SLIDE:
                related.append(Related(rel.reltype, copy.deepcopy(part._element)))  # type: ignore[attr-defined]
            elif rel.reltype == RT.CHART and isinstance(part, ChartPart):
                inner = list(part.rels.values())
                if len(inner) != 1 or inner[0].reltype != RT.PACKAGE or inner[0].rId != "rId1":
                    return
                related.append(Related(rel.reltype, copy.deepcopy(part._element), inner[0].target_part.blob))
            elif rel.reltype == RT.IMAGE and isinstance(part, ImagePart):
                related.append(Related(rel.reltype, part.blob, part._filename))
            else:
                return  # media, a jump to another slide, anything else: drawn again each time
        self._now[key] = Drawn(copy.deepcopy(slide._element), tuple(related), tuple(problems), tuple(missing),
                               tuple((path, _stamp(path)) for path in files))

    def record_apart(self, key: bytes | None, slide: BaseOxmlElement, notes: BaseOxmlElement | None,
                     problems: list[Problem], missing: list[str]) -> None:
        """Keep a slide drawn in the other process (:mod:`.halves`): it relates to its notes page at most."""
        if key is not None:
            related = (Related(RT.NOTES_SLIDE, copy.deepcopy(notes)),) if notes is not None else ()
            self._now[key] = Drawn(copy.deepcopy(slide), related, tuple(problems), tuple(missing), ())


class Fitted:
    """The layout stage's side of keeping: a slide whose content, number, layout and sources are
    those it had in the last build, on the same theme, fonts and master, is not measured and
    fitted again; its plans (the slide, and any it continued on) are those of last time. Each
    plan's hash, for :class:`Kept`, is kept with it, so a kept plan is not hashed again either."""

    def __init__(self, shared: bytes):
        self.shared = shared
        self._before = _last_fitted[1] if _last_fitted is not None and _last_fitted[0] == shared else {}
        self._now: dict[bytes, tuple[bytes, tuple[bytes | None, ...]]] = {}
        # Each plan given, by id(), with its hash as :meth:`Kept.key` works it out: a plan kept
        # from last time is not hashed again when its slide is drawn. The plan is held too, so
        # that its id is not another object's.
        self.keys: dict[int, tuple[SlidePlan, bytes | None]] = {}

    @classmethod
    def for_deck(cls, build: BuildInput, master_fingerprint: bytes) -> Fitted | None:
        """This build's keeping of plans, or None in a one-off build. ``build`` is the deck's
        input with the master's look taken (the theme its slides are fitted with)."""
        if not keeping_between_builds():
            return None
        shared = _hash((build.theme.model_dump(mode="json"), build.fonts, build.page_size, master_fingerprint))
        return cls(shared) if shared is not None else None

    def plans(self, inputs: tuple[object, ...], fit: Callable[[], list[SlidePlan]]) -> list[SlidePlan]:
        """The plans ``fit()`` gives for a slide, fitted again only when ``inputs`` (everything the
        fitting reads besides the shared theme, fonts and master) differ from last time's."""
        key = _hash(inputs)
        if key is None:
            return fit()
        kept = self._before.get(key)
        if kept is None:
            plans = fit()
            kept = pickle.dumps(plans, protocol=pickle.HIGHEST_PROTOCOL), tuple(_hash(plan) for plan in plans)
        else:
            plans = pickle.loads(kept[0])  # a fresh copy each build: nothing of this build is shared with the next
        self._now[key] = kept
        self.keys.update((id(plan), (plan, plan_key)) for plan, plan_key in zip(plans, kept[1], strict=True))
        return plans

    def done(self) -> None:
        """Keep this build's plans for the next build, and only those."""
        global _last_fitted
        _last_fitted = (self.shared, self._now)


def add(new: NewSlides, layout: SlideLayout, drawn: Drawn) -> PptxSlide:
    """Add a kept slide at the end of the deck, its parts made again in the order first made."""
    part = new.insert(layout, copy.deepcopy(drawn.slide), None).part
    package = part.package
    for r in drawn.related:
        if r.reltype == RT.NOTES_SLIDE:
            assert isinstance(r.data, BaseOxmlElement)
            new.add_notes(part, copy.deepcopy(r.data))
        elif r.reltype == RT.HYPERLINK:
            assert isinstance(r.data, str)
            part.relate_to(r.data, RT.HYPERLINK, is_external=True)
        elif r.reltype == RT.CHART:
            assert isinstance(r.data, BaseOxmlElement) and isinstance(r.extra, bytes)
            # Made as python-pptx makes a new chart: the chart named first, then its workbook.
            chart = ChartPart(package.next_partname(ChartPart.partname_template), CT.DML_CHART, package,
                              copy.deepcopy(r.data))
            chart.chart_workbook.xlsx_part = EmbeddedXlsxPart.new(r.extra, package)
            part.relate_to(chart, RT.CHART)
        else:  # a picture: the package's part for the same bytes where there is one, as python-pptx does
            assert isinstance(r.data, bytes) and (r.extra is None or isinstance(r.extra, str))
            image = Image.from_blob(r.data, r.extra)
            image_part = package._image_parts._find_by_sha1(image.sha1) or ImagePart.new(package, image)
            part.relate_to(image_part, RT.IMAGE)
    return part.slide

"""New slides and notes pages, each made once per layout by python-pptx and copied after that.

python-pptx makes a slide by cloning its layout's placeholders one by one (looking each up by
XPath), and numbers it by reading every slide id of the deck, so a long deck spent much of its
time, and time growing with its length, before any of its own content was drawn. A new slide
from a given layout is always the same XML, and so is a new notes page (it depends on the notes
master only), so :class:`NewSlides` lets python-pptx make the first of each, keeps a copy, and
makes the others from the copy: the same part, related in the same order, so the file is byte
for byte what python-pptx alone makes. The footer and slide number copied from a layout are the
same on every slide of that layout too, and are kept the same way (:meth:`NewSlides.footers`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.shapes.placeholder import NotesSlidePlaceholder, SlidePlaceholder
from pptx.slide import NotesSlide, Slide, SlideLayout
from pptx.text.text import TextFrame

from ...output import Deflated

# An element's own text, as lxml has it: python-pptx's element classes give some (a paragraph) a
# `text` that means all the text inside them.
_XML_TEXT: Any = etree._Element.text
_MAX_SLIDE_ID = 2147483647  # the file format's; past it python-pptx searches for a free id


_NOTES_NAME = "/ppt/notesSlides/notesSlide%d.xml"
P = TypeVar("P", bound=Part)


class FinishedPart(Part):
    """A slide or notes page finished in another process: its bytes as they go into the file."""

    def __init__(self, partname: PackURI, content_type: str, package: Any, deflated: Deflated):
        super().__init__(partname, content_type, package)
        self.deflated = deflated

    @property
    def blob(self) -> bytes:
        return self.deflated.content()

    @blob.setter
    def blob(self, content: bytes) -> None:
        self.deflated = Deflated.of(content)


@dataclass(frozen=True)
class SentXml:
    """An element as bytes for another process, and where its text is empty rather than absent:
    python-pptx writes an empty run as ``<a:t></a:t>``, which lxml reads back as no text at all
    and would write as ``<a:t/>``."""

    data: bytes
    empty: tuple[int, ...]  # positions, in document order, of the elements whose text is ""

    @classmethod
    def of(cls, element: etree._Element) -> SentXml:
        return cls(etree.tostring(element),
                   tuple(k for k, el in enumerate(element.iter()) if _XML_TEXT.__get__(el) == ""))

    def element(self) -> BaseOxmlElement:
        element = parse_xml(self.data)
        if self.empty:
            nodes = list(element.iter())
            for k in self.empty:
                _XML_TEXT.__set__(nodes[k], "")
        return element


class NewSlides:
    """Adds slides and notes pages to one deck."""

    def __init__(self, prs: Presentation):
        self.prs = prs
        self._id_list: Any = prs.slides._sldIdLst
        self._blank: dict[int, BaseOxmlElement] = {}  # by the layout part's id(): a new slide's XML
        self._blank_notes: BaseOxmlElement | None = None
        self._notes_master: Any = None  # looked up once: python-pptx indexes every relationship to find it
        self._footers: dict[tuple[int, float], tuple[list[etree._Element], bool]] = {}
        self._next_id: int | None = None
        # How many slides the deck has, counted once: lxml counts an element's children one by
        # one, so asking the slide list its length for every new slide made a long deck quadratic.
        self._count: int | None = None
        # By the layout part's id(): where each placeholder of a new slide is (idx, position, proxy class).
        self._placeholders: dict[int, list[tuple[int, int, type[SlidePlaceholder]]]] = {}
        self._notes_body: int | None = None  # the notes body's position in a new notes page
        # By part name: the bytes of slides and notes pages finished as drawn (see .halves), which
        # the file stores as they are.
        self.finished: dict[str, Deflated] = {}

    def add(self, layout: SlideLayout) -> Slide:
        """A new slide at the end of the deck, with its layout's placeholders."""
        blank = self._blank.get(id(layout.part))
        if blank is None or self._next_id is None or self._next_id > _MAX_SLIDE_ID:
            slide = self.prs.slides.add_slide(layout)
            self._blank[id(layout.part)] = copy.deepcopy(slide._element)
            self._next_id = int(self._id_list[-1].get("id")) + 1
            self._count = None  # python-pptx added one: counted again when next needed
            return slide
        return self._slide_part(layout, copy.deepcopy(blank)).slide

    def insert(self, layout: SlideLayout, slide: BaseOxmlElement, notes: BaseOxmlElement | None) -> Slide:
        """A slide drawn elsewhere (:mod:`.halves`, :mod:`.reuse`), from its element and its notes
        page's, added at the end of the deck as :meth:`add` and :meth:`notes` would have made it."""
        if self._next_id is None:
            self._next_id = max((int(s.get("id")) for s in self._id_list), default=255) + 1
        part = self._slide_part(layout, slide)
        if notes is not None:
            self._notes_part(part, notes)
        return part.slide

    def insert_finished(self, layout: SlideLayout, slide: Deflated, notes: Deflated | None) -> FinishedPart:
        """A slide finished elsewhere (:mod:`.halves`): its part's bytes, compressed as they go
        into the file, and its notes page's; related and numbered as :meth:`insert` relates them.
        Nothing reads or changes such a slide again: it is written as it came."""
        if self._next_id is None:
            self._next_id = max((int(s.get("id")) for s in self._id_list), default=255) + 1
        part = self._numbered(layout, FinishedPart(self._next_partname(), CT.PML_SLIDE, self.prs.part.package, slide))
        self.finished[part.partname] = slide
        if notes is not None:
            package = part.package
            notes_part = FinishedPart(package.next_partname(_NOTES_NAME), CT.PML_NOTES_SLIDE, package, notes)
            self._related_notes(part, notes_part)
            self.finished[notes_part.partname] = notes
        return part

    def add_notes(self, slide_part: SlidePart, notes: BaseOxmlElement) -> None:
        """A notes page from its element for a slide added by :meth:`insert`."""
        self._notes_part(slide_part, notes)

    def _slide_part(self, layout: SlideLayout, element: BaseOxmlElement) -> SlidePart:
        """A slide part holding ``element``, related and numbered as python-pptx's add_slide does."""
        return self._numbered(layout, SlidePart(self._next_partname(), CT.PML_SLIDE, self.prs.part.package, element))

    def _next_partname(self) -> PackURI:
        if self._count is None:
            self._count = len(self._id_list)
        self._count += 1
        return PackURI(f"/ppt/slides/slide{self._count}.xml")

    def _numbered(self, layout: SlideLayout, part: P) -> P:
        """A new slide part related to its layout, and added to the deck's slides with the next id."""
        presentation_part = self.prs.part
        assert self._next_id is not None
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        # A new part has no relationship yet to match: python-pptx's relate_to would look through
        # all of the presentation's (one per slide) to find none.
        r_id = presentation_part._rels._add_relationship(RT.SLIDE, part)
        self._id_list._add_sldId(id=self._next_id, rId=r_id)
        self._next_id += 1
        return part

    def _notes_part(self, slide_part: SlidePart, element: BaseOxmlElement) -> None:
        """A notes page holding ``element`` for the slide, related as python-pptx relates one."""
        package = slide_part.package
        self._related_notes(slide_part, NotesSlidePart(package.next_partname(_NOTES_NAME), CT.PML_NOTES_SLIDE,
                                                       package, element))

    def _related_notes(self, slide_part: Part, notes_part: Part) -> None:
        if self._notes_master is None:
            self._notes_master = self.prs.part.notes_master_part
        notes_part.relate_to(self._notes_master, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)

    def placeholders(self, slide: Slide, layout: SlideLayout) -> dict[int, SlidePlaceholder]:
        """A new slide's placeholders by idx (python-pptx looks each shape's placeholder
        element up by XPath to tell a placeholder, and its kind, from another shape)."""
        tree: Any = slide.shapes._spTree
        known = self._placeholders.get(id(layout.part))
        if known is None:
            found = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
            self._placeholders[id(layout.part)] = [(idx, tree.index(ph._element), type(ph))
                                                   for idx, ph in found.items()]
            return found
        return {idx: cls(tree[position], slide.shapes) for idx, position, cls in known}

    def notes(self, slide: Slide) -> NotesSlide:
        """The slide's notes page, made new (a slide is given one once)."""
        if self._blank_notes is None:
            notes = slide.notes_slide
            self._blank_notes = copy.deepcopy(notes._element)
            self._notes_master = self.prs.part.notes_master_part
            body = notes.notes_placeholder
            if body is not None:
                self._notes_body = notes.shapes._spTree.index(body._element)
            return notes
        self._notes_part(slide.part, copy.deepcopy(self._blank_notes))
        return slide.notes_slide

    def notes_text(self, slide: Slide) -> TextFrame | None:
        """The text of the slide's new notes page (None where the notes master has no body)."""
        notes = self.notes(slide)
        if self._notes_body is None:
            return None
        tree: Any = notes.shapes._spTree
        return NotesSlidePlaceholder(tree[self._notes_body], notes.shapes).text_frame

    def footers(self, slide: Slide, layout: SlideLayout, size: float,
                draw: Callable[[Slide, SlideLayout], bool]) -> bool:
        """Put the layout's footer shapes on ``slide``: drawn by ``draw`` on the first slide of
        each layout (at the footer ``size``), copied from that slide on the others; whether the
        footer fit."""
        key = (id(layout.part), size)
        kept = self._footers.get(key)
        tree: Any = slide.shapes._spTree
        if kept is None:
            before = len(tree)
            fits = draw(slide, layout)
            self._footers[key] = ([copy.deepcopy(el) for el in tree[before:]], fits)
            return fits
        shapes, fits = kept
        for el in shapes:
            tree.append(copy.deepcopy(el))
        return fits

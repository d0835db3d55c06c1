"""The master a deck is built on: its layouts read once, and the layout each slide uses.

The first step of the deck's plan. The master file is opened (its sample slides removed) and
each layout's facts are read once: its placeholders' boxes and indices, which columns of body
it has, and how far a title may grow before it meets a rule or band under it. A slide's layout
is then chosen by placeholder types first and by name second, as a corporate master must work
too; the choice is a plain :class:`~.fit.LayoutChoice` the layout stage works with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import SlideLayout

from ...document import Slide
from ...errors import Problems
from ...units import Box, Pt
from . import oxml
from .fit import GAP_PT, LayoutChoice
from .measure import INSET_X_PT, INSET_Y_PT

RULE_GAP_PT = 4.0  # a grown title box stops this far above a rule or band under it
ATTACHED_PT = 36.0  # a shape this close under the title belongs to it (an accent rule)

_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_NAMES = {
    "title": ["title slide"],
    "section": ["section header", "section"],
    "content": ["title and content", "content"],
    "two": ["two content", "comparison"],
    "title-only": ["title only"],
}


def open_master(path: Path | None) -> PresentationType:
    """The master to build on, without its sample slides (a corporate template usually has some)."""
    prs = Presentation(str(path)) if path else Presentation()
    oxml.drop_slides(prs)
    oxml.name_parts_without_walking(prs)
    return prs


@dataclass(frozen=True)
class _Facts:
    """What the choice of a layout needs to know about it."""

    choice: LayoutChoice
    centre_title: bool  # a title slide's layout


def _facts(index: int, layout: SlideLayout) -> _Facts:
    title_idx = None
    bodies: list[tuple[int, int]] = []
    boxes: dict[int, Box] = {}
    centre_title = False
    for ph in _placeholders(layout):
        pf = ph.placeholder_format
        centre_title |= pf.type == PP_PLACEHOLDER.CENTER_TITLE
        if ph.left is not None and ph.width is not None:
            boxes[pf.idx] = _text_box(ph)
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
    body_idx = tuple(columns[left] for left in sorted(columns))
    title = boxes.get(title_idx) if title_idx is not None else None
    limit = _title_limit(layout, title, [boxes[i] for i in body_idx if i in boxes])
    return _Facts(LayoutChoice(index, layout.name, title_idx, body_idx, boxes, limit), centre_title)


def _text_box(ph: LayoutPlaceholder) -> Box:
    """The box the deck draws a placeholder's text in: where the master's designer put the text.

    Text is always written with the insets it was measured with (INSET_X_PT, INSET_Y_PT), so the
    box is moved and resized by the difference from the placeholder's own insets: the text then
    starts exactly where the master's would, and the width measured is the width drawn.
    """
    left, top, right, bottom = oxml.inherited_insets(ph)
    ix, iy = Pt(INSET_X_PT), Pt(INSET_Y_PT)
    x, y, w, h = int(ph.left or 0), int(ph.top or 0), int(ph.width or 0), int(ph.height or 0)
    return Box(x + left - ix, y + top - iy, max(0, w - left - right + 2 * ix), max(0, h - top - bottom + 2 * iy))


class Master:
    """The layouts of an opened master, read once for every slide that uses them."""

    def __init__(self, prs: PresentationType):
        self.prs = prs
        self.layouts = list(prs.slide_layouts)
        self._facts = [_facts(k, layout) for k, layout in enumerate(self.layouts)]

    def layout(self, choice: LayoutChoice) -> SlideLayout:
        return self.layouts[choice.layout]

    def choose(self, slide: Slide, want: str, problems: Problems, path: str) -> LayoutChoice:
        """Pick a layout for ``want`` ("title", "section", "content", "two", "title-only")."""
        facts = self._facts
        if slide.layout:
            for f in facts:
                if f.choice.name.lower() == slide.layout.lower():
                    return f.choice
            known = ", ".join(f'"{f.choice.name}"' for f in facts)
            problems.error(path, slide.line, 1, f'layout "{slide.layout}" is not in the master; '
                           f"its layouts are {known}")

        def fits(f: _Facts) -> bool:
            if want == "title":
                return f.centre_title
            if f.choice.title_idx is None or f.centre_title:
                return False
            n = len(f.choice.body_idx)
            return n == 2 if want == "two" else n == 0 if want == "title-only" else n == 1

        names = _NAMES[want]
        matching = [f for f in facts if fits(f)]
        by_name = [f for name in names for f in matching if f.choice.name.lower() == name]
        pick = (by_name or matching or [f for name in names for f in facts if f.choice.name.lower() == name]
                or [f for f in facts if f.choice.title_idx is not None] or facts)[0]
        choice = pick.choice
        if want == "section" and len(choice.body_idx) > 1:
            choice = replace(choice, body_idx=choice.body_idx[:1])
        return choice


def decorations(layout: SlideLayout) -> list[BaseShape]:
    """Shapes a slide shows from its layout and master that are not placeholders (rules, bands,
    logos): the master's first, as they are drawn beneath the layout's."""
    shapes: list[BaseShape] = []
    if oxml.shows_master_shapes(layout):
        shapes += [sh for sh in layout.slide_master.shapes if not sh.is_placeholder]
    return shapes + [sh for sh in layout.shapes if not sh.is_placeholder]


def _under(shape: BaseShape, title: Box) -> bool:
    """Whether a shape lies below the title, in the title's columns."""
    if shape.left is None or shape.top is None or shape.width is None:
        return False
    overlaps = shape.left < title.right and shape.left + shape.width > title.x
    return overlaps and shape.top >= title.bottom - Pt(1)


def title_decorations(layout: SlideLayout, title: Box | None) -> list[BaseShape]:
    """The shapes that dress the title, such as an accent rule right under it: on a slide without
    a title they underline nothing."""
    if title is None:
        return []
    return [sh for sh in decorations(layout) if _under(sh, title) and sh.top <= title.bottom + Pt(ATTACHED_PT)]


def _title_limit(layout: SlideLayout, title: Box | None, bodies: list[Box]) -> int | None:
    """How far down a title box may grow: not over the rule or band under it, not into the body."""
    if title is None:
        return None
    bottom = title.bottom
    limits = [int(sh.top - Pt(RULE_GAP_PT)) for sh in decorations(layout) if _under(sh, title)]
    limits += [int(b.y - Pt(GAP_PT)) for b in bodies if b.y >= bottom]
    return max(min(limits), bottom) if limits else None


def _placeholders(layout: SlideLayout) -> Iterable[LayoutPlaceholder]:
    """A layout's placeholders (python-pptx's annotation of their ``__iter__`` confuses mypy)."""
    return cast("Iterable[LayoutPlaceholder]", layout.placeholders)

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
from typing import cast

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import SlideLayout

from ...document import Slide
from ...errors import Problems
from ...units import Box, Emu, Pt
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


@dataclass(frozen=True)
class _Facts:
    """What the choice of a layout needs to know about it."""

    choice: LayoutChoice
    purpose: str | None  # the kind of slide it is for ("title", "section", "content", "two", "title-only")
    room: int  # the area its bodies give content (EMU²), to prefer the roomiest of several
    clutter: float  # the share of its text area under the master's artwork


_FACTS_SEEN: dict[bytes, list[_Facts]] = {}  # by a hash of the masters' and layouts' XML


def _facts(index: int, layout: SlideLayout) -> _Facts:
    title_idx = None
    subtitle_idx = None
    bodies: list[tuple[int, int]] = []
    boxes: dict[int, Box] = {}
    centre_title = False
    for ph in _placeholders(layout):
        pf = ph.placeholder_format
        if ph.left is not None and ph.width is not None:
            boxes[pf.idx] = _text_box(ph)
        if pf.type in _TITLE_TYPES:
            title_idx = pf.idx
            centre_title |= pf.type == PP_PLACEHOLDER.CENTER_TITLE
        elif pf.type == PP_PLACEHOLDER.SUBTITLE:
            subtitle_idx = pf.idx  # a subtitle holds a byline, never a slide's body
        elif pf.type in _BODY_TYPES:
            bodies.append((int(ph.left or 0), pf.idx))
    # One body per column: where a column has two (Comparison: a heading over a body), the
    # taller one holds the column's blocks and the other stays unused (and is removed).
    columns: dict[int, int] = {}
    for left, idx in sorted(bodies):
        if left not in columns or (idx in boxes and columns[left] in boxes
                                   and boxes[idx].h > boxes[columns[left]].h):
            columns[left] = idx
    body_idx = tuple(columns[left] for left in sorted(columns))
    own = [boxes[i] for i in body_idx if i in boxes]
    purpose = _purpose(layout.name, title_idx, centre_title, subtitle_idx, own)
    if purpose == "title" and subtitle_idx is not None:
        body_idx = (subtitle_idx, *body_idx)
    title = boxes.get(title_idx) if title_idx is not None else None
    limit = _title_limit(layout, title, own)
    room = sum(b.w * b.h for b in own)
    return _Facts(LayoutChoice(index, layout.name, title_idx, body_idx, boxes, limit), purpose, room,
                  _clutter(layout, own or ([title] if title else [])))


def _clutter(layout: SlideLayout, boxes: list[Box]) -> float:
    """How much of the text area the master's artwork covers (0: none, 1: all of it): of two
    layouts for the same purpose, the one whose shapes stay clear of the text is easier to read."""
    area = sum(b.w * b.h for b in boxes)
    if not area:
        return 0.0
    covered = 0
    for sh in decorations(layout):
        if sh.left is None or sh.top is None or sh.width is None or sh.height is None:
            continue
        for b in boxes:
            w = min(b.right, sh.left + sh.width) - max(b.x, sh.left)
            h = min(b.bottom, sh.top + sh.height) - max(b.y, sh.top)
            covered += max(0, w) * max(0, h)
    return min(1.0, covered / area)


def _purpose(name: str, title_idx: int | None, centre_title: bool, subtitle_idx: int | None,
             bodies: list[Box]) -> str | None:
    """What a layout is for, from its placeholders (and its name where they leave it open).

    A layout with a centred title or a subtitle is a cover; one named for sections a divider;
    content goes only on layouts with a title and one body, or two bodies of about the same
    size side by side. Layouts for anything else (vertical text, captions, three or more
    bodies, no title) are only used when a slide names them.
    """
    lowered = name.lower()
    if title_idx is None or "vertical" in lowered:
        return None
    if centre_title or "title slide" in lowered or (subtitle_idx is not None and not bodies):
        return "title"
    if "section" in lowered or "divider" in lowered:
        return "section"
    if not bodies:
        return "title-only"
    if len(bodies) == 1:
        return "content"
    if len(bodies) == 2:
        small, big = sorted(bodies, key=lambda b: b.w * b.h)
        if small.w * small.h >= 0.6 * big.w * big.h and abs(small.y - big.y) < big.h // 4:
            return "two"
    return None


# What a slide of each kind may stand on when the master has no layout made for it, best first.
_FALLBACK = {
    "title": ("section", "title-only", "content"),
    "section": ("title", "title-only", "content"),
    "content": ("two", "title-only"),
    "two": ("content", "title-only"),
    "title-only": ("content", "two"),
}


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
    """The layouts of every slide master in the file, read once for every slide that uses them."""

    def __init__(self, prs: PresentationType):
        self.prs = prs
        self.layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
        # The facts follow from the masters' and layouts' XML alone, so a process that builds again
        # (``briefing watch``) reads them once per master file.
        self.fingerprint = key = oxml.masters_fingerprint(prs)
        facts = _FACTS_SEEN.get(key)
        if facts is None:
            facts = [_facts(k, layout) for k, layout in enumerate(self.layouts)]
            if len(_FACTS_SEEN) >= 8:
                _FACTS_SEEN.clear()
            _FACTS_SEEN[key] = facts
        self._facts = facts

    def layout(self, choice: LayoutChoice) -> SlideLayout:
        return self.layouts[choice.layout]

    def choose(self, slide: Slide, want: str, problems: Problems, path: str) -> LayoutChoice:
        """Pick a layout for ``want`` ("title", "section", "content", "two", "title-only")."""
        facts = self._facts
        if slide.layout:
            for f in facts:
                if f.choice.name.lower() == slide.layout.lower():
                    self._check_room(slide, f.choice, problems, path)
                    return f.choice
            known = ", ".join(f'"{f.choice.name}"' for f in facts)
            problems.error(path, slide.line, 1, f'layout "{slide.layout}" is not in the master; '
                           f"its layouts are {known}")

        names = _NAMES[want]

        def best(purpose: str) -> _Facts | None:
            # Named as the tool expects first, then clear of the artwork, then the roomiest; the
            # first slide master wins ties.
            fitting = [f for f in facts if f.purpose == purpose]
            ranked = sorted(fitting, key=lambda f: (f.choice.name.lower() not in names, round(f.clutter, 1),
                                                    -f.room))
            return ranked[0] if ranked else None

        pick = next((found for p in (want, *_FALLBACK[want]) if (found := best(p)) is not None), None)
        # A master of only blank and odd layouts: any with a title, else the first.
        choice = (pick or next((f for f in facts if f.choice.title_idx is not None), facts[0])).choice
        if want == "section" and len(choice.body_idx) > 1:
            choice = replace(choice, body_idx=choice.body_idx[:1])
        self._check_room(slide, choice, problems, path)
        return choice

    @staticmethod
    def _check_room(slide: Slide, choice: LayoutChoice, problems: Problems, path: str) -> None:
        """Say so where the layout has no place for something the slide asks for."""
        if slide.title and choice.title_idx is None:
            problems.warn(path, slide.line, 1, f'layout "{choice.name}" has no title placeholder, so this '
                          "slide's title is not shown; name a layout with a title")
        if slide.kind in ("title", "section") and slide.subtitle and not choice.body_idx:
            problems.warn(path, slide.line, 1, f'layout "{choice.name}" has no subtitle or text placeholder, '
                          "so this slide's subtitle is not shown")


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


def describe(prs: PresentationType) -> list[str]:
    """Each slide master and layout, its placeholders (type, idx, size) and the slides it takes:
    what ``briefing layouts MASTER`` prints, so a user sees how their master will be used."""
    master = Master(prs)
    lines: list[str] = []
    k = 0
    for m, slide_master in enumerate(prs.slide_masters, start=1):
        lines.append(f"slide master {m}")
        for layout in slide_master.slide_layouts:
            facts = master._facts[k]
            k += 1
            use = {"title": "title slides", "section": "section slides", "content": "content slides",
                   "two": "two-column slides", "title-only": "slides with only a title"}.get(
                       facts.purpose or "", 'only when a slide names it with {layout="…"}')
            lines.append(f'  layout "{layout.name}": {use}')
            for ph in _placeholders(layout):
                pf = ph.placeholder_format
                kind = str(pf.type).split(".")[-1].split(" ")[0].lower()
                size = f"{Emu(ph.width or 0).inches:.2f} × {Emu(ph.height or 0).inches:.2f} in"
                lines.append(f"    {kind} (idx {pf.idx}), {size}")
    return lines

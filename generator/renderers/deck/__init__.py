"""The deck: a document → placed slides → a PowerPoint file, through python-pptx.

:class:`DeckRenderer` is the ``pptx`` format. Its plan opens the master (:mod:`.master`), picks a
layout for each slide and fits the slide into it, continuing it on further slides where it does
not fit (:mod:`.fit`, :mod:`.paginate`, measured by :mod:`.measure`); nothing is drawn yet, so
``briefing check`` stops there. Its write draws each planned slide (:mod:`.slide`, with
:mod:`.text`, :mod:`.shapes`, :mod:`.charts`, :mod:`.timeline` and :mod:`.furniture`) and saves
the file. Raw XML is confined to :mod:`.oxml`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...walk import BLOCK_KINDS
from .. import register
from ..base import Renderer

if TYPE_CHECKING:  # loaded by the methods, not by naming the format (see .making)
    from .fit import SlidePlan
    from .looks import Looks
    from .master import Master

__all__ = ["DeckPlan", "DeckRenderer"]


@dataclass
class DeckPlan:
    """The deck laid out: the master opened, every slide placed and its text fitted."""

    master: Master
    slides: list[SlidePlan]
    fit_notes: list[str] = field(default_factory=list)
    continued: int = 0
    looks: Looks | None = None  # on a foreign master: the colours for each slide's background
    # In `briefing watch`: each slide plan's hash, by id(), worked out when it was fitted (see .reuse).
    plan_keys: dict[int, tuple[SlidePlan, bytes | None]] = field(default_factory=dict)


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

    @classmethod
    def loaded(cls) -> bool:
        return f"{__name__}.making" in sys.modules

    @classmethod
    def load(cls) -> None:
        from . import making  # noqa: F401  (python-pptx and the drawing code)

    def plan(self) -> DeckPlan:
        from .making import plan_deck

        return plan_deck(self)

    def write(self, plan: DeckPlan, out: Path) -> None:
        from .making import write_deck

        write_deck(self, plan, out)

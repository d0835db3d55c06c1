"""The report renderer: the document model → a printable PDF, through reportlab's platypus.

One package prints both paper forms of a document. The *report* (kind ``report``, from the
pack's ``report.md.j2``) gets a cover, a contents page with page numbers, chapters that start on
a new page and numbered notes at the end. The *handout* (kind ``handout``, a hand-written deck)
gets a title block and one section per slide, with the speaker notes in a shaded box. Both walk
the document model in order; nothing here reads Markdown, YAML or templates. :meth:`plan` is the
layout stage: it composes every page into memory; :meth:`write` writes those bytes.

Print choices, explained in docs/report.md: A4 or US Letter with 25 mm margins on every side (so
binding and office printers clip nothing); a running header and a "Page X of Y" footer, mirrored
so the page number sits on the outer edge in duplex printing; sources as numbered endnotes, one
number per source in order of first citation, each mark a link to its note; TrueType fonts from
the theme, embedded as subsets, and no other font anywhere; the same input gives the same bytes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ...walk import BLOCK_KINDS
from .. import register
from ..base import Renderer

__all__ = ["ReportPlan", "ReportRenderer"]


@dataclass
class ReportPlan:
    """The report laid out: every page composed by platypus, held in memory until written."""

    pdf: bytes | None  # None when the document could not be laid out (the problems say why)
    fit_notes: list[str] = field(default_factory=list)
    continued: int = 0


@register
class ReportRenderer(Renderer[ReportPlan]):
    name = "pdf"
    suffix = ".pdf"
    description = "the PDF report (a printable handout for a Markdown deck)"
    template = "report.md.j2"
    project_kind = "report"
    markdown_kind = "handout"
    draws = frozenset(BLOCK_KINDS)  # every kind; a slide break is no break on paper
    default = True
    plans_apart = True  # the plan is the composed PDF's bytes

    @classmethod
    def loaded(cls) -> bool:
        return f"{__name__}.making" in sys.modules

    @classmethod
    def load(cls) -> None:
        from . import making  # noqa: F401  (reportlab and the composing code)

    def write(self, plan: ReportPlan, out: Path) -> None:
        if plan.pdf is not None:
            out.write_bytes(plan.pdf)

    def plan(self) -> ReportPlan:
        from .making import plan_report

        return plan_report(self)

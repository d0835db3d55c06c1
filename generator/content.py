"""The CIIE briefing's content model: the default pack's editions, figures and keynotes.

The default pack declares no ``content.yaml``; :func:`generator.packs.content_model` gives this
model for it, built on the fields every briefing has and on the shared blocks (points, quotes,
sources). :mod:`generator.contentfiles` loads and checks the files against it, as against any
pack's model. ``briefing schema`` exports it as JSON Schema for editors' autocompletion, which is
why each field carries a docstring.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from .blocks import BriefingBase, Number, Point, Quote, Strict
from .contentfiles import LoadedContent, load_files
from .errors import Problems

__all__ = ["Briefing", "Edition", "Figure", "LoadedContent", "load_content"]


class Figure(Strict):
    """A number with the sources that state it: a count or an amount, never below zero."""

    value: Number = Field(ge=0)
    """The number as the sources give it, in the unit the field name states."""
    qualifier: Literal["", "about", "over", "nearly"] = ""
    """How the sources qualify the number: `about`, `over`, `nearly`, or empty when exact."""
    sources: list[str] = Field(min_length=1)
    """Keys of the sources that give this number (at least one)."""
    note: str | None = None
    """What exactly is counted, when that needs saying (e.g. `business exhibition only`)."""
    counts: str | None = None
    """What this figure counts when that differs from what the field counts in other editions, e.g.
    `countries and regions in the business exhibition only`; said wherever the figures are compared."""


class Keynote(Strict):
    """Who opened an edition, and how."""

    speaker: str
    """Name of the speaker, e.g. `Xi Jinping`."""
    role: str
    """Office held at the time, e.g. `President`."""
    delivery: Literal["in person", "by video", "letter"] | None = None
    """How the keynote was given; leave it out when no source says."""
    note: str | None = None
    """Anything a reader needs besides, e.g. `Xi Jinping sent a letter`."""
    sources: list[str] = Field(default_factory=list)
    """Keys of the sources for the keynote."""


class Edition(Strict):
    """One edition of the event, with its checked figures. Leave out what no source gives."""

    number: int = Field(ge=1)
    """Ordinal of the edition: 1 for the first."""
    year: int
    """Year it was held."""
    dates: str
    """Dates as shown to readers, e.g. `5–10 November`."""
    dates_sources: list[str] = Field(default_factory=list)
    """Keys of the sources for the dates."""
    participants: Figure | None = None
    """Countries, regions and international organisations taking part."""
    exhibitors: Figure | None = None
    """Exhibiting companies."""
    exhibitor_origins: Figure | None = None
    """Countries and regions the exhibiting companies came from."""
    area_sqm: Figure | None = None
    """Exhibition area in square metres."""
    deals_usd_bn: Figure | None = None
    """Intended one-year deals, in billions of US dollars."""
    visitors: Figure | None = None
    """Visitors or buyers; say in `note` which count the sources give."""
    new_products: Figure | None = None
    """New products, technologies and services shown."""
    keynote: Keynote | None = None
    """Who gave the opening keynote."""
    pledges: list[Point] = Field(default_factory=list)
    """What was announced or pledged at the opening ceremony."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Your own fields for your own templates; never checked."""


class Event(Strict):
    """The event the briefing is about."""

    name: str
    """Full name in the briefing's language."""
    short_name: str
    """Abbreviation used in running text, e.g. `CIIE`."""
    native_name: str | None = None
    """Name in the host country's language, e.g. `中国国际进口博览会`."""
    venue: str | None = None
    """Where it is held."""
    organisers: list[str] = Field(default_factory=list)
    """Who organises it."""


def _in_order(editions: list[Edition]) -> list[Edition]:
    numbers = [e.number for e in editions]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        raise ValueError(f"list each edition once, first to latest; got numbers {numbers}")
    return editions


class Briefing(BriefingBase):
    """The CIIE briefing of the default pack: what its deck and report are made from."""

    event: Event | None = None
    """The event the briefing covers."""
    takeaways: list[Point] = Field(default_factory=list)
    """What the reader should remember, in three to five sentences."""
    purpose: list[Point] = Field(default_factory=list)
    """What the event is and what it is for."""
    quotes: list[Quote] = Field(default_factory=list)
    """Quotations worth showing."""
    context: list[Point] = Field(default_factory=list)
    """The wider context: anniversaries, plans, policies."""
    outlook: list[Point] = Field(default_factory=list)
    """What to watch next."""
    editions: Annotated[list[Edition], AfterValidator(_in_order)] = Field(default_factory=list)
    """The editions, first to latest."""


def load_content(content_dir: Path, project_dir: Path, problems: Problems,
                 model: type[BriefingBase] | None = None) -> LoadedContent | None:
    """The content files validated against ``model``, by default the CIIE briefing's."""
    return load_files(content_dir, project_dir, problems, model or Briefing)

"""Content building blocks: the typed pieces every briefing's content is made of, on any topic.

A template pack declares its content as named fields of these blocks (``content.yaml`` in the
pack, read by :mod:`generator.packs`): sources, figures, series and tables of figures, points,
quotes, events and sections of prose. They are validated like every content file, with
``file:line:col`` errors, and their docstrings become the JSON Schema's descriptions, which editors
show as hints. :mod:`generator.blockmarkdown` turns them into the Markdown dialect's blocks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A number as content gives it: finite, and never `true` taken for 1.
Number = Annotated[float, Field(allow_inf_nan=False, strict=True)]
# A whole number, such as a year or an edition's ordinal: `2018`, never `2018.5` or `true`.
Integer = Annotated[int, Field(strict=True)]
SourceKeys = list[str]
Qualifier = Literal["", "about", "over", "nearly", "under"]


class Strict(BaseModel):
    # Unknown fields are errors (a typo must not vanish silently); users add their own under `extra`.
    model_config = ConfigDict(extra="forbid")


def _as_text(value: Any) -> Any:
    # YAML reads `2024` as a number and `2024-06-30` as a date; both are labels here.
    return str(value) if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool) else value


class Source(Strict):
    """A public source that figures and statements cite by its key."""

    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    """Short key cited by figures, e.g. `A1`."""
    title: str
    """Title of the page or article, or a short quote that identifies it."""
    publisher: str | None = None
    """Who published it, e.g. `City Finance Office`."""
    url: str | None = None
    """Web address, when the source has one."""
    date: str | None = None
    """Publication date as written by the source, e.g. `2021-11-07`."""

    _text = field_validator("date", mode="before")(_as_text)


class Earlier(Strict):
    """The figure an earlier period had, to show the change against it."""

    value: Number
    """The earlier number, in the same unit."""
    qualifier: Qualifier = ""
    """How the sources qualify the earlier number: `about`, `over`, `nearly`, `under`, or empty."""
    period: str
    """Which period it belongs to, as readers see it, e.g. `2023`."""
    sources: SourceKeys = Field(min_length=1)
    """Keys of the sources that give the earlier number."""

    _text = field_validator("period", mode="before")(_as_text)


class Figure(Strict):
    """A number with what it counts, how the sources qualify it, and the sources that state it."""

    label: str = ""
    """What the number is, as a tile's caption reads, e.g. `Households served`; a tile needs one.
    A figure in a field of a record (an edition's `exhibitors`) may leave it out: the field says it."""
    value: Number
    """The number as the sources give it."""
    unit: str = ""
    """Unit written after the number, e.g. `%`, `bn`, `km`; empty for a count."""
    prefix: str = ""
    """Written before the number, e.g. `US$` or `€`."""
    qualifier: Qualifier = ""
    """How the sources qualify the number: `about`, `over`, `nearly`, `under`, or empty when exact.
    It is shown wherever the figure appears (`2,900+`, `≈2,600`)."""
    as_of: str | None = None
    """When the number holds, e.g. `2025-06-30` or `FY 2024`."""
    counts: str | None = None
    """What exactly is counted, when the label does not say it all, e.g. `full-time staff only`."""
    decimals: int | None = Field(default=None, ge=0, le=6)
    """Decimals to show; by default as many as the value is written with."""
    earlier: Earlier | None = None
    """An earlier value, for a change shown on the tile (`+12.0% on 2023`), citing both sources."""
    sources: SourceKeys = Field(min_length=1)
    """Keys of the sources that give this number (at least one)."""
    note: str | None = None
    """Anything a reader needs besides, shown in the report."""

    _text = field_validator("as_of", mode="before")(_as_text)


class SeriesPoint(Strict):
    """One value of a series: a period or a category and its number."""

    at: str
    """The period or category, e.g. `2024` or `Schools`."""
    value: Number | None
    """The number; `null` where no source gives one (a gap, never a zero)."""
    qualifier: Qualifier = ""
    """How the sources qualify this number; shown on the chart's label (`2,900+`, `≈2,600`)."""
    counts: str | None = None
    """What this point counts, when it differs from the rest of the series; said under the chart."""
    sources: SourceKeys = Field(default_factory=list)
    """Keys of the sources for this point, besides the series' own."""

    _text = field_validator("at", mode="before")(_as_text)


class Series(Strict):
    """Figures by period or category, drawn as one chart."""

    title: str
    """What the series shows, the chart's title, e.g. `Capital spending by year`."""
    headline: str | None = None
    """The point the chart makes, as its slide's title, e.g. `Spending rose every year since 2021`."""
    name: str | None = None
    """Legend entry; by default the title."""
    unit: str = ""
    """Unit written after each value, e.g. `%` or `bn`."""
    prefix: str = ""
    """Written before each value, e.g. `US$`."""
    counts: str | None = None
    """What every point counts, e.g. `exhibiting companies`."""
    chart: Literal["column", "bar", "line", "pie", "doughnut"] = "column"
    """How to draw it: `column`, `bar`, `line`, `pie` or `doughnut`."""
    decimals: int | None = Field(default=None, ge=0, le=6)
    """Decimals on the labels; by default as many as the values are written with."""
    points: list[SeriesPoint] = Field(min_length=1)
    """The values, in the order they are drawn."""
    sources: SourceKeys = Field(default_factory=list)
    """Keys of the sources for every point."""
    note: str | None = None
    """One sentence said under the chart, e.g. what changed in how it was counted."""


class Cell(Strict):
    """One figure in a table."""

    value: Number | None = None
    """The number; leave it out (or `null`) where no source gives one."""
    qualifier: Qualifier = ""
    """How the sources qualify it; shown in the cell (`over 2,900`)."""
    text: str | None = None
    """Text instead of a number, e.g. `not held`."""
    counts: str | None = None
    """What this cell counts, when it differs from the rest of its column, e.g. `countries and
    regions only`; said under the table."""
    note: str | None = None
    """What exactly the sources count here, for templates that set it out, e.g. `registered visitors`."""
    sources: SourceKeys = Field(default_factory=list)
    """Keys of the sources for this cell."""


class Row(Strict):
    """A row of a table: its label and one cell per column."""

    label: str
    """What the row is about, e.g. a year or a category."""
    cells: list[Cell | Number | str | None]
    """One cell per column: a number, a text, `null`, or a mapping with a qualifier and sources."""

    _text = field_validator("label", mode="before")(_as_text)


class Table(Strict):
    """Figures by period and category, shown as a table."""

    title: str
    """The table's heading."""
    corner: str = ""
    """Heading of the label column, e.g. `Year`."""
    columns: list[str] = Field(min_length=1)
    """Headings of the value columns, e.g. `Spending (€ m)`."""
    rows: list[Row] = Field(min_length=1)
    """The rows."""
    sources: SourceKeys = Field(default_factory=list)
    """Keys of the sources for the whole table."""
    note: str | None = None
    """One sentence said under the table."""
    caption: str | None = None
    """A line shown over the table, e.g. `Spending by department, € million`."""
    widths: list[float] | None = None
    """Relative column widths, the label column first, e.g. `[2, 1, 1]`; default: as the text needs."""

    @field_validator("columns", mode="before")
    @classmethod
    def _columns_as_text(cls, value: Any) -> Any:
        return [_as_text(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_cell_per_column(self) -> Table:
        wrong = [f"'{r.label}' has {len(r.cells)}" for r in self.rows if len(r.cells) != len(self.columns)]
        if wrong:
            raise ValueError(f"every row needs one cell per column ({len(self.columns)}; null for a gap): "
                             + ", ".join(wrong))
        if self.widths is not None and (len(self.widths) != len(self.columns) + 1 or min(self.widths) <= 0):
            raise ValueError(f"widths needs {len(self.columns) + 1} numbers above 0, the label column's first "
                             f"(got {self.widths})")
        return self


class Point(Strict):
    """A takeaway or finding: one sentence, with the sources that support it."""

    text: str
    """The sentence, as it should read."""
    sources: SourceKeys = Field(default_factory=list)
    """Keys of the sources that support it; a sentence that states facts cites them all."""


class Quote(Strict):
    """A quotation, attributed."""

    text: str
    """The quoted words, without quotation marks."""
    speaker: str
    """Who said it."""
    role: str | None = None
    """The speaker's office at the time, e.g. `Mayor`."""
    date: str | None = None
    """When it was said, e.g. `2025-03-14`."""
    occasion: str | None = None
    """Where it was said, e.g. `budget speech`."""
    sources: SourceKeys = Field(min_length=1)
    """Keys of the sources that report it."""

    _text = field_validator("date", mode="before")(_as_text)


class Event(Strict):
    """A dated event, for a timeline."""

    date: str
    """When, as readers should see it: `2018`, `Nov 2021`."""
    label: str
    """What happened, in a few words."""
    detail: str | None = None
    """One more line under the label."""
    sources: SourceKeys = Field(default_factory=list)
    """Keys of the sources for the event."""

    _text = field_validator("date", mode="before")(_as_text)


class Section(Strict):
    """A section of prose, for the report."""

    title: str
    """The section's heading."""
    paragraphs: list[Point] = Field(min_length=1)
    """Its paragraphs, each with the sources for what it states."""


class BriefingBase(Strict):
    """What every briefing has, whatever its pack: the title and date, and the sources."""

    title: str
    """Title of the deck and the report."""
    subtitle: str | None = None
    """Line under the title."""
    organisation: str | None = None
    """Who issues the briefing; shown on the title slide and the report cover."""
    author: str | None = None
    """Author or team, for the document properties."""
    date: dt.date
    """Date of the briefing, shown on the title slide and in footers (`2025-11-28`)."""
    lang: str = "en"
    """Language of the text, as a BCP 47 tag (`en`, `en-GB`, `zh-CN`)."""
    keywords: list[str] = Field(default_factory=list)
    """Keywords for the document properties."""
    sources: list[Source] = Field(default_factory=list)
    """Every source cited anywhere in the content."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Your own fields for your own templates; never checked."""

    def source(self, key: str) -> Source:
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(f"unknown source key '{key}'; the sources list has "
                       f"{', '.join(s.key for s in self.sources) or 'no entries'}")


# The block types a pack's content.yaml may name, by the name it uses.
BLOCKS: dict[str, Any] = {
    "text": str, "integer": Integer, "number": Number, "date": dt.date,
    "source": Source, "figure": Figure, "series": Series, "table": Table, "point": Point,
    "quote": Quote, "event": Event, "section": Section,
}

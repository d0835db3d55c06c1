"""Structured visuals: the YAML bodies of ```chart and ```timeline blocks, declared and validated.

The parse stage hands a fenced block's YAML here; a mistake (bad YAML, a misspelt key, a series
whose length differs from the categories) becomes a problem at its line in the Markdown file.
The validated specs are what both renderers draw: a native chart in the deck, vector graphics in
the PDF, from the same numbers.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import Problems
from .yamlfile import YAMLDocument, validate


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Value = Annotated[float, Field(allow_inf_nan=False, strict=True)]


class Series(_Strict):
    name: str
    """Legend entry of the series."""
    values: list[Value | None]
    """One value per category; leave a gap with `null`."""
    qualifiers: list[Literal["", "about", "over", "nearly", "under"]] | None = None
    """How the sources qualify each value (`over`, `about`, `nearly`, `under`, or empty when exact),
    one per value; the value labels carry the mark (`2,900+`, `≈2,600`)."""


class Chart(_Strict):
    """A chart: native and editable in the deck, vector graphics in the PDF."""

    type: Literal["bar", "column", "line", "pie", "doughnut"] = "column"
    """`column` (vertical bars), `bar` (horizontal), `line`, `pie` or `doughnut`."""
    stacked: bool = False
    """Stack the series instead of clustering them (bar and column charts)."""
    title: str | None = None
    """Title drawn above the chart."""
    categories: list[str] = Field(min_length=1)
    """Category labels, e.g. years; numbers are taken as text."""
    series: list[Series] = Field(min_length=1)
    """The data: one or more series, each with one value per category."""
    number_format: str = "General"
    """Excel-style number format for values and labels, e.g. `0.0` or `#,##0`."""
    x_title: str | None = None
    """Title of the category axis."""
    y_title: str | None = None
    """Title of the value axis."""
    data_labels: bool = True
    """Print each value on its bar, point or slice."""
    legend: bool | None = None
    """Show the legend; by default only when there are several series, or for pie charts."""
    source: str | None = None
    """Source line under the chart."""
    alt: str | None = None
    """What the chart shows, for readers who cannot see it; a default is written from the data."""

    @model_validator(mode="before")
    @classmethod
    def _categories_as_text(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("categories"), list):
            data = {**data, "categories": [str(c) for c in data["categories"]]}
        return data

    def alt_text(self) -> str:
        if self.alt:
            return self.alt
        kind = {"bar": "Bar", "column": "Column", "line": "Line", "pie": "Pie", "doughnut": "Doughnut"}[self.type]
        parts = []
        for s in self.series:
            pairs = ", ".join(f"{c} {_fmt(v)}" for c, v in zip(self.categories, s.values, strict=False)
                              if v is not None)
            parts.append(f"{s.name}: {pairs}")
        head = f"{kind} chart" + (f", {self.title}" if self.title else "")
        return f"{head}. " + "; ".join(parts)


class TimelineEvent(_Strict):
    date: str
    """When, as readers should see it: `2018`, `Nov 2021`."""
    label: str
    """What happened, in a few words."""
    detail: str | None = None
    """One more line under the label."""


class Timeline(_Strict):
    """A row of dated events drawn as a timeline."""

    title: str | None = None
    events: list[TimelineEvent] = Field(min_length=2, max_length=12)
    """Two to twelve events, in order."""
    source: str | None = None
    alt: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _dates_as_text(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("events"), list):
            data = {**data, "events": [{**e, "date": str(e["date"])} if isinstance(e, dict) and "date" in e
                                       else e for e in data["events"]]}
        return data

    def alt_text(self) -> str:
        if self.alt:
            return self.alt
        return "Timeline" + (f", {self.title}" if self.title else "") + ": " + "; ".join(
            f"{e.date} {e.label}" for e in self.events)


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


def check_chart(doc: YAMLDocument, problems: Problems) -> Chart | None:
    """Validate a chart body; series that do not match the categories are located errors."""
    chart = validate(doc, Chart, problems)
    if chart is None:
        return None
    ok = True
    for i, series in enumerate(chart.series):
        if len(series.values) != len(chart.categories):
            line, col = doc.position(("series", i, "values"))
            problems.error(doc.path, line, col,
                           f"series '{series.name}' has {len(series.values)} values but there are "
                           f"{len(chart.categories)} categories; give one value per category (null for a gap)")
            ok = False
        if series.qualifiers is not None and len(series.qualifiers) != len(series.values):
            line, col = doc.position(("series", i, "qualifiers"))
            problems.error(doc.path, line, col,
                           f"series '{series.name}' has {len(series.qualifiers)} qualifiers but {len(series.values)} "
                           "values; give one per value (\"\" when exact)")
            ok = False
    if chart.type in ("pie", "doughnut") and len(chart.series) > 1:
        line, col = doc.position(("series",))
        problems.error(doc.path, line, col, f"a {chart.type} chart shows one series; this one has "
                       f"{len(chart.series)}: use a column or bar chart, or split it")
        ok = False
    if chart.type in ("pie", "doughnut") and any(v is not None and v < 0 for s in chart.series for v in s.values):
        line, col = doc.position(("series", 0, "values"))
        problems.error(doc.path, line, col, f"a {chart.type} chart cannot show negative values")
        ok = False
    elif chart.type in ("pie", "doughnut") and not any(v for s in chart.series for v in s.values):
        line, col = doc.position(("series", 0, "values"))
        problems.error(doc.path, line, col, f"a {chart.type} chart needs at least one value above zero")
        ok = False
    if any(v is not None and abs(v) > 1e15 for s in chart.series for v in s.values):
        line, col = doc.position(("series",))
        problems.error(doc.path, line, col, "a value is too large to chart (over 10^15); use a larger unit")
        ok = False
    return chart if ok else None


def check_timeline(doc: YAMLDocument, problems: Problems) -> Timeline | None:
    return validate(doc, Timeline, problems)

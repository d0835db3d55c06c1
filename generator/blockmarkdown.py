"""Template helpers: content building blocks written as the Markdown dialect's blocks.

Templates call these (Jinja2 globals: ``points``, ``tiles``, ``chart``, ``table``, ``quote``,
``timeline``, ``figure_text``, ``figure_mark``) so that a slide is a heading and one call, and so
that every pack gets the same care with the facts: a qualified figure carries its mark or its word
wherever it is shown (``2,900+``, ``≈2,600``, "over 2,900"), with the marks' key beside it; a
series whose points count different things says so under its chart; a change between two figures
cites the sources of both. Values from content are escaped here, since the results are Markdown.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jinja2

from .blocks import Cell, Event, Figure, Point, Quote, Series, Table
from .figures.labels import key, marked
from .templates import Citations, MarkdownText, escape_markdown, format_number

_KINDS = {"bar": "Bar", "column": "Column", "line": "Line", "pie": "Pie", "doughnut": "Doughnut"}


def _y(value: Any) -> str:
    """A value quoted for the YAML body of a fenced block (JSON is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _decimals(values: list[float | None], fixed: int | None) -> int | None:
    if fixed is not None:
        return fixed
    found = [len(repr(float(v)).split(".")[1].rstrip("0")) for v in values if v is not None]
    return max(found, default=0)


def _unit(unit: str) -> str:
    return unit if not unit or unit == "%" or not unit[0].isalnum() else f" {unit}"


def _number(value: float, qualifier: str, prefix: str, unit: str, decimals: int | None, mark: bool) -> str:
    text = format_number(value, decimals)
    if mark:
        return marked(prefix + text, qualifier) + _unit(unit)
    word = f"{qualifier} " if qualifier else ""
    return f"{word}{prefix}{text}{_unit(unit)}"


def figure_text(f: Figure) -> str:
    """A figure as running text reads it: ``over 2,900``, ``about US$57.8 bn``."""
    return _number(f.value, f.qualifier, f.prefix, f.unit, f.decimals, mark=False)


def figure_mark(f: Figure) -> str:
    """A figure as a tile or a label shows it: ``2,900+``, ``≈US$57.8 bn``."""
    return _number(f.value, f.qualifier, f.prefix, f.unit, f.decimals, mark=True)


def caveats(figures: list[Any], labels: list[Any]) -> str:
    """What sets a row of figures apart, for the line under their chart: the marks' key
    (``+ over · ≈ about``) and each figure that counts something else (``2021 counts …``).
    ``figures`` may hold gaps (None); each has a ``qualifier`` and may have ``counts``."""
    present = [(f, label) for f, label in zip(figures, labels, strict=False) if f is not None]
    parts = [key(getattr(f, "qualifier", "") for f, _ in present)]
    parts += [f"{label} counts {f.counts}" for f, label in present if getattr(f, "counts", None)]
    text = "; ".join(p for p in parts if p)
    return f"{text}. " if text else ""


def _change(f: Figure) -> tuple[str, list[str]]:
    """The change against the earlier figure (``+12.0% on 2023``), and the sources behind it."""
    earlier = f.earlier
    if earlier is None or earlier.value == 0:
        return "", []
    change = (f.value - earlier.value) / earlier.value * 100
    text = f"{change:+.1f}%".replace("-", "−")
    if f.qualifier or earlier.qualifier:
        text = "≈" + text  # a change between bounds or estimates is itself one
    return f"{text} on {earlier.period}", [*f.sources, *earlier.sources]


class BlockMarkdown:
    """The helpers, bound to one render's citations (so cited sources get their notes)."""

    def __init__(self, citations: Citations):
        self.citations = citations

    def globals(self) -> dict[str, Callable[..., Any]]:
        return {"points": self.points, "tiles": self.tiles, "chart": self.chart, "table": self.table,
                "quote": self.quote, "timeline": self.timeline, "figure_text": figure_text,
                "figure_mark": figure_mark, "cited": self.cited, "caveats": caveats}

    def _sources_line(self, keys: list[str], notes: list[str]) -> str:
        keys = list(dict.fromkeys(keys))
        label = "Source" if len(keys) == 1 else "Sources"
        parts = [n for n in notes if n]
        if keys:
            parts.append(f"{label}: {self.citations.text(keys)}")
        return ". ".join(parts)

    def cited(self, text: str, sources: list[str]) -> MarkdownText:
        """A sentence from content with footnote marks for its sources."""
        return MarkdownText(escape_markdown(text) + self.citations.cite(sources))

    def points(self, items: list[Point]) -> MarkdownText:
        """Takeaways or findings as a bulleted list, each with its sources' marks."""
        return MarkdownText("\n".join(f"- {self.cited(p.text, p.sources)}" for p in items))

    def tiles(self, figures: list[Figure]) -> MarkdownText:
        """Key figures as big-number tiles, each marked, dated, with its change and its sources."""
        lines = ["```metrics", "tiles:"]
        for f in figures:  # more than six is an error the metrics block reports
            if not f.label:
                # A figure in a record's field may go without a label; a tile cannot.
                raise jinja2.TemplateRuntimeError(
                    f"the figure {figure_mark(f)} is shown as a tile but has no label; give it "
                    "'label: …' saying what the number is")
            change, change_sources = _change(f)
            label = f.label + (f", {f.as_of}" if f.as_of else "")
            qualifiers = [f.qualifier, f.earlier.qualifier if f.earlier and change else ""]
            lines += [f"  - value: {_y(figure_mark(f))}", f"    label: {_y(label)}"]
            if change:
                lines.append(f"    change: {_y(change)}")
            lines.append(f"    source: {_y(self._sources_line([*f.sources, *change_sources], [key(qualifiers)]))}")
        lines.append("```")
        return MarkdownText("\n".join(lines))

    def chart(self, s: Series) -> MarkdownText:
        """A series as a chart whose labels carry each value's mark, with a line under it that
        gives the marks' key, says which points count something else, and cites every source."""
        values = [p.value for p in s.points]
        decimals = _decimals(values, s.decimals)
        fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
        if s.unit == "%":
            fmt += '"%"'
        title = s.title
        shown_unit = (s.prefix + ("" if s.unit == "%" else _unit(s.unit))).strip()
        if shown_unit and shown_unit not in title:
            title += f" ({shown_unit})"
        qualifiers = [p.qualifier for p in s.points]
        differ = [f"{p.at} counts {p.counts}" for p in s.points if p.counts and p.counts != s.counts]
        notes = [key(qualifiers), "; ".join(differ), s.note or ""]
        sources = [*s.sources, *(k for p in s.points for k in p.sources)]
        alt = f"{_KINDS[s.chart]} chart, {title}: " + "; ".join(
            f"{p.at} {format_number(p.value, decimals)}" if not p.qualifier
            else f"{p.at} {p.qualifier} {format_number(p.value, decimals)}"
            for p in s.points if p.value is not None)
        lines = ["```chart", f"type: {s.chart}", f"title: {_y(title)}",
                 f"categories: {_y([p.at for p in s.points])}", "series:",
                 f"  - name: {_y(s.name or s.title)}", f"    values: {_y(values)}"]
        if any(qualifiers):
            lines.append(f"    qualifiers: {_y(qualifiers)}")
        lines += [f"number_format: {_y(fmt)}", f"alt: {_y(alt)}"]
        source = self._sources_line(sources, notes)
        if source:
            lines.append(f"source: {_y(source)}")
        lines.append("```")
        return MarkdownText("\n".join(lines))

    def _cell(self, cell: Cell | float | str | None) -> str:
        if cell is None:
            return "–"
        if isinstance(cell, str):
            return escape_markdown(cell)
        if isinstance(cell, (int, float)):
            return escape_markdown(format_number(cell))
        if cell.value is None:
            return escape_markdown(cell.text or "–") + self.citations.cite(cell.sources)
        word = f"{cell.qualifier} " if cell.qualifier else ""
        return escape_markdown(word + format_number(cell.value)) + self.citations.cite(cell.sources)

    def table(self, t: Table) -> MarkdownText:
        """A table of figures: qualified cells keep their word ("over 2,900"), cells cite their
        sources, and the table's own sources are cited in its corner."""
        corner = escape_markdown(t.corner) + self.citations.cite(t.sources)
        head = "| " + " | ".join([corner, *(escape_markdown(c) for c in t.columns)]) + " |"
        rule = "|:--|" + "--:|" * len(t.columns)
        rows = []
        for row in t.rows:
            cells = [self._cell(c) for c in row.cells]  # one per column: checked when content loads
            rows.append("| " + " | ".join([escape_markdown(row.label), *cells]) + " |")
        # A cell that counts something else than its column is said where the table is, as under a chart.
        differ = [f"{row.label}, {column} counts {cell.counts}" for row in t.rows
                  for column, cell in zip(t.columns, row.cells, strict=True)
                  if isinstance(cell, Cell) and cell.counts]
        under = ["", escape_markdown("; ".join(differ) + ".")] if differ else []
        # The caption and widths as Quarto writes them: a `: caption {tbl-colwidths=…}` line after the table.
        widths = f' {{tbl-colwidths="[{", ".join(f"{w:g}" for w in t.widths)}]"}}' if t.widths else ""
        caption = [f"Table: {escape_markdown(t.caption or '')}{widths}".rstrip()] if t.caption or widths else []
        lines = [head, rule, *rows]
        return MarkdownText("\n".join([*lines, *(["", *caption] if caption else []), *under]))

    def quote(self, q: Quote) -> MarkdownText:
        """A quotation, attributed to its speaker, role, occasion and date, citing its sources."""
        said = ", ".join(x for x in (q.role, q.occasion, q.date) if x)
        who = escape_markdown(q.speaker + (f", {said}" if said else ""))
        return MarkdownText(f"> {self.cited(q.text, q.sources)}\n>\n> — {who}")

    def timeline(self, events: list[Event], title: str | None = None) -> MarkdownText:
        """Events as a drawn timeline (two to twelve; more is an error of the timeline block),
        citing every event's sources."""
        lines = ["```timeline"]
        if title:
            lines.append(f"title: {_y(title)}")
        lines.append("events:")
        for e in events:
            lines += [f"  - date: {_y(e.date)}", f"    label: {_y(e.label)}"]
            if e.detail:
                lines.append(f"    detail: {_y(e.detail)}")
        source = self._sources_line([k for e in events for k in e.sources], [])
        if source:
            lines.append(f"source: {_y(source)}")
        lines.append("```")
        return MarkdownText("\n".join(lines))

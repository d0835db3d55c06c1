"""How a qualified number is marked, wherever it is shown: a value label, a tile, a table cell.

A source that says "over 2,900" or "about 2,600" gives a bound or an estimate, not a count; shown
bare, the number would claim more than the source does. So a qualified value always carries a
mark (``2,900+``, ``≈2,600``, ``<3,000``), and a slide that shows marks says what they mean
(:func:`key`). Both renderers take a chart's value labels from :func:`point_format`, the deck as
a per-point number format (PowerPoint writes the label itself) and the report through
:func:`generator.figures.numfmt.format_number`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..visuals import Chart

# qualifier → (before the number, after it)
MARKS: dict[str, tuple[str, str]] = {"over": ("", "+"), "about": ("≈", ""), "nearly": ("<", ""), "under": ("<", "")}
_MEANING = {"over": "+ over", "about": "≈ about", "nearly": "< nearly", "under": "< under"}


def marked(text: str, qualifier: str | None) -> str:
    """``2,900`` over → ``2,900+``; about → ``≈2,600``; an exact figure stays as it is."""
    before, after = MARKS.get(qualifier or "", ("", ""))
    return f"{before}{text}{after}"


def key(qualifiers: Iterable[str | None]) -> str:
    """What the marks in use mean, for the slide or page that shows them: ``+ over · ≈ about``."""
    seen = dict.fromkeys(q for q in qualifiers if q in _MEANING)
    return " · ".join(_MEANING[q] for q in seen if q)


def _literal(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


def label_format(number_format: str, qualifier: str | None, value: float | None = None) -> str:
    """An Excel number format that writes the qualifier's mark around ``number_format``'s number."""
    before, after = MARKS.get(qualifier or "", ("", ""))
    if not (before or after):
        return number_format
    fmt = number_format.split(";")[0]  # a qualified value is a positive count: the first section
    if fmt.strip().lower() in ("general", ""):
        # "General" takes no literal text around it; spell out the digits the value has.
        decimals = 0 if value is None or float(value).is_integer() else len(repr(float(value)).split(".")[1])
        fmt = "#,##0" + ("." + "0" * min(decimals, 6) if decimals else "")
    return f"{_literal(before)}{fmt}{_literal(after)}"


def point_format(chart: Chart, series: int, point: int) -> str:
    """The number format of one value label of a chart: its qualifier's mark around the chart's."""
    s = chart.series[series]
    qualifier = s.qualifiers[point] if s.qualifiers and point < len(s.qualifiers) else ""
    value = s.values[point] if point < len(s.values) else None
    return label_format(chart.number_format, qualifier, value)


def is_marked(chart: Chart, series: int, point: int) -> bool:
    s = chart.series[series]
    return bool(s.qualifiers and point < len(s.qualifiers) and s.qualifiers[point] in MARKS)

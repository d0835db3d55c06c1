"""Value axes: the range, step and label format both renderers give a chart's value axis."""

from __future__ import annotations

import math
import re

from ..visuals import Chart
from .rules import is_stacked, whole_shares


def nice_scale(lo: float, hi: float, length: float, label_pt: float) -> tuple[float, float, float]:
    """An axis from ``lo`` to ``hi`` the way spreadsheet charts pick one, so the deck's chart
    and the report's show the same gridlines: 5 % headroom past the data, then the smallest step
    of 1, 2, 2.5 or 5 × 10ⁿ that needs at most ten intervals, and fewer when an axis ``length``
    points long would crowd its ``label_pt`` labels.

    Steps of 2.5 × 10ⁿ are taken only from 25 up, where their labels stay whole numbers; without
    them a short axis jumps from five intervals of 20 to two of 50, three gridlines for a chart.
    """
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    span = hi - lo
    top = hi + 0.05 * span if hi > 0 else hi
    low = lo - 0.05 * span if lo < 0 else lo
    most = _most_intervals(length, label_pt)
    power = 10.0 ** math.floor(math.log10((top - low) / most))
    for m in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = m * power
        if m in (2.5, 25) and not step.is_integer():
            continue  # 2.5 or 0.25: a decimal more than the steps around it
        vmin = math.floor(low / step + 1e-9) * step
        vmax = math.ceil(top / step - 1e-9) * step
        if (vmax - vmin) / step <= most + 1e-9:
            return vmin, vmax, step
    return low, top, (top - low) / most


def _most_intervals(length: float, label_pt: float) -> int:
    return max(2, min(10, int(length / (label_pt * 2.2))))


def value_range(chart: Chart) -> tuple[float, float]:
    """The lowest and highest values the value axis must show: stacks add up."""
    if is_stacked(chart):
        pos = [sum(v for s in chart.series if (v := s.values[i]) is not None and v > 0)
               for i in range(len(chart.categories))]
        neg = [sum(v for s in chart.series if (v := s.values[i]) is not None and v < 0)
               for i in range(len(chart.categories))]
        return min(neg + [0.0]), max(pos + [0.0])
    values = [v for s in chart.series for v in s.values if v is not None] or [0.0]
    return min(values), max(values)


def axis_scale(chart: Chart, length: float, label_pt: float) -> tuple[float, float, float]:
    """(minimum, maximum, step) of the value axis of ``chart``, ``length`` points long."""
    lo, hi = value_range(chart)
    # As spreadsheet programs do: a narrow band of large values gets an axis that does not start
    # at zero (a line would be flat otherwise); bars always start at zero.
    if not (chart.type == "line" and lo > 0 and lo > hi * 5 / 6):
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    vmin, vmax, step = nice_scale(lo, hi, length, label_pt)
    if whole_shares(chart):
        most = _most_intervals(length, label_pt)
        vmax, step = 1.0, next(x for x in (0.1, 0.2, 0.25, 0.5) if 1.0 / x <= most)
    return vmin, vmax, step


def axis_format(fmt: str, step: float) -> str:
    """The chart's number format with only the decimals the axis steps need: an axis in steps
    of 10 reads 0, 10, 20, not 0.00, 10.00, 20.00; the value labels keep the full format."""
    shown = step * 100 if "%" in fmt else step
    decimals = 0
    while decimals < 6 and abs(round(shown, decimals) - shown) > 1e-9 * max(1.0, abs(shown)):
        decimals += 1
    match = re.search(r"(?<=[0#])\.([0#?]+)", fmt.split(";")[0])
    if match is None or len(match.group(1)) <= decimals:
        return fmt
    digits = "." + "0" * decimals if decimals else ""
    return fmt[:match.start()] + digits + fmt[match.end():] if ";" not in fmt else fmt


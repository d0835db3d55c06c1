"""Chart rules both renderers follow: when a legend shows, how series stack, which colour each takes.

The deck draws a native chart and the report a vector one from the same ``chart`` block; these
rules make the two read alike. Nothing here knows an output format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..theme import Theme
from ..visuals import Chart
from .numfmt import format_number

TEXT_CONTRAST = 4.5  # WCAG AA for text
LARGE_CONTRAST = 3.0  # large text (titles, tile values) and chart marks


def legend_shown(chart: Chart) -> bool:
    """The legend rule both renderers follow: as asked, else only when a key is needed to read it."""
    if chart.legend is not None:
        return chart.legend
    return len(chart.series) > 1 or chart.type in ("pie", "doughnut")


def is_stacked(chart: Chart) -> bool:
    return chart.stacked and chart.type in ("bar", "column")


def whole_shares(chart: Chart) -> bool:
    """A stacked chart of percentages whose every stack makes 100 %: its axis stops at 100 %."""
    if not is_stacked(chart) or "%" not in chart.number_format:
        return False
    totals = [sum(s.values[i] or 0.0 for s in chart.series) for i in range(len(chart.categories))]
    return all(abs(t - 1.0) < 0.005 for t in totals)


def labels_below(chart: Chart) -> set[int]:
    """Line series whose value labels go under their points: the lowest line, when there are
    several, so two lines' labels do not meet between them."""
    if chart.type != "line" or len(chart.series) < 2:
        return set()
    means = []
    for i, s in enumerate(chart.series):
        values = [v for v in s.values if v is not None]
        means.append((sum(values) / len(values) if values else 0.0, i))
    return {min(means)[1]}


def color_of(theme: Theme, index: int) -> str:
    """The i-th series colour (or pie slice): the theme's list in order, then again in lighter
    tints, shifted by one so a seventh series is not mistaken for the first or for a grey."""
    series = [c.lstrip("#").upper() for c in theme.colors.series]
    n = len(series)
    round_ = index // n
    if not round_:
        return series[index]
    return tint(series[(index + round_) % n], min(0.8, 0.45 * round_))


def labels_fit(chart: Chart, plot_w: float, plot_h: float, measure: Callable[[str], float], size: float) -> bool:
    """Whether value labels have room beside their bars or points in a plot of ``plot_w`` ×
    ``plot_h`` points; where they would run into each other, both renderers leave them out."""
    if chart.type in ("pie", "doughnut"):
        return True
    texts = [format_number(v, chart.number_format) for s in chart.series for v in s.values if v is not None]
    if not texts:
        return True
    widest = max(measure(t) for t in texts)
    per_category = (plot_h if chart.type == "bar" else plot_w) / len(chart.categories)
    if chart.type == "bar":  # labels sit beside the bars: each needs a bar's thickness of height
        bars = 1 if is_stacked(chart) else len(chart.series)
        return per_category / (bars + 0.6) >= size * 1.05
    if chart.type == "line" or is_stacked(chart):
        return widest <= per_category * 0.95
    return widest <= per_category / len(chart.series) * 0.98


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white: 0 keeps it, 1 is white. Gridlines and rules use pale tints."""
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "".join(f"{c:02X}" for c in mix)


def luminance(color: str) -> float:
    """Relative luminance (WCAG), to choose dark or light text on a fill."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_on(fill: str, dark: str, light: str = "FFFFFF") -> str:
    """Whichever of ``dark`` and ``light`` text contrasts more with ``fill``."""
    lf, ld, ll = luminance(fill), luminance(dark), luminance(light)
    contrast_dark = (max(lf, ld) + 0.05) / (min(lf, ld) + 0.05)
    contrast_light = (max(lf, ll) + 0.05) / (min(lf, ll) + 0.05)
    return dark if contrast_dark >= contrast_light else light




def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def blend(color: str, other: str, share: float) -> str:
    """``color`` moved ``share`` (0 to 1) of the way towards ``other``."""
    mixed = (round(int(color[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share) for i in (0, 2, 4))
    return "".join(f"{c:02X}" for c in mixed)


def readable(color: str, backgrounds: str | Sequence[str], ratio: float) -> str:
    """``color``, or the nearest shade of it (towards black or white) with ``ratio`` contrast on
    every one of ``backgrounds`` (a gradient's stops, a picture's darkest and lightest parts): text
    at 4.5:1 (WCAG AA), large text and chart marks 3:1. Where no shade reaches it on all of them,
    the shade with the best contrast on the worst of them."""
    backgrounds = _grounds(backgrounds)

    def worst(shade: str) -> float:
        return worst_contrast(shade, backgrounds)

    if worst(color) >= ratio:
        return color
    first = text_on(backgrounds[0], "000000", "FFFFFF")
    tried: list[str] = []
    for extreme in (first, "FFFFFF" if first == "000000" else "000000"):
        for step in range(1, 21):
            shade = blend(color, extreme, step / 20)
            if worst(shade) >= ratio:
                return shade
            tried.append(shade)
    return max(tried, key=worst)


def worst_contrast(color: str, backgrounds: str | Sequence[str]) -> float:
    """The contrast of ``color`` on the background part it stands out from least."""
    return min(contrast(color, ground) for ground in _grounds(backgrounds))


def _grounds(backgrounds: str | Sequence[str]) -> list[str]:
    """One background colour or several, as a list (a colour is a string, not its characters)."""
    return [backgrounds] if isinstance(backgrounds, str) else list(backgrounds)

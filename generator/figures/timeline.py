"""Timeline planning: where each event's date, marker, label and detail go in a box.

Both renderers draw a ``timeline`` block from one :class:`TimelinePlan`, computed here from text
widths the renderer measures, so the deck's grouped shapes and the report's vector drawing wrap
and shrink alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..theme import Theme
from ..visuals import Timeline

Measure = Callable[[str, bool, float], float]
"""Width in points of a text set in the body font (bold or not) at a size in points."""


@dataclass(frozen=True)
class TimelineSizes:
    """Type sizes a timeline starts from, before it is shrunk to fit its box."""

    title: float
    date: float
    label: float
    detail: float
    floor: float  # no text is set smaller than this


LINE_HEIGHT = 1.22  # of the size: Carlito's (and Calibri's) single line spacing
TEXT_INSET_PT = 2.0  # left/right inset of each event's text boxes


@dataclass(frozen=True)
class TimelineEventPlan:
    center: float  # x of the marker, points from the left of the box
    date_lines: list[str]
    label_lines: list[str]
    detail_lines: list[str]  # empty when the event has none, or details had to be left out
    shortened: str | None = None  # the label cut to fit and ending in "…", when it had to be


@dataclass(frozen=True)
class TimelinePlan:
    """Where everything of a timeline goes, in points from the top left of its box."""

    slot: float  # width given to each event
    title_size: float
    date_size: float
    label_size: float
    detail_size: float
    title_y: float  # top of the title
    date_top: float  # top of the dates block (dates are bottom-aligned to date_bottom)
    date_bottom: float
    line_y: float  # the horizontal rule, through the markers' centres
    marker: float  # marker diameter
    text_top: float  # top of labels (details follow them)
    events: list[TimelineEventPlan]
    fits: bool  # False when details were left out or labels shortened to fit
    height: float  # of everything drawn, title to the last detail line


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap, as the clients do; a word longer than the line is cut by character."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        if measure(word) > width and len(word) > 1:
            *pieces, word = _cut_word(word, width, measure)
            lines += pieces
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def _cut_word(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A word too long for the line, cut into pieces that fit (at least one character each).

    Widths are advance widths, which add up, so each character is measured once: cutting a
    10,000-character word costs a pass over it, not a measure per candidate cut.
    """
    pieces: list[str] = []
    start, used = 0, 0.0
    for i, ch in enumerate(word):
        w = measure(ch)
        if i > start and used + w > width:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


def plan_timeline(timeline: Timeline, width: float, height: float, measure: Measure,
                  sizes: TimelineSizes, *, grow: float = 1.0, safety: float = 0.94) -> TimelinePlan:
    """Lay out a timeline in a ``width`` × ``height`` point box: every event gets an equal slot,
    its text wrapped inside the slot, the sizes shrunk together until the tallest event fits.

    With room to spare, text grows up to ``grow`` times its size (a thin strip in a tall box
    looks lost). When even the floor size overflows, the details are left out, and if that is
    not enough, labels are shortened with "…"; ``fits`` is then False, for the caller to say so.
    ``safety`` keeps measured lines a little shorter than the slot, since clients kern slightly
    differently from the font's advance widths.
    """
    slot = width / len(timeline.events)
    text_w = (slot - 2 * TEXT_INSET_PT) * safety

    def at(scale: float, details: bool) -> TimelinePlan:
        return _plan_at(timeline, height, measure, sizes, scale, slot, text_w, details)

    scale = grow
    while scale > 1.0:
        plan = at(scale, True)
        if plan.fits and plan.height <= height * 0.7:
            return plan
        scale = round(scale - 0.1, 2)
    for details in (True, False):
        scale = 1.0
        while True:
            plan = at(scale, details)
            if plan.fits:
                return plan if details else replace(plan, fits=False)
            if sizes.label * scale <= sizes.floor:
                break
            scale *= 0.93
    return _shortened(plan, height, measure, text_w)


def _shortened(plan: TimelinePlan, height: float, measure: Measure, text_w: float) -> TimelinePlan:
    """The floor-size plan without details, each label cut to the lines that fit, ending in "…"."""
    line_h = plan.label_size * LINE_HEIGHT
    room = max(1, int((height - plan.text_top) // line_h))
    events = []
    for ev in plan.events:
        lines = list(ev.label_lines)
        if len(lines) <= room:
            events.append(replace(ev, detail_lines=[]))
            continue
        lines = lines[:room]
        last = lines[-1]
        while last and measure(last + "…", False, plan.label_size) > text_w:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
        events.append(replace(ev, label_lines=lines, detail_lines=[], shortened=" ".join(lines)))
    return replace(plan, events=events, fits=False,
                   height=plan.text_top + max(len(ev.label_lines) for ev in events) * line_h - plan.title_y)


def _plan_at(timeline: Timeline, height: float, measure: Measure, sizes: TimelineSizes, scale: float,
             slot: float, text_w: float, details: bool) -> TimelinePlan:
    date_size = max(sizes.date * scale, sizes.floor)
    label_size = max(sizes.label * scale, sizes.floor)
    detail_size = max(sizes.detail * scale, sizes.floor)
    title_size = sizes.title
    events: list[TimelineEventPlan] = []
    fits = True
    for k, e in enumerate(timeline.events):
        detail = e.detail if details else None
        date_lines = wrap(e.date, text_w, _width_in(measure, True, date_size))
        label_lines = wrap(e.label, text_w, _width_in(measure, False, label_size))
        detail_lines = wrap(detail, text_w, _width_in(measure, False, detail_size)) if detail else []
        # A word that had to be cut by character does not fit its slot at this size.
        for source, lines in ((e.date, date_lines), (e.label, label_lines), (detail or "", detail_lines)):
            if len(" ".join(lines).split()) != len(source.split()):
                fits = False
        events.append(TimelineEventPlan(slot * (k + 0.5), date_lines, label_lines, detail_lines))
    dates_h = max(len(ev.date_lines) for ev in events) * date_size * LINE_HEIGHT
    below_h = max(len(ev.label_lines) * label_size * LINE_HEIGHT
                  + (len(ev.detail_lines) * detail_size * LINE_HEIGHT + 0.25 * detail_size if ev.detail_lines
                     else 0.0) for ev in events)
    marker = max(10.0, date_size * 0.8)
    gap = max(4.0, date_size * 0.45)
    title_h = title_size * LINE_HEIGHT + gap * 1.5 if timeline.title else 0.0
    total = title_h + dates_h + gap + marker + gap + below_h
    if total > height:
        fits = False
    # Centre the composition in the box, so a short timeline does not hang at the top.
    top = max(0.0, (height - total) / 2)
    date_top = top + title_h
    date_bottom = date_top + dates_h
    line_y = date_bottom + gap + marker / 2
    return TimelinePlan(slot=slot, title_size=title_size, date_size=date_size, label_size=label_size,
                        detail_size=detail_size, title_y=top, date_top=date_top, date_bottom=date_bottom,
                        line_y=line_y, marker=marker, text_top=line_y + marker / 2 + gap, events=events,
                        fits=fits, height=total)


def marker_colors(theme: Theme, index: int, count: int) -> tuple[str, str]:
    """(fill, ring) of a timeline marker: primary, with the latest event picked out in accent."""
    fill = theme.colors.accent if index == count - 1 else theme.colors.primary
    return fill, theme.colors.background


def _width_in(measure: Measure, bold: bool, size: float) -> Callable[[str], float]:
    """Text widths at one weight and size, as :func:`wrap` takes them."""
    return lambda text: measure(text, bold, size)

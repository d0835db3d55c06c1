"""Quarto's callouts as both outputs draw them: which theme colour marks each type, its tints.

A callout (``::: {.callout-warning}``) is a box with a coloured rule down its left side, a light
fill of the same colour and a title label ("Warning") in it. The deck (:mod:`..renderers.deck.shapes`)
and the report (:mod:`..renderers.report.callouts`) take their colours from :func:`callout_look`,
so a callout looks the same on the slide and on paper. Colours come from the theme, never fixed
hues, so an organisation's palette carries over; the title and text are shaded until they read on
the fill (WCAG AA, 4.5:1), whatever the theme's colours are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..theme import Colors
from .rules import blend, readable

# Each of Quarto's types takes the theme colour closest in spirit to Quarto's own hue.
CALLOUT_TYPES: dict[str, str] = {
    "note": "primary",  # Quarto's blue
    "tip": "secondary",  # green
    "important": "accent",  # red
    "warning": "highlight",  # amber
    "caution": "accent+highlight",  # orange: between the two
}
FILL_SHARE = 0.9  # the fill is the type's colour this far towards the background: a light wash
TEXT_CONTRAST = 4.5


@dataclass(frozen=True)
class CalloutLook:
    rule: str  # the left rule, the type's colour itself
    fill: str
    title: str  # the title label's colour: the type's colour, shaded until it reads on the fill
    text: str  # the body text's colour on the fill
    label: str  # the title when the callout gives none: "Note", "Warning"…


def callout_look(kind: str, colors: Colors, background: str | None = None) -> CalloutLook:
    """The colours of a callout of type ``kind`` (an unknown type looks like a note) on
    ``background`` (default: the theme's)."""
    ground = background or colors.background
    slot = CALLOUT_TYPES.get(kind, CALLOUT_TYPES["note"])
    if "+" in slot:
        first, second = slot.split("+")
        base = blend(getattr(colors, first), getattr(colors, second), 0.5)
    else:
        base = getattr(colors, slot)
    fill = blend(base, ground, FILL_SHARE)
    return CalloutLook(rule=base, fill=fill, title=readable(base, fill, TEXT_CONTRAST),
                       text=readable(colors.text, fill, TEXT_CONTRAST), label=kind.capitalize())

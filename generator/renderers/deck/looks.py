"""The colours each slide is drawn in on a foreign master, chosen for the background it sits on.

Part of the deck's plan, after :mod:`.mastertheme` has taken the master's fonts and colour
scheme. A corporate master's layouts rarely share one background: a cover with a photograph,
content layouts with a gradient, a dark divider. Each background a slide lands on gets its own
set of theme colours (:func:`~.mastertheme.colours_on`), so that bullets, tables, charts, tiles
and source lines read on it; and the master's own title and body colours, which the tool leaves
to the master, are checked on it too. What fell short is said once per deck, naming the slides.
"""

from __future__ import annotations

from collections import defaultdict

from pptx.slide import SlideLayout

from ...errors import Problems
from ...figures.rules import LARGE_CONTRAST, TEXT_CONTRAST, worst_contrast
from ...theme import Theme
from ..base import BuildInput
from .backgrounds import Background, background_of, own_text_colours, scheme_colours
from .mastertheme import colours_on, user_colours

# What the master itself colours, and the contrast it needs: titles are large text.
_OWN_NEEDS = {"titles": LARGE_CONTRAST, "body text": TEXT_CONTRAST}


class Looks:
    """The deck's theme on each background its layouts have, chosen when a layout is first used."""

    def __init__(self, original: BuildInput, theme: Theme):
        self.original = original  # the build before the master's colours were taken: what the project set
        self.theme = theme  # with the master's fonts and floors
        self._by_layout: dict[int, tuple[Theme, Background | None, list[str], list[str]]] = {}
        self._slides: list[tuple[int, int, bool]] = []  # (slide number, layout key, draws) in deck order
        self._mine = user_colours(original)  # looked up once: each layout's colours keep them

    def theme_for(self, layout: SlideLayout, number: int | None = None, draws: bool = True) -> Theme:
        """The theme a slide on ``layout`` is drawn with. ``number`` records the slide for
        :meth:`report`; ``draws`` says whether the tool draws on it in colours of its own (a title
        or section slide holds only the master's placeholders, so its colours are not the tool's)."""
        key = id(layout._element)
        if key not in self._by_layout:
            ground = background_of(layout)
            taken, notes = colours_on(self.original, scheme_colours(layout), ground, self._mine)
            theme = self.theme.model_copy(update={"colors": self.theme.colors.model_copy(update=taken)})
            own = []
            if ground is not None:
                for what, colour in own_text_colours(layout).items():
                    ratio = worst_contrast(colour, ground.colours)
                    if ratio < _OWN_NEEDS[what]:
                        own.append(f"the master's own colour for {what}, {colour}, is at {ratio:.2f}:1 on "
                                   f"{ground.describe()} (it needs {_OWN_NEEDS[what]:g}:1)")
            self._by_layout[key] = (theme, ground, notes, own)
        if number is not None:
            self._slides.append((number, key, draws))
        return self._by_layout[key][0]

    def report(self, problems: Problems, path: str, line: int | None) -> None:
        """One warning for the colours the deck changed, one for those the master must change,
        each naming the slides (``slides 3, 5–9``) and the background there."""
        drawn: dict[str, list[int]] = defaultdict(list)
        own: dict[str, list[int]] = defaultdict(list)
        for number, key, draws in self._slides:
            _, ground, notes, faults = self._by_layout[key]
            where = ground.describe() if ground is not None else "its background"
            if notes and draws:
                drawn[f"on {where}: {'; '.join(notes)}"].append(number)
            for fault in faults:
                own[fault].append(number)
        if drawn:
            parts = [f"{slide_list(numbers)} {what}" for what, numbers in drawn.items()]
            problems.warn(path, line, 1, "the master's colours are too faint on its backgrounds, so the deck "
                          f"draws with readable shades: {' — '.join(parts)}; set colours in theme.yaml to "
                          "choose others")
        for fault, numbers in own.items():
            problems.warn(path, line, 1, f"{slide_list(numbers)}: {fault}; change that text style or the "
                          "background in the master, or name another layout for these slides")


def slide_list(numbers: list[int]) -> str:
    """``slide 4``, or ``slides 3, 5–9``: runs of consecutive slides as ranges."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
    return f"slide {text}" if len(ordered) == 1 else f"slides {text}"

"""The look a deck is drawn in on a foreign master: the master's own colours and fonts.

Run by the deck's plan right after the master is opened. Placeholders follow the master's styles
by themselves; what the tool draws (charts, tables, tiles, bullets, source lines, footers) is
styled from the build's :class:`~generator.theme.Theme`. On a master other than the built-in one,
that theme takes the master's colour scheme and major/minor fonts (East Asian ones included) for
every value the project's ``theme.yaml`` does not set itself. Every colour is then checked
against the background it is drawn on (text 4.5:1, large text and chart marks 3:1), and text is
measured with the master's fonts: installed, through a metric twin, or through a stand-in at
least as wide, with one warning naming it.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from pptx.presentation import Presentation as PresentationType

from ...errors import Problems
from ...figures.rules import LARGE_CONTRAST, TEXT_CONTRAST, blend, readable, worst_contrast
from ...fonts import FontFiles, FontSet, find_font, metrics, stand_in, x_height
from ...templates import DEFAULT_PACK, builtin_packs_dir
from ..base import BuildInput
from . import oxml
from .backgrounds import Background, background_of

MIN_FLOOR_PT = 10.0  # a floor lowered for a master's font stops here

# theme colour → (the master's colour it is taken from, the contrast it needs on the background)
_FROM_MASTER = {
    "text": ("tx1", TEXT_CONTRAST),
    "primary": ("tx2", LARGE_CONTRAST),
    "accent": ("accent2", LARGE_CONTRAST),
    "secondary": ("accent3", TEXT_CONTRAST),
    "highlight": ("accent4", LARGE_CONTRAST),
}
_NEEDS = {"text": TEXT_CONTRAST, "muted": TEXT_CONTRAST, "secondary": TEXT_CONTRAST, "primary": LARGE_CONTRAST,
          "accent": LARGE_CONTRAST, "highlight": LARGE_CONTRAST}


@functools.cache
def builtin_master() -> Path:
    return (builtin_packs_dir() / DEFAULT_PACK / "master.pptx").resolve()


@functools.cache
def _builtin_theme() -> Path:
    return (builtin_packs_dir() / DEFAULT_PACK / "theme.yaml").resolve()


def _user_sets(build: BuildInput, key: str) -> bool:
    """Whether the project's (or a pack's) theme.yaml sets ``key``, not only the built-in default."""
    path, line, _ = build.locate(key)
    if line is None:
        return False
    return all((base / path).resolve() != _builtin_theme() for base in (build.project_dir, Path.cwd()))


def deck_input(build: BuildInput, prs: PresentationType, problems: Problems) -> BuildInput:
    """The build input the deck is planned and drawn with, in its master's look."""
    name = build.theme.deck.master
    found = build.find(name) if name else None
    if found is not None and found.resolve() == builtin_master():
        return build  # the built-in master is made from the theme: nothing to take from it
    colours, fonts = oxml.master_scheme(prs)
    theme = build.theme
    # Colours for the first slide master's own background; each layout's are chosen as it is used.
    taken, _ = colours_on(build, colours, background_of(prs.slide_masters[0]))
    font_names = {role: fonts[key] for role, key in (("heading", "major"), ("body", "minor")) if key in fonts}
    east_asian = fonts.get("major_ea") or fonts.get("minor_ea")
    if east_asian and _draws_cjk(east_asian):
        font_names["east_asian"] = east_asian
    font_names = {role: face for role, face in font_names.items() if not _user_sets(build, f"fonts.{role}")}
    files = {"heading": build.fonts.heading, "body": build.fonts.body, "east_asian": build.fonts.east_asian}
    standing_in: list[str] = []
    for role, face in font_names.items():
        measured = find_font(face)
        if measured is None:
            measured = stand_in(face)
            if measured is None:
                continue
            standing_in.append(f"'{face}' ({role}) with {measured.family}")
        files[role] = measured
    if standing_in:
        path, line, col = build.locate("deck.master")
        problems.warn(path, line, col, f"the master's fonts are not installed and have no open twin: text is "
                      f"measured {', '.join(standing_in)}, as wide or wider, so it stays in its boxes; install "
                      "the fonts for the exact line breaks")
    sizes = _floors(build, files)
    new_theme = theme.model_copy(update={"colors": theme.colors.model_copy(update=taken),
                                         "fonts": theme.fonts.model_copy(update=font_names),
                                         "sizes": theme.sizes.model_copy(update=sizes)})
    font_set = FontSet(files["heading"], files["body"], build.fonts.mono, files["east_asian"])
    return replace(build, theme=new_theme, fonts=font_set)


def _floors(build: BuildInput, files: dict[str, FontFiles]) -> dict[str, float]:
    """The theme's floors, lowered for a master font whose lower-case letters are taller than the
    theme's font: the floors say how small text may get and still be read, and Verdana at 12 pt
    reads as large as Calibri at 14 pt. A floor is never raised, and one the project sets is kept."""
    out: dict[str, float] = {}
    for floor, role, bold in (("body_min", "body", False), ("title_min", "heading", True)):
        theirs, ours = files[role].file(bold, False), getattr(build.fonts, role).file(bold, False)
        if theirs == ours or _user_sets(build, f"sizes.{floor}"):
            continue
        x_theirs, x_ours = x_height(theirs), x_height(ours)
        if x_theirs and x_ours and x_theirs > x_ours:
            out[floor] = max(float(round(getattr(build.theme.sizes, floor) * x_ours / x_theirs)), MIN_FLOOR_PT)
    return out


def _draws_cjk(face: str) -> bool:
    found = find_font(face)
    return found is not None and metrics(found.regular).has("中")


def user_colours(build: BuildInput) -> frozenset[str]:
    """The colours the project's theme.yaml sets itself: kept (made readable) on every background."""
    return frozenset(key for key in (*_NEEDS, "background", "surface", "series") if _user_sets(build, f"colors.{key}"))


def colours_on(build: BuildInput, master: dict[str, str], ground: Background | None,
               mine: frozenset[str] | None = None) -> tuple[dict[str, object], list[str]]:
    """The theme colours the deck draws with on one background (``ground``: a colour, a gradient's
    stops, a picture's parts; None: the master's ``bg1``), and a note for each colour that had to
    change. What the project's theme.yaml sets (``mine``, :func:`user_colours`) is kept, but it too
    is made readable."""
    current = build.theme.colors
    out: dict[str, object] = {}
    mine = user_colours(build) if mine is None else mine
    if "background" in mine or (ground is None and "bg1" not in master):
        grounds: tuple[str, ...] = (current.background,)
    else:
        grounds = ground.colours if ground is not None else (master["bg1"],)
    background = grounds[0]
    out["background"] = background
    # Tiles and table bands are filled with a faint tint of the text colour: text is chosen to
    # read on them too.
    wanted_text = current.text if "text" in mine or "tx1" not in master else master["tx1"]
    surface = current.surface if "surface" in mine else blend(background, wanted_text, 0.06)
    out["surface"] = surface
    under = (*grounds, surface)
    notes: list[str] = []

    def pick(role: str, wanted: str, slot: str | None, need: float) -> str:
        shade = readable(wanted, under, need)
        if shade != wanted:
            source = f"{slot} {wanted}" if slot else f"{role} {wanted}"
            on_ground = worst_contrast(wanted, grounds)
            note = f"{source} at {on_ground:.2f}:1 drawn as {shade}" if on_ground < need else \
                f"{source} at {worst_contrast(wanted, (surface,)):.2f}:1 on tiles and table bands drawn as {shade}"
            if not any(n.startswith(source) for n in notes):
                notes.append(note)
        return shade

    for role, (slot, need) in _FROM_MASTER.items():
        if role in mine or slot not in master:
            out[role] = pick(role, getattr(current, role), None, need)
        else:
            out[role] = pick(role, master[slot], slot, need)
    text = str(out["text"])
    if "muted" not in mine:
        out["muted"] = pick("muted", blend(text, background, 0.3), None, TEXT_CONTRAST)
    else:
        out["muted"] = pick("muted", current.muted, None, TEXT_CONTRAST)
    if "series" in mine:
        out["series"] = [pick("series", c, None, LARGE_CONTRAST) for c in current.series]
    else:
        accents = [master[f"accent{k}"] for k in range(1, 7) if f"accent{k}" in master] or current.series
        out["series"] = [pick("series", c, f"accent{k + 1}", LARGE_CONTRAST) for k, c in enumerate(accents)]
    return out, notes

"""The default PowerPoint master, built from the default theme so the look can be rebuilt.

The deck renderer opens a template pack's ``master.pptx`` and picks its layouts by placeholder
type and by name. The default pack's master is not drawn by hand: this package starts from
python-pptx's bundled Office template and rewrites its theme, master and layouts from the
default pack's ``theme.yaml``, so a change of palette, font or spacing is one edit and one run
(``python -m generator.masters [OUT.pptx]``), and the file in the repository can always be
reproduced byte for byte.

The theme is read by the same schema as every build's (:class:`generator.theme.Theme`), so the
master and the deck cannot disagree about what a theme may say. The modules, from the bottom:
:mod:`.geometry` (the grid), :mod:`.drawingml` and :mod:`.shapes` (XML pieces), :mod:`.scheme`,
:mod:`.master` and :mod:`.layouts` (the designs), :mod:`.package` (the file around them).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType

from ..errors import Problems
from ..output import normalise_zip, write_atomically
from ..templates import DEFAULT_PACK, builtin_packs_dir
from ..theme import Theme
from ..yamlfile import load_yaml, validate
from .layouts import LAYOUT_NAMES, design_layouts
from .master import design_master
from .package import FIXED_DATE, remove_other_layouts, set_slide_size, tidy_package
from .scheme import apply_theme

# The built-in default pack: generator/packs/default in an installed wheel, templates/default
# in a checkout, found the way the build finds it.
DEFAULT_PACK_DIR = builtin_packs_dir() / DEFAULT_PACK
DEFAULT_THEME = DEFAULT_PACK_DIR / "theme.yaml"
DEFAULT_OUTPUT = DEFAULT_PACK_DIR / "master.pptx"

__all__ = ["DEFAULT_OUTPUT", "DEFAULT_THEME", "FIXED_DATE", "LAYOUT_NAMES", "build_master", "design_presentation",
           "load_theme", "main"]


def load_theme(path: Path) -> Theme:
    """Read and validate a ``theme.yaml``; raise ValueError naming what is wrong."""
    problems = Problems()
    doc = load_yaml(path, str(path), problems)
    if doc is not None and isinstance(doc.data, dict):
        # A pack's parent matters to the build's merge, not to one file's values.
        doc.data.pop("extends", None)
    theme = validate(doc, Theme, problems) if doc is not None else None
    if theme is None:
        raise ValueError("; ".join(str(p) for p in problems.errors) or f"{path}: not a theme file")
    if len(theme.colors.series) < 6:
        raise ValueError(f"{path}: colors.series should list six colours; the 5th and 6th are accents 5 and 6")
    return theme


def design_presentation(theme: Theme) -> PresentationType:
    """The default master designed in ``theme``'s colours, fonts and sizes, in memory.

    The build calls this when a project's theme differs from the default one, so the built-in
    master takes the project's look without a script to run.
    """
    if len(theme.colors.series) < 6:  # accents 5 and 6 come from the series: repeat a short one
        series = [theme.colors.series[k % len(theme.colors.series)] for k in range(6)]
        theme = theme.model_copy(update={"colors": theme.colors.model_copy(update={"series": series})})
    presentation = Presentation()
    set_slide_size(presentation)
    master = presentation.slide_master
    apply_theme(master, theme)
    remove_other_layouts(presentation, LAYOUT_NAMES)
    design_master(master, theme)
    design_layouts(master, theme)
    tidy_package(presentation)
    return presentation


def build_master(output: Path, theme_path: Path = DEFAULT_THEME) -> Path:
    """Build the default master from ``theme_path``, write it to ``output`` and return it."""
    presentation = design_presentation(load_theme(theme_path))

    def write(temporary: Path) -> None:
        presentation.save(str(temporary))
        normalise_zip(temporary)

    output.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and moved into place, so a failed build keeps the last good file.
    write_atomically(output, write, mode=0o644)
    return output


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m generator.masters [OUT.pptx] [--theme THEME.yaml]``."""
    import argparse  # here: a build that opens the master never parses this command line

    parser = argparse.ArgumentParser(
        prog="python -m generator.masters",
        description="Build the default PowerPoint master from the default theme.",
    )
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
        help=f"where to write the master (default: {DEFAULT_OUTPUT})",
    )  # fmt: skip
    parser.add_argument(
        "--theme", type=Path, default=DEFAULT_THEME,
        help="the theme.yaml to take colours and fonts from (default: the default pack's)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        written = build_master(args.output, args.theme)
    except ValueError as error:
        print(f"{args.theme}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot build the master: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written}")
    return 0

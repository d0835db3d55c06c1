"""The master file a deck is built on, opened whatever program saved it, or an error at its theme line.

The first thing the deck's plan does. The theme names a master (``deck.master``); this module
finds it on the template search path, accepts a PowerPoint template (.potx) as well as a
presentation, numbers the placeholders that files saved by other office suites leave unnumbered
(:func:`.oxml.number_placeholders`), and removes its sample slides. A master that is missing, is
not a presentation or cannot be read is an error at the line of ``theme.yaml`` that names it, and
the plan goes on with python-pptx's plain master so that every other problem is reported too.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.presentation import Presentation as PresentationType

from ...errors import Problems, display_path
from ...masters import DEFAULT_OUTPUT as _BUILTIN
from ...masters import DEFAULT_THEME, design_presentation, load_theme
from ...theme import Theme
from ..base import BuildInput
from . import oxml

_CT = "application/vnd.openxmlformats-officedocument."
PRESENTATION = _CT + "presentationml.presentation.main+xml"
TEMPLATE = _CT + "presentationml.template.main+xml"
SLIDESHOW = _CT + "presentationml.slideshow.main+xml"
MACRO_TYPES = {"application/vnd.ms-powerpoint." + k + ".macroEnabled.main+xml": PRESENTATION
               for k in ("presentation", "template", "slideshow")}
_OTHER_KINDS = {"wordprocessingml": "a Word document", "spreadsheetml": "an Excel workbook"}
MASTER_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm", ".ppsx")


def open_master(build: BuildInput, problems: Problems) -> PresentationType:
    """The theme's master, ready to add slides to; python-pptx's plain master where there is none."""
    name = build.theme.deck.master
    if not name:
        return _ready(Presentation())
    path = build.find(name)
    where, line, col = build.locate("deck.master")
    if where.startswith("--master"):  # named on the command line, which has no lines
        line = col = None
    if path is None:
        folders = build.search_path
        found = sorted({p.name for f in folders if f.is_dir() for p in f.iterdir()
                        if p.suffix.lower() in MASTER_SUFFIXES})
        looked = ", ".join(display_path(f) for f in folders) or "the template folders"
        problems.error(where, line, col, f"master '{name}' not found; looked in {looked}; masters there: "
                       f"{', '.join(found) or 'none'}")
        return _ready(Presentation())
    if path.resolve() == _BUILTIN.resolve() and _restyled(build.theme):
        return _ready(design_presentation(build.theme))
    try:
        return _ready(Presentation(io.BytesIO(_presentation_bytes(path))))
    except _NotAPresentation as exc:
        problems.error(where, line, col, f"master '{name}' ({display_path(path)}) cannot be used: it is {exc}; "
                       "name a PowerPoint presentation or template (.pptx, .potx)")
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError,
            AttributeError, IndexError, OSError) as exc:
        problems.error(where, line, col, f"master '{name}' ({display_path(path)}) cannot be read ({exc}); "
                       "open it in PowerPoint or LibreOffice and save it again as .pptx")
    return _ready(Presentation())


@functools.lru_cache(maxsize=1)
def _default_look() -> tuple[object, ...]:
    theme = load_theme(DEFAULT_THEME)
    return theme.colors, theme.fonts, theme.sizes


def _restyled(theme: Theme) -> bool:
    """Whether a project's theme changes what the built-in master shows (colours, fonts, sizes)."""
    return (theme.colors, theme.fonts, theme.sizes) != _default_look()


class _NotAPresentation(Exception):
    """The file is a readable package of another kind (the message says which)."""


def _presentation_bytes(path: Path) -> bytes:
    """The file's bytes as python-pptx opens them: a template's main part retyped as a presentation."""
    blob = path.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(blob)):
        raise _NotAPresentation("not a zip package (perhaps an old binary .ppt, or not an Office file)")
    kind = oxml.main_content_type(blob)
    if kind is None:
        raise _NotAPresentation("a zip file without a presentation in it")
    if kind in (TEMPLATE, SLIDESHOW) or kind in MACRO_TYPES:
        return oxml.as_presentation(blob, kind, PRESENTATION)
    if kind != PRESENTATION:
        raise _NotAPresentation(next((v for k, v in _OTHER_KINDS.items() if k in kind), f"a package of type {kind}"))
    return blob


def _ready(prs: PresentationType) -> PresentationType:
    oxml.number_placeholders(prs)
    oxml.drop_slides(prs)
    oxml.name_parts_without_walking(prs)
    return prs


def read_master(path: Path) -> PresentationType:
    """A master file as ``briefing layouts`` shows it (placeholders numbered as a build would);
    raises ValueError saying what is wrong with a file that cannot be used."""
    try:
        prs = Presentation(io.BytesIO(_presentation_bytes(path)))
    except _NotAPresentation as exc:
        raise ValueError(f"{display_path(path)} cannot be used: it is {exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError,
            AttributeError, IndexError, OSError) as exc:
        raise ValueError(f"{display_path(path)} cannot be read ({exc})") from None
    return _ready(prs)

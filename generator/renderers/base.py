"""What every output format receives, what it declares about itself, and the two steps it runs.

A renderer is one output format. It declares what it is as class attributes (its name, file
suffix, the template a project renders for it, what it makes of a hand-written Markdown deck,
which kinds of block it can draw), the way Sphinx builders do, and registers itself with
:func:`generator.renderers.register`. It then works in two steps: :meth:`Renderer.plan` lays
everything out (slides placed, text fitted, pages composed) and writes nothing, so
``briefing check`` stops there; :meth:`Renderer.write` puts the plan into a file.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar

if TYPE_CHECKING:  # types only: the registry is read by the command line before anything heavy loads
    from ..document import Document
    from ..errors import Problems
    from ..fonts import FontSet
    from ..theme import Theme

Locate = Callable[[str], tuple[str, "int | None", "int | None"]]


@dataclass
class BuildInput:
    """Everything a renderer needs, gathered and validated before any file is written."""

    document: Document
    theme: Theme
    find: Callable[[str], Path | None]  # a file named in the theme (a master, a logo), on the template search path
    locate: Locate  # where a theme key is set, for messages: (path, line, column)
    project_dir: Path
    timestamp: dt.datetime  # pinned by SOURCE_DATE_EPOCH, else the briefing's date
    fonts: FontSet  # the theme's fonts, resolved once for every output
    sources: dict[str, str] = field(default_factory=dict)  # footnote label → its text
    kind: str = "deck"  # "deck" | "report" | "handout" (a hand-written deck, printed)
    page_size: str = "A4"  # "A4" | "Letter", for paged outputs
    search_path: tuple[Path, ...] = ()  # the template folders ``find`` looks in, for messages


class Plan(Protocol):
    """What :meth:`Renderer.plan` returns: the laid-out output and what fitting it took."""

    fit_notes: list[str]  # what was shrunk or continued, slide by slide, for `briefing check`
    continued: int  # continuation slides or pages added because content did not fit


P = TypeVar("P", bound=Plan)


class OutputFormat:
    """What every output format declares about itself."""

    name: ClassVar[str]
    """The format's name on the command line and in ``briefing.yaml`` (``pptx``)."""
    suffix: ClassVar[str]
    """Appended to the project's name to name the output: ``.pptx``; ``-preview`` names a folder."""
    description: ClassVar[str]
    """One line for ``--help`` and error messages."""
    default: ClassVar[bool] = False
    """Built when neither the project nor the command line names formats."""


class Renderer(OutputFormat, ABC, Generic[P]):
    """An output format drawn from a document: declare what it is, then :meth:`plan` and :meth:`write`."""

    template: ClassVar[str]
    """The template a project renders for this format (``deck.md.j2``)."""
    project_kind: ClassVar[str]
    """What the format makes of a project: ``deck`` or ``report``."""
    markdown_kind: ClassVar[str]
    """What it makes of a hand-written Markdown deck: ``deck`` or ``handout``."""
    draws: ClassVar[frozenset[str]]
    """The kinds of block it can draw (:data:`generator.walk.BLOCK_KINDS`)."""
    plans_apart: ClassVar[bool] = False
    """Whether its plan is plain data (bytes, lists) that can be made in another process while
    the other formats are planned and written (:mod:`generator.parallel`)."""

    def __init__(self, build: BuildInput, problems: Problems):
        self.build = build
        self.problems = problems

    @classmethod
    def loaded(cls) -> bool:
        """Whether the modules :meth:`plan` and :meth:`write` import are loaded already."""
        return True

    @classmethod
    def load(cls) -> None:
        """Import what :meth:`plan` and :meth:`write` need: while a long Markdown file's second
        half is parsed in another process (:mod:`generator.parsehalves`), so it is not waited on."""

    @abstractmethod
    def plan(self) -> P:
        """Lay the output out completely, reporting problems, without writing anything."""

    @abstractmethod
    def write(self, plan: P, out: Path) -> None:
        """Write a plan to ``out`` (a temporary path; the caller moves it into place)."""


class DerivedRenderer(OutputFormat):
    """An output format made from other formats' finished files (the PNG preview of the deck and
    report). The pipeline plans and writes the formats it ``derives_from`` first, whether or not
    they were asked for, and hands their files to :meth:`derive`."""

    derives_from: ClassVar[tuple[str, ...]]
    """The formats whose files it is made from, by name."""

    @classmethod
    @abstractmethod
    def derive(cls, sources: dict[str, Path], out: Path, problems: Problems) -> None:
        """Make the output at ``out`` from the other formats' files, by format name."""

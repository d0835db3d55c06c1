"""What every renderer receives, and the interface it implements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..document import Document
from ..errors import Problems
from ..fonts import FontSet
from ..templates import TemplatePack


@dataclass
class BuildInput:
    """Everything a renderer needs, gathered and validated before any file is written."""

    document: Document
    pack: TemplatePack
    project_dir: Path
    timestamp: dt.datetime  # pinned by SOURCE_DATE_EPOCH, else the briefing's date
    fonts: FontSet  # the theme's fonts, resolved once for every output
    sources: dict[str, str] = field(default_factory=dict)  # footnote label → its text
    kind: str = "deck"  # "deck" | "report" | "handout" (a hand-written deck, printed)
    page_size: str = "A4"  # "A4" | "Letter", for paged outputs


class Renderer:
    """One output format. Subclasses set ``name`` and ``suffix`` and implement :meth:`render`."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def __init__(self, build: BuildInput, problems: Problems):
        self.build = build
        self.problems = problems
        self.fit_notes: list[str] = []  # what was shrunk or continued, for `briefing check`
        self.continued = 0  # how many continuation slides or pages were added

    def render(self, out: Path) -> None:
        """Write the output to ``out`` (a temporary path; the caller moves it into place)."""
        raise NotImplementedError

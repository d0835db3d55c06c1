"""The report's own flowables: groups kept on one page, rules, and headings that mark their place.

The render stage of the report builds its story from reportlab flowables; these are the few it
defines itself. Each flowable may carry the source line of the block it came from
(:func:`mark_line`), so that a block reportlab cannot lay out is reported at its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether

from .cjk import Para

_LINE = "_source_line"  # the attribute a flowable carries its block's source line in


def mark_line(flowable: Flowable, line: int | None) -> None:
    setattr(flowable, _LINE, line)


def line_of(flowable: Flowable) -> int | None:
    line: int | None = getattr(flowable, _LINE, None)
    return line


def group(flowables: list[Flowable], line: int | None) -> list[Flowable]:
    """Flowables of one block, each marked with its line."""
    for f in flowables:
        mark_line(f, line)
    return flowables


class Keep(KeepTogether):
    """Flowables kept on one page, without wasting one: content taller than a whole page (a heading
    and a long table) starts where it is when a good part of the page is still free, as it would
    have to split anyway."""

    _content: list[Flowable]
    _H: float
    _H0: float

    def __init__(self, flowables: list[Flowable], page_height: float):
        # A group inside a group (a heading kept with its next flowable, which is itself a picture
        # kept with its caption) is taken apart: reportlab measures a nested group as infinitely
        # tall, and the outer one would then give up keeping anything together.
        flat: list[Flowable] = []
        for f in flowables:
            flat += f._content if isinstance(f, Keep) else [f]
        super().__init__(flat)
        self._page_height = page_height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > self._page_height and aH >= self._page_height * 0.3 and self._H0 <= aH:
            return list(self._content)
        return super().split(aW, aH)


class Rule(Flowable):
    """A thin horizontal rule across the frame."""

    def __init__(self, width: float, color: colors.Color, space: float):
        super().__init__()
        self.width, self.color, self.space = width, color, space
        self.height = 0.6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        return self.space

    def getSpaceBefore(self) -> float:
        return self.space * 0.3

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.height)
        self.canv.line(0, 0, self.width, 0)


@dataclass
class HeadingInfo:
    key: str  # the bookmark, the contents entry's link target
    title: str  # plain text, for the outline and the running header
    markup: str  # for the contents entry
    level: int  # 1 = chapter
    outline: int  # nesting in the outline, 0-based, never skipping a level
    toc: bool
    line: int | None


class HeadingParagraph(Para):
    """A heading that marks its own place: its bookmark sits exactly where it is drawn."""

    info: HeadingInfo | None = None

    def draw(self) -> None:
        if self.info is not None:
            self.canv.bookmarkHorizontal(self.info.key, 0, self.height + self.style.fontSize * 0.5)
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if parts:  # the bookmark and the contents entry go with the first part only
            parts[0].info = self.info
        return parts


def heading_info(flowable: Flowable) -> HeadingInfo | None:
    """The heading a flowable sets, if it is one, for the outline and the contents."""
    info = getattr(flowable, "info", None)
    return info if isinstance(info, HeadingInfo) else None

"""Page numbers printed before they are known, so that the report is laid out once.

"Page X of Y" needs the page count, and the contents need the page of every heading, which only
the end of the layout knows. reportlab's way is to lay the document out again until the numbers
settle (``multiBuild``), which doubled the time of every report. Here the render stage draws each
such number with a stand-in value where it belongs, keeps a mark at that place in the page's
content, and fills the real number in when the document is saved: the same drawing calls, with
the final value, at the same place in the page. The bytes are those of a document laid out twice.

The contents are laid out from the start with their final entries (the headings are known before
layout; only their pages are not), so their size, and every page after them, is final in the
first pass. This module is the only one that uses the canvas's private members for it.
"""

from __future__ import annotations

import re
from ast import literal_eval
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from .flowables import Keep, heading_info
from .ttf import escape_pdf, quick_page_streams

_MARK = "%briefing-number-"  # a PDF comment: harmless if it were ever left in a page
_MARKS = re.compile(re.escape(_MARK) + r"(\d+)")


@dataclass
class Numbers:
    """What is known only at the end of the layout."""

    pages: int = 0
    heading_pages: dict[str, int] = field(default_factory=dict)  # a heading's key → its page


class NumberedCanvas(Canvas):
    """A canvas that draws some things when the document is saved, with the numbers known then."""

    def __init__(self, numbers: Numbers, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.numbers = numbers
        self._later: list[Callable[[Numbers], None]] = []

    def later(self, draw: Callable[[Numbers], None], guess: Numbers) -> None:
        """Draw with ``guess`` now, for every side effect the drawing has (fonts, links); its marks
        in this page are replaced on saving by what ``draw`` gives with the final numbers."""
        code: list[str] = self._code
        start = len(code)
        draw(guess)
        code[start:] = [f"{_MARK}{len(self._later)}"]
        self._later.append(draw)

    def _escape(self, s: Any) -> str:
        # Every run of text drawn in a TrueType font comes here as its subset's codes.
        return escape_pdf(s) if isinstance(s, bytes) else super()._escape(s)  # type: ignore[misc]

    def save(self) -> None:
        if len(self._code):
            self.showPage()  # the last page, as reportlab's save begins
        if self._later:
            self.numbers.pages = self.getPageNumber() - 1
            self._fill_in()
        quick_page_streams(self._doc.Pages.pages)  # type: ignore[attr-defined]
        super().save()

    def _fill_in(self) -> None:
        drawn: dict[str, str] = {}
        saved = self._code
        try:
            for n, draw in enumerate(self._later):
                self._code: list[str] = []
                draw(self.numbers)
                drawn[str(n)] = "\n".join(self._code)
        finally:
            self._code = saved
        for page in self._doc.Pages.pages:  # type: ignore[attr-defined]
            if isinstance(page.stream, str) and _MARK in page.stream:
                page.stream = _MARKS.sub(lambda m: drawn[m.group(1)], page.stream)


def contents_entries(flowables: list[Flowable]) -> list[tuple[int, str, int, str]]:
    """The entries the contents will have, in order, with their pages not yet known (0): the
    headings of the story, as the document template announces them while laying out."""
    entries: list[tuple[int, str, int, str]] = []
    for f in flowables:
        if isinstance(f, Keep):
            entries += contents_entries(f._content)
            continue
        info = heading_info(f)
        if info is not None and info.toc:
            entries.append((info.outline, info.markup, 0, info.key))
    return entries


def _without_pages(entries: list[Any]) -> list[tuple[Any, ...]]:
    return [(level, text, key) for level, text, _page, key in entries]


class Contents(TableOfContents):
    """The contents, laid out from the first pass with their final entries; each entry's page
    number (with its dots and its link) is drawn when the document is saved."""

    def seed(self, entries: list[tuple[int, str, int, str]]) -> None:
        self._entries = list(entries)  # the first pass lays out what the last would

    def isSatisfied(self) -> bool:
        # The pages are filled in at the end whatever they are: only the entries must settle.
        last: list[Any] = getattr(self, "_lastEntries")  # noqa: B009 (not in the type stubs)
        return _without_pages(self._entries) == _without_pages(last)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = super().wrap(availWidth, availHeight)
        self.canv.setNamedCB("drawTOCEntryEnd", self._entry_end(availWidth, availHeight))
        return size

    def _entry_end(self, width: float, height: float) -> Callable[[Canvas, str | None, str], None]:
        def draw_entry_end(canvas: Canvas, kind: str | None, label: str) -> None:
            guess, level, key = _label(label)
            style = self.getLevelStyle(level)
            dot = " . " if 0 <= self.dotsMinLevel <= level else ""
            where = dict(canvas._curr_tx_info)  # type: ignore[attr-defined]
            matrix = canvas._currentMatrix  # type: ignore[attr-defined]
            links: list[Any] = []

            def draw(numbers: Numbers) -> None:
                page: Any = numbers.heading_pages.get(key, guess) if key else guess
                if self.formatter:
                    page = self.formatter(page)
                c: Any = canvas
                before = c._curr_tx_info if hasattr(c, "_curr_tx_info") else None
                before_matrix = c._currentMatrix
                c._curr_tx_info, c._currentMatrix = where, matrix
                c._addAnnotation = _link_keeper(c, links)
                try:
                    drawPageNumbers(canvas, style, [(page, key)], width, height, dot)
                finally:
                    del c._addAnnotation
                    c._currentMatrix = before_matrix
                    if before is None:
                        del c._curr_tx_info
                    else:
                        c._curr_tx_info = before

            if isinstance(canvas, NumberedCanvas):
                canvas.later(draw, Numbers())
            else:
                draw(Numbers())

        return draw_entry_end


def _link_keeper(canvas: Any, links: list[Any]) -> Callable[..., None]:
    """The link of a page number: made when first drawn; drawn again, the same link gets the
    rectangle of the final number instead of a second link being made."""
    made = Canvas._addAnnotation  # type: ignore[attr-defined]

    def add(annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        if links:
            links[0].Rect = annotation.Rect
            return
        links.append(annotation)
        made(canvas, annotation, name, addtopage)

    return add


def _label(label: str) -> tuple[int, int, Any]:
    """The stand-in page, the level and the key that reportlab's contents put in an entry's label."""
    page, level, key = label.split(",")
    return int(page), int(level), literal_eval(key)

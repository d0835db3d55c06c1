"""Chinese and Japanese in the report: when text counts as CJK, and how its lines are broken.

The render stage sets every paragraph of the report with :class:`Para`, reportlab's paragraph
with the line breaking of docs/markdown.md for text that is mostly Chinese or Japanese (kinsoku:
no line starts with a closing mark or ends with an opening one). That needs reportlab's private
CJK line machinery, which is used here and nowhere else in the tool.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# Private reportlab API (not in types-reportlab): the pieces its own CJK line breaker is made of,
# and what its paragraph does to text it has parsed.
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
    textTransformFrags,
)
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from ...fonts import break_tokens, is_wide


def mostly_wide(text: str) -> bool:
    if text.isascii():  # no ASCII character is wide; most paragraphs stop here
        return False
    letters = [ch for ch in text if not ch.isspace()]
    return bool(letters) and sum(is_wide(ch) for ch in letters) > len(letters) * 0.3


class Para(Paragraph):
    """reportlab's paragraph, with Chinese and Japanese broken into lines as docs/markdown.md promises.

    Text that is mostly Chinese or Japanese has no spaces to break at, so it is broken between
    characters (reportlab's ``wordWrap="CJK"``), whatever the document's language: in a list or a
    table cell too. reportlab's own CJK line breaker does not keep punctuation where it belongs
    (a line may start with "》" or "”", or end with "（"); this one breaks only where
    :func:`generator.fonts.break_tokens` allows, as the deck's layout does.
    """

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kw: Any):
        super().__init__(text, style, *args, **kw)
        if self.style.wordWrap != "CJK" and mostly_wide("".join(getattr(f, "text", "") for f in self.frags)):
            self.style = ParagraphStyle(f"{self.style.name}-cjk", parent=self.style, wordWrap="CJK")
        self._wrapped_for: tuple[float, int] | None = None

    def _setup(self, text: Any, style: ParagraphStyle, bulletText: Any, frags: Any, cleaner: Any) -> None:
        # reportlab's markup parser (an HTML parser) took a tenth of a long report's layout. Text
        # without markup is one run in the paragraph's style, which the parser makes the same way
        # for any text: that run is parsed once per style and copied with each paragraph's text.
        if frags is None and isinstance(text, str) and "<" not in text and "&" not in text:
            plain = cleaner(text)
            run = _plain_run(style, self.caseSensitive) if plain else None
            if run is not None:
                text, frags = plain, [run.clone(text=plain, link=[], us_lines=[])]
                textTransformFrags(frags, style)
        super()._setup(text, style, bulletText, frags, cleaner)  # type: ignore[misc]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # reportlab breaks a paragraph into lines each time it is asked for its size: a group kept
        # together is measured whole, then placed piece by piece, so most paragraphs were broken
        # two or three times. The lines depend only on the width and the style.
        key = (availWidth, id(self.style))
        if key == self._wrapped_for and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_for = key
        return size

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the first part of a split paragraph keeps the lines it was split with
        if not self.frags:
            return super().breakLinesCJK(maxWidths)
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, widths)
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return kinsoku_lines(self.frags, widths, auto not in ("", "off"))


_RUNS: WeakKeyDictionary[ParagraphStyle, tuple[dict[str, Any], ParaFrag | None]] = WeakKeyDictionary()


def _plain_run(style: ParagraphStyle, case_sensitive: int) -> ParaFrag | None:
    """The one run reportlab's parser makes of text without markup in ``style`` (None when that is
    not one run of the text as given: Greek, say)."""
    known = _RUNS.get(style)
    if known is not None and known[0] == vars(style):  # a style changed since is parsed again
        return known[1]
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parsed, frags, bullet = parser.parse("x", style)
    run = frags[0] if parsed is style and frags and len(frags) == 1 and not bullet else None
    if run is not None and (run.text != "x" or run.greek or run.link or run.us_lines or set(vars(run)) - _PLAIN_RUN):
        run = None
    _RUNS[style] = (dict(vars(style)), run)
    return run


# What the parser's run of plain text holds; anything else (a link, a callback) is not plain.
_PLAIN_RUN = {"text", "fontName", "fontSize", "textColor", "rise", "greek", "link", "us_lines", "bold", "italic",
              "__tag__"}


def _line_ends(text: str) -> set[int]:
    """The character offsets where a line of ``text`` may end."""
    cuts: set[int] = set()
    offset = 0
    for token in break_tokens(text):
        offset += len(token)
        # A straight quote may open or close, so it stays with the character it touches: "清单"
        # is never broken after its first mark or before its last.
        if 0 < offset < len(text) and any(ch in "\"'" and not other.isspace()
                                          for ch, other in ((text[offset], text[offset - 1]),
                                                            (text[offset - 1], text[offset]))):
            continue
        cuts.add(offset)
    return cuts


def kinsoku_lines(frags: list[Any], widths: list[float], calc_bounds: bool) -> Any:
    """The lines of a paragraph set character by character, each as wide as fits, broken only
    where a line may break: never before a closing mark (，。》）”), never after an opening one
    (（《“), never inside a word of Latin letters. Spaces may hang past the margin."""
    units: list[Any] = []  # one per character, each knowing its fragment (font, size, colour, link)
    for f in frags:
        text = f.text.decode("utf-8") if isinstance(f.text, bytes) else f.text
        units += [cjkU(ch, f, "utf-8") for ch in text] if text else [cjkU("", f, "utf-8")]
    cuts = _line_ends("".join(units))
    starts: list[int] = []
    offset = 0
    for u in units:
        starts.append(offset)
        offset += len(u)

    def width(u: Any, room: float) -> float:
        w = u.width
        if hasattr(w, "normalizedValue"):  # an inline image sized in percent of the line
            w._normalizer = room
            w = w.normalizedValue(room)
        return float(w)

    lines: list[Any] = []
    n = len(units)
    start = 0
    while start < n:
        room = widths[min(len(lines), len(widths) - 1)]
        used = 0.0
        cut: int | None = None  # the last place in this line where it may end
        end = start
        hard = False
        while end < n:
            u = units[end]
            if end > start and starts[end] in cuts:
                cut = end
            if hasattr(u.frag, "lineBreak"):  # <br/>: the line ends here, with the break in it
                end += 1
                hard = True
                break
            w = width(u, room)
            if used + w > room + 1e-6 and end > start and not u.isspace():
                if cut is not None:
                    end = cut
                break  # without a place to break (a word wider than the line) it breaks where it is full
            used += w
            end += 1
        line = units[start:end]
        while len(line) > 1 and line[-1].isspace() and not hasattr(line[-1].frag, "lineBreak"):
            line = line[:-1]  # a space at the end of a line is not printed and takes no room
        used = sum(width(u, room) for u in line)
        lines.append(makeCJKParaLine(line, room, used, room - used, hard, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)

"""The build's fonts registered with reportlab, and the check that every character has a glyph.

The pipeline resolves the theme's fonts once (:func:`generator.fonts.resolve_fonts`); the render
stage of the report registers those TrueType files with reportlab here, so that the PDF embeds
them as subsets and no other font, and asks here which characters a family lacks: those are set
in the East Asian font, and a character no font has is reported once, where it first occurs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from ...errors import Problems
from ...fonts import FontFiles, FontSet, metrics
from ...theme import Theme
from .ttf import Font

_REGISTERED: dict[Path, str] = {}  # font file → name in reportlab's (process-wide) font registry


def _register(path: Path) -> str:
    """Register a TrueType file once per process; reportlab embeds only the glyphs used."""
    if path in _REGISTERED:
        return _REGISTERED[path]
    taken = set(_REGISTERED.values())
    name = "briefing-" + path.stem
    n = 2
    while name in taken:
        name, n = f"briefing-{path.stem}-{n}", n + 1
    pdfmetrics.registerFont(Font(name, str(path)))
    _REGISTERED[path] = name
    return name


@dataclass
class Family:
    """One font family as reportlab knows it: the registered names of its four styles."""

    files: FontFiles
    regular: str
    bold: str
    italic: str
    bolditalic: str

    def name(self, bold: bool = False, italic: bool = False) -> str:
        return self.bolditalic if bold and italic else self.bold if bold else self.italic if italic else self.regular

    def names(self) -> tuple[str, str, str, str]:
        return self.regular, self.bold, self.italic, self.bolditalic

    def __post_init__(self) -> None:
        # Text is checked against this set a whole string at a time: asking the metrics one
        # character at a time took a tenth of a long report's build.
        self._chars = frozenset(map(chr, metrics(self.files.regular).widths)) | frozenset("\n\t")

    def has(self, ch: str) -> bool:
        return ch in self._chars

    def covers(self, text: str) -> bool:
        """Whether this family has every visible character of ``text``."""
        return self._chars.issuperset(text) or all(ch in self._chars or ch.isspace() for ch in text)

    def lacks_any(self, text: str) -> bool:
        """Whether some visible character of ``text`` is not in this family."""
        return not self.covers(text)


def _family(files: FontFiles) -> Family:
    names = [_register(p) for p in (files.regular, files.bold, files.italic, files.bolditalic)]
    # <b> and <i> in paragraph markup pick the family's other files through this mapping.
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    return Family(files, *names)


class ReportFonts:
    """The families the report is set in. The East Asian one is registered only when some text
    needs it: parsing the shipped CJK font (4.6 MB) costs more than the rest of an English report's
    fonts together, and a font that no text uses is not embedded anyway."""

    def __init__(self, body: Family, heading: Family, mono: Family, east_asian: FontFiles):
        self.body, self.heading, self.mono = body, heading, mono
        self._east_asian = east_asian
        self._fallback: Family | None = None

    @property
    def fallback(self) -> Family:
        """For characters the body font lacks (Chinese, Japanese, Korean); raises ``TTFError``."""
        if self._fallback is None:
            self._fallback = _family(self._east_asian)
        return self._fallback

    def families(self) -> tuple[Family, ...]:
        """The families registered so far."""
        shown = (self.body, self.heading, self.mono)
        return shown if self._fallback is None else (*shown, self._fallback)


def register_fonts(fonts: FontSet) -> ReportFonts:
    """The build's fonts, registered; raises reportlab's ``TTFError`` for a font it cannot embed."""
    return ReportFonts(_family(fonts.body), _family(fonts.heading), _family(fonts.mono), fonts.east_asian)


def chunks(text: str, family: Family) -> Iterator[tuple[str, bool]]:
    """``text`` cut where the font changes: (piece, True) for characters the family lacks."""
    if family.covers(text):  # nearly all text: one piece, in the family's own font
        if text:
            yield text, False
        return
    start = 0
    current: bool | None = None
    for i, ch in enumerate(text):
        missing = not family.has(ch) and not ch.isspace()
        if current is None:
            current = missing
        elif missing != current:
            yield text[start:i], current
            start, current = i, missing
    if start < len(text):
        yield text[start:], bool(current)


@dataclass
class Where:
    """The block being set, for messages: its source line and the heading it stands under."""

    line: int | None = None
    section: str = ""


@dataclass
class GlyphCheck:
    """Reports each character that no font of the theme has, once, at the block it first occurs in."""

    problems: Problems
    path: str
    theme: Theme
    where: Where
    reported: set[str] = field(default_factory=set)

    def missing(self, piece: str, fallback: Family) -> None:
        fonts = self.theme.fonts
        for ch in piece:
            if ch in self.reported or fallback.has(ch):
                continue
            self.reported.add(ch)
            where = f"in “{self.where.section}”: " if self.where.section else ""
            self.problems.warn(self.path, self.where.line, None,
                               f"{where}no font of the theme ({fonts.body}, {fonts.east_asian}) has the "
                               f"character '{ch}' (U+{ord(ch):04X}); it may print as an empty box; name a font that "
                               "has it in theme.yaml")

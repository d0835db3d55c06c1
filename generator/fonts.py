"""Fonts: which TrueType files stand behind a font name, and how wide text set in them is.

Decks name fonts the way PowerPoint knows them (``Calibri``); text is measured, and the PDF is
set, with metric-compatible open fonts shipped in ``generator/fonts`` (Carlito has Calibri's
widths glyph for glyph), so line breaks computed here are the ones every client draws. A theme
may name any font installed on the machine; the system font folders are searched for it.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache

if TYPE_CHECKING:
    from .errors import Problems
    from .theme import Theme

# fontTools logs about odd timestamps in some fonts' headers; that is noise for our users.
logging.getLogger("fontTools").setLevel(logging.ERROR)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SYSTEM_FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                    Path("/Library/Fonts"), Path("C:/Windows/Fonts")]

# Font names that documents use → open fonts with the same advance widths.
METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
    "consolas": "Liberation Mono",
    # CJK ideographs are one em wide in every common CJK font, so one shipped TrueType font
    # measures them all; it is also the one the PDF embeds (reportlab embeds TrueType outlines only).
    "microsoft yahei": "WenQuanYi Micro Hei",
    "simsun": "WenQuanYi Micro Hei",
    "simhei": "WenQuanYi Micro Hei",
    "dengxian": "WenQuanYi Micro Hei",
    "pingfang sc": "WenQuanYi Micro Hei",
    "noto sans cjk sc": "WenQuanYi Micro Hei",
    "source han sans sc": "WenQuanYi Micro Hei",
    "wenquanyi micro hei": "WenQuanYi Micro Hei",
}
STYLES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class FontFiles:
    """The four TrueType files of one family (missing styles fall back to regular)."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bolditalic: Path

    def file(self, bold: bool, italic: bool) -> Path:
        return self.bolditalic if bold and italic else self.bold if bold else self.italic if italic else self.regular


def _style_of(stem: str) -> str:
    s = stem.lower().replace("-", "").replace("_", "")
    if "bolditalic" in s or "boldoblique" in s:
        return "bolditalic"
    if s.endswith("bold"):
        return "bold"
    if s.endswith("italic") or s.endswith("oblique"):
        return "italic"
    return "regular"


@functools.cache
def _index(system: bool) -> dict[str, dict[str, Path]]:
    """Family name (lower case) → style → file: the shipped fonts, or the system's. The shipped
    fonts' index is kept on disk, keyed by their names, sizes and times: reading every font's name
    table (and loading fontTools to do it) was a twentieth of a small build."""
    if system:
        return _read_index(SYSTEM_FONT_DIRS)
    files = sorted(FONT_DIR.rglob("*.ttf")) if FONT_DIR.is_dir() else []
    key = cache.text_key(repr([(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files]))
    found = cache.load("fontindex", key)
    if isinstance(found, dict):
        return found
    index = _read_index([FONT_DIR])
    cache.store("fontindex", key, index)
    return index


def _read_index(folders: list[Path]) -> dict[str, dict[str, Path]]:
    from fontTools.ttLib import TTFont  # only when the index or a font's metrics are not on disk

    found: dict[str, dict[str, Path]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.ttf")):
            try:
                with TTFont(path, lazy=True, fontNumber=0) as font:
                    name = font["name"]
                    family = (name.getDebugName(16) or name.getDebugName(1) or path.stem).lower()
                    sub = (name.getDebugName(17) or name.getDebugName(2) or "Regular").lower().replace(" ", "")
            except Exception:  # an unreadable font file on the system is not the user's problem
                continue
            style = {"regular": "regular", "bold": "bold", "italic": "italic", "bolditalic": "bolditalic",
                     "oblique": "italic", "boldoblique": "bolditalic"}.get(sub, _style_of(path.stem))
            found.setdefault(family, {}).setdefault(style, path)
    return found


def find_font(name: str) -> FontFiles | None:
    """The files for a font name, through its metric twin when the name is a proprietary font."""
    # Shipped fonts first (the same on every machine), then the system's (slow to scan, so lazily).
    for system in (False, True):
        index = _index(system)
        for family in (name.lower(), METRIC_TWINS.get(name.lower(), "").lower()):
            styles = index.get(family)
            if styles and "regular" in styles:
                regular = styles["regular"]
                return FontFiles(name, regular, styles.get("bold", regular), styles.get("italic", regular),
                                 styles.get("bolditalic", styles.get("bold", regular)))
    return fontconfig_font(name) or fontconfig_font(METRIC_TWINS.get(name.lower(), ""))


@functools.lru_cache(maxsize=256)
def fontconfig_font(name: str) -> FontFiles | None:
    """A font installed where fontconfig knows it (``fc-match``), only if it is that very family."""
    fc_match = shutil.which("fc-match")
    if not name or fc_match is None:
        return None
    files: dict[str, Path] = {}
    for style, pattern in (("regular", ":weight=regular:slant=roman"), ("bold", ":weight=bold:slant=roman"),
                           ("italic", ":weight=regular:slant=italic"), ("bolditalic", ":weight=bold:slant=italic")):
        try:
            out = subprocess.run([fc_match, "-f", "%{family}\t%{file}", name + pattern], capture_output=True,
                                 text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        families, _, file = out.partition("\t")
        if name.lower() in (f.strip().lower() for f in families.split(",")) and file.endswith((".ttf", ".otf")):
            files[style] = Path(file)
    if "regular" not in files:
        return None
    regular = files["regular"]
    return FontFiles(name, regular, files.get("bold", regular), files.get("italic", regular),
                     files.get("bolditalic", files.get("bold", regular)))


# Fonts that stand in for a font that is neither installed nor twinned, by the look its name
# suggests: DejaVu's advance widths are at least those of the common Office faces of that look
# (Verdana, Tahoma, Segoe UI; Georgia, Garamond), so text measured with them is not too narrow.
SERIF_HINTS = ("serif", "georgia", "garamond", "times", "cambria", "book", "minion", "palatino", "baskerville")


def stand_in(name: str) -> FontFiles | None:
    """The installed font that measures a font the machine does not have."""
    lowered = name.lower()
    serif = any(h in lowered for h in SERIF_HINTS) and "sans" not in lowered
    family = "DejaVu Serif" if serif else "DejaVu Sans"
    return fontconfig_font(family) or find_font(family) or find_font("Carlito")


@dataclass(frozen=True)
class Metrics:
    units_per_em: int
    widths: dict[int, int]  # code point → advance width in font units
    line_height: float  # of the font size, as PowerPoint spaces single lines
    ascent: float
    default_width: int

    def has(self, ch: str) -> bool:
        return ord(ch) in self.widths or ch in "\n\t"

    @functools.cached_property
    def drawn(self) -> frozenset[str]:
        """The characters :meth:`has` is true of: looked up as a set, every run of a deck is
        checked for glyphs at C speed rather than a character at a time."""
        return frozenset(map(chr, self.widths)) | {"\n", "\t"}

    @functools.cached_property
    def draws_printable_ascii(self) -> bool:
        return self.drawn.issuperset(map(chr, range(0x20, 0x7F)))

    def lacks(self, text: str) -> set[str]:
        """The characters of ``text`` the font has no glyph for."""
        if text.isascii() and text.isprintable() and self.draws_printable_ascii:  # most text: no set made
            return set()
        return set(text) - self.drawn

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` at ``size`` points, in points."""
        w = 0
        for ch in text:
            w += self.widths.get(ord(ch), self.default_width)
        return w * size / self.units_per_em


@functools.cache
def metrics(path: Path) -> Metrics:
    """The advance widths and line metrics of a font file: read once per process, and kept on disk
    (keyed by the file's hash) for the next build, as reading a font's tables takes longer."""
    key = cache.file_key(path)
    found = cache.load("fonts", key)
    if isinstance(found, Metrics):
        return found
    read = _read_metrics(path)
    cache.store("fonts", key, read)
    return read


def _read_metrics(path: Path) -> Metrics:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"]
        widths = {cp: hmtx[glyph][0] for cp, glyph in cmap.items()}
        upem = font["head"].unitsPerEm
        os2 = font["OS/2"]
        win_ascent, win_descent = os2.usWinAscent, os2.usWinDescent
    # PowerPoint and LibreOffice space single lines by the Windows ascent + descent.
    line = (win_ascent + win_descent) / upem
    default = widths.get(ord("n"), upem // 2)
    return Metrics(upem, widths, line, win_ascent / upem, default)


@functools.cache
def x_height(path: Path) -> float | None:
    """The height of a font's lower-case letters as a fraction of its size (None: unknown).

    How large text reads depends on it more than on the point size: Verdana at 12 pt reads as large
    as Calibri at 14 pt. Taken from the drawn ``x`` (older fonts such as DejaVu do not state it)."""
    from fontTools.ttLib import TTFont  # loaded only when a master's font is measured

    try:
        with TTFont(path, lazy=True) as font:
            upem = font["head"].unitsPerEm
            glyph_name = (font.getBestCmap() or {}).get(ord("x"))
            if "glyf" in font and glyph_name is not None:
                glyph = font["glyf"][glyph_name]
                if getattr(glyph, "numberOfContours", 0) > 0:
                    return float(glyph.yMax) / upem
            height = getattr(font["OS/2"], "sxHeight", 0) if "OS/2" in font else 0
    except Exception:  # an unreadable font measures as it did before: no size is changed for it
        return None
    return height / upem if height else None


_BREAKABLE = re.compile(r"(\s+)")


def is_wide(ch: str) -> bool:
    """Characters that may break a line on either side (CJK ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_cjk_text(text: str) -> bool:
    return not text.isascii() and any(is_wide(ch) for ch in text)


# Line-breaking rules for Chinese and Japanese (kinsoku): these never start a line…
NO_LINE_START = set("，。、；：！？）】》」』〕〉”’…—·%,.;:!?)]}")
# …and these never end one.
NO_LINE_END = set("（【《「『〔〈“‘([{$¥£€")
_ASCII_NO_LINE_START = "".join(sorted(ch for ch in NO_LINE_START if ch.isascii()))


def break_tokens(text: str) -> list[str]:
    """Text cut at every place a line may break; joined again they give the text back.
    A space stays at the end of the word before it."""
    out: list[str] = []
    for token in _tokens(text):
        if token.isspace() and out:
            out[-1] += token
        else:
            out.append(token)
    return out


def _tokens(text: str) -> list[str]:
    """Split text where a line may break: after spaces, and around every wide character,
    keeping closing punctuation with what precedes it and opening punctuation with what follows."""
    out: list[str] = []
    for part in _BREAKABLE.split(text):
        if not part:
            continue
        if part.isspace():
            out.append(part)
            continue
        if part.isascii():  # no wide character (most text): one piece, as the loop below would cut it
            lead = len(part) - len(part.lstrip(_ASCII_NO_LINE_START)) if out else 0
            if lead:  # closing punctuation after a space stays with what precedes it
                out[-1] += part[:lead]
            if part[lead:]:
                out.append(part[lead:])
            continue
        buf = ""
        for ch in part:
            if ch in NO_LINE_START and (buf or out):
                if buf:
                    buf += ch
                else:
                    out[-1] += ch
                continue
            if is_wide(ch):
                if buf and buf[-1] not in NO_LINE_END:
                    out.append(buf)
                    buf = ""
                buf += ch
                if ch not in NO_LINE_END:
                    out.append(buf)
                    buf = ""
            else:
                if buf and is_wide(buf[-1]) and buf[-1] not in NO_LINE_END:
                    out.append(buf)
                    buf = ""
                buf += ch
        if buf:
            out.append(buf)
    return out


@dataclass(frozen=True)
class Run:
    """Text in one font and size, as the measurer sees it."""

    text: str
    font: Path
    size: float


# LibreOffice sets about a quarter em between East Asian and other characters that touch (its
# "autospace" between Asian and non-Asian text); PowerPoint sets none, so counting it is safe for both.
ASIAN_SPACING_EM = 0.25


def _script_changes(text: str, before: bool | None) -> int:
    """How often ``text`` switches between wide (East Asian) and other characters, counting a
    switch from the character before it (``before``: whether that one was wide; None after a space)."""
    if text.isascii():  # nothing wide: at most the switch from a wide character before it
        return int(bool(text) and before is True)
    changes = 0
    for ch in text:
        wide = is_wide(ch)
        changes += before is not None and wide != before
        before = wide
    return changes


def wrap_lines(runs: list[Run], width: float) -> list[float]:
    """Break runs into lines no wider than ``width`` points; return each line's height factor.

    Greedy, like the renderers: a token goes on the line if it fits, else starts the next line.
    A single token wider than the line (a long URL) is split by character, as clients do.
    Returns the largest font size on each line, so callers can compute line heights.
    """
    lines: list[float] = []
    x = 0.0
    line_size = 0.0
    pending_space = 0.0
    last_wide: bool | None = None  # whether the character before was East Asian; None after a space
    for run in runs:
        m = metrics(run.font)
        for token in _tokens(run.text) if run.text else []:
            if token.isspace() and not token.strip():
                last_wide = None
                if "\n" in token:
                    continue
                pending_space += m.width(token, run.size)
                continue
            w = m.width(token, run.size)
            w += _script_changes(token, last_wide) * ASIAN_SPACING_EM * run.size
            last_wide = is_wide(token[-1])
            if x > 0 and x + pending_space + w > width:
                lines.append(line_size)
                x, line_size, pending_space = 0.0, 0.0, 0.0
            if w > width:  # split a token longer than the whole line
                for ch in token:
                    cw = m.width(ch, run.size)
                    if x > 0 and x + cw > width:
                        lines.append(line_size)
                        x, line_size = 0.0, 0.0
                    x += cw
                    line_size = max(line_size, run.size)
                continue
            x += pending_space + w
            pending_space = 0.0
            line_size = max(line_size, run.size)
    if x > 0 or not lines:
        lines.append(line_size or (runs[0].size if runs else 0.0))
    return lines


def text_height(runs: list[Run], width: float, line_spacing: float = 1.0, least: float = 0.0) -> float:
    """Height in points of a paragraph of ``runs`` set in ``width`` points, each line at least
    ``least`` of its font size tall."""
    if not runs:
        return 0.0
    factor = max(metrics(runs[0].font).line_height, least) * line_spacing
    return sum(size * factor for size in wrap_lines(runs, width))


# --- the theme's fonts, resolved once for every output ----------------------------------------

Locate = Callable[[str], tuple[str, "int | None", "int | None"]]
"""Where a theme key such as ``fonts.body`` is set: (path, line, column)."""

# The shipped font that stands in for a role whose font is missing: its widths are at least as
# large as the common fonts' of that role, so text measured with it still fits.
_FALLBACKS = {"heading": "Carlito", "body": "Carlito", "code": "Liberation Mono", "east_asian": "WenQuanYi Micro Hei"}


@dataclass(frozen=True)
class FontSet:
    """The TrueType files behind a theme's four font roles: what text is measured and set with."""

    heading: FontFiles
    body: FontFiles
    mono: FontFiles
    east_asian: FontFiles

    def __hash__(self) -> int:
        # Measurements are memoised with the font set in their key, so it is hashed tens of
        # thousands of times in a long deck: the hash of its twenty fields is worked out once.
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash((self.heading, self.body, self.mono, self.east_asian))
            object.__setattr__(self, "_hash", value)
            return value

    def __reduce__(self) -> tuple[type[FontSet], tuple[FontFiles, ...]]:
        # Pickled (kept between builds, sent to the other process) without the hash: strings
        # hash differently in another process.
        return type(self), (self.heading, self.body, self.mono, self.east_asian)

    def for_span(self, bold: bool, italic: bool, code: bool, heading: bool = False) -> Path:
        family = self.mono if code else self.heading if heading else self.body
        return family.file(bold, italic)

    def split(self, text: str, font: Path) -> list[tuple[str, Path]]:
        """Cut text into pieces per font: what the Latin font lacks (CJK) goes to the East Asian one."""
        latin = metrics(font)
        if not latin.lacks(text):  # the East Asian font is read only when text needs it
            return [(text, font)] if text else []
        cjk_file = self.east_asian.regular
        cjk = metrics(cjk_file)
        pieces: list[tuple[str, Path]] = []
        for ch in text:
            use = font if latin.has(ch) or not cjk.has(ch) else cjk_file
            if pieces and pieces[-1][1] == use:
                pieces[-1] = (pieces[-1][0] + ch, use)
            else:
                pieces.append((ch, use))
        return pieces

    def missing(self, text: str, font: Path) -> list[str]:
        """Characters that neither the run's font nor the East Asian font can draw."""
        latin = metrics(font)
        lacking = {ch for ch in latin.lacks(text) if not ch.isspace()}
        if not lacking:
            return []
        cjk = metrics(self.east_asian.regular)
        return sorted(ch for ch in lacking if not cjk.has(ch))

    def body_width(self, text: str, bold: bool, size: float) -> float:
        """Width in points of ``text`` in the body font: chart labels and timeline text."""
        return metrics(self.body.bold if bold else self.body.regular).width(text, size)


def resolve_fonts(theme: Theme, problems: Problems, locate: Locate | None = None) -> FontSet:
    """The font files behind the theme's fonts, for every output alike.

    A font that is neither installed nor has a known open twin is reported once, where the theme
    names it, and replaced by the shipped font of its role.
    """
    names = {"heading": theme.fonts.heading, "body": theme.fonts.body, "code": theme.fonts.code,
             "east_asian": theme.fonts.east_asian}
    files: dict[str, FontFiles] = {}
    for role, name in names.items():
        found = find_font(name)
        if found is None:
            fallback = _FALLBACKS[role]
            path, line, col = locate(f"fonts.{role}") if locate else ("theme.yaml", None, None)
            problems.warn(path, line, col,
                          f"font '{name}' is not installed and has no known open twin; text is measured and "
                          f"the PDF is set with {fallback} instead, so line breaks may differ where '{name}' "
                          "is shown; install the font or name another one in theme.yaml")
            found = find_font(fallback)
        assert found is not None, "the fonts shipped in generator/fonts are missing"
        files[role] = found
    return FontSet(files["heading"], files["body"], files["code"], files["east_asian"])

"""The theme: colours, fonts and sizes shared by the deck, its charts and the report.

A pack's ``theme.yaml`` is merged over its parent's, and the project's own
``templates/theme.yaml`` over that, key by key, so a user changes one colour without copying the
rest. The merged result is validated like content: a bad value is reported at its line.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Colors(_Strict):
    """Colours as six hex digits, without '#'."""

    primary: str
    """Titles, section slides, table headers."""
    accent: str
    """Rules and highlights; the first chart series after primary."""
    secondary: str
    """A second accent, for positive change and links."""
    highlight: str
    """A third accent, for call-outs (warning callouts)."""
    text: str
    """Body text."""
    muted: str
    """Captions, sources and footers."""
    surface: str
    """Tiles and table banding."""
    background: str
    """Page and slide background."""
    series: list[str] = Field(min_length=1)
    """Chart series colours, in order."""

    @field_validator("primary", "accent", "secondary", "highlight", "text", "muted", "surface",
                     "background", mode="before")
    @classmethod
    def _hex(cls, v: Any) -> Any:
        return _hex_color(v)

    @field_validator("series", mode="before")
    @classmethod
    def _series_hex(cls, v: Any) -> Any:
        return [_hex_color(c) for c in v] if isinstance(v, list) else v


def _hex_color(value: Any) -> str:
    text = str(value).lstrip("#").upper() if isinstance(value, (str, int)) else ""
    if not re.fullmatch(r"[0-9A-F]{6}", text):
        raise ValueError(f"expected a colour written as six hex digits, e.g. 12284C, got {value!r}")
    return text


class Fonts(_Strict):
    heading: str
    """Font for titles, as PowerPoint names it (e.g. `Calibri`)."""
    body: str
    """Font for body text."""
    east_asian: str = "Microsoft YaHei"
    """Font for Chinese, Japanese and Korean text (PowerPoint's `a:ea`); measured and embedded in the
    PDF with the shipped WenQuanYi Micro Hei unless another installed TrueType font is named."""
    code: str = "Consolas"
    """Font for `code`."""


Points = Annotated[float, Field(ge=6, le=200)]  # what PowerPoint and a printed page can show


class Sizes(_Strict):
    """Type sizes in points (6 to 200)."""

    title: Points = 32
    title_min: Points = 24
    """Smallest size a title may be shrunk to; no larger than `title`."""
    subtitle: Points = 20
    section: Points = 40
    body: Points = 20
    body_min: Points = 14
    """Smallest size body text may be shrunk to before the slide continues; no larger than `body`."""
    table: Points = 14
    metric_value: Points = 40
    source: Points = 10
    footer: Points = 10
    notes: Points = 12

    @model_validator(mode="after")
    def _floors_below_sizes(self) -> Sizes:
        for size, floor in (("title", "title_min"), ("body", "body_min")):
            if getattr(self, floor) > getattr(self, size):
                raise ValueError(f"{floor} ({getattr(self, floor):g}) is larger than {size} "
                                 f"({getattr(self, size):g}); a floor must be at most the size")
        return self


class DeckStyle(_Strict):
    master: str | None = "master.pptx"
    """PowerPoint master (a .pptx or .potx) in the pack or the project's templates folder."""
    footer: str = "{organisation} · {date}"
    """Footer text; `{organisation}`, `{date}` and `{title}` are filled in."""

    @field_validator("footer")
    @classmethod
    def _known_fields(cls, v: str) -> str:
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(v) if name is not None]
        except ValueError as exc:
            raise ValueError(f"the footer is not a valid template ({exc}); write braces as {{{{ and }}}}") from None
        unknown = [n for n in names if n not in ("organisation", "date", "title")]
        if unknown:
            raise ValueError(f"the footer names {{{unknown[0]}}}; it may use {{organisation}}, {{date}} and {{title}}")
        return v


class ReportStyle(_Strict):
    page_size: Literal["A4", "Letter"] = "A4"
    """Paper size of the report."""


class Theme(_Strict):
    name: str = "default"
    extends: str | None = None
    """The pack this one builds on; its templates and theme values apply unless overridden."""
    colors: Colors
    fonts: Fonts
    sizes: Sizes = Field(default_factory=Sizes)
    deck: DeckStyle = Field(default_factory=DeckStyle)
    report: ReportStyle = Field(default_factory=ReportStyle)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``, mapping by mapping; lists and values replace whole."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out

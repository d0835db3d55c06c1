"""The theme: colours, fonts and sizes shared by the deck, its charts and the report.

A pack's ``theme.yaml`` is merged over its parent's, and the project's own
``templates/theme.yaml`` over that, key by key, so a user changes one colour without copying the
rest. The merged result is validated like content: a bad value is reported at its line.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class Colors(_Strict):
    """Colours as six hex digits, without '#'."""

    primary: str
    """Titles, section slides, table headers."""
    accent: str
    """Rules and highlights; the first chart series after primary."""
    secondary: str
    """A second accent, for positive change and links."""
    highlight: str
    """A third accent, for call-outs."""
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


class Sizes(_Strict):
    """Type sizes in points."""

    title: float = 32
    title_min: float = 24
    """Smallest size a title may be shrunk to before the slide continues."""
    subtitle: float = 20
    section: float = 40
    body: float = 20
    body_min: float = 14
    """Smallest size body text may be shrunk to before the slide continues."""
    table: float = 14
    metric_value: float = 40
    source: float = 10
    footer: float = 10
    notes: float = 12


class DeckStyle(_Strict):
    master: str | None = "master.pptx"
    """PowerPoint master (a .pptx or .potx) in the pack or the project's templates folder."""
    footer: str = "{organisation} · {date}"
    """Footer text; `{organisation}`, `{date}` and `{title}` are filled in."""


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

"""Front matter for the parse stage: the YAML block and pandoc's ``%`` title block → :class:`Meta`.

:mod:`generator.markdown` calls :func:`title_block` on the source before parsing (it blanks the
``%`` lines, keeping line numbers) and :func:`meta_of` on the YAML. Both accept what pandoc and
Quarto decks write: ``author`` as text, a list, or Quarto's list of maps with names and
affiliations; ``institute``; ``subtitle``; ``date``; ``slide-level``; ``incremental``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .citations import CITATION_KEYS
from .document import Meta
from .errors import Problems
from .texmath import tex_text
from .yamlfile import YAMLDocument, parse_yaml, validate

# TeX that pandoc passes to LaTeX and every other writer drops: not text for the title slide.
_RAW_TEX = re.compile(r"^\s*\\[A-Za-z]+\s*$")


class _FrontMatter(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    title: str | None = None
    native_title: str | None = None
    subtitle: str | None = None
    author: Any = None
    institute: Any = None
    organisation: str | None = None
    date: str | None = None
    lang: str = "en"
    keywords: list[str] = Field(default_factory=list)
    slide_level: int | None = Field(default=None, alias="slide-level", ge=0, le=6)
    incremental: bool | None = None

    @field_validator("date", "title", "subtitle", mode="before")
    @classmethod
    def _as_text(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and _RAW_TEX.match(v)):
            return None
        # Pandoc reads these as Markdown: maths in them (`Pandoc${}+{}$Beamer`) is shown as text.
        return re.sub(r"\$([^$\s](?:[^$]*[^$\s])?)\$(?!\d)", lambda m: tex_text(m.group(1)), str(v))

    @field_validator("date")
    @classmethod
    def _real_date(cls, v: str | None) -> str | None:
        # A date written as numbers must be a real one; words ("Autumn 2025") are kept as written.
        text = (v or "").strip()
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            try:
                dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
            except ValueError:
                raise ValueError(f"'{text}' is not a date in the calendar; write it as YYYY-MM-DD") from None
        return v

    @field_validator("keywords", mode="before")
    @classmethod
    def _keywords(cls, v: Any) -> Any:
        return [s.strip() for s in v.split(",")] if isinstance(v, str) else v


def _name(value: Any) -> str:
    """A person's or organisation's name, from text or a Quarto map (``name``, ``given``/``family``)."""
    if isinstance(value, dict):
        name = value.get("name", value.get("literal"))
        if isinstance(name, dict):
            return _name(name)
        if name is None:
            name = " ".join(str(value[k]) for k in ("given", "family") if value.get(k))
        return str(name or "")
    return "" if value is None else str(value)


def _as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def people(author: Any) -> tuple[list[str], list[str]]:
    """Authors' names and their affiliations (each once, in order), from any spelling of ``author``."""
    names: list[str] = []
    affiliations: list[str] = []
    for person in _as_list(author):
        name = _name(person)
        if name:
            names.append(name)
        if isinstance(person, dict):
            for key in ("affiliations", "affiliation"):
                for place in _as_list(person.get(key)):
                    text = _name(place)
                    if text and text not in affiliations:
                        affiliations.append(text)
    return names, affiliations


# Keys that choose the deck's look, read by the pipeline (generator.masterchoice), not by Meta.
FRONT_MATTER_SETTINGS = ("master", "theme")


def meta_of(yaml_text: str, path: str, problems: Problems, first_line: int = 1) -> Meta:
    """The :class:`Meta` of a YAML front matter block that starts on ``first_line`` (its ``---``)."""
    doc = parse_yaml(yaml_text, path, problems, line_offset=first_line)
    if doc is None or doc.data is None:
        return Meta()
    if not isinstance(doc.data, dict):
        problems.error(path, first_line + 1, 1, "the front matter must be a mapping such as 'title: …'")
        return Meta()
    fm = validate(YAMLDocument(path, doc.data, doc.positions, first_line), _FrontMatter, problems)
    if fm is None:
        return Meta()
    names, affiliations = people(fm.author)
    institutes = [_name(i) for i in _as_list(fm.institute) if _name(i)]
    known = set(_FrontMatter.model_fields) | {"slide-level"}
    located = YAMLDocument(path, doc.data, doc.positions, first_line)
    reads = {*known, *FRONT_MATTER_SETTINGS, *CITATION_KEYS} - {"slide_level"}
    for key in doc.data:
        if key not in reads:
            line, col = located.position((key,))
            problems.warn(path, line, col, f"front matter key '{key}' is not one this tool reads, so it is ignored; "
                          f"it reads: {', '.join(sorted(reads))}")
    return Meta(title=fm.title, native_title=fm.native_title, subtitle=fm.subtitle,
                author=", ".join(names) or None, organisation=fm.organisation,
                institute=", ".join(institutes + [a for a in affiliations if a not in institutes]) or None,
                date=fm.date, lang=fm.lang, keywords=fm.keywords, slide_level=_slide_level(fm, doc.data),
                incremental=_incremental(fm, doc.data),
                extra={k: v for k, v in doc.data.items() if k not in known})


def _slide_level(fm: _FrontMatter, data: dict[str, Any]) -> int | None:
    """``slide-level`` as given; for a Quarto deck (its ``format:`` key) 2, as Quarto's default is."""
    if fm.slide_level is not None:
        return fm.slide_level
    formats = data.get("format")
    if isinstance(formats, dict):
        for options in formats.values():
            if isinstance(options, dict) and isinstance(options.get("slide-level"), int):
                return int(options["slide-level"])
    return 2 if formats is not None else None


def _incremental(fm: _FrontMatter, data: dict[str, Any]) -> bool:
    """``incremental: true`` at the top, or under one of Quarto's formats (``format: revealjs:``)."""
    if fm.incremental is not None:
        return fm.incremental
    formats = data.get("format")
    if isinstance(formats, dict):
        return any(isinstance(o, dict) and o.get("incremental") is True for o in formats.values())
    return False


def title_block(text: str) -> tuple[Meta | None, str]:
    """Pandoc's title block (``% title``, ``% author; author``, ``% date`` on the first lines).

    Returns its :class:`Meta` (None when the text has none) and the text with those lines blanked,
    so every later line keeps its number.
    """
    lines = text.split("\n")
    fields: list[str] = []
    k = 0
    while k < len(lines) and len(fields) < 3 and lines[k].startswith("%"):
        value = lines[k][1:].strip()
        k += 1
        while k < len(lines) and lines[k][:1] in (" ", "\t") and lines[k].strip():
            value += " " + lines[k].strip()  # a field continues on indented lines
            k += 1
        fields.append(value)
    if not fields:
        return None, text
    fields += [""] * (3 - len(fields))
    title, authors, date = fields
    names = [a.strip() for a in re.split(r";", authors) if a.strip()]
    meta = Meta(title=title or None, author=", ".join(names) or None,
                date=None if not date or _RAW_TEX.match(date) else date)
    return meta, "\n" * k + "\n".join(lines[k:])

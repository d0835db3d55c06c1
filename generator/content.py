"""Load stage: the content files of a briefing, validated against a declared schema.

Every ``content/*.yaml`` file contributes top-level keys to one briefing; the merged mapping is
validated as :class:`Briefing`. All files are read and every problem is collected before the
build goes on, so an author fixes everything in one pass. ``briefing schema`` exports these models
as JSON Schema for editors' autocompletion, which is why each field carries a docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .blocks import BriefingBase, Number, Point, Quote, Strict
from .errors import Problems, display_path
from .yamlfile import Key, YAMLDocument, load_yaml, validate


class Figure(Strict):
    """A number with the sources that state it: a count or an amount, never below zero."""

    value: Number = Field(ge=0)
    """The number as the sources give it, in the unit the field name states."""
    qualifier: Literal["", "about", "over", "nearly"] = ""
    """How the sources qualify the number: `about`, `over`, `nearly`, or empty when exact."""
    sources: list[str] = Field(min_length=1)
    """Keys of the sources that give this number (at least one)."""
    note: str | None = None
    """What exactly is counted, when that needs saying (e.g. `business exhibition only`)."""
    counts: str | None = None
    """What this figure counts when that differs from what the field counts in other editions, e.g.
    `countries and regions in the business exhibition only`; said wherever the figures are compared."""


class Keynote(Strict):
    """Who opened an edition, and how."""

    speaker: str
    """Name of the speaker, e.g. `Xi Jinping`."""
    role: str
    """Office held at the time, e.g. `President`."""
    delivery: Literal["in person", "by video", "letter"] | None = None
    """How the keynote was given; leave it out when no source says."""
    note: str | None = None
    """Anything a reader needs besides, e.g. `Xi Jinping sent a letter`."""
    sources: list[str] = Field(default_factory=list)
    """Keys of the sources for the keynote."""


class Edition(Strict):
    """One edition of the event, with its checked figures. Leave out what no source gives."""

    number: int = Field(ge=1)
    """Ordinal of the edition: 1 for the first."""
    year: int
    """Year it was held."""
    dates: str
    """Dates as shown to readers, e.g. `5–10 November`."""
    dates_sources: list[str] = Field(default_factory=list)
    """Keys of the sources for the dates."""
    participants: Figure | None = None
    """Countries, regions and international organisations taking part."""
    exhibitors: Figure | None = None
    """Exhibiting companies."""
    exhibitor_origins: Figure | None = None
    """Countries and regions the exhibiting companies came from."""
    area_sqm: Figure | None = None
    """Exhibition area in square metres."""
    deals_usd_bn: Figure | None = None
    """Intended one-year deals, in billions of US dollars."""
    visitors: Figure | None = None
    """Visitors or buyers; say in `note` which count the sources give."""
    new_products: Figure | None = None
    """New products, technologies and services shown."""
    keynote: Keynote | None = None
    """Who gave the opening keynote."""
    pledges: list[Point] = Field(default_factory=list)
    """What was announced or pledged at the opening ceremony."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Your own fields for your own templates; never checked."""


class Event(Strict):
    """The event the briefing is about."""

    name: str
    """Full name in the briefing's language."""
    short_name: str
    """Abbreviation used in running text, e.g. `CIIE`."""
    native_name: str | None = None
    """Name in the host country's language, e.g. `中国国际进口博览会`."""
    venue: str | None = None
    """Where it is held."""
    organisers: list[str] = Field(default_factory=list)
    """Who organises it."""


class Briefing(BriefingBase):
    """The CIIE briefing of the default pack: what its deck and report are made from."""

    event: Event | None = None
    """The event the briefing covers."""
    takeaways: list[Point] = Field(default_factory=list)
    """What the reader should remember, in three to five sentences."""
    purpose: list[Point] = Field(default_factory=list)
    """What the event is and what it is for."""
    quotes: list[Quote] = Field(default_factory=list)
    """Quotations worth showing."""
    context: list[Point] = Field(default_factory=list)
    """The wider context: anniversaries, plans, policies."""
    outlook: list[Point] = Field(default_factory=list)
    """What to watch next."""
    editions: list[Edition] = Field(default_factory=list)
    """The editions, first to latest."""


@dataclass
class LoadedContent:
    """The validated briefing, and where each of its keys came from (for later error messages)."""

    briefing: BriefingBase  # the pack's content model; the default pack's is `Briefing`
    documents: dict[str, YAMLDocument]  # top-level key → the file that defined it


def content_files(content_dir: Path) -> list[Path]:
    return sorted([*content_dir.glob("*.yaml"), *content_dir.glob("*.yml")])


def load_content(content_dir: Path, project_dir: Path, problems: Problems,
                 model: type[BriefingBase] | None = None) -> LoadedContent | None:
    """Read every content file, merge their top-level keys, validate against ``model`` (the pack's
    declared content; by default the CIIE briefing's); collect all problems."""
    model = model or Briefing
    files = content_files(content_dir)
    if not files:
        problems.error(
            display_path(content_dir, project_dir), None, None,
            "no content files found; add YAML files such as content/briefing.yaml",
        )
        return None
    merged: dict[str, Any] = {}
    owner: dict[str, YAMLDocument] = {}
    for file in files:
        doc = load_yaml(file, display_path(file, project_dir), problems)
        if doc is None:
            continue
        if doc.data is None:
            continue  # an empty file contributes nothing
        if not isinstance(doc.data, dict):
            problems.error(doc.path, 1, 1, "a content file must be a mapping of fields (key: value)")
            continue
        for key, value in doc.data.items():
            if key in owner:
                line, col = doc.position((key,))
                first = owner[key]
                problems.error(
                    doc.path, line, col,
                    f"'{key}' is already defined in {first.path}:{first.position((key,))[0]}; "
                    "define each top-level field in one file",
                )
                continue
            merged[key] = value
            owner[key] = doc
    if problems.errors:
        # Schema errors on a partial merge would only confuse; syntax comes first.
        return None

    # Validate per file so that each error names the file that holds the field.
    ok = True
    for path_doc in {id(d): d for d in owner.values()}.values():
        part = {k: v for k, v in merged.items() if owner[k] is path_doc}
        fields = model.model_fields
        sub = YAMLDocument(path_doc.path, part, path_doc.positions)
        for key in part:
            if key not in fields:
                line, col = sub.position((key,))
                known = ", ".join(fields)
                problems.error(sub.path, line, col, f"{key}: unknown field; known fields are {known} "
                               "(put your own under 'extra')")
                ok = False
        for key in fields:
            if key not in part:
                continue
            single = _field_model(model, key)
            if validate(YAMLDocument(sub.path, {key: part[key]}, sub.positions), single, problems) is None:
                ok = False
    missing = [k for k, f in model.model_fields.items() if f.is_required() and k not in merged]
    for key in missing:
        problems.error(
            display_path(content_dir, project_dir), None, None,
            f"required field '{key}' is missing from every content file; add it to content/briefing.yaml",
        )
        ok = False
    # Citations are checked on the data as written, so that they are reported in the same run as
    # any schema error.
    _check_references(merged, owner, problems)
    if not ok:
        return None
    briefing = model.model_validate(merged)
    if isinstance(briefing, Briefing):
        _check_editions(briefing, owner, problems)
    if problems.errors:
        return None
    return LoadedContent(briefing=briefing, documents=owner)


_single_models: dict[tuple[type[BaseModel], str], type[BaseModel]] = {}


def _field_model(model: type[BaseModel], key: str) -> type[BaseModel]:
    """A one-field model, so that each top-level key is validated against its own file."""
    from pydantic import create_model

    if (model, key) not in _single_models:
        info = model.model_fields[key]
        _single_models[(model, key)] = create_model(  # type: ignore[call-overload]
            f"Briefing_{key}", __config__=ConfigDict(extra="forbid"), **{key: (info.annotation, info)}
        )
    return _single_models[(model, key)]


def _walk_citations(node: Any, key: Key) -> list[tuple[Key, str]]:
    """Every source key cited anywhere below ``node``, with where it is cited."""
    found: list[tuple[Key, str]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("sources", "dates_sources") and isinstance(v, list) and key != ():
                found += [((*key, k, i), s) for i, s in enumerate(v) if isinstance(s, str)]
            elif k != "extra":
                found += _walk_citations(v, (*key, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _walk_citations(v, (*key, i))
    return found


def _check_references(merged: dict[str, Any], owner: dict[str, YAMLDocument], problems: Problems) -> None:
    raw = merged.get("sources")
    raw_sources: list[Any] = raw if isinstance(raw, list) else []
    keys = [s.get("key") if isinstance(s, dict) else None for s in raw_sources]
    known = {k for k in keys if isinstance(k, str)}
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if not isinstance(key, str):
            continue
        if key in seen:
            doc = owner["sources"]
            line, col = doc.position(("sources", i))
            first = doc.position(("sources", seen[key]))[0]
            problems.error(doc.path, line, col, f"source key '{key}' is already used at line {first}; "
                           "keys must be unique")
        seen.setdefault(key, i)
    for top, value in merged.items():
        if top == "sources":
            continue
        for where, cited in _walk_citations(value, (top,)):
            if cited not in known:
                doc = owner[top]
                line, col = doc.position(where)
                hint = f"; known keys: {', '.join(sorted(known))}" if known else "; add it under 'sources'"
                problems.error(doc.path, line, col, f"cites source '{cited}', which is not in the sources list{hint}")


def _check_editions(briefing: Briefing, owner: dict[str, YAMLDocument], problems: Problems) -> None:
    numbers = [e.number for e in briefing.editions]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        doc = owner["editions"]
        line, col = doc.position(("editions",))
        problems.error(doc.path, line, col,
                       f"editions must be listed once each, first to latest; got numbers {numbers}")

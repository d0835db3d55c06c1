"""Load stage: the content files of a briefing, validated against the pack's content model.

Every ``content/*.yaml`` file contributes top-level keys to one briefing; the merged mapping is
validated against the model the pack declares (:mod:`generator.packs`, built from
:mod:`generator.blocks`). All files are read and every problem is collected before the build goes
on, so an author fixes everything in one pass; each error names the file that holds the field.
Nothing here knows one briefing's topic: each pack declares its model (:mod:`generator.packs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .blocks import BriefingBase
from .errors import Problems, display_path
from .yamlfile import Key, YAMLDocument, load_yaml, validate


@dataclass
class LoadedContent:
    """The validated briefing, and where each of its keys came from (for later error messages)."""

    briefing: BriefingBase  # an instance of the pack's content model
    documents: dict[str, YAMLDocument]  # top-level key → the file that defined it


def content_files(content_dir: Path) -> list[Path]:
    return sorted([*content_dir.glob("*.yaml"), *content_dir.glob("*.yml")])


def load_files(content_dir: Path, project_dir: Path, problems: Problems,
               model: type[BriefingBase]) -> LoadedContent | None:
    """Read every content file, merge their top-level keys, validate against ``model`` (the pack's
    declared content); collect all problems."""
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
    return LoadedContent(briefing=model.model_validate(merged), documents=owner)


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
            # `sources`, and `dates_sources` or any other `…_sources`, hold cited keys.
            if (k == "sources" or k.endswith("_sources")) and isinstance(v, list) and key != ():
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

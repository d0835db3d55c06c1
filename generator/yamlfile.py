"""YAML files read with their line numbers kept, and validated against a declared schema.

This is the first step of the load stage: content files, ``theme.yaml``, ``briefing.yaml`` and the
YAML bodies of ``chart``/``metrics`` blocks all come through here, so that every syntax or schema
error can be reported as ``path:line:col: where: what is wrong``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import cache
from .errors import Problems

Key = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)


@dataclass
class YAMLDocument:
    """Plain Python data from one YAML text, and where each key and item stood (1-based)."""

    path: str
    data: Any
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0  # for YAML embedded in another file (a fenced block in Markdown)

    def position(self, key: Key) -> tuple[int, int]:
        """The best known position for ``key``: itself, else its nearest located parent."""
        while True:
            if key in self.positions:
                line, col = self.positions[key]
                return line + self.line_offset, col
            if not key:
                return 1 + self.line_offset, 1
            key = key[:-1]


# YAML aliases can make a small file expand without end ("billion laughs"); no content file has
# anywhere near this many values.
MAX_NODES = 200_000


MAX_DEPTH = 64  # mappings and lists inside each other; content needs a handful
MAX_BYTES = 5_000_000  # a content file is text written by people, not a data dump

# Characters that cannot be written into the deck's XML, or that no text should hold: C0 and C1
# controls other than tab and line breaks, and Unicode noncharacters.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff"
                         "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def clean_text(text: str) -> tuple[str, bool]:
    """``text`` without the characters no output can hold, and whether any were removed."""
    cleaned = _UNWRITABLE.sub("", text)
    return cleaned, cleaned != text


def unwritable_at(text: str) -> int | None:
    """The 0-based index of the first character no output can hold, if any."""
    found = _UNWRITABLE.search(text)
    return found.start() if found else None


class _TooLarge(Exception):
    pass


class _Refused(Exception):
    """A YAML feature content must not use; ``key`` locates it."""

    def __init__(self, key: Key, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


@functools.cache
def _constructor() -> Any:
    """The round-trip constructor, except that dates stay text: the schema checks them, at their
    line, so an impossible date such as 2025-02-30 is the user's error, not a crash. (ruamel is
    loaded only when a text is not in the cache.)"""
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        pass

    _Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
    return _Constructor


def _tag(node: Any) -> str | None:
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None)
    return str(value) if value else None


def _plain(node: Any, key: Key, positions: dict[Key, tuple[int, int]], cleaned: list[Key]) -> Any:
    """Strip ruamel's round-trip types, recording the position of every key and item."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if len(positions) > MAX_NODES:
        raise _TooLarge
    if len(key) > MAX_DEPTH:
        raise _Refused(key, f"values are nested more than {MAX_DEPTH} levels deep; flatten the structure")
    if _tag(node) is not None:
        raise _Refused(key, f"the YAML tag '{_tag(node)}' is not allowed in content; write a plain value "
                       "(text, number, date, list or mapping)")
    if isinstance(node, CommentedMap):
        if getattr(node, "merge", None):
            raise _Refused(key, "merge keys ('<<') are not supported; write the keys out in each mapping")
        out: dict[str, Any] = {}
        for k, v in node.items():
            line, col = node.lc.key(k)
            positions[key + (str(k),)] = (line + 1, col + 1)
            out[str(k)] = _plain(v, (*key, str(k)), positions, cleaned)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, v in enumerate(node):
            line, col = node.lc.item(i)
            positions[key + (i,)] = (line + 1, col + 1)
            items.append(_plain(v, (*key, i), positions, cleaned))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        text, changed = clean_text(str(node))
        if changed:
            cleaned.append(key)
        return text
    raise _Refused(key, f"a {type(node).__name__} value is not allowed in content; write text, a number, a date, "
                   "a list or a mapping")


def _flow_depth(text: str) -> int:
    """How deeply ``[`` and ``{`` nest, found before the parser recurses into them."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> YAMLDocument | None:
    """Parse YAML text; a syntax error becomes a located problem and ``None``."""
    if len(text) > MAX_BYTES:
        problems.error(path, 1 + line_offset, 1, f"the YAML is {len(text):,} characters long, more than the "
                       f"{MAX_BYTES:,} a content file may have; split it into several files")
        return None
    if _flow_depth(text) > MAX_DEPTH:
        problems.error(path, 1 + line_offset, 1, f"brackets are nested more than {MAX_DEPTH} levels deep; "
                       "flatten the structure")
        return None
    key = cache.text_key(text)
    found = cache.load("yaml", key)  # parsing with positions is a tenth of a small build
    if isinstance(found, tuple) and len(found) == 3:
        return _document(YAMLDocument(path, found[0], found[1], line_offset), found[2], problems)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        hint = ""
        if "found character '\\t'" in what or "tab" in what:
            hint = "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in what:
            hint = "; a value containing ': ' must be quoted"
        elif "duplicate key" in what:
            hint = "; each key may appear once in a mapping"
        problems.error(path, line, col, f"YAML syntax error: {what}{hint}")
        return None
    except YAMLError as exc:  # errors without a mark are rare; still report them as the user's
        problems.error(path, 1 + line_offset, 1, f"YAML syntax error: {exc}")
        return None
    except RecursionError:
        problems.error(path, 1 + line_offset, 1, "the YAML is nested too deeply to read; flatten the structure")
        return None
    positions: dict[Key, tuple[int, int]] = {}
    cleaned: list[Key] = []
    doc = YAMLDocument(path=path, data=None, positions=positions, line_offset=line_offset)
    try:
        doc.data = _plain(raw, (), positions, cleaned)
    except (_TooLarge, RecursionError):
        problems.error(path, 1 + line_offset, 1, f"the YAML expands to more than {MAX_NODES:,} values (aliases "
                       "that refer to each other?); write the values out instead")
        return None
    except _Refused as exc:
        line, col = doc.position(exc.key)
        where = dotted(exc.key)
        problems.error(path, line, col, f"{where + ': ' if where else ''}{exc.message}")
        return None
    cache.store("yaml", key, (doc.data, positions, cleaned))  # only what parsed: errors are said afresh
    return _document(doc, cleaned, problems)


def _document(doc: YAMLDocument, cleaned: list[Key], problems: Problems) -> YAMLDocument:
    for key in cleaned:
        line, col = doc.position(key)
        problems.warn(doc.path, line, col, f"{dotted(key)}: control characters or Unicode noncharacters were "
                      "removed from the text; no deck or report can show them")
    return doc


def load_yaml(file: Path, display: str, problems: Problems) -> YAMLDocument | None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(display, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
        return None
    except OSError as exc:
        problems.error(display, None, None, f"cannot read the file: {exc.strerror}")
        return None
    return parse_yaml(text, display, problems)


def dotted(key: Key) -> str:
    """``("editions", 3, "deals")`` → ``editions[3].deals``: the way users read a location."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except TypeError:
        return repr(value)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names the schema allows at the mapping holding ``loc`` (for spelling hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``Model``, ``list[Model]`` or ``Model | None``, if any."""
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(err: Any, model: type[BaseModel]) -> str:
    kind = err["type"]
    got = err.get("input")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        wanted = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {wanted}, got {_shown(got)}"
    if kind == "missing":
        return "this field is required but missing"
    if kind == "extra_forbidden":
        known = ", ".join(_fields_at(model, err["loc"]))
        hint = f"; known fields: {known}" if known else ""
        if "extra" in model.model_fields:
            hint += " (your own fields go under 'extra')"
        return f"unknown field; check the spelling{hint}"
    if kind in ("string_type",):
        return f"expected text, got {_shown(got)}"
    if kind in ("list_type",):
        return f"expected a list, got {_shown(got)}"
    if kind == "too_long":
        ctx = err.get("ctx", {})
        return f"expected at most {ctx.get('max_length')} items, got {ctx.get('actual_length')}"
    if kind == "too_short":
        ctx = err.get("ctx", {})
        return f"expected at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        ctx = err.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        words = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
                 "less_than": "less than"}[kind]
        return f"expected a number {words} {bound}, got {_shown(got)}"
    if kind == "finite_number":
        return f"expected a finite number, got {_shown(got)}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"expected a date written as YYYY-MM-DD, got {_shown(got)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_shown(got)}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_shown(got)}"
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg[0].lower() + msg[1:] if msg else msg


def validate(doc: YAMLDocument, model: type[Model], problems: Problems, root: Key = ()) -> Model | None:
    """Validate ``doc.data`` against ``model``; every schema error becomes a located problem."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc: Key = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            # Pydantic puts validator and union names in loc ("function-after[...]"); drop only those.
            loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
            # A missing key has no position of its own: point at the mapping that lacks it.
            line, col = doc.position((*root, *loc))
            where = dotted((*root, *loc)) or "(top level)"
            problems.error(doc.path, line, col, f"{where}: {_message(err, model)}")
        return None

"""What a template pack's templates expect: the content declared in the pack's ``content.yaml``.

A pack is a folder of templates, not Python, so it declares its content as data: each top-level
field of the briefing, the building block it holds (:mod:`generator.blocks`) and a sentence that
says what it is for. A pack whose content has records of its own (the CIIE pack's editions, each
with its figures, keynote and pledges) declares them as ``types`` made of the same blocks. The
declaration becomes a pydantic model here, which the load stage validates the content files
against and ``briefing schema`` prints as JSON Schema. The first ``content.yaml`` on the pack's
search path wins (a project may declare its own in ``templates/``); a pack that declares nothing
has only the fields every briefing has.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, create_model, field_validator

from .blocks import BLOCKS, BriefingBase, Strict
from .contentfiles import LoadedContent, load_files
from .errors import Problems, display_path
from .fielddocs import WithFieldDocstrings
from .templates import TemplatePack
from .yamlfile import YAMLDocument, load_yaml, validate

DECLARATION = "content.yaml"
_TYPE = re.compile(r"^(list of )?([a-z][a-z0-9_]*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class FieldDeclaration(Strict):
    """One field of the content, or of a record type, as a pack declares it."""

    type: str
    """The building block it holds: `text`, `integer`, `number`, `date`, `figure`, `series`,
    `table`, `point`, `quote`, `event`, `section` or `source`, or one of the pack's own `types`;
    `list of point` for a list of them."""
    doc: str = Field(min_length=1)
    """What the field is for, in one sentence: the hint an editor shows."""
    required: bool = False
    """Whether it must be given (for a list: with at least one item)."""
    choices: list[str] | None = Field(default=None, min_length=1)
    """For a `text` field: the only values it may take, e.g. `[in person, by video, letter]`."""
    ordered_by: str | None = None
    """For a list of records: the field whose values must rise from item to item, each given once
    (e.g. `number` for editions listed first to latest)."""

    @field_validator("type")
    @classmethod
    def _type_syntax(cls, value: str) -> str:
        if not _TYPE.match(value.strip()):
            raise ValueError(f"type '{value}' is not a type name; write a block such as 'figure', "
                             "or 'list of' one, e.g. 'list of point'")
        return value.strip()


class TypeDeclaration(Strict):
    """A record of the pack's own, made of blocks: one edition of an event, one project, …"""

    doc: str = Field(min_length=1)
    """What one such record is, in one sentence."""
    fields: dict[str, FieldDeclaration] = Field(min_length=1)
    """Its fields. Every record also takes `extra`, for a project's own templates."""


class Declaration(Strict):
    """A pack's ``content.yaml``: what its templates read from the content."""

    description: str = ""
    """What a briefing made with this pack is."""
    types: dict[str, TypeDeclaration] = Field(default_factory=dict)
    """Records of the pack's own, by name (lower case), usable as a field's type."""
    fields: dict[str, FieldDeclaration]
    """The content's top-level fields, besides those every briefing has (title, date, sources…)."""


def declaration_file(pack: TemplatePack) -> Path | None:
    """The content.yaml that declares the pack's content, or None when it declares none."""
    return pack.find(DECLARATION)


def content_model(pack: TemplatePack, problems: Problems, project_dir: Path | None = None) -> type[BriefingBase] | None:
    """The model content is validated against; problems in the declaration name its lines."""
    file = declaration_file(pack)
    if file is None:
        return BriefingBase
    # Building a model is a good part of a build; a process that builds again (``briefing
    # watch``) makes it once per text of the declaration, when it was made without a word to say.
    try:
        key = (str(file), hashlib.sha256(file.read_bytes()).digest())
    except OSError:  # said by load_yaml, at the file
        key = (str(file), b"")
    if key in _MODELS:
        return _MODELS[key]
    seen = len(problems.items)
    doc = load_yaml(file, display_path(file, project_dir), problems)
    if doc is None:
        return None
    declared = validate(doc, Declaration, problems)
    if declared is None:
        return None
    model = model_from(declared, doc, problems)
    if model is not None and len(problems.items) == seen:
        _MODELS[key] = model
    return model


_MODELS: dict[tuple[str, bytes], type[BriefingBase]] = {}  # by declaration file and a hash of its text


def model_from(declared: Declaration, doc: YAMLDocument, problems: Problems) -> type[BriefingBase] | None:
    records = _record_models(declared, doc, problems)
    if records is None:
        return None
    fields: dict[str, Any] = {}
    for name, spec in declared.fields.items():
        where = ("fields", name)
        if name in BriefingBase.model_fields:
            line, col = doc.position(where)
            problems.error(doc.path, line, col, f"'{name}' is a field every briefing has; "
                           f"declare only others (every briefing has {', '.join(BriefingBase.model_fields)})")
            continue
        field_def = _field(name, spec, records, doc, where, problems)
        if field_def is not None:
            fields[name] = field_def
    if problems.errors:
        return None
    model: type[BriefingBase] = create_model(
        "Briefing", __base__=BriefingBase, __doc__=declared.description or BriefingBase.__doc__, **fields)
    return model


def _record_models(declared: Declaration, doc: YAMLDocument, problems: Problems) -> dict[str, type[BaseModel]] | None:
    """The pack's own record types as models, each built after the types its fields use."""
    records: dict[str, type[BaseModel]] = {}
    pending = dict(declared.types)
    for name in pending:
        if not _NAME.match(name) or name in BLOCKS:
            line, col = doc.position(("types", name))
            taken = (f"'{name}' is a built-in block" if name in BLOCKS
                     else f"'{name}' is not lower case letters, digits and _")
            problems.error(doc.path, line, col, f"type name: {taken}; name your own types otherwise")
    if problems.errors:
        return None
    while pending:
        # A type is built once every type its fields name is built: a loop never becomes ready.
        ready = [n for n, t in pending.items() if not any(_element(f.type) in pending for f in t.fields.values())]
        if not ready:
            names = ", ".join(pending)
            line, col = doc.position(("types", next(iter(pending))))
            problems.error(doc.path, line, col,
                           f"types use each other in a loop ({names}); a record cannot hold itself")
            return None
        for name in ready:
            spec = pending.pop(name)
            fields: dict[str, Any] = {}
            for field_name, field_spec in spec.fields.items():
                where = ("types", name, "fields", field_name)
                field_def = _field(field_name, field_spec, records, doc, where, problems)
                if field_def is not None:
                    fields[field_name] = field_def
            fields.setdefault("extra", (dict[str, Any], Field(default_factory=dict,
                                        description="Your own fields for your own templates; never checked.")))
            records[name] = create_model(_class_name(name), __base__=Strict, __doc__=spec.doc, **fields)
    return None if problems.errors else records


def _field(name: str, spec: FieldDeclaration, records: dict[str, type[BaseModel]], doc: YAMLDocument,
           where: tuple[str, ...], problems: Problems) -> tuple[Any, Any] | None:
    """One declared field as a pydantic field (annotation, default); problems at its line."""
    line, col = doc.position(where)
    if not _NAME.match(name):
        problems.error(doc.path, line, col, f"'{name}': a field name is lower case letters, digits and _")
        return None
    element = _element(spec.type)
    is_list = spec.type.startswith("list of ")
    block: Any = records.get(element) or BLOCKS.get(element)
    if block is None:
        own = f", or one of this pack's types ({', '.join(records)})" if records else ""
        problems.error(doc.path, *doc.position((*where, "type")),
                       f"{'.'.join(where)}.type: unknown type '{spec.type}'; use one of "
                       f"{', '.join(BLOCKS)}{own}, or 'list of' one of them")
        return None
    if spec.choices is not None:
        if element != "text":
            problems.error(doc.path, *doc.position((*where, "choices")), "choices are for a 'text' field")
            return None
        block = Literal[tuple(spec.choices)]
    if spec.ordered_by is not None:
        model_fields = getattr(block, "model_fields", {})
        if not is_list or spec.ordered_by not in model_fields:
            problems.error(doc.path, *doc.position((*where, "ordered_by")),
                           f"ordered_by names a field of the records in a list; '{spec.type}' has "
                           f"{', '.join(f for f in model_fields if f != 'extra') or 'none'}")
            return None
    if is_list:
        annotation: Any = list[block]
        if spec.ordered_by is not None:
            annotation = Annotated[annotation, AfterValidator(_rising(spec.ordered_by))]
        if spec.required:
            return annotation, Field(min_length=1, description=spec.doc)
        return annotation, Field(default_factory=list, description=spec.doc)
    if spec.required:
        return block, Field(..., description=spec.doc)
    return block | None, Field(None, description=spec.doc)


def _element(type_name: str) -> str:
    return type_name.removeprefix("list of ").strip()


def _class_name(name: str) -> str:
    # `edition` → `Edition`: the name JSON Schema shows editors for the record.
    return "".join(part.capitalize() for part in name.split("_"))


def _rising(key: str) -> Any:
    def check(items: list[Any]) -> list[Any]:
        values = [getattr(item, key) for item in items]
        present = [v for v in values if v is not None]
        if present != sorted(present) or len(set(present)) != len(present):
            raise ValueError(f"list each item once, in rising order of '{key}'; got {key}s {present}")
        return items
    return check


def schema_of(model: type[BaseModel], *, content: bool = False) -> dict[str, Any]:
    """The JSON Schema editors read, every key included.

    For ``content``, each file of ``content/`` holds part of the briefing (the CIIE project keeps
    its editions apart from its sources), so no top-level field is required in one file: an
    editor would flag every file but the one with the title. The build checks them across files."""
    data = model.model_json_schema(schema_generator=WithFieldDocstrings)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if content and data.pop("required", None):
        required = [n for n, f in model.model_fields.items() if f.is_required()]
        data["description"] = (data.get("description", "").rstrip() + " The content may be split over several "
                               f"files; {' and '.join(required)} must be given in one of them.").strip()
    return data


def project_content_model(target: Path) -> type[BriefingBase]:
    """The content model of the project in ``target``: its pack's declaration (``briefing schema``)."""
    from .settings import load_settings

    problems = Problems()
    settings = load_settings(target, problems)
    problems.raise_if_errors()
    assert settings is not None
    model = content_model(settings.pack, problems, settings.project_dir)
    problems.raise_if_errors()
    assert model is not None
    return model


def load_project_content(project_dir: Path, problems: Problems) -> LoadedContent | None:
    """The content of the project in ``project_dir``, checked against its pack's model."""
    from .settings import load_settings

    settings = load_settings(project_dir, problems)
    if settings is None:
        return None
    model = content_model(settings.pack, problems, settings.project_dir)
    if model is None:
        return None
    return load_files(settings.project_dir / settings.config.content, settings.project_dir, problems, model)

"""What a template pack's templates expect: the content declared in the pack's ``content.yaml``.

A pack is a folder of templates, not Python, so it declares its content as data: each top-level
field of the briefing, the building block it holds (:mod:`generator.blocks`) and a sentence that
says what it is for. The declaration becomes a pydantic model here, which the load stage
validates the content files against and ``briefing schema`` prints as JSON Schema. The first
``content.yaml`` on the pack's search path wins (a project may declare its own in ``templates/``);
a pack that declares nothing, like the default CIIE pack, uses the built-in CIIE model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, create_model, field_validator

from .blocks import BLOCKS, BriefingBase, Strict
from .content import Briefing
from .errors import Problems, display_path
from .templates import TemplatePack
from .yamlfile import YAMLDocument, load_yaml, validate

DECLARATION = "content.yaml"
_TYPE = re.compile(r"^(list of )?([a-z]+)$")


class FieldDeclaration(Strict):
    """One top-level field of the content, as a pack declares it."""

    type: str
    """The building block it holds: `text`, `number`, `date`, `figure`, `series`, `table`, `point`,
    `quote`, `event`, `section` or `source`; `list of point` for a list of them."""
    doc: str = Field(min_length=1)
    """What the field is for, in one sentence: the hint an editor shows."""
    required: bool = False
    """Whether every briefing must give it."""

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        match = _TYPE.match(value.strip())
        if not match or match.group(2) not in BLOCKS:
            raise ValueError(f"unknown type '{value}'; use one of {', '.join(BLOCKS)}, or 'list of' one of them")
        return value.strip()


class Declaration(Strict):
    """A pack's ``content.yaml``: what its templates read from the content."""

    description: str = ""
    """What a briefing made with this pack is."""
    fields: dict[str, FieldDeclaration]
    """The content's top-level fields, besides those every briefing has (title, date, sources…)."""


def declaration_file(pack: TemplatePack) -> Path | None:
    """The content.yaml that declares the pack's content, or None for the built-in CIIE model."""
    return pack.find(DECLARATION)


def content_model(pack: TemplatePack, problems: Problems, project_dir: Path | None = None) -> type[BriefingBase] | None:
    """The model content is validated against; problems in the declaration name its lines."""
    file = declaration_file(pack)
    if file is None:
        return Briefing
    doc = load_yaml(file, display_path(file, project_dir), problems)
    if doc is None:
        return None
    declared = validate(doc, Declaration, problems)
    if declared is None:
        return None
    return model_from(declared, doc, problems)


def model_from(declared: Declaration, doc: YAMLDocument, problems: Problems) -> type[BriefingBase] | None:
    fields: dict[str, Any] = {}
    for name, spec in declared.fields.items():
        if name in BriefingBase.model_fields:
            line, col = doc.position(("fields", name))
            problems.error(doc.path, line, col, f"'{name}' is a field every briefing has; "
                           f"declare only others (every briefing has {', '.join(BriefingBase.model_fields)})")
            continue
        if not re.match(r"^[a-z][a-z0-9_]*$", name):
            line, col = doc.position(("fields", name))
            problems.error(doc.path, line, col, f"'{name}': a field name is lower case letters, digits and _")
            continue
        match = _TYPE.match(spec.type)
        assert match is not None  # checked by FieldDeclaration
        block: Any = BLOCKS[match.group(2)]
        if match.group(1):
            annotation: Any = list[block]
            default: Any = Field(default_factory=list, description=spec.doc)
        else:
            annotation = block if spec.required else block | None
            default = Field(... if spec.required else None, description=spec.doc)
        if spec.required and match.group(1):
            default = Field(min_length=1, description=spec.doc)
        fields[name] = (annotation, default)
    if problems.errors:
        return None
    model: type[BriefingBase] = create_model(
        "Briefing", __base__=BriefingBase, __doc__=declared.description or BriefingBase.__doc__, **fields)
    return model


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema editors read, every key included."""
    data = model.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
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

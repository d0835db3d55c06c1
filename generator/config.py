"""The project's settings: ``briefing.yaml`` in the project folder, optional, validated like content.

Command-line flags override these values; a project without the file gets the defaults, which
build the briefing from ``content/`` with the built-in pack into ``output/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .errors import Problems, display_path
from .yamlfile import load_yaml, validate

CONFIG_FILE = "briefing.yaml"


def _format_names() -> list[str]:
    from .renderers import format_names  # the registry: formats are data, not a list kept here

    return format_names()


def _formats_schema(schema: dict[str, Any]) -> None:
    schema["items"] = {"enum": _format_names()}


def _known_format(name: str) -> str:
    known = _format_names()
    if name not in known:
        raise ValueError(f"unknown format '{name}'; choose from {', '.join(known)}")
    return name


FormatName = Annotated[str, AfterValidator(_known_format)]


class ProjectConfig(BaseModel):
    """Settings of a briefing project (`briefing.yaml`)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="briefing", pattern=r"^[\w.-]+$")
    """File name (without extension) of the outputs, e.g. `ciie-briefing`."""
    pack: str = Field(default="brief", pattern=r"^[A-Za-z0-9_][\w.-]*$")
    """Template pack: the name of a folder in the project's `templates/` or of a built-in pack
    (`brief` for any topic, `ciie` for the CIIE briefing)."""
    content: str = "content"
    """Folder of the content YAML files, relative to the project."""
    output: str = "output"
    """Folder the deck and report are written to."""
    formats: list[FormatName] = Field(default_factory=list, json_schema_extra=_formats_schema)
    """Which outputs `briefing build` writes, e.g. `[pptx, pdf]` (left out: the deck and the report)."""
    page_size: Literal["A4", "Letter"] | None = None
    """Paper size of the report; overrides the theme."""


    @field_validator("formats")
    @classmethod
    def _some_format(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(f"formats names no output; leave it out or choose from {', '.join(_format_names())}")
        return value


def load_config(project_dir: Path, problems: Problems) -> ProjectConfig:
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        return ProjectConfig()
    doc = load_yaml(path, display_path(path, project_dir), problems)
    if doc is None or doc.data is None:
        return ProjectConfig()
    if not isinstance(doc.data, dict):
        problems.error(doc.path, 1, 1, "briefing.yaml must be a mapping such as 'name: my-briefing'")
        return ProjectConfig()
    return validate(doc, ProjectConfig, problems) or ProjectConfig()

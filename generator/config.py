"""The project's settings: ``briefing.yaml`` in the project folder, optional, validated like content.

Command-line flags override these values; a project without the file gets the defaults, which
build the briefing from ``content/`` with the built-in pack into ``output/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import Problems, display_path
from .yamlfile import load_yaml, validate

CONFIG_FILE = "briefing.yaml"
_ALL_FORMATS: tuple[Literal["pptx", "pdf"], ...] = ("pptx", "pdf")
FORMATS = ("pptx", "pdf")


class ProjectConfig(BaseModel):
    """Settings of a briefing project (`briefing.yaml`)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    name: str = Field(default="briefing", pattern=r"^[\w.-]+$")
    """File name (without extension) of the outputs, e.g. `ciie-briefing`."""
    pack: str = Field(default="default", pattern=r"^[A-Za-z0-9_][\w.-]*$")
    """Template pack: the name of a folder in the project's `templates/` or of a built-in pack."""
    content: str = "content"
    """Folder of the content YAML files, relative to the project."""
    output: str = "output"
    """Folder the deck and report are written to."""
    formats: list[Literal["pptx", "pdf"]] = Field(default_factory=lambda: list(_ALL_FORMATS))
    """Which outputs `briefing build` writes."""
    page_size: Literal["A4", "Letter"] | None = None
    """Paper size of the report; overrides the theme."""


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

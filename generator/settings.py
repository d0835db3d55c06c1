"""Settings, resolved once: the project file, its template pack and theme, the command line.

Every later stage reads one :class:`Settings` and never looks at flags or files for them again,
as MkDocs' ``load_config`` does. Precedence, highest first: the command line (or the keyword
arguments of :func:`generator.build`), ``briefing.yaml``, the theme, the built-in defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ProjectConfig, load_config
from .errors import Problems, UsageError, display_path
from .renderers import format_names, renderer_for
from .renderers import formats as registered_formats
from .templates import DEFAULT_PACK, TemplatePack, builtin_packs_dir, resolve_pack

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Settings:
    """Everything a build is told, resolved once."""

    project_dir: Path  # the folder relative paths are read from
    markdown: Path | None  # the hand-written deck, when the target is a Markdown file
    config: ProjectConfig
    pack: TemplatePack
    out_dir: Path
    name: str  # the outputs' file name, without its suffix
    formats: tuple[str, ...]  # in the registry's order
    page_size: str  # "A4" | "Letter"
    master: Path | None = None  # --master: the master to build the deck on, whatever the theme names
    slide_level: int | None = None  # --slide-level: overrides the deck's own (pandoc's option)
    incremental: bool = False  # -i: every list builds item by item (pandoc's option)


def check_formats(names: list[str] | None) -> None:
    """Formats asked for on the command line or in a script must exist (a usage error if not)."""
    known = format_names()
    if names is not None and not names:
        raise UsageError(f"--format names no output; choose from {', '.join(known)}")
    for name in names or []:
        if name not in known:
            raise UsageError(f"unknown format '{name}'; choose from {', '.join(known)}")


def load_settings(target: Path, problems: Problems, *, out_dir: Path | None = None,
                  formats: list[str] | None = None, page_size: str | None = None,
                  slide_level: int | None = None, incremental: bool = False) -> Settings | None:
    """Resolve the settings of a build of ``target`` (a project folder or a Markdown file).

    Problems in ``briefing.yaml`` or the theme go into ``problems``; None is returned when the
    pack could not be resolved. A target that is neither a folder nor a Markdown file is a usage
    error.
    """
    check_formats(formats)
    markdown: Path | None = None
    if target.is_file() or target.suffix.lower() in MARKDOWN_SUFFIXES:
        if target.suffix.lower() not in (*MARKDOWN_SUFFIXES, ".txt"):
            raise UsageError(f"{target} is not a Markdown file; give a project folder or a .md file")
        if not target.is_file():
            raise UsageError(f"{target}: no such file")
        markdown = target
        project_dir = target.resolve().parent
    elif target.is_dir():
        project_dir = target
    else:
        raise UsageError(f"{target} is neither a project folder nor a Markdown file")
    has_config = markdown is None or (project_dir / "briefing.yaml").is_file()
    # A Markdown deck brings its own text: only the base look (theme and master) applies to it.
    config = load_config(project_dir, problems) if has_config else ProjectConfig(pack=DEFAULT_PACK)
    pack = resolve_pack(project_dir, config.pack, problems)
    if pack is None:
        return None
    if formats or (markdown is None and config.formats):
        wanted = list(formats or config.formats)
    else:
        wanted = [name for name, cls in registered_formats().items() if cls.default]
    known = {name: renderer_for(name) for name in format_names() if name in wanted}  # only those asked for
    if markdown is not None:
        out = out_dir or project_dir
        name = markdown.stem
    else:
        out = out_dir or project_dir / config.output
        name = config.name
        _check_pack_has_templates(project_dir, pack, [known[f] for f in known if f in wanted], problems)
    return Settings(
        project_dir=project_dir, markdown=markdown, config=config, pack=pack, out_dir=out, name=name,
        formats=tuple(f for f in known if f in wanted),
        page_size=page_size or config.page_size or pack.theme.report.page_size, slide_level=slide_level,
        incremental=incremental,
    )


def _check_pack_has_templates(project_dir: Path, pack: TemplatePack, formats: list[Any], problems: Problems) -> None:
    """A project's pack must have a template for each format asked for; the base pack has none.

    Said at the ``pack:`` line, naming the packs that do, since the template's own "not found"
    would not tell the user that the pack they named is the wrong one."""
    templates = sorted({f.template for f in formats if getattr(f, "template", None)})
    missing = [t for t in templates if pack.find(t) is None]
    if not missing:
        return
    builtin = builtin_packs_dir()
    usable = sorted(p.parent.name for p in builtin.glob("*/deck.md.j2"))
    config = project_dir / "briefing.yaml"
    line = None
    if config.is_file():
        for number, text in enumerate(config.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if text.startswith("pack:"):
                line = number
    what = ("is the base look the other packs extend and has no templates of its own"
            if pack.name == DEFAULT_PACK else f"has no {' or '.join(missing)}")
    where = display_path(config, project_dir) if config.is_file() else "briefing.yaml"
    problems.error(where, line, 1 if line else None,
                   f"pack '{pack.name}' {what}; name one that has them ({', '.join(usable)}), or write "
                   f"{' and '.join('templates/' + t for t in missing)} in the project")

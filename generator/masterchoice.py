"""The master and theme a hand-written deck names: front matter ``master:``/``theme:``, or ``--master``.

Run by the pipeline after a Markdown deck is parsed and before its outputs are planned. A project
names its master in ``theme.yaml``; a single Markdown file may instead name one in its front
matter (a path relative to the file, or a file on the template search path), and pick a template
pack as its theme; ``--master`` on the command line wins over both. The choice is folded into the
:class:`~generator.templates.TemplatePack`, so the deck finds the file the usual way and a master
that is missing or unreadable is reported at the line that named it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .document import Document
from .errors import Problems
from .templates import TemplatePack, inside, pack_exists, pack_names, resolve_pack
from .yamlfile import YAMLDocument


def _line_of(text: str, key: str) -> tuple[int | None, int | None]:
    """Where the front matter sets ``key`` (its first lines, up to the closing ``---``)."""
    lines = text.splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if re.match(rf"{key}\s*:", line):
            return number, 1
    return None, None


def with_front_matter(pack: TemplatePack, project_dir: Path, doc: Document, text: str, problems: Problems,
                      *, master_given: bool = False) -> TemplatePack:
    """``pack`` with the theme and master a deck's front matter names (``--master`` wins)."""
    theme_name = doc.meta.extra.get("theme")
    if isinstance(theme_name, str) and theme_name.strip():
        name = theme_name.strip()
        if pack_exists(project_dir, name):
            pack = resolve_pack(project_dir, name, problems) or pack
        else:
            # pandoc's and Quarto's decks name beamer or reveal.js themes here (`theme: metropolis`):
            # those do not exist for a PowerPoint deck, which is no reason to refuse the deck.
            line, col = _line_of(text, "theme")
            hint = f"write 'master: {name}' to build on that PowerPoint file" \
                if name.lower().endswith((".pptx", ".potx")) else "name one of them to use another"
            problems.warn(doc.path, line, col, f"theme '{name}' is not a template pack of this project or of "
                          f"the tool, so the deck uses the '{pack.name}' pack; the packs are: "
                          f"{', '.join(pack_names(project_dir))}; {hint}")
    elif "theme" in doc.meta.extra:
        line, col = _line_of(text, "theme")
        problems.warn(doc.path, line, col, f"theme should name a template pack (such as 'theme: {pack.name}'), "
                      f"not {_what(theme_name)}, so the deck uses the '{pack.name}' pack; colours and fonts go in "
                      "templates/theme.yaml")
    named = doc.meta.extra.get("master")
    if master_given or not isinstance(named, str) or not named.strip():
        return pack
    line, col = _line_of(text, "master")
    file = project_dir / named.strip()
    if file.exists() and not inside(file, [project_dir, *pack.roots]):
        problems.error(doc.path, line, col, f"master '{named.strip()}' is outside the project; copy it beside "
                       "the deck, or name it with --master")
        return pack
    return with_master(pack, file, doc.path, line, col)


def _what(value: object) -> str:
    """A YAML value as a person would name its kind."""
    if isinstance(value, dict):
        return "a group of settings"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes or no"
    if isinstance(value, int | float):
        return f"the number {value}"
    return "nothing" if value is None or not str(value).strip() else f"'{value}'"


def with_master(pack: TemplatePack, file: Path, where: str, line: int | None = None,
                col: int | None = None, *, given: bool = False) -> TemplatePack:
    """``pack`` building on the master ``file`` (found beside it, else on the search path).

    A master ``given`` on the command line may lie anywhere, as the deck named there may: the user
    chose that file. One named in a file must lie inside the project like everything else.
    """
    path = file.resolve() if file.is_file() else file
    search = [path.parent, *pack.search_path] if path.is_file() else list(pack.search_path)
    theme = pack.theme.model_copy(update={"deck": pack.theme.deck.model_copy(update={"master": path.name})})
    position = YAMLDocument(where, {"deck": {"master": path.name}},
                            {("deck", "master"): (line, col or 1)} if line is not None else {})
    roots = [*pack.roots, path.parent] if given and path.is_file() else pack.roots
    return replace(pack, theme=theme, search_path=search, theme_docs=[*pack.theme_docs, position], roots=roots)

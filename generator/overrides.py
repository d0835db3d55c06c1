"""Template overrides checked: a block that the parent template does not have is an error.

A project replaces one slide by extending the pack's template and filling one of its blocks. Jinja2
drops a block the parent never shows without a word, so a misspelt block name would make its
slide vanish from a build that succeeds; this check names the line and the blocks that exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from . import cache
from .errors import Problems, display_path


@dataclass(frozen=True)
class _Outline:
    """What the check needs of a template: the template it extends, its blocks (all, and those at
    its top level with their lines)."""

    parent: str | None
    blocks: frozenset[str]
    top: tuple[tuple[str, int], ...]


_OUTLINES: dict[str, _Outline] = {}  # by source: `briefing watch` checks the same templates each build


def _outline(env: jinja2.Environment, source: str) -> _Outline:
    """A template's outline, parsed once per source text (kept on disk too: Jinja2's parser is
    slow beside the rest of a small build)."""
    key = cache.text_key(source)
    found = _OUTLINES.get(key) or cache.load("outlines", key)
    if isinstance(found, _Outline):
        _OUTLINES[key] = found
        return found
    tree = env.parse(source)
    parent = tree.find(nodes.Extends)
    outline = _Outline(
        str(parent.template.value) if parent is not None and isinstance(parent.template, nodes.Const) else None,
        frozenset(block.name for block in tree.find_all(nodes.Block)),
        tuple((block.name, block.lineno) for block in tree.body if isinstance(block, nodes.Block)))
    _OUTLINES[key] = outline
    cache.store("outlines", key, outline)
    return outline


def _blocks_of(env: jinja2.Environment, name: str, seen: set[str]) -> set[str]:
    """Every block a template and the templates it extends define."""
    if name in seen:  # an extends loop; Jinja2 reports it when it renders
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    outline = _outline(env, source)
    found = set(outline.blocks)
    if outline.parent is not None:
        found |= _blocks_of(env, outline.parent, seen)
    return found


def check_overrides(env: jinja2.Environment, name: str, project_dir: Path, problems: Problems) -> bool:
    """Whether every block ``name`` fills exists in the template it extends (problems say where)."""
    if env.loader is None:
        return True
    source, filename, _ = env.loader.get_source(env, name)
    outline = _outline(env, source)
    if outline.parent is None:
        return True
    parent_name = outline.parent
    try:
        known = _blocks_of(env, parent_name, {name})
    except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
        return True  # reported where the template is rendered
    ok = True
    for block_name, lineno in outline.top:
        if block_name not in known:
            shown = display_path(filename or name, project_dir)
            line = source.splitlines()[lineno - 1] if lineno <= len(source.splitlines()) else ""
            col = line.find(block_name) + 1 or None  # Jinja2 keeps lines only; the name is on its line
            problems.error(shown, lineno, col,
                           f"block '{block_name}' is not in {parent_name}, so its content would never be "
                           f"shown; the blocks there are {', '.join(sorted(known)) or 'none'}")
            ok = False
    return ok

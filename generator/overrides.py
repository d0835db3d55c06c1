"""Template overrides checked: a block that the parent template does not have is an error.

A project replaces one slide by extending the pack's template and filling one of its blocks. Jinja2
drops a block the parent never shows without a word, so a misspelt block name would make its
slide vanish from a build that succeeds; this check names the line and the blocks that exist.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import nodes

from .errors import Problems, display_path


def _blocks_of(env: jinja2.Environment, name: str, seen: set[str]) -> set[str]:
    """Every block a template and the templates it extends define."""
    if name in seen:  # an extends loop; Jinja2 reports it when it renders
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    tree = env.parse(source)
    found = {block.name for block in tree.find_all(nodes.Block)}
    parent = tree.find(nodes.Extends)
    if parent is not None and isinstance(parent.template, nodes.Const):
        found |= _blocks_of(env, str(parent.template.value), seen)
    return found


def check_overrides(env: jinja2.Environment, name: str, project_dir: Path, problems: Problems) -> bool:
    """Whether every block ``name`` fills exists in the template it extends (problems say where)."""
    if env.loader is None:
        return True
    source, filename, _ = env.loader.get_source(env, name)
    tree = env.parse(source)
    parent = tree.find(nodes.Extends)
    if parent is None or not isinstance(parent.template, nodes.Const):
        return True
    parent_name = str(parent.template.value)
    try:
        known = _blocks_of(env, parent_name, {name})
    except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
        return True  # reported where the template is rendered
    ok = True
    for block in tree.body:
        if isinstance(block, nodes.Block) and block.name not in known:
            shown = display_path(filename or name, project_dir)
            line = source.splitlines()[block.lineno - 1] if block.lineno <= len(source.splitlines()) else ""
            col = line.find(block.name) + 1 or None  # Jinja2 keeps lines only; the name is on its line
            problems.error(shown, block.lineno, col,
                           f"block '{block.name}' is not in {parent_name}, so its content would never be "
                           f"shown; the blocks there are {', '.join(sorted(known)) or 'none'}")
            ok = False
    return ok

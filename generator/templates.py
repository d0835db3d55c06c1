"""Template stage: content → Markdown text, through the template pack's Jinja2 templates.

Search path, first hit wins: the project's own ``templates/`` folder → the pack it names (in the
project's ``templates/<pack>/`` or among the built-in packs) → that pack's parents → the built-in
``default`` pack. A template may also name a pack explicitly, ``{% extends "default/deck.md.j2" %}``,
which is how a project overrides one block (one slide) without copying the rest.

Templates run in Jinja2's sandbox with strict undefined names. Every value a template prints is
escaped for Markdown, so content can never change the document's structure: a title holding
``#``, ``---``, ``:::`` or a newline stays one title. Templates mark text as Markdown on purpose
with the ``md`` filter.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .cache import template_cache
from .errors import Problems, display_path
from .template_errors import (
    MAX_TEMPLATE_CHARS,
    TemplateUnreadable,
    compile_problem,
    template_frame,
    undefined_message,
)
from .theme import Theme, deep_merge
from .yamlfile import YAMLDocument, load_yaml, validate

DEFAULT_PACK = "default"


@functools.cache  # where the tool is installed does not change while it runs
def builtin_packs_dir() -> Path:
    """Where the built-in packs are: inside the installed package, or the repo's ``templates/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "packs", here.parent / "templates"):
        if (candidate / DEFAULT_PACK / "theme.yaml").is_file():
            return candidate
    return here.parent / "templates"


class MarkdownText(Markup):
    """Text that is already Markdown: printed as it is, not escaped.

    It is a :class:`markupsafe.Markup`, so Jinja2's autoescape machinery treats macro results and
    ``md``-filtered values as safe; everything else passes through :func:`escape_markdown`.
    """


# Every ASCII punctuation mark that can start or end Markdown structure. CommonMark lets any
# ASCII punctuation be backslash-escaped, so escaping more than strictly needed is harmless.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:=&^$\"])")


def escape_markdown(value: Any) -> str:
    """Text from content, made safe to print anywhere in a Markdown line."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Newlines and runs of white space become one space: a value can never start a new line.
    text = re.sub(r"\s+", " ", str(value))
    return _SPECIAL.sub(r"\\\1", text)


def format_number(value: Any, decimals: int | None = None) -> str:
    """``3617.0`` → ``3,617``; ``57.83`` → ``57.83``; thousands separated for readers."""
    if value is None:
        return ""
    number = float(value)
    if decimals is None:
        # As many decimals as the figure was given with: 57.83 → 2, 3617.0 → 0, 1e-05 → 5.
        exponent = Decimal(str(number)).normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return f"{number:,.{decimals}f}"


def format_figure(figure: Any, decimals: int | None = None) -> str:
    """A content Figure as a reader sees it: ``over 3,800``."""
    if figure is None:
        return ""
    text = format_number(figure.value, decimals)
    return f"{figure.qualifier} {text}" if getattr(figure, "qualifier", "") else text


def percent_change(current: Any, previous: Any) -> str:
    """Change against the previous value, signed, one decimal: ``+2.7%``."""
    cur = float(getattr(current, "value", current))
    prev = float(getattr(previous, "value", previous))
    if prev == 0:
        return ""
    change = (cur - prev) / prev * 100
    return f"{change:+.1f}%".replace("-", "−")


def figure_sources(items: Any, field_name: str) -> list[str]:
    """Every source key cited by one figure field across items (e.g. all editions' deals), once."""
    keys: list[str] = []
    for item in items or []:
        figure = getattr(item, field_name, None)
        for key in getattr(figure, "sources", None) or []:
            if key not in keys:
                keys.append(key)
    return keys


def yaml_value(value: Any) -> MarkdownText:
    """A value quoted for the YAML body of a fenced block (JSON is valid YAML)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    return MarkdownText(json.dumps(value, ensure_ascii=False, default=str))


@dataclass
class Citations:
    """Tracks sources cited while a template renders, to write their footnote definitions once."""

    describe: Callable[[str, str], str]  # (source key, "short" | "full") → footnote text
    known: set[str] | None = None  # the source keys that exist; None when any key is allowed
    used: list[str] = field(default_factory=list)

    def _check(self, keys: list[str]) -> None:
        for key in keys:
            if self.known is not None and key not in self.known:
                raise jinja2.TemplateRuntimeError(
                    f"unknown source key '{key}'; the sources list has {', '.join(sorted(self.known)) or 'none'}")

    def cite(self, keys: Any) -> MarkdownText:
        keys = [keys] if isinstance(keys, str) else list(keys or [])
        self._check(keys)
        for key in keys:
            if key not in self.used:
                self.used.append(key)
        return MarkdownText("".join(f"[^{_label(k)}]" for k in keys))

    def text(self, keys: Any, style: str = "short") -> str:
        """Sources as one line of plain text (for a chart's or tile's own source line)."""
        keys = [keys] if isinstance(keys, str) else list(dict.fromkeys(keys or []))
        self._check(keys)
        return "; ".join(self.describe(k, style) for k in keys)

    def definitions(self, style: str = "full") -> MarkdownText:
        """Footnote definitions of every source cited so far: ``short`` suits a slide's source line."""
        lines = [f"[^{_label(k)}]: {escape_markdown(self.describe(k, style))}" for k in self.used]
        return MarkdownText("\n".join(lines))


def _label(key: str) -> str:
    return re.sub(r"[^\w.-]", "-", key)


@dataclass
class TemplatePack:
    """The resolved pack: search path, merged theme, and the master file to use."""

    name: str
    search_path: list[Path]
    theme: Theme
    theme_files: list[Path]
    theme_docs: list[YAMLDocument] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)  # every file read must resolve inside one of these

    def locate(self, dotted_key: str) -> tuple[str, int | None, int | None]:
        """Where a theme value is set: the most specific theme file that sets it, and its line."""
        for doc in reversed(self.theme_docs):
            if _sets(doc.data, dotted_key):
                key = tuple(int(k) if k.isdigit() else k for k in re.split(r"[.\[\]]+", dotted_key) if k)
                line, col = doc.position(key)
                return doc.path, line, col
        return (self.theme_docs[-1].path if self.theme_docs else "theme.yaml"), None, None

    def find(self, filename: str) -> Path | None:
        """A file named in the theme (a master, a logo) on the search path; never one outside the
        project or the built-in packs, whatever the name or a symbolic link says."""
        for folder in self.search_path:
            path = folder / filename
            if path.is_file() and inside(path, self.roots):
                return path
        return None

    def outside(self, filename: str) -> bool:
        """Whether a file the theme names exists on the search path but leads out of the project."""
        return any((folder / filename).is_file() and not inside(folder / filename, self.roots)
                   for folder in self.search_path)


def inside(path: Path, roots: list[Path]) -> bool:
    """Whether ``path``, with every symbolic link followed, lies inside one of ``roots``."""
    if not roots:
        return True
    real = path.resolve()
    return any(real.is_relative_to(root.resolve()) for root in roots)


def pack_exists(project_dir: Path, name: str) -> bool:
    """Whether ``name`` is a pack: a folder with a theme.yaml in the project's templates/ or built in."""
    return any((root / name / "theme.yaml").is_file() and (root / name).resolve().parent == root.resolve()
               for root in (project_dir / "templates", builtin_packs_dir()))


def pack_names(project_dir: Path) -> list[str]:
    """Every pack a project can name: its own templates/ folders with a theme.yaml, then the built-in ones."""
    names: list[str] = []
    for root in (project_dir / "templates", builtin_packs_dir()):
        if root.is_dir():
            names += [d.name for d in sorted(root.iterdir())
                      if d.name not in names and pack_exists(project_dir, d.name)]
    return names


def resolve_pack(project_dir: Path, pack: str, problems: Problems) -> TemplatePack | None:
    """Build the search path for ``pack`` and merge its themes; problems name the files."""
    own = project_dir / "templates"
    builtin = builtin_packs_dir()

    def pack_dir(name: str) -> Path | None:
        for root in (own, builtin):
            folder = (root / name).resolve()
            # A pack is a folder directly inside a templates folder, never a path leading out of it.
            if folder.parent != root.resolve():
                continue
            if folder.is_dir() and (folder / "theme.yaml").is_file():
                return root / name
        return None

    chain: list[Path] = []
    name: str | None = pack
    while name:
        folder = pack_dir(name)
        if folder is None:
            available = sorted({p.parent.name for root in (own, builtin) for p in root.glob("*/theme.yaml")})
            problems.error("briefing.yaml", None, None,
                           f"template pack '{name}' not found in {own} or {builtin}; "
                           f"available packs: {', '.join(available) or 'none'}")
            return None
        if folder in chain:
            problems.error(display_path(folder / "theme.yaml"), None, None,
                           f"packs extend each other in a loop: {' → '.join(p.name for p in chain)}")
            return None
        chain.append(folder)
        parent = _read_extends(folder / "theme.yaml")
        name = parent if parent else (DEFAULT_PACK if folder.name != DEFAULT_PACK else None)
    search = [own, *chain] if own.is_dir() else list(chain)

    # Themes merge from the built-in default up to the project's own file.
    merged: dict[str, Any] = {}
    files: list[Path] = []
    docs: list[YAMLDocument] = []
    for theme_file in [*(p / "theme.yaml" for p in reversed(chain)), own / "theme.yaml"]:
        if not theme_file.is_file():
            continue
        doc = load_yaml(theme_file, display_path(theme_file, project_dir), problems)
        if doc is None:
            continue
        if doc.data is not None and not isinstance(doc.data, dict):
            problems.error(doc.path, 1, 1, "theme.yaml must be a mapping such as 'colors: …'")
            continue
        merged = deep_merge(merged, doc.data or {})
        files.append(theme_file)
        docs.append(doc)
    if problems.errors:
        return None
    # Validate the merge; report against the most specific file that sets the failing key.
    merged.pop("extends", None)
    found = Problems()
    theme = validate(YAMLDocument("theme.yaml", merged, {}), Theme, found)
    if theme is None:
        for problem in found.errors:
            # Report each problem in the most specific theme file that sets the failing key.
            dotted_key = problem.message.split(":", 1)[0]
            owner = next((d for d in reversed(docs) if _sets(d.data, dotted_key)), docs[-1] if docs else None)
            if owner is None:
                problems.add(problem)
                continue
            key = tuple(int(k) if k.isdigit() else k for k in re.split(r"[.\[\]]+", dotted_key) if k)
            line, col = owner.position(key)
            problems.error(owner.path, line, col, problem.message)
        return None
    roots = [project_dir, builtin]
    result = TemplatePack(name=pack, search_path=search, theme=theme, theme_files=files, theme_docs=docs, roots=roots)
    master = theme.deck.master
    if master and (Path(master).is_absolute() or ".." in Path(master).parts or result.outside(master)):
        where, at_line, at_col = result.locate("deck.master")
        problems.error(where, at_line, at_col, f"master '{master}' is outside the project; copy it into the project's "
                       "templates/ folder and name it by its file name")
        return None
    return result


def _sets(data: Any, dotted_key: str) -> bool:
    """Whether a theme file's mapping sets ``colors.series[2]``-style key (or its parent)."""
    node = data
    for part in [k for k in re.split(r"[.\[\]]+", dotted_key) if k]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


def _read_extends(theme_file: Path) -> str | None:
    match = re.search(r"(?m)^extends:\s*['\"]?([\w.-]+)", theme_file.read_text(encoding="utf-8"))
    return match.group(1) if match else None


class _PackLoader(jinja2.BaseLoader):
    """Search path lookup, plus ``<pack>/<file>`` to reach one pack's file explicitly."""

    def __init__(self, search_path: list[Path], packs: dict[str, Path], roots: list[Path]):
        self.search_path = search_path
        self.packs = packs
        self.roots = roots

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if ".." in Path(template).parts or Path(template).is_absolute():
            raise jinja2.exceptions.SecurityError(
                f"'{template}' is outside the template folders; templates may only load files inside them")
        candidates = [folder / template for folder in self.search_path]
        head, _, rest = template.partition("/")
        if rest and head in self.packs:
            candidates.insert(0, self.packs[head] / rest)
        for path in candidates:
            if path.is_file() and not inside(path, self.roots):
                raise jinja2.exceptions.SecurityError(
                    f"'{template}' leads outside the project and the built-in packs; templates may only load "
                    "files inside them")
            if path.is_file():
                mtime = path.stat().st_mtime
                try:
                    source = path.read_text(encoding="utf-8")
                except UnicodeDecodeError as exc:
                    raise TemplateUnreadable(path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") \
                        from None
                if len(source) > MAX_TEMPLATE_CHARS:
                    raise TemplateUnreadable(path, f"{len(source):,} characters, more than the "
                                             f"{MAX_TEMPLATE_CHARS:,} a template may have; split it into includes")
                return source, str(path), lambda p=path, m=mtime: p.stat().st_mtime == m
        raise jinja2.TemplateNotFound(template)


def _finalize(value: Any) -> Markup:
    # With autoescape on, Jinja2 passes this result through markupsafe.escape, which leaves
    # Markup alone: so Markdown-escaping happens exactly once, here, and macros stay unescaped.
    return value if isinstance(value, Markup) else MarkdownText(escape_markdown(value))


def make_environment(pack: TemplatePack, project_dir: Path) -> ImmutableSandboxedEnvironment:
    own = project_dir / "templates"
    packs = {p.name: p for p in pack.search_path if p != own}
    builtin = builtin_packs_dir()
    for folder in builtin.iterdir() if builtin.is_dir() else []:
        if (folder / "theme.yaml").is_file():
            packs.setdefault(folder.name, folder)
    env = ImmutableSandboxedEnvironment(
        loader=_PackLoader(pack.search_path, packs, pack.roots),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.loopcontrols"],
        bytecode_cache=template_cache(),  # compiled templates kept between builds, by their source
    )
    env.filters.update(
        md=lambda v: MarkdownText("" if v is None else str(v)),
        num=format_number,
        figure=format_figure,
        change=percent_change,
        yaml=yaml_value,
        figure_sources=figure_sources,
    )
    return env


@dataclass
class RenderedMarkdown:
    text: str
    template: Path


def render_template(pack: TemplatePack, project_dir: Path, filename: str, context: dict[str, Any],
                    describe_source: Callable[[str, str], str], problems: Problems,
                    source_keys: set[str] | None = None) -> RenderedMarkdown | None:
    """Render ``filename`` from the pack; template errors become ``file:line`` problems."""
    env = make_environment(pack, project_dir)
    citations = Citations(describe_source, source_keys)
    # Globals, not render arguments, so that imported macro files see them too.
    env.globals.update(cite=citations.cite, source_notes=citations.definitions, sources_text=citations.text)
    from .blockmarkdown import BlockMarkdown  # it builds on this module's escaping and citations

    env.globals.update(BlockMarkdown(citations).globals())
    try:
        template = env.get_template(filename)
    except jinja2.TemplateNotFound as exc:
        where = "; ".join(str(p) for p in pack.search_path)
        problems.error(filename, None, None, f"template '{exc.name}' not found; searched: {where}")
        return None
    except jinja2.TemplateSyntaxError as exc:
        problems.error(display_path(exc.filename or filename, project_dir), exc.lineno, None,
                       f"template syntax error: {exc.message}")
        return None
    except jinja2.exceptions.SecurityError as exc:
        problems.error(display_path(pack.search_path[0] / filename if pack.search_path else filename, project_dir),
                       None, None, f"not allowed: {str(exc).rstrip('.')}")
        return None
    except (TemplateUnreadable, SyntaxError, RecursionError) as exc:
        located = pack.find(filename)
        found = compile_problem(exc, located.as_posix() if located else filename)
        assert found is not None
        problems.error(display_path(found[0], project_dir), found[1], None, found[2])
        return None
    from .overrides import check_overrides

    if not check_overrides(env, filename, project_dir, problems):
        return None
    try:
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as exc:  # raised lazily by an {% extends %} or {% include %}
        problems.error(display_path(exc.filename or filename, project_dir), exc.lineno, None,
                       f"template syntax error: {exc.message}")
        return None
    except jinja2.TemplateNotFound as exc:
        where = "; ".join(str(p) for p in pack.search_path)
        file, line = template_frame(sys.exc_info()[2], template.filename or filename)
        problems.error(display_path(file, project_dir), line, None,
                       f"template '{exc.name}' not found; searched: {where}")
        return None
    except jinja2.UndefinedError as exc:
        file, line = template_frame(sys.exc_info()[2], template.filename or filename)
        problems.error(display_path(file, project_dir), line, None, f"{undefined_message(exc)}")
        return None
    except jinja2.exceptions.SecurityError as exc:
        file, line = template_frame(sys.exc_info()[2], template.filename or filename)
        problems.error(display_path(file, project_dir), line, None,
                       f"not allowed in a template: {str(exc).rstrip('.')}; templates may only read the content "
                       "they are given")
        return None
    except jinja2.TemplateRuntimeError as exc:
        file, line = template_frame(sys.exc_info()[2], template.filename or filename)
        problems.error(display_path(file, project_dir), line, None, str(exc))
        return None
    except (TemplateUnreadable, SyntaxError) as exc:  # an included or parent template that cannot compile
        found = compile_problem(exc, template.filename or filename)
        assert found is not None
        problems.error(display_path(found[0], project_dir), found[1], None, found[2])
        return None
    except RecursionError:
        file, line = template_frame(sys.exc_info()[2], template.filename or filename)
        problems.error(display_path(file, project_dir), line, None,
                       "template failed: a macro or include calls itself without end")
        return None
    except Exception as exc:  # anything else a template can cause: 1/0, 10.0 ** 1000, a bad index…
        file, line = template_frame(sys.exc_info()[2], template.filename or filename)
        what = str(exc) or type(exc).__name__
        problems.error(display_path(file, project_dir), line, None, f"template failed: {what}")
        return None
    return RenderedMarkdown(text=text, template=Path(template.filename or filename))


def template_context(briefing: Any, theme: Theme, build_date: dt.date) -> dict[str, Any]:
    return {"briefing": briefing, "theme": theme, "build_date": build_date}


"""The whole pipeline, in data-flow order: load → template → parse → layout/render → write.

Everything is gathered and validated before anything is written. Outputs are rendered to
temporary files beside their final place and moved into place only when every format has
succeeded, so a failed build leaves the last good deck and report untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import FORMATS, ProjectConfig, load_config
from .content import Briefing, load_content
from .document import Document, slides_of
from .errors import BuildFailed, Problem, Problems, UsageError, display_path
from .markdown import parse
from .output import normalise_zip
from .renderers import BuildInput, renderer_for
from .templates import TemplatePack, render_template, resolve_pack, template_context

DECK_TEMPLATE = "deck.md.j2"
REPORT_TEMPLATE = "report.md.j2"


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    fit_notes: dict[str, list[str]] = field(default_factory=dict)  # per output: what was shrunk or continued
    continued: int = 0  # continuation slides or pages added because content did not fit


def pinned_time(fallback: dt.date | str | None) -> dt.datetime:
    """The one timestamp written into every file: SOURCE_DATE_EPOCH, else the briefing's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except ValueError as exc:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}") from exc
    if isinstance(fallback, dt.date):
        return dt.datetime(fallback.year, fallback.month, fallback.day, tzinfo=dt.timezone.utc)
    if isinstance(fallback, str):
        try:
            d = dt.date.fromisoformat(fallback.strip()[:10])
            return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc)
        except ValueError:
            pass
    return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def format_date(value: dt.date | str, lang: str = "en") -> str:
    """``2025-11-28`` → ``28 November 2025`` (or ``2025年11月28日`` in Chinese and Japanese)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return str(value)  # a date the author wrote out in words stays as written
    if lang.lower().startswith(("zh", "ja")):
        return f"{value.year}年{value.month}月{value.day}日"
    # Month names from a table, not strftime, so the build does not depend on the machine's locale.
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _source_note(briefing: Briefing, key: str, style: str = "full") -> str:
    """A source as a footnote: ``short`` is the key and publisher (a slide's source line)."""
    source = briefing.source(key)
    if style == "short":
        name = source.publisher or _shortened(source.title, 40)
        return f"{key} {name}"
    # A title that is itself a quotation keeps its own quotation marks, typeset as curly ones.
    title = source.title
    if title[:1] == '"' and title[-1:] == '"' and len(title) > 1:
        title = f"“{title[1:-1]}”"
    elif title[:1] not in "“‘'":
        title = f"“{title}”"
    parts = [source.publisher, title, source.date, source.url]
    return ", ".join(p for p in parts if p)


def _prepare_project(project_dir: Path, problems: Problems) -> tuple[ProjectConfig, TemplatePack | None,
                                                                       Briefing | None]:
    cfg = load_config(project_dir, problems)
    pack = resolve_pack(project_dir, cfg.pack, problems)
    loaded = load_content(project_dir / cfg.content, project_dir, problems)
    return cfg, pack, loaded.briefing if loaded else None


@dataclass
class GeneratedMarkdown:
    """Markdown produced by templates, by the path that problems name it with.

    A copy is written when a problem points into it, so that every `path:line` in a message can
    be opened: beside the outputs on a build, in a temporary folder on `briefing check` (which
    writes nothing into the project).
    """

    folder: Path | None = None  # where copies go; None: the output folder
    texts: dict[str, tuple[Path, str]] = field(default_factory=dict)

    def add(self, out_dir: Path, filename: str, text: str, project_dir: Path) -> str:
        path = (self.folder or out_dir) / filename
        shown = display_path(path, project_dir)
        self.texts[shown] = (path, text)
        return shown

    def write_named(self, problems: list[Problem]) -> None:
        named = {p.path for p in problems}
        for shown, (path, text) in self.texts.items():
            if shown in named:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")


def _markdown_from_template(pack: TemplatePack, project_dir: Path, template: str, briefing: Briefing,
                            out_dir: Path, name: str, problems: Problems,
                            generated: GeneratedMarkdown) -> Document | None:
    context = template_context(briefing, pack.theme, pinned_time(briefing.date).date())
    context["date_text"] = format_date(briefing.date, briefing.lang)
    rendered = render_template(pack, project_dir, template, context,
                               lambda key, style: _source_note(briefing, key, style), problems,
                               {s.key for s in briefing.sources})
    if rendered is None:
        return None
    # Problems in generated Markdown point into a copy of it that the user can open.
    shown = generated.add(out_dir, f"{name}.{template.removesuffix('.md.j2')}.md", rendered.text, project_dir)
    local = Problems()
    doc = parse(rendered.text, shown, local, base_dir=project_dir, project_root=project_dir)
    if local.errors:
        local.items.insert(0, Problem(display_path(rendered.template, project_dir), None, None,
                                      f"the Markdown it produced has problems; see {shown}", "warning"))
    problems.extend(local)
    return doc


def prepare(target: Path, out_dir: Path | None, formats: list[str] | None, problems: Problems,
            page_size: str | None = None,
            generated: GeneratedMarkdown | None = None) -> tuple[dict[str, BuildInput], Path, str]:
    """Load, template and parse everything; return one build input per output format."""
    if target.is_file() or target.suffix.lower() in (".md", ".markdown"):
        if target.suffix.lower() not in (".md", ".markdown", ".txt"):
            raise UsageError(f"{target} is not a Markdown file; give a project folder or a .md file")
        return _prepare_markdown(target, out_dir, formats, problems, page_size)
    if not target.is_dir():
        raise UsageError(f"{target} is neither a project folder nor a Markdown file")
    project_dir = target
    cfg, pack, briefing = _prepare_project(project_dir, problems)
    out = out_dir or project_dir / cfg.output
    wanted = formats or list(cfg.formats)
    problems.raise_if_errors()
    assert pack is not None and briefing is not None
    inputs: dict[str, BuildInput] = {}
    stamp = pinned_time(briefing.date)
    paper = page_size or cfg.page_size or pack.theme.report.page_size
    for fmt, template, kind in (("pptx", DECK_TEMPLATE, "deck"), ("pdf", REPORT_TEMPLATE, "report")):
        if fmt not in wanted:
            continue
        doc = _markdown_from_template(pack, project_dir, template, briefing, out, cfg.name, problems,
                                      generated if generated is not None else GeneratedMarkdown())
        if doc is not None:
            _fill_meta(doc, briefing)
            inputs[fmt] = BuildInput(doc, pack, project_dir, stamp, _footnote_texts(doc), kind, paper)
    return inputs, out, cfg.name


def _prepare_markdown(file: Path, out_dir: Path | None, formats: list[str] | None, problems: Problems,
                      page_size: str | None) -> tuple[dict[str, BuildInput], Path, str]:
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    project_dir = file.resolve().parent
    shown = display_path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(shown, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
        problems.raise_if_errors()
        raise
    cfg = load_config(project_dir, problems) if (project_dir / "briefing.yaml").is_file() else ProjectConfig()
    pack = resolve_pack(project_dir, cfg.pack, problems)
    doc = parse(text, shown, problems, base_dir=project_dir, project_root=project_dir)
    problems.raise_if_errors()
    assert pack is not None
    stamp = pinned_time(doc.meta.date)
    if doc.meta.date:
        doc.meta.date = format_date(doc.meta.date, doc.meta.lang)
    paper = page_size or cfg.page_size or pack.theme.report.page_size
    inputs: dict[str, BuildInput] = {}
    for fmt in formats or ["pptx", "pdf"]:
        kind = "deck" if fmt == "pptx" else "handout"
        inputs[fmt] = BuildInput(doc, pack, project_dir, stamp, _footnote_texts(doc), kind, paper)
    return inputs, out_dir or file.resolve().parent, file.stem


def _fill_meta(doc: Document, briefing: Briefing) -> None:
    """Front matter the template left out comes from the content."""
    meta = doc.meta
    meta.title = meta.title or briefing.title
    meta.subtitle = meta.subtitle or briefing.subtitle
    meta.organisation = meta.organisation or briefing.organisation
    meta.author = meta.author or briefing.author
    meta.date = format_date(meta.date or briefing.date, briefing.lang)
    meta.keywords = meta.keywords or briefing.keywords
    meta.lang = briefing.lang if meta.lang == "en" else meta.lang


def _footnote_texts(doc: Document) -> dict[str, str]:
    from .document import plain

    return {label: plain(note.text) for label, note in doc.footnotes.items()}


def build(target: Path, out_dir: Path | None = None, formats: list[str] | None = None,
          write: bool = True, page_size: str | None = None) -> BuildResult:
    """Build every requested output, or none: raises :class:`BuildFailed` listing all problems."""
    problems = Problems()
    for fmt in formats or []:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'; choose from {', '.join(FORMATS)}")
    if formats is not None and not formats:
        raise UsageError(f"--format names no output; choose from {', '.join(FORMATS)}")
    generated = GeneratedMarkdown(None if write else Path(tempfile.gettempdir()) / "briefing-check")
    try:
        return _build(target, out_dir, formats, write, page_size, problems, generated)
    finally:
        generated.write_named(problems.items)


def _build(target: Path, out_dir: Path | None, formats: list[str] | None, write: bool, page_size: str | None,
           problems: Problems, generated: GeneratedMarkdown) -> BuildResult:
    inputs, out, name = prepare(target, out_dir, formats, problems, page_size, generated)
    problems.raise_if_errors()
    result = BuildResult(documents={fmt: b.document for fmt, b in inputs.items()})
    if write:
        out.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[Path, Path]] = []
    try:
        for fmt, build_input in inputs.items():
            renderer = renderer_for(fmt)(build_input, problems)
            final = out / f"{name}{renderer.suffix}"
            with tempfile.TemporaryDirectory() as scratch:
                tmp_scratch = Path(scratch) / final.name
                renderer.render(tmp_scratch)
                result.fit_notes[final.name] = renderer.fit_notes
                result.continued += renderer.continued
                if problems.errors or not write:
                    continue
                if final.suffix in (".pptx", ".docx", ".xlsx"):
                    normalise_zip(tmp_scratch)
                # The temporary file sits beside the final one, so the last move is atomic.
                fd, tmp_name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=out)
                os.close(fd)
                Path(tmp_name).write_bytes(tmp_scratch.read_bytes())
                os.chmod(tmp_name, 0o644)  # mkstemp makes files private; outputs are for sharing
                temps.append((Path(tmp_name), final))
        problems.raise_if_errors()
        for tmp, final in temps:
            os.replace(tmp, final)
            result.outputs.append(final)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    result.warnings = problems.warnings
    return result


def check(target: Path) -> BuildResult:
    """Validate content and templates and lay out the outputs without writing anything."""
    return build(target, write=False)


__all__ = ["BuildFailed", "BuildResult", "build", "check", "normalise_zip", "slides_of", "__version__"]

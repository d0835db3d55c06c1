"""The whole pipeline, in data-flow order: settings → load → template → parse → plan → write.

Everything is gathered and validated before anything is written, as MkDocs and Pelican do: the
content is loaded and checked, each requested format's template is rendered to Markdown and
parsed, and each renderer plans its output (slides placed, text fitted, pages composed). Only
then are files written, into a scratch folder, and moved into place together
(:class:`generator.output.OutputSet`), so a failed build leaves the last good outputs untouched.
No format is named here: what each format needs comes from the renderers' registry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import parallel, progress
from .document import Document, plain
from .errors import Problem, Problems, UsageError, display_path
from .fonts import resolve_fonts
from .i18n import format_date, quoted_title
from .markdown import parse
from .masterchoice import with_front_matter, with_master
from .output import OutputSet
from .parallel import Apart, ApartAhead
from .renderers import BuildInput, DerivedRenderer, Renderer, renderer_for
from .settings import Settings, load_settings
from .templates import TemplatePack, render_template, template_context

if TYPE_CHECKING:
    from .blocks import BriefingBase


@dataclass
class BuildResult:
    """What a build or check did: the files written, the warnings, and what fitting took."""

    outputs: list[Path] = field(default_factory=list)
    """The files (or preview folders) written, in the registry's order of formats."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that did not stop the build, each ``path:line:col: message``."""
    documents: dict[str, Document] = field(default_factory=dict)
    """The parsed document behind each format, by format name."""
    fit_notes: dict[str, list[str]] = field(default_factory=dict)
    """Per output file name: what was set smaller or continued, slide by slide."""
    continued: int = 0
    """Continuation slides or pages added because content did not fit."""


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


def _shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _source_note(briefing: BriefingBase, key: str, style: str = "full") -> str:
    """A source as a footnote: ``short`` is the key and publisher (a slide's source line)."""
    source = briefing.source(key)
    if style == "short":
        name = source.publisher or _shortened(source.title, 40)
        return f"{key} {name}"
    parts = [source.publisher, quoted_title(source.title), source.date, source.url]
    return ", ".join(p for p in parts if p)


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
        named = {p.path for p in problems if p.line is not None}
        clean = not any(p.severity == "error" for p in problems)
        for shown, (path, text) in self.texts.items():
            if shown in named:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            elif clean and path.is_file():
                path.unlink()  # a copy left by an earlier failed build: its problems are gone


@dataclass
class Job:
    """One output to plan and write: its renderer, what it is given, and where it goes."""

    renderer: type[Renderer[Any]]
    input: BuildInput
    final: Path


def _document_from_template(settings: Settings, template: str, briefing: BriefingBase, problems: Problems,
                            generated: GeneratedMarkdown) -> Document | None:
    pack, project_dir = settings.pack, settings.project_dir
    context = template_context(briefing, pack.theme, pinned_time(briefing.date).date())
    context["date_text"] = format_date(briefing.date, briefing.lang)
    rendered = render_template(pack, project_dir, template, context,
                               lambda key, style: _source_note(briefing, key, style), problems,
                               {s.key for s in briefing.sources})
    if rendered is None:
        return None
    # Problems in generated Markdown point into a copy of it that the user can open.
    shown = generated.add(settings.out_dir, f"{settings.name}.{template.removesuffix('.md.j2')}.md", rendered.text,
                          project_dir)
    local = Problems()
    doc = parse(rendered.text, shown, local, base_dir=project_dir, project_root=project_dir)
    if local.errors:
        local.add(Problem(display_path(rendered.template, project_dir), None, None,
                          f"the Markdown it produced has problems; see {shown}", "warning"))
    problems.extend(local)
    _fill_meta(doc, briefing)
    return doc


def _fill_meta(doc: Document, briefing: BriefingBase) -> None:
    """Front matter the template left out comes from the content."""
    meta = doc.meta
    meta.title = meta.title or briefing.title
    meta.subtitle = meta.subtitle or briefing.subtitle
    meta.organisation = meta.organisation or briefing.organisation
    meta.author = meta.author or briefing.author
    meta.date = format_date(meta.date or briefing.date, briefing.lang)
    meta.keywords = meta.keywords or briefing.keywords
    meta.lang = briefing.lang if meta.lang == "en" else meta.lang


MAX_MARKDOWN_BYTES = 5_000_000  # a deck written by hand; ten times the longest real one


def _markdown_document(file: Path, problems: Problems, meanwhile: Callable[[], None] | None = None
                       ) -> Document | None:
    shown = display_path(file)
    size = file.stat().st_size
    if size > MAX_MARKDOWN_BYTES:
        problems.error(shown, None, None, f"the file is {size / 1e6:.1f} MB, more than the "
                       f"{MAX_MARKDOWN_BYTES // 1_000_000} MB a deck may have; split it into several decks")
        return None
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(shown, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
        return None
    project_dir = file.resolve().parent
    doc = parse(text, shown, problems, base_dir=project_dir, project_root=project_dir, meanwhile=meanwhile)
    if doc.meta.date:
        doc.meta.date = format_date(doc.meta.date, doc.meta.lang)
    return doc


def _input(settings: Settings, pack: TemplatePack, doc: Document, kind: str, stamp: dt.datetime,
           problems: Problems) -> BuildInput:
    if settings.slide_level is not None:
        doc.meta.slide_level = settings.slide_level
    if settings.incremental:
        doc.meta.incremental = True
    return BuildInput(doc, pack.theme, pack.find, pack.locate, settings.project_dir, stamp,
                      resolve_fonts(pack.theme, problems, pack.locate),
                      {label: plain(note.text) for label, note in doc.footnotes.items()}, kind,
                      settings.page_size, tuple(pack.search_path))


def _renderers(settings: Settings) -> tuple[list[type[Renderer[Any]]], list[type[DerivedRenderer]]]:
    """The formats to plan, and the derived formats made from their files afterwards."""
    derived = [cls for name in settings.formats if issubclass(cls := renderer_for(name), DerivedRenderer)]
    # A derived format (the PNG preview) is made from other formats' files: plan those too.
    names = dict.fromkeys([*(dep for cls in derived for dep in cls.derives_from), *settings.formats])
    direct = [cls for name in names if issubclass(cls := renderer_for(name), Renderer)]
    return direct, derived


def prepare(settings: Settings, problems: Problems, generated: GeneratedMarkdown,
            ready: Callable[[Job], None] = lambda job: None) -> list[Job]:
    """Load, template and parse everything: one job per output that is drawn from a document.

    ``ready`` is told of each job as soon as it is made while no error has been found, formats
    planned in another process first (so that process starts sooner); the jobs are returned in
    the registry's order."""
    pack = settings.pack
    direct, _ = _renderers(settings)
    in_order = sorted(direct, key=lambda cls: not cls.plans_apart)
    jobs: list[Job] = []

    def made(job: Job) -> None:
        jobs.append(job)
        if not problems.errors:
            ready(job)
    if settings.markdown is not None:
        to_load = [cls for cls in direct if not cls.loaded()]

        def load() -> None:  # the renderers' modules, while a long deck's second half is parsed apart
            for cls in to_load:
                cls.load()
        doc = _markdown_document(settings.markdown, problems, load if to_load else None)
        problems.raise_if_errors()
        assert doc is not None
        pack = with_front_matter(pack, settings.project_dir, doc, settings.markdown.read_text(encoding="utf-8"),
                                 problems, master_given=settings.master is not None)
        problems.raise_if_errors()
        stamp = pinned_time(doc.meta.date)
        for cls in in_order:
            made(Job(cls, _input(settings, pack, doc, cls.markdown_kind, stamp, problems),
                     settings.out_dir / f"{settings.name}{cls.suffix}"))
        return sorted(jobs, key=lambda job: direct.index(job.renderer))
    # A project's content models and loaders, not needed for a Markdown deck (their models are
    # a good part of a start-up).
    from .contentfiles import load_files
    from .packs import content_model

    model = content_model(pack, problems, settings.project_dir)
    problems.raise_if_errors()
    assert model is not None
    loaded = load_files(settings.project_dir / settings.config.content, settings.project_dir, problems, model)
    problems.raise_if_errors()
    assert loaded is not None
    briefing = loaded.briefing
    stamp = pinned_time(briefing.date)
    documents: dict[str, Document | None] = {}
    for cls in in_order:
        if cls.template not in documents:  # formats that share a template share its document
            documents[cls.template] = _document_from_template(settings, cls.template, briefing, problems, generated)
        doc = documents[cls.template]
        if doc is not None:
            made(Job(cls, _input(settings, pack, doc, cls.project_kind, stamp, problems),
                     settings.out_dir / f"{settings.name}{cls.suffix}"))
    return sorted(jobs, key=lambda job: direct.index(job.renderer))


def _run(settings: Settings, problems: Problems, generated: GeneratedMarkdown, write: bool) -> BuildResult:
    progress.step("reading the content and templates")
    # Every format plans before any is moved into place: a problem anywhere stops the build before
    # a file is made. Formats whose plan is plain data plan in another process meanwhile, from
    # the moment their document is ready.
    apart: dict[int, Apart] = {}
    direct = _renderers(settings)[0]
    fork = parallel.enabled(len(direct))
    # A project's formats planned apart get their process before the content is loaded: it
    # loads their modules meanwhile, then is given its document (see parallel.ApartAhead).
    ahead = {cls: _apart_ahead(settings, cls) for cls in direct
             if fork and cls.plans_apart and settings.markdown is None and not cls.loaded() and parallel.alone()}

    def ready(job: Job) -> None:
        if fork and job.renderer.plans_apart:
            waiting = ahead.pop(job.renderer, None)
            if waiting is not None:
                waiting.give((job.input.document, job.input.timestamp))
                apart[id(job)] = waiting
            else:
                apart[id(job)] = Apart(job.renderer(job.input, problems))

    try:
        jobs = prepare(settings, problems, generated, ready)
        problems.raise_if_errors()
    except BaseException:
        for child in [*apart.values(), *ahead.values()]:
            child.cancel()
        raise
    for child in ahead.values():  # formats whose document was never made (a template failed)
        child.cancel()
    result = BuildResult(documents={job.renderer.name: job.input.document for job in jobs})
    planned: dict[int, tuple[Job, Renderer[Any], Any]] = {}
    for job in jobs:
        if id(job) not in apart:
            progress.step(f"laying out {job.final.name}")
            renderer = job.renderer(job.input, problems)
            planned[id(job)] = (job, renderer, renderer.plan())
    if problems.errors:
        for child in apart.values():
            child.result(problems)
        problems.raise_if_errors()
    try:
        with contextlib.ExitStack() as stack:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="briefing-")))
            # The output folder is locked only by a build that writes: `check` leaves it alone.
            outputs = stack.enter_context(OutputSet(settings.out_dir)) if write else None
            written: dict[str, Path] = {}

            def write_all() -> None:
                for job, renderer, plan in planned.values():
                    if job.renderer.name not in written:
                        progress.step(f"writing {job.final.name}")
                        written[job.renderer.name] = scratch / job.final.name
                        renderer.write(plan, written[job.renderer.name])

            if write:
                write_all()  # into scratch, while the other process plans: moved into place only if all is well
            for job in jobs:
                if id(job) in apart:
                    progress.step(f"laying out {job.final.name}")
                    planned[id(job)] = (job, job.renderer(job.input, problems), apart[id(job)].result(problems))
            for job in jobs:
                plan = planned[id(job)][2]
                result.fit_notes[job.final.name] = plan.fit_notes
                result.continued += plan.continued
            problems.raise_if_errors()
            result.warnings = problems.warnings
            if outputs is None:
                return result
            write_all()
            for cls in _renderers(settings)[1]:
                written[cls.name] = scratch / f"{settings.name}{cls.suffix}"
                cls.derive({name: written[name] for name in cls.derives_from}, written[cls.name], problems)
            problems.raise_if_errors()
            for name in settings.formats:
                outputs.stage(written[name], settings.out_dir / written[name].name)
            result.outputs = outputs.commit()
    except OSError as exc:  # a full disk, a read-only folder: the last good outputs are still there
        problems.error(display_path(settings.out_dir), None, None,
                       f"could not write the outputs: {exc.strerror or exc}; the last good outputs are unchanged; "
                       "free some space or choose another folder with -o")
        problems.raise_if_errors()
    result.warnings = problems.warnings
    return result


def _apart_ahead(settings: Settings, cls: type[Renderer[Any]]) -> ApartAhead:
    """A process for a project's format planned apart, forked before its document is made."""
    def make(given: tuple[Document, dt.datetime]) -> Renderer[Any]:
        doc, stamp = given
        # The input the format is given in this process, from the same settings and pack.
        return cls(_input(settings, settings.pack, doc, cls.project_kind, stamp, Problems()), Problems())
    return ApartAhead(cls.load, make)


def _go(target: Path | str, out_dir: Path | str | None, formats: list[str] | None, page_size: str | None,
        write: bool, master: Path | str | None = None, slide_level: int | None = None,
        incremental: bool = False) -> BuildResult:
    problems = Problems()
    # `check` writes nothing into the project: copies of generated Markdown go to a temporary folder.
    generated = GeneratedMarkdown(None if write else Path(tempfile.gettempdir()) / "briefing-check")
    try:
        settings = load_settings(Path(target), problems, out_dir=Path(out_dir) if out_dir else None,
                                 formats=formats, page_size=page_size, slide_level=slide_level,
                                 incremental=incremental)
        problems.raise_if_errors()
        assert settings is not None
        if master is not None:
            if not Path(master).is_file():
                raise UsageError(f"--master {master}: no such file; give a .pptx or .potx file")
            settings = replace(settings, master=Path(master),
                               pack=with_master(settings.pack, Path(master), f"--master {master}", given=True))
        if not write:
            generated.folder = generated.folder or settings.out_dir
        return _run(settings, problems, generated, write)
    finally:
        generated.write_named(problems.items)


def build(target: Path | str = ".", *, out_dir: Path | str | None = None, formats: list[str] | None = None,
          page_size: str | None = None, master: Path | str | None = None,
          slide_level: int | None = None, incremental: bool = False) -> BuildResult:
    """Build the outputs of a project folder or a Markdown deck: all of them, or none.

    ``formats`` names outputs by their registered names (``["pptx", "pdf"]``; default: the
    project's ``formats``, else the deck and the report). Raises :class:`BuildFailed` listing every
    problem in the input, and :class:`UsageError` for a call that cannot be right (an unknown
    format, a target that does not exist). The last good outputs stay untouched on failure.
    ``master`` builds the deck on that PowerPoint file, whatever the theme or front matter names;
    ``slide_level`` overrides the deck's own, as pandoc's ``--slide-level`` does; ``incremental``
    builds every list item by item, as pandoc's ``-i`` does.
    """
    return _go(target, out_dir, formats, page_size, write=True, master=master, slide_level=slide_level,
               incremental=incremental)


def check(target: Path | str = ".", *, formats: list[str] | None = None, page_size: str | None = None,
          master: Path | str | None = None, slide_level: int | None = None,
          incremental: bool = False) -> BuildResult:
    """Validate and plan everything a build would (content, templates, every slide and page laid
    out), writing nothing. Raises like :func:`build`; the result says what had to be fitted."""
    return _go(target, None, formats, page_size, write=False, master=master, slide_level=slide_level,
               incremental=incremental)

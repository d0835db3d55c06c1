"""The ``briefing`` command: parse flags, call the pipeline, turn problems into messages.

Exit status: 0 done, 1 the input has problems (each printed as ``path:line:col: message``),
2 the command was called wrongly, 3 an internal error (a bug to report, with the traceback that
``--debug`` shows). A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import click

from . import __version__, progress
from .errors import BriefingError, BuildFailed, Problem

T = TypeVar("T")


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0, p.column or 0)):
        click.echo(str(problem), err=True)


def _stop(signum: int, _frame: object) -> None:
    # Turned into an exception, a termination unwinds the build: its temporary files are removed
    # and the last good outputs stay, as they do after Ctrl-C.
    raise SystemExit(128 + signum)


def _run(debug: bool, action: Callable[[], T]) -> T:
    signal.signal(signal.SIGTERM, _stop)
    try:
        return action()
    except BriefingError as exc:
        if isinstance(exc, BuildFailed):
            _report(exc.problems)
            errors = sum(1 for p in exc.problems if p.severity == "error")
            click.echo(f"briefing: {errors} error(s); nothing was written", err=True)
        else:
            click.echo(f"briefing: {exc}", err=True)
        if debug:
            traceback.print_exc()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly, and how to report it
        if debug:
            raise
        click.echo(f"briefing: internal error: {type(exc).__name__}: {exc}. "
                   "Run again with --debug and report the traceback.", err=True)
        sys.exit(3)


def _loaded(names: list[str] | None = None) -> ModuleType:
    """The pipeline, with the renderers of the formats ``names`` (all when None) loaded, and kept
    out of the garbage collector's way.

    A command runs one build (or one watch), and what it loads lives until the process ends. The
    collector would count those objects (python-pptx's, reportlab's, the content models: over a
    million) towards starting its rounds while they load, and walk them all again at each full
    round of the build, a tenth of a cold build. So it pauses while they load, and what is loaded
    then is frozen (:func:`gc.freeze`): only what the build itself makes is collected.

    A build makes objects by the hundred thousand (tokens, document blocks, slides' XML) that all
    live until it ends, and little garbage that only the collector can free (a report leaves two
    or three megabytes of it). Each of the collector's rounds walked every object made since the
    last, which was most of a tenth of a long deck's build, to free almost nothing. So it stays
    off: a command's process ends with its build, and ``briefing watch`` collects once after each
    rebuild (:func:`generator.watch._settle`).

    A project's content models are not loaded here but by the build, when it reads the content:
    a Markdown deck has no use for them, and in a project's build they load while the report's
    process loads reportlab (see :class:`generator.parallel.ApartAhead`).
    """
    gc.disable()
    try:
        from . import pipeline
        from .renderers import formats, renderer_for

        if names is None:
            formats()
        for name in names or ():
            try:
                cls = renderer_for(name)
            except KeyError:
                continue  # the build says so, with the names there are
            for source in getattr(cls, "derives_from", ()):
                renderer_for(source)
    finally:
        gc.freeze()
    return pipeline


class _FormatsOption(click.Option):
    """--format, whose help lists the registered formats: read when help is shown, not at start-up."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from .renderers import formats

        record = super().get_help_record(ctx)
        if record is None:
            return None
        names = "; ".join(f"{name}: {cls.description}" for name, cls in formats().items())
        return record[0], f"{record[1]} ({names})."


def _formats(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [f.strip().lower() for f in value.split(",") if f.strip()]


def _target_and_output(command: Callable[..., None]) -> Callable[..., None]:
    """TARGET and -o, as every command that builds takes them."""
    command = click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                           help="Folder to write to (default: the project's output/, or beside the Markdown "
                                "file).")(command)
    return click.argument("target", required=False, default=".", type=click.Path(path_type=Path))(command)


def _formats_and_paper(command: Callable[..., None]) -> Callable[..., None]:
    """--format and --page-size, for the commands that build chosen outputs."""
    command = click.option("--page-size", type=click.Choice(["A4", "Letter"], case_sensitive=False),
                           help="Paper size of the PDF (default: the project's or theme's setting, else "
                                "A4).")(command)
    return click.option("--format", "formats", metavar="FORMATS", cls=_FormatsOption,
                        help="Which outputs to write, comma-separated")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="briefing")
def main() -> None:
    """Build a briefing deck (PowerPoint) and report (PDF) from YAML content and templates,
    or a deck from a Markdown file."""


@main.command()
@_target_and_output
@_formats_and_paper
@click.option("--master", type=click.Path(path_type=Path, dir_okay=False),
              help="PowerPoint master (.pptx or .potx) to build the deck on, whatever the theme names.")
@click.option("--slide-level", type=click.IntRange(0, 6),
              help="Heading level that starts a slide, as in pandoc "
                   "(default: the deck's slide-level, else pandoc's rule).")
@click.option("-i", "--incremental", is_flag=True,
              help="Lists appear item by item on the slides (pandoc's -i); `::: nonincremental` keeps one whole.")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no progress, no list of files written.")
def build(target: Path, out_dir: Path | None, formats: str | None, page_size: str | None, master: Path | None,
          slide_level: int | None, incremental: bool, debug: bool, quiet: bool) -> None:
    """Build the deck and report of the project in TARGET (a folder, default: here),
    or the deck and printable handout of TARGET.md."""
    fmts = _formats(formats)
    paper = {"a4": "A4", "letter": "Letter"}.get((page_size or "").lower())
    with progress.shown(quiet):
        result = _run(debug, lambda: _loaded(fmts).build(target, out_dir=out_dir, formats=fmts, page_size=paper,
                                                     master=master, slide_level=slide_level,
                                                     incremental=incremental))
    _report(result.warnings)
    if not quiet:
        for path in result.outputs:
            click.echo(f"wrote {path}")


@main.command()
@_target_and_output
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
def preview(target: Path, out_dir: Path | None, debug: bool) -> None:
    """Write a PNG of every slide and page of TARGET, and a contact sheet, into NAME-preview/
    (the same as `briefing build --format png`; needs LibreOffice and poppler)."""
    with progress.shown():
        result = _run(debug, lambda: _loaded(["png"]).build(target, out_dir=out_dir, formats=["png"]))
    _report(result.warnings)
    for path in result.outputs:
        click.echo(f"wrote {path}")


@main.command()
@_target_and_output
@_formats_and_paper
@click.option("-q", "--quiet", is_flag=True, help="Print only problems, not each file written.")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
@click.option("--max-builds", type=click.IntRange(min=1), hidden=True,
              help="Stop after this many rounds of building, the first included (for tests).")
def watch(target: Path, out_dir: Path | None, formats: str | None, page_size: str | None, quiet: bool,
          debug: bool, max_builds: int | None) -> None:
    """Build TARGET, then build again each time one of its files is saved, until Ctrl+C.

    Only what an edit touches is rebuilt (a format's own template rebuilds that format alone), the
    deck first. A build that fails prints its problems and keeps the last good outputs; the watch
    goes on."""
    from .watch import Watch, watch_and_build

    paper = {"a4": "A4", "letter": "Letter"}.get((page_size or "").lower())

    def say(line: str) -> None:
        if line.startswith("briefing"):  # what went wrong: always, on stderr
            click.echo(line, err=True)
        elif not quiet:
            click.echo(line)

    session = Watch(target, out_dir, _formats(formats), paper, report=_report, echo=say)

    def run() -> None:
        _loaded(None)
        watch_and_build(session, max_builds=max_builds)

    _run(debug, run)
    sys.exit(1 if session.failed else 0)


@main.command()
@click.argument("target", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True,
              help="Fail (exit status 1) when any slide had to be continued, or on any warning.")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
def check(target: Path, strict: bool, debug: bool) -> None:
    """Validate content and templates and lay out every slide and page, writing nothing.

    Lists, slide by slide, what had to be set smaller or continued on another slide: that is how
    to find content that is too long."""
    with progress.shown():
        result = _run(debug, lambda: _loaded(None).check(target))
    _report(result.warnings)
    for output, notes in result.fit_notes.items():
        for note in notes:
            click.echo(f"{output}: {note}")
    problems = []
    if strict and result.continued:
        problems.append(f"{result.continued} continuation slide(s)")
    if strict and result.warnings:
        problems.append(f"{len(result.warnings)} warning(s)")
    if problems:
        click.echo(f"briefing: {' and '.join(problems)} with --strict", err=True)
        sys.exit(1)
    summary = f" ({len(result.warnings)} warning(s))" if result.warnings else ""
    click.echo("ok: content and templates are valid, and everything fits" + summary
               if not result.continued else f"ok: content and templates are valid; {result.continued} "
               f"slide(s) continued{summary}")


@main.command()
@click.argument("master", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def layouts(master: Path) -> None:
    """Show how the deck will use MASTER (.pptx or .potx): each slide master and layout, its
    placeholders (type, idx, size), and which kind of slide goes on it."""
    from .renderers.deck.master import describe
    from .renderers.deck.masterfile import read_master

    try:
        prs = read_master(master)
    except ValueError as exc:
        click.echo(f"briefing: {exc}; name a PowerPoint presentation or template (.pptx, .potx)", err=True)
        sys.exit(1)
    for line in describe(prs):
        click.echo(line)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--pack", default="brief", show_default=True, help="The built-in template pack to start from.")
def new(folder: Path, pack: str) -> None:
    """Start a briefing in FOLDER (new or empty): settings, sample content with figures, a series
    and sources, a commented theme, an example slide override, a README and the content's schema."""
    from .scaffold import new_project

    files = _run(False, lambda: new_project(folder, pack))
    click.echo(f"wrote {len(files)} files into {folder}; next: briefing build {folder}")


@main.command()
@click.argument("target", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--config", "which", flag_value="config", help="The schema of briefing.yaml instead.")
@click.option("--theme", "which", flag_value="theme", help="The schema of theme.yaml instead.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to a file.")
def schema(target: Path, which: str | None, output: Path | None) -> None:
    """Print the content schema of the project in TARGET (default: here) as JSON Schema: the
    content its template pack declares, for editors' autocompletion."""
    from pydantic import BaseModel

    from .config import ProjectConfig
    from .packs import project_content_model, schema_of
    from .theme import Theme

    models: dict[str, type[BaseModel]] = {"config": ProjectConfig, "theme": Theme}
    model = models[which] if which else _run(False, lambda: project_content_model(target))
    text = json.dumps(schema_of(model, content=which is None), indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


def run() -> None:
    """The `briefing` command: :func:`main`, then out of the process at once.

    When a build is done its outputs are in place and its files closed; what is left is the
    heap, which the interpreter would take apart object by object on the way out (half a second
    after a 1,000-slide deck). So the process ends there, as a forked child does, once what it
    printed is flushed. The Python API and click's test runner call :func:`main` and keep
    Python's usual exit.
    """
    try:
        main(prog_name="briefing")
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python prints it
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()

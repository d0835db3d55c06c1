"""``briefing watch``: build, then build again each time a file of the project is saved.

A layer over :func:`generator.pipeline.build`, like the command line. One process stays up, so
what a build loads is loaded once: the modules, the fonts' metrics and reportlab's registered
fonts, the compiled templates (also cached on disk, :mod:`generator.cache`). Saved files are
seen through watchfiles (the operating system's change notifications). An edit redoes only the
formats it touches: a format's own template (``report.md.j2``) rebuilds that format alone;
content, the theme, the master or shared templates rebuild every format. The deck is built first,
and each format is moved into place as soon as it is ready, not when the slowest is. A build
that fails prints every problem at its line, leaves the last good outputs where they are, and the
watch goes on.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import keep_between_builds
from .errors import BuildFailed, Problem, Problems, UsageError
from .pipeline import build
from .renderers import DerivedRenderer, Renderer, renderer_for
from .settings import load_settings

Echo = Callable[[str], None]


@dataclass
class Watch:
    """One watched target and how its builds went."""

    target: Path
    out_dir: Path | None = None
    formats: list[str] | None = None
    page_size: str | None = None
    report: Callable[[list[Problem]], None] = lambda problems: None
    echo: Echo = lambda line: None
    builds: int = 0  # rounds of building done, the first included
    failed: bool = False  # whether the last round failed
    _outputs: Path | None = field(default=None, repr=False)
    _name: str = field(default="", repr=False)

    @property
    def folder(self) -> Path:
        """The folder whose files are watched: the project, or the Markdown file's folder."""
        return self.target if self.target.is_dir() else self.target.resolve().parent

    def _planned(self) -> list[str]:
        """The formats a full build makes, in order; where they go, to ignore saves there."""
        try:
            settings = load_settings(self.target, Problems(), out_dir=self.out_dir, formats=self.formats,
                                     page_size=self.page_size)
        except UsageError:
            settings = None
        if settings is None:  # briefing.yaml is broken: the build will say where
            return list(self.formats or ["pptx", "pdf"])
        self._outputs, self._name = settings.out_dir.resolve(), settings.name
        return list(settings.formats)

    def touched(self, changed: Iterable[Path], formats: list[str]) -> list[str]:
        """The formats an edit of ``changed`` affects: a format's own template touches only it."""
        own = {cls.template: name for name in formats if issubclass(cls := renderer_for(name), Renderer)}
        names = {own.get(path.name) for path in changed}
        if None in names:
            return formats
        wanted = {name for name in names if name}
        for name in formats:  # the preview is made from the deck's and report's files
            cls = renderer_for(name)
            if issubclass(cls, DerivedRenderer) and wanted & set(cls.derives_from):
                wanted.add(name)
        return [name for name in formats if name in wanted]

    def round(self, changed: Iterable[Path] | None = None) -> None:
        """Build what ``changed`` touches (everything when None), one format after the other, each
        moved into place when it is done."""
        formats = self._planned()
        todo = formats if changed is None else self.touched(changed, formats)
        self.builds += 1
        # One after the other: building the report in a second process meanwhile was measured to
        # slow the deck down more than it sped the report up, on a busy 2-core machine.
        outcomes = [(name, self._build(name)) for name in todo]
        failed = Problems()  # the same mistake fails every format: said once
        for _, (outputs, problems, ms) in outcomes:
            if outputs is None:
                failed.extend(problems)
                continue
            self.report(problems)
            for path in outputs:
                self.echo(f"wrote {path} ({ms:.0f} ms)")
        self.failed = bool(failed.items)
        if self.failed:
            self.report(failed.items)
            missed = ", ".join(name for name, (outputs, _, _) in outcomes if outputs is None)
            self.echo(f"briefing: {missed} not rebuilt; the last good outputs are kept. Watching for the next save.")

    def _build(self, name: str) -> tuple[list[Path] | None, list[Problem], float]:
        """One format built: its files (None when it failed), its problems, and how long it took."""
        start = time.perf_counter()
        try:
            result = build(self.target, out_dir=self.out_dir, formats=[name], page_size=self.page_size)
        except BuildFailed as exc:
            return None, exc.problems, 0.0
        except UsageError as exc:
            return None, [Problem(str(self.target), None, None, str(exc))], 0.0
        return result.outputs, result.warnings, (time.perf_counter() - start) * 1000

    def ignored(self, path: Path) -> bool:
        """Files the build writes itself, and editors' scratch files: saving them builds nothing."""
        name = path.name
        if name.startswith((".", "~", "#")) or name.endswith(("~", ".swp", ".tmp", ".part")):
            return True
        out = self._outputs
        if out is None or not (path == out or out in path.parents):
            return False
        if out != self.folder.resolve():
            return True  # a folder of outputs (the project's output/)
        # Outputs beside a Markdown deck: the files named after it, not the deck itself.
        inside = path.relative_to(out).parts[0]
        return inside.startswith(f"{self._name}.") and inside != self.target.name or inside.endswith("-preview")


def watch_and_build(session: Watch, *, max_builds: int | None = None, step_ms: int = 10) -> None:
    """Build, then rebuild on every save, until interrupted (or after ``max_builds`` rounds)."""
    import watchfiles

    keep_between_builds()  # what a build draws, the next one may add again as it is
    session.round()
    _settle()
    if max_builds is not None and session.builds >= max_builds:
        return
    usual = watchfiles.DefaultFilter()  # version control, caches, editors' swap files

    def wanted(change: watchfiles.Change, path: str) -> bool:
        return usual(change, path) and not session.ignored(Path(path))

    def stamps() -> dict[Path, tuple[int, int]]:
        return {f: (f.stat().st_mtime_ns, f.stat().st_size) for f in session.folder.rglob("*")
                if f.is_file() and wanted(watchfiles.Change.modified, str(f))}

    # The operating system reports only what changes once the watcher runs, which is a moment after
    # this line is printed: a save in that moment is found by comparing the files' times instead.
    before = stamps()  # before the line that tells the user (and the tests) to go ahead and edit
    session.echo(f"watching {session.folder} (Ctrl+C to stop)")
    started = False
    # A short debounce: editors write a file in one go, and each millisecond here is waited on
    # every save before the rebuild starts.
    for changes in watchfiles.watch(session.folder.resolve(), watch_filter=wanted, debounce=200, step=step_ms,
                                    raise_interrupt=False, yield_on_timeout=True, rust_timeout=250):
        if not changes:
            if started:
                continue
            started = True  # the watcher runs: what changed since the first build, it will not report
            now = stamps()
            changes = {(watchfiles.Change.modified, str(f)) for f in now.keys() | before.keys()
                       if now.get(f) != before.get(f)}
            if not changes:
                continue
        started = True
        session.round({Path(path) for _, path in changes})
        _settle()
        if max_builds is not None and session.builds >= max_builds:
            return


def _settle() -> None:
    """Between rounds, while the user edits: collect what the last round left (the command keeps
    the collector off while it builds), then freeze what lives on (the warm fonts, templates,
    master facts and kept slides) out of the collector's way, should anything turn it on. A
    collector running during a rebuild walked all of them again, at most of a tenth of a second
    per rebuild. Unfrozen first, so garbage among them is still found, once per save, while
    nobody waits."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()

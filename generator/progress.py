"""Progress of a long build on stderr: what stage it is at, and how many slides are drawn.

The pipeline and the renderers say where they are through :func:`step` (a new stage) and
:func:`tick` (one more of a stage's items); without a reporter installed (the API, tests, watch
mode) these cost a function call. The command line installs one with :func:`shown`: nothing is
shown for a build that ends within about a second; after that, a rich progress bar on a terminal,
plain lines (one per stage, and at most one a second within one) when stderr is a file or a pipe,
and nothing with ``--quiet``. Colours follow ``NO_COLOR`` (rich reads it). The threshold can be
set with ``BRIEFING_PROGRESS_AFTER`` (seconds), which is how the tests see lines at once.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


class _Reporter:
    def __init__(self, stream: TextIO, after: float, terminal: bool):
        self.stream, self.after, self.terminal = stream, after, terminal
        self.start = time.perf_counter()
        self.stage = ""
        self.total: int | None = None
        self.done = 0
        self.said = 0.0  # when the last plain line was written
        self.bar: Any = None  # rich's Progress, once started
        self.task: Any = None

    def _late(self) -> bool:
        return time.perf_counter() - self.start >= self.after

    def step(self, stage: str, total: int | None) -> None:
        self.stage, self.total, self.done = stage, total, 0
        self._show(new=True)

    def tick(self, n: int) -> None:
        self.done += n
        self._show(new=False)

    def _show(self, new: bool) -> None:
        if not self._late():
            return
        if self.terminal:
            self._bar(new)
            return
        now = time.perf_counter()
        if new or now - self.said >= 1.0:
            count = f" {self.done}/{self.total}" if self.total else ""
            self.stream.write(f"briefing: {now - self.start:.1f} s: {self.stage}{count}\n")
            self.stream.flush()
            self.said = now

    def _bar(self, new: bool) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=self.stream, stderr=self.stream is sys.stderr)
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=console, transient=True)
            self.bar.start()
            new = True
        if new:
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(self.stage, total=self.total, completed=self.done)
        else:
            self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


_current: _Reporter | None = None


def step(stage: str, total: int | None = None) -> None:
    """The build starts a stage (``drawing slides``), of ``total`` items when it knows them."""
    if _current is not None:
        _current.step(stage, total)


def tick(n: int = 1) -> None:
    """One more item (a slide) of the current stage is done."""
    if _current is not None:
        _current.tick(n)


def silence() -> None:
    """Show nothing from here on in this process (a child planning for another)."""
    global _current
    _current = None


@contextmanager
def shown(quiet: bool = False, stream: TextIO | None = None) -> Iterator[None]:
    """Show the progress of what runs inside, on ``stream`` (stderr), unless ``quiet``."""
    global _current
    if quiet:
        yield
        return
    out = stream or sys.stderr
    try:
        after = float(os.environ.get("BRIEFING_PROGRESS_AFTER", "1"))
    except ValueError:
        after = 1.0
    reporter = _Reporter(out, after, terminal=out.isatty() and os.environ.get("TERM") != "dumb")
    previous, _current = _current, reporter
    try:
        yield
    finally:
        _current = previous
        reporter.close()

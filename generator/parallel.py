"""Planning formats side by side: the report composed in a second process while the deck is drawn.

Used by the pipeline when a build asks for more than one format. A renderer whose plan is plain
data (``plans_apart``: the report, whose plan is the PDF's bytes) is planned in a forked child
process; the formats that stay (the deck, whose plan holds the opened master) are planned and
written in this one meanwhile. The child is a fork, so it starts with everything this process
has loaded and computed, and runs the very same code on the same input: the bytes are those of a
build in one process. Its problems come back with its plan and join the build's in order.

Forking is used where the platform forks safely (Linux) and the machine has more than one core;
``BRIEFING_PARALLEL=0`` turns it off (to compare, or to profile in one process).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from . import progress
from .errors import BriefingError, Problem, Problems
from .renderers import Renderer

try:  # the size of a pipe; elsewhere than Linux nothing is forked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def alone() -> bool:
    """Whether this process runs one thread: a child forked then may import modules safely (a
    module another thread was importing at the fork would stay locked in the child for ever)."""
    return threading.active_count() == 1


def enabled(formats: int) -> bool:
    """Whether a build of this many formats should plan some of them in another process."""
    if formats < 2 or os.environ.get("BRIEFING_PARALLEL", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    return (os.cpu_count() or 1) > 1


def _child(work: Callable[[], Any], send: Connection) -> None:
    # Told to stop (Forked.cancel, Ctrl-C), a child ends there, whatever handlers it was born
    # with: a handler of the parent's that raises (the CLI's for SIGTERM) would have it report the
    # interruption into a pipe the parent no longer reads, full with a result half sent, and wait
    # there while the parent waits for it to end.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # What the child was born with is the parent's, and none of it becomes garbage here: frozen,
    # the collector never walks it, so its pages stay shared with the parent instead of being
    # copied as the collector touches every object.
    gc.freeze()
    progress.silence()  # the parent shows the build's progress, once
    try:
        send.send(("done", work(), ""))
    except BriefingError as exc:  # raised in the parent as it would have been there
        send.send(("raise", exc, ""))
    except BaseException as exc:  # a bug: carried to the parent, which reports it as its own
        send.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        send.close()


class Forked:
    """``work()`` run in a forked child process; :meth:`value` waits for what it returned."""

    def __init__(self, work: Callable[[], Any]):
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        self.receive = receive
        self.process = context.Process(target=_child, args=(work, send), daemon=True)
        self.process.start()
        send.close()  # the child's end: so a child that dies shows as the end of the pipe

    def cancel(self) -> None:
        """Stop the child, whose result is no longer wanted (the build failed meanwhile)."""
        self.process.terminate()
        self.process.join()
        self.receive.close()

    def value(self) -> Any:
        """What ``work()`` returned; what it raised is raised here (a bug as a RuntimeError)."""
        try:
            message = self.receive.recv()
        except EOFError:
            message = ("error", "the process working on it stopped without a result", "")
        finally:
            self.receive.close()
            self.process.join()
        if message[0] == "raise":
            raise message[1]
        if message[0] == "error":
            raise RuntimeError(f"{message[1]}\n{message[2]}".rstrip())
        return message[1]


def _planned(renderer: Renderer[Any]) -> tuple[Any, list[Problem]]:
    """A renderer's plan, and the problems found making it (what a child sends back)."""
    seen = len(renderer.problems.items)
    return renderer.plan(), renderer.problems.items[seen:]


class Apart:
    """One renderer planning in a child process; :meth:`result` waits for its plan."""

    def __init__(self, renderer: Renderer[Any]):
        self.child = Forked(lambda: _planned(renderer))

    def cancel(self) -> None:
        self.child.cancel()

    def result(self, problems: Problems) -> Any:
        """The child's plan, its problems added to ``problems``."""
        plan, found = self.child.value()
        problems.extend(found)
        return plan


_PIPE_ROOM = 1 << 20  # Linux's most for a pipe by default; a report's document is some tens of kilobytes


class ApartAhead(Apart):
    """A renderer planning in a child forked before its input is ready.

    The child loads the renderer's modules (``load``: reportlab, for the report) while this
    process loads the content and makes the documents; :meth:`give` then sends it what differs
    from what it was born with (the document), and ``make`` turns that into the renderer, as
    this process would have made it. What the child makes of it is the same as a child forked
    once the input was ready (:class:`Apart`) would make, sooner."""

    def __init__(self, load: Callable[[], None], make: Callable[[Any], Renderer[Any]]):
        context = multiprocessing.get_context("fork")
        receive, self._send = context.Pipe(duplex=False)
        try:  # room for a document in the pipe, so that giving it does not wait for the child to read
            fcntl.fcntl(self._send.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_ROOM)
        except (AttributeError, OSError):  # not Linux, or more than the system allows: it waits
            pass

        def work() -> tuple[Any, list[Problem]]:
            self._send.close()  # this end is the parent's: with it closed here, a parent gone is an end of input
            load()
            try:
                given = receive.recv()
            except EOFError:  # the build stopped before the input was ready
                os._exit(0)
            return _planned(make(given))

        self.child = Forked(work)
        receive.close()

    def give(self, value: Any) -> None:
        """The input, sent to the child, which plans from then on."""
        self._send.send(value)
        self._send.close()

    def cancel(self) -> None:
        self._send.close()
        super().cancel()

"""Problems a user can act on, and the one exception family that carries them.

Every stage reports bad input as :class:`Problem` values (``path:line:col: message``) and keeps
going where it can, so that one run lists every problem; the build raises
:class:`BuildFailed` once, before anything is written. The CLI prints the problems and exits 1;
a traceback appears only with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we know."""

    path: str
    line: int | None = None
    column: int | None = None
    message: str = ""
    severity: str = "error"  # "error" stops the build; "warning" is reported and the build goes on

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


def display_path(path: Path | str, base: Path | None = None) -> str:
    """A path as the user would type it: relative to the project (or cwd) when inside it."""
    p = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return p.as_posix()


@dataclass
class Problems:
    """Collects problems across a stage so that the user sees all of them in one run."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def error(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.add(Problem(path, line, column, message))

    def warn(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.add(Problem(path, line, column, message, severity="warning"))

    def add(self, problem: Problem) -> None:
        # The same problem found by two stages (the deck and the report read one theme) is said once.
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def extend(self, other: Problems | list[Problem]) -> None:
        for problem in other.items if isinstance(other, Problems) else other:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildFailed(self.items)


class BriefingError(Exception):
    """Base of every error meant for the user rather than for a programmer."""

    exit_code = 1  # what the command exits with


class BuildFailed(BriefingError):
    """The input has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the input")


class UsageError(BriefingError):
    """The command was called wrongly (exit status 2)."""

    exit_code = 2

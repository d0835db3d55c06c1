"""What goes wrong in a template, said at the template's file and line.

Jinja2 reports some mistakes in its own terms (a traceback through generated Python, a Python
``SyntaxError`` about code the user never wrote); the template stage turns each into a problem a
template author can act on. Used by :mod:`generator.templates` while loading and rendering.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

MAX_TEMPLATE_CHARS = 1_000_000


class TemplateUnreadable(Exception):
    """A template file that cannot be read as a template: ``path`` says which."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


def compile_problem(exc: BaseException, filename: str) -> tuple[str, int | None, str] | None:
    """(file, line, message) for what makes a template impossible to compile, or None.

    Jinja2 turns a template into Python, so some mistakes surface as Python's own errors about
    the generated code, whose line numbers are not the template's: the template is searched for
    the construct instead.
    """
    if isinstance(exc, TemplateUnreadable):
        return str(exc.path), None, exc.message
    if isinstance(exc, RecursionError):
        return filename, None, "blocks are nested too deeply to compile; split the template into macros"
    if isinstance(exc, SyntaxError):
        file = exc.filename if exc.filename and Path(exc.filename).is_file() else filename
        text = Path(file).read_text(encoding="utf-8", errors="replace") if Path(file).is_file() else ""
        if "outside loop" in (exc.msg or ""):
            word = "break" if "break" in exc.msg else "continue"
            found = re.search(r"{%-?\s*" + word + r"\b", text)
            line = text.count("\n", 0, found.start()) + 1 if found else None
            return file, line, f"'{{% {word} %}}' outside a loop; it may only stand inside {{% for %}}"
        if "nested blocks" in (exc.msg or ""):
            return file, None, "loops and conditions are nested more than 20 deep; split the template into macros"
        return file, None, f"the template cannot be compiled: {exc.msg}"
    return None


def template_frame(tb: Any, fallback: str) -> tuple[str, int | None]:
    """The innermost traceback frame that belongs to a template: its file and line."""
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.endswith(".jinja") or "/templates/" in name:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def undefined_message(exc: jinja2.UndefinedError) -> str:
    msg = str(exc)
    m = re.match(r"'(.+?)' is undefined", msg)
    if m:
        return f"'{m.group(1)}' is not defined; check the spelling, or the content field it should come from"
    m = re.match(r"'(.+?)' has no attribute '(.+?)'", msg)
    if m:
        # "pydantic.main.Edition object" → "briefing": name the thing as content files do.
        owner = re.sub(r"^(?:[\w.]+\.)?(\w+) object$", lambda o: o.group(1).lower(), m.group(1))
        return f"{owner} has no field '{m.group(2)}'; check the spelling against `briefing schema`"
    return msg

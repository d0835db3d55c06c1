"""briefing: checked, sourced facts in YAML → a PowerPoint deck and a PDF report.

The Python API, for scripts and notebooks; the ``briefing`` command is a thin layer over it::

    import generator
    result = generator.build("my-briefing")          # a project folder, or "talk.md"
    print(result.outputs, [str(w) for w in result.warnings])
    generator.check("my-briefing")                   # validate and lay out, write nothing

Both raise :class:`BuildFailed` (``.problems``: every problem, ``path:line:col: message``) when
the input has problems, and :class:`UsageError` when the call itself cannot be right.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from .errors import BriefingError, BuildFailed, Problem, UsageError

if TYPE_CHECKING:
    from .pipeline import BuildResult, build, check
    from .renderers import formats

__all__ = ["BriefingError", "BuildFailed", "BuildResult", "Problem", "UsageError", "__version__", "build", "check",
           "formats"]

_LAZY = {"BuildResult": "pipeline", "build": "pipeline", "check": "pipeline", "formats": "renderers"}


def __getattr__(name: str) -> Any:
    # The pipeline and the renderers load python-pptx, reportlab and the fonts: only when used, so
    # `briefing --version` and `--help` answer at once.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

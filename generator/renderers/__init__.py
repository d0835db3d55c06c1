"""Render stage: the registry of output formats.

Each format is a :class:`Renderer` subclass in a module of its own that registers itself with
:func:`register`. The built-in formats are listed in :data:`BUILTIN`; a package installed beside
the tool adds one through the ``briefing.formats`` entry point group. Everything else (the
formats a project may name, the ``--format`` choices, which template each renders, what a
Markdown deck becomes) is read from the registered classes, so a new format is one module and
its registration.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import TypeVar

from .base import BuildInput, DerivedRenderer, OutputFormat, Plan, Renderer

__all__ = ["BUILTIN", "BuildInput", "DerivedRenderer", "OutputFormat", "Plan", "Renderer", "formats", "register",
           "renderer_for"]

BUILTIN = ("generator.renderers.deck", "generator.renderers.report", "generator.renderers.preview")
"""Modules of the built-in formats, in the order their outputs are built."""

_REGISTRY: dict[str, type[OutputFormat]] = {}
_loaded = False

R = TypeVar("R", bound=type[OutputFormat])


def register(cls: R) -> R:
    """Class decorator: make a renderer known by its ``name``."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"two output formats are named '{cls.name}'")
    _REGISTRY[cls.name] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN:
        importlib.import_module(module)
    for entry in entry_points(group="briefing.formats"):
        entry.load()  # the module registers its renderer on import


def formats() -> dict[str, type[OutputFormat]]:
    """Every registered format by name: the built-in ones in :data:`BUILTIN` order, then others."""
    _load()

    def rank(cls: type[OutputFormat]) -> int:
        # Import order depends on who imported what first; the order users see must not.
        module = cls.__module__
        return next((i for i, m in enumerate(BUILTIN) if module == m or module.startswith(m + ".")), len(BUILTIN))

    return {cls.name: cls for cls in sorted(_REGISTRY.values(), key=rank)}


def renderer_for(name: str) -> type[OutputFormat]:
    return formats()[name]

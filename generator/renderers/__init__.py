"""Render stage: the registry of output formats.

Each format is a :class:`Renderer` subclass in a module of its own that registers itself with
:func:`register`. The built-in formats are listed in :data:`BUILTIN`, by name; a package installed beside
the tool adds one through the ``briefing.formats`` entry point group. Everything else (the
formats a project may name, the ``--format`` choices, which template each renders, what a
Markdown deck becomes) is read from the registered classes, so a new format is one module and
its registration.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import TypeVar

from .base import BuildInput, DerivedRenderer, OutputFormat, Plan, Renderer

__all__ = ["BUILTIN", "BuildInput", "DerivedRenderer", "OutputFormat", "Plan", "Renderer", "format_names",
           "formats", "register", "renderer_for"]

BUILTIN = {"pptx": "generator.renderers.deck", "pdf": "generator.renderers.report",
           "png": "generator.renderers.preview"}
"""The built-in formats' names and modules, in the order their outputs are built. A build of one
format imports only its module (python-pptx and reportlab each take a good part of a second)."""

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
    for module in BUILTIN.values():
        importlib.import_module(module)
    for entry in _plugins():
        entry.load()  # the module registers its renderer on import


@cache
def _plugins() -> tuple[EntryPoint, ...]:
    """Formats installed beside the tool, looked up once per process: reading every installed
    package's metadata takes milliseconds that `briefing watch` would pay on every save."""
    return tuple(entry_points(group="briefing.formats"))


def formats() -> dict[str, type[OutputFormat]]:
    """Every registered format by name: the built-in ones in :data:`BUILTIN` order, then others."""
    _load()

    def rank(cls: type[OutputFormat]) -> int:
        # Import order depends on who imported what first; the order users see must not.
        module = cls.__module__
        return next((i for i, m in enumerate(BUILTIN.values()) if module == m or module.startswith(m + ".")),
                    len(BUILTIN))

    return {cls.name: cls for cls in sorted(_REGISTRY.values(), key=rank)}


def format_names() -> list[str]:
    """Every format's name, in :func:`formats` order; without importing any renderer where only
    the built-in formats are installed."""
    if _loaded or _plugins():
        return list(formats())
    return list(BUILTIN)


def renderer_for(name: str) -> type[OutputFormat]:
    """The format named ``name`` (a KeyError if there is none): a built-in one imports only its module."""
    if name not in _REGISTRY and name in BUILTIN:
        importlib.import_module(BUILTIN[name])
    if name not in _REGISTRY:
        _load()
    return _REGISTRY[name]

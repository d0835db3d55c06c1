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
from typing import Any, TypeVar

from .base import BuildInput, Plan, Renderer

__all__ = ["BUILTIN", "BuildInput", "Plan", "Renderer", "formats", "register", "renderer_for"]

BUILTIN = ("generator.renderers.deck", "generator.renderers.pdf")
"""Modules of the built-in formats, in the order their outputs are built."""

_REGISTRY: dict[str, type[Renderer[Any]]] = {}
_loaded = False

R = TypeVar("R", bound=type[Renderer[Any]])


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


def formats() -> dict[str, type[Renderer[Any]]]:
    """Every registered format by name, built-in ones first."""
    _load()
    return dict(_REGISTRY)


def renderer_for(name: str) -> type[Renderer[Any]]:
    return formats()[name]

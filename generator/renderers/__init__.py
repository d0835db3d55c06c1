"""Render stage: one module per output format, each a :class:`Renderer` with the same interface.

A renderer gets the whole, validated :class:`BuildInput` and writes one file. It never sees YAML
or templates; a new format is a new module here and one entry in :func:`renderer_for`.
"""

from __future__ import annotations

from .base import BuildInput, Renderer

__all__ = ["BuildInput", "Renderer", "renderer_for"]


def renderer_for(fmt: str) -> type[Renderer]:
    from .pdf import ReportRenderer
    from .pptx import DeckRenderer

    renderers: dict[str, type[Renderer]] = {"pptx": DeckRenderer, "pdf": ReportRenderer}
    return renderers[fmt]

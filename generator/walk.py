"""One way to walk the document model: a visitor with a method per kind of block.

Every block class of :mod:`generator.document` names its ``kind`` (``paragraph``, ``list``,
``chart``, …). A stage that treats blocks differently by kind subclasses :class:`BlockVisitor`
and defines ``visit_<kind>`` methods, as docutils and Sphinx translators do; a kind it has no
method for goes to :meth:`BlockVisitor.visit_other`. A new block type is then a class in
``document.py`` and one method in each visitor that must draw it, found by searching for its kind.
The same kind names are what a renderer declares it can draw (``Renderer.draws``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, get_args

from . import document as d
from .document import Block, Inline

R = TypeVar("R")

BLOCK_KINDS: dict[str, type[Any]] = {cls.kind: cls for cls in get_args(Block)}
"""Every kind of block, by the name visitors and renderers use for it."""


class BlockVisitor(Generic[R]):
    """Dispatch on a block's kind to ``visit_<kind>``; subclasses define the methods they need."""

    def visit(self, block: Block) -> R:
        method = getattr(self, f"visit_{block.kind}", None)
        if method is None:
            return self.visit_other(block)
        result: R = method(block)
        return result

    def visit_all(self, blocks: list[Block]) -> list[R]:
        return [self.visit(block) for block in blocks]

    def visit_other(self, block: Block) -> R:
        """A kind this visitor has no method for: a bug in the tool, not in the input."""
        raise NotImplementedError(f"{type(self).__name__} has no visit_{block.kind}")


class _Inlines(BlockVisitor[list[Inline]]):
    """Every run list inside a block, in reading order."""

    def visit_heading(self, block: d.Heading) -> list[Inline]:
        return [block.text]

    def visit_paragraph(self, block: d.Paragraph) -> list[Inline]:
        return [block.text]

    def visit_list(self, block: d.ListBlock) -> list[Inline]:
        out: list[Inline] = []

        def walk(items: list[d.ListItem]) -> None:
            for item in items:
                out.append(item.text)
                walk(item.children)

        walk(block.items)
        return out

    def visit_table(self, block: d.Table) -> list[Inline]:
        return [*block.header, *(cell for row in [*block.subheader, *block.rows] for cell in row)]

    def visit_quote(self, block: d.Quote) -> list[Inline]:
        return [*block.paragraphs, *([block.attribution] if block.attribution else [])]

    def visit_callout(self, block: d.Callout) -> list[Inline]:
        return [block.title, *(spans for b in block.blocks for spans in self.visit(b))]

    def visit_columns(self, block: d.Columns) -> list[Inline]:
        return [spans for column in block.columns for b in column for spans in self.visit(b)]

    def visit_other(self, block: Block) -> list[Inline]:
        return []  # pictures, charts, code and the like hold no marked-up text


_INLINES = _Inlines()


def inlines_of(block: Block) -> list[Inline]:
    """Every run list inside a block, in reading order (for searches such as footnote marks)."""
    return _INLINES.visit(block)

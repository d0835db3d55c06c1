"""Pandoc's block structures for the parse stage: fenced divs and lists whose items hold blocks.

:class:`PandocBlocks` is a part of :mod:`generator.markdown`'s parser, kept here so that module
stays readable: a div becomes speaker notes, columns (with the widths given) or its content
(incremental divs mark the lists inside); a list whose items hold code is cut around that code.
Two small readers sit here too: task list items and the attributes after a picture.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from .divs import classes
from .document import (
    Block,
    Callout,
    Columns,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Notes,
    Paragraph,
    Pause,
    Span,
)
from .errors import Problems
from .figures.callouts import CALLOUT_TYPES


def _line(node: SyntaxTreeNode, offset: int) -> int:
    """The line in the file where a parsed node starts, counting from 1."""
    return (node.map[0] if node.map else 0) + 1 + offset


class PandocBlocks:
    """The parser's methods for pandoc's divs and for lists with blocks inside their items."""

    path: str
    problems: Problems
    offset: int

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[Block]:
        raise NotImplementedError

    def items(self, node: SyntaxTreeNode, depth: int) -> list[ListItem]:
        raise NotImplementedError

    def inline(self, node: SyntaxTreeNode) -> Inline:
        raise NotImplementedError

    def definitions(self, node: SyntaxTreeNode, line: int) -> ListBlock:
        """A definition list: each term a stressed item, its definitions the items under it."""
        items: list[ListItem] = []
        for child in node.children:
            if child.type == "dt":
                items.append(ListItem([Span(s.text, True, s.italic, s.code, s.strike, s.link, s.footnote)
                                       for s in self.inline(child.children[0])], _line(child, self.offset)))
            elif child.type == "dd" and items:
                for part in child.children:
                    if part.type == "paragraph":
                        items[-1].children.append(ListItem(self.inline(part.children[0]), _line(part, self.offset)))
                    else:
                        self.problems.warn(self.path, _line(part, self.offset), 1, f"a {part.type.replace('_', ' ')} "
                                           "inside a definition is not supported; move it out of the list")
        return ListBlock(items, line)

    def div(self, node: SyntaxTreeNode) -> list[Block]:
        """A fenced div: notes and columns are blocks of their own; any other div stands for its content."""
        line = _line(node, self.offset)
        kinds = classes(node.meta.get("attrs", {}))
        if "notes" in kinds:
            return [Notes(self.blocks(node.children), line)]
        if "columns" in kinds:
            columns: list[list[Block]] = []
            widths: list[float | None] = []
            outside: list[Block] = []
            for child in node.children:
                attrs = child.meta.get("attrs", {}) if child.type == "div" else {}
                if "column" in classes(attrs):
                    columns.append(self.blocks(child.children))
                    widths.append(_width(attrs.get("width")))
                else:
                    outside += self.blocks([child])
            if not columns:
                self.problems.error(self.path, line, 1, "a ':::: columns' div needs '::: column' divs inside it")
                return outside
            return [Columns(columns, line, widths), *outside]
        inner = self.blocks(node.children)
        callout = next((k[len("callout-"):] for k in kinds if k.startswith("callout-")), None)
        if callout is not None:
            return self.callout(node, callout, inner, line)
        if "fragment" in kinds:  # reveal.js's fragment: its content appears on a click, what follows does not wait
            return [Pause(line), *inner, Pause(line, resume=True)]
        if "incremental" in kinds or "nonincremental" in kinds:
            for block in inner:  # the lists directly inside, as pandoc does
                if isinstance(block, ListBlock):
                    block.incremental = "incremental" in kinds
        return inner

    def callout(self, node: SyntaxTreeNode, kind: str, inner: list[Block], line: int) -> list[Block]:
        """Quarto's callout (``::: {.callout-note}``): a box styled by its type, led by its title
        (``title="…"``, else a heading first inside it, else the type's name)."""
        given = node.meta.get("attrs", {}).get("title")
        title: Inline = [Span(given)] if given else [Span(kind.capitalize())]
        if inner and isinstance(inner[0], Heading):
            title, inner = inner[0].text, inner[1:]
        if kind not in CALLOUT_TYPES:
            self.problems.warn(self.path, line, 1, f"'callout-{kind}' is not one of Quarto's callouts "
                               f"({', '.join('callout-' + k for k in CALLOUT_TYPES)}); it is drawn as a note")
        text: list[Block] = []
        after: list[Block] = []
        for block in inner:
            if isinstance(block, (Paragraph, ListBlock)) and not after:
                text.append(block)
            else:  # the box holds text only: pictures, code, tables and what follows them come after it
                after.append(block)
        return [Callout(kind, title, text, line), *after]

    def split_list(self, node: SyntaxTreeNode) -> list[Block]:
        """A list whose items hold code or other blocks: the list is cut after each such item, the
        blocks stand after it at full width, and the numbering goes on where it stopped."""
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        out: list[Block] = []
        pending: list[ListItem] = []
        for li in node.children:
            inner = [c for c in li.children if c.type in ("paragraph", "bullet_list", "ordered_list")]
            other = [c for c in li.children if c not in inner]
            fake = SyntaxTreeNode()  # the item without its blocks, read as usual
            fake.children = [li]
            li_children = li.children
            li.children = inner
            pending += self.items(fake, depth=1)
            li.children = li_children
            if other:
                out.append(ListBlock(pending, pending[0].line, ordered=ordered, start=start))
                start += len(pending)
                pending = []
                out += self.blocks(other)
        if pending:
            out.append(ListBlock(pending, pending[0].line, ordered=ordered, start=start))
        return out


def _width(value: str | None) -> float | None:
    """A column's ``width`` as a share of the slide: ``40%`` or ``0.4``; None when not given or unreadable."""
    if not value:
        return None
    m = re.fullmatch(r"\s*([\d.]+)\s*(%?)\s*", value)
    if not m:
        return None
    try:
        share = float(m.group(1)) / (100 if m.group(2) else 1)
    except ValueError:
        return None
    return share if 0 < share <= 1 else None


def task_item(text: Inline) -> Inline:
    """A task list item, ``[ ] to do`` or ``[x] done``: its box as the character □ or ▣."""
    if text and not text[0].code:
        m = re.match(r"\[([ xX])\]\s", text[0].text)
        if m:
            first = text[0]
            box = "□ " if m.group(1) == " " else "▣ "  # pandoc writes ☐ ☒, which the theme fonts lack
            return [Span(box + first.text[m.end():], first.bold, first.italic, False, first.strike, first.link),
                    *text[1:]]
    return text


def attrs_or_break(node: SyntaxTreeNode) -> bool:
    """Whether an inline part after a picture is only its attributes ``{…}``, a backslash or a break."""
    if node.type in ("hardbreak", "softbreak"):
        return True
    return node.type == "text" and re.fullmatch(r"\s*(\{[^{}]*\})?\s*\\?\s*", node.content) is not None

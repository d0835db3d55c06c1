"""The parse stage's one-pass tree is the tree markdown-it-py's SyntaxTreeNode builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.tree import SyntaxTreeNode
from test_corpus import DECKS

from generator.markdown import _markdown
from generator.syntaxtree import syntax_tree

HAND_WRITTEN = """---
title: Tree
---

# Part

## Slide {#s .wide}

- one *two* **three** `four`
  1. nested [link](https://example.org) ![pic](a.png)

> quote with $x^2$ and[^n]

::: {.columns}
:::: column
| a | b |
|---|--:|
| 1 | 2 |
::::
:::

::: notes
Said aloud.
:::

[^n]: A note.

Term
: Definition
"""


def _shape(node: SyntaxTreeNode) -> list[object]:
    """Everything a reader of the tree sees: types, tokens, parents, in order."""
    out: list[object] = []

    def walk(n: SyntaxTreeNode, depth: int) -> None:
        out.append((depth, n.type, id(n.token) if n.token else None,
                    tuple(map(id, n.nester_tokens)) if n.nester_tokens else None,
                    n.parent.type if n.parent else None, len(n.children)))
        for child in n.children:
            assert child.parent is n
            walk(child, depth + 1)

    walk(node, 0)
    return out


@pytest.mark.parametrize("source", [HAND_WRITTEN, *(p for p in DECKS)], ids=lambda s: getattr(s, "name", "hand"))
def test_the_tree_is_the_one_markdown_it_builds(source: str | Path) -> None:
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    tokens = _markdown().parse(text, {})
    ours, theirs = syntax_tree(tokens), SyntaxTreeNode(tokens)
    assert _shape(ours) == _shape(theirs)
    assert ours.pretty(show_text=True) == theirs.pretty(show_text=True)


def test_a_stream_left_open_is_refused() -> None:
    tokens = _markdown().parse("- item\n", {})
    with pytest.raises(ValueError, match="unclosed"):
        syntax_tree(tokens[:-1])

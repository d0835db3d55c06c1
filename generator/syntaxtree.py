"""markdown-it's token stream as a tree of :class:`~markdown_it.tree.SyntaxTreeNode`, built in one pass.

The parse stage reads the tree markdown-it-py's ``SyntaxTreeNode(tokens)`` gives. That
constructor copies the tokens inside every container into a new list at each level, and works
out a node's ``type`` anew on every read, which made building the tree a quarter of parsing a
1,000-slide deck. :func:`syntax_tree` builds the same tree (the same nodes, tokens, parents and
types) walking the stream once with a stack, and stores each node's type.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode, _NesterTokens


class Node(SyntaxTreeNode):
    """A node whose type is kept, not worked out from its tokens at each read."""

    # Plain class attribute: the instance's own value, set when the node is made, is found first.
    type = "root"


def syntax_tree(tokens: Sequence[Token]) -> SyntaxTreeNode:
    """The root of the tree of ``tokens``, as ``SyntaxTreeNode(tokens)`` would build it."""
    root = Node()
    _fill(root, tokens)
    return root


def _fill(root: Node, tokens: Sequence[Token]) -> None:
    open_nodes: list[Node] = [root]
    for token in tokens:
        nesting = token.nesting
        if nesting == -1:
            node = open_nodes.pop()
            assert node.nester_tokens is not None, "a closing token without its opening one"
            node.nester_tokens = _NesterTokens(node.nester_tokens.opening, token)
            continue
        parent = open_nodes[-1]
        node = Node.__new__(Node)
        node.token = None
        node.nester_tokens = None
        node._parent = parent
        node._children = []
        parent._children.append(node)
        if nesting == 1:
            node.nester_tokens = _NesterTokens(token, token)  # the closing token is set when it comes
            node.type = token.type.removesuffix("_open")
            open_nodes.append(node)
        else:
            node.token = token
            node.type = token.type
            if token.children:
                _fill(node, token.children)
    if len(open_nodes) != 1:
        raise ValueError(f"unclosed tokens starting {open_nodes[1].nester_tokens}")

"""A long Markdown file parsed in two processes: the second half in a forked child meanwhile.

Parsing is a good part of a long hand-written deck's build (a 1,000-slide deck spends about a
second in it), and markdown-it reads one block after another. Where a block of the top level
starts, nothing before it changes how the rest is read: the text from there on, parsed alone,
gives the tokens the whole text gives from there. So :func:`start` picks a line near the middle,
and forks a child that parses the text from it, while this process parses the text before it.

The line is chosen by a quick scan: a heading (``#`` at the start of a line, after a blank line),
outside code fences and ``:::`` divs as far as the scan can tell. It is proved by this process's
own parse, which is a parse of the whole text ended by :func:`stop_rule` at the first block of
the top level at or past that line. Every block before it was read with the whole text after it
in view (a div or a multiline table looks ahead for its closing line), so those tokens are the
whole parse's; and if that first block starts on the line itself, the child's parse is right
from there on. When it does not (the scan was fooled, say, by an HTML comment), the child is
stopped and the whole text parsed here, as it always is for a short text. The child checks that
its text opens with a heading, as the scan meant (a table caption above cannot reach it).

Some Markdown reaches across the whole file, and such a file is parsed in one process:
reference links and footnotes (defined in one place, used anywhere) and citations (their
references are listed at the end). The Document is the same either way; ``tests/test_parsehalves.py``
compares the two on every deck of the corpus and on decks made to fool the scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown_it.rules_block import StateBlock

from . import parallel
from .citations import cites
from .document import Block
from .errors import Problem

STOP_AT, STOPPED_AT = "parse_stop_at", "parse_stopped_at"  # the env's keys for :func:`stop_rule`
# This process's part of the text when it also has other work to do meanwhile (loading the deck's
# renderer and python-pptx): measured best on two cores, where the child, which parses the rest
# and sends it back, then finishes with this process.
SHARE_BESIDE_WORK = 0.46
MIN_CHARS = 100_000  # about 150 slides: below this the fork and the copying back cost more than they save

_NEWLINES = re.compile(r"\r\n?")  # markdown-it's own normalisation, so lines are counted as it counts them
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_DIV = re.compile(r" {0,3}:{3,}(.*)$")
# Markdown whose meaning is settled across the whole file: a reference definition `[x]: url` or a
# footnote's `[^x]: …` (used anywhere), an inline footnote `^[…]` (numbered through the file).
_DOCUMENT_WIDE = re.compile(r"^ {0,3}\[[^\]\n]+\]:|\[\^|\^\[", re.M)


@dataclass
class Tail:
    """What the child parsed: the blocks from the split on, and what it found to say."""

    blocks: list[Block]
    problems: list[Problem]
    unclosed: list[int]  # lines (from 0, in the whole text) where a `:::` div opens and never closes


def whole_file(text: str) -> bool:
    """Whether ``text`` holds Markdown read across the whole file: definitions used anywhere, or
    citations (their works are listed at the end, under a heading at the deck's slide level)."""
    if _DOCUMENT_WIDE.search(text):
        return True
    return ("@" in text or "\\cite" in text) and (cites(text) or "bibliograph" in text or "references" in text)


def split_line(lines: list[str], share: float = 0.5) -> int | None:
    """The line (from 0) the child should parse from: the first likely top-level heading past
    ``share`` of the text (by characters), or the last one before it; None if there is none."""
    middle = int(sum(len(line) + 1 for line in lines) * share)
    at, fence, divs = 0, "", 0
    before: int | None = None
    for k, line in enumerate(lines):
        if fence:
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
                fence = ""
        elif m := _FENCE.match(line):
            fence = m.group(1)
        elif m := _DIV.match(line):
            divs = divs + 1 if m.group(1).strip() else max(divs - 1, 0)
        elif not divs and k > 0 and _HEADING.match(line) and not lines[k - 1].strip():
            if at >= middle:
                return k
            before = k
        at += len(line) + 1
    return before


class ParsedApart:
    """The text from :attr:`line` on, parsed in a forked child; the text before it is this process's."""

    def __init__(self, lines: list[str], line: int, parse_tail: Callable[[str, int], Tail | None]):
        self.line = line
        tail_text = "\n".join(lines[line:])
        self.child = parallel.Forked(lambda: parse_tail(tail_text, line))

    def head_env(self) -> dict[str, Any]:
        """The env for markdown-it's parse of the whole text that stops at the split line."""
        return {STOP_AT: self.line}

    def proved(self, env: dict[str, Any]) -> bool:
        """Whether the parse with :meth:`head_env` stopped at the split line, which is then where a
        block of the top level starts; if not, the child is stopped and the text is parsed whole."""
        if env.get(STOPPED_AT) == self.line:
            return True
        self.child.cancel()
        return False

    def tail(self) -> Tail | None:
        """What the child parsed, or None when the text from the split line does not open with a
        heading (a table's header row, say), and must be parsed whole."""
        return self.child.value()


def stop_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A block rule tried before every other: at the first block of the top level at or past
    ``env[STOP_AT]``, the parse ends. Every rule before it reads on to the end of the text, as in a
    parse of the whole, so the tokens made are exactly the first ones of that parse."""
    stop = state.env.get(STOP_AT)
    if stop is None or start < stop or state.level != 0 or silent:
        return False
    state.env[STOPPED_AT] = start
    state.line = state.lineMax
    return True


def start(text: str, parse_tail: Callable[[str, int], Tail | None], share: float = 0.5) -> ParsedApart | None:
    """Fork the child that parses ``text`` from a line past ``share`` of it with
    ``parse_tail(text_from_line, line)``, or None when the text is parsed in one process."""
    if len(text) < MIN_CHARS or not parallel.enabled(2) or whole_file(text):
        return None
    lines = _NEWLINES.sub("\n", text).split("\n")
    line = split_line(lines, share)
    return ParsedApart(lines, line, parse_tail) if line else None

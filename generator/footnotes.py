"""Footnote references checked against their definitions, for the parse stage.

:mod:`generator.markdown` calls :func:`check_footnotes` after parsing: a footnote cited but never
defined would print as ``[^x]``, so it is reported at its line and column instead.
"""

from __future__ import annotations

import re

from .document import Document
from .errors import Problems

_FOOTNOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def check_footnotes(doc: Document, source: str, problems: Problems) -> None:
    """A cited footnote with no definition would silently print as ``[^x]``: report it instead."""
    if "[^" not in source:  # most decks cite none: not worth reading line by line
        return
    fence: str | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None or line.startswith("    "):
            continue
        # Inline code shows `[^x]` as text: blank code spans out, keeping columns.
        line = re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)
        for ref in _FOOTNOTE_REF.finditer(line):
            label = ref.group(1)
            if label not in doc.footnotes:
                problems.error(doc.path, number, ref.start() + 1, f"footnote [^{label}] is cited but never "
                               f"defined; add a line '[^{label}]: source' at the end")

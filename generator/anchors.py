"""Internal links for the parse stage: the ids headings answer to, and ``[text](#id)`` checked against them.

A heading answers to its ``{#id}`` and, as in pandoc, to the identifier made from its text
(:func:`heading_id`). :func:`check_links` runs after parsing: a link to an id no heading has
would lead nowhere (and break the handout's PDF links), so it is reported at its line and kept as
plain text. The renderers turn the rest into jumps: the report to the heading's page.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .document import Document, Heading, Notes, plain
from .errors import Problems
from .walk import inlines_of


def auto_id(text: str) -> str:
    """Pandoc's identifier for a heading's text: lower case, punctuation gone, spaces as hyphens."""
    text = re.sub(r"[^\w\s.-]", "", text.lower(), flags=re.UNICODE)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"^[^a-z\u00c0-\uffff]+", "", text)
    return text or "section"


def heading_id(heading: Heading) -> str:
    return heading.attrs.get("id") or auto_id(plain(heading.text))


def check_links(doc: Document, problems: Problems) -> None:
    """Unlink every ``#id`` link no heading answers to, with a warning at its line."""
    known: set[str] | None = None  # the ids headings answer to: worked out at the first `#` link
    blocks = list(doc.blocks)
    for block in list(blocks):
        if isinstance(block, Notes):
            blocks += block.blocks
    for block in blocks:
        for spans in inlines_of(block):
            for k, span in enumerate(spans):
                if not span.link or not span.link.startswith("#"):
                    continue
                if known is None:
                    headings = [b for b in doc.blocks if isinstance(b, Heading)]
                    known = ({h.attrs["id"] for h in headings if "id" in h.attrs}
                             | {auto_id(plain(h.text)) for h in headings})
                if span.link[1:] in known:
                    doc.link_targets.add(span.link[1:])
                else:
                    problems.warn(doc.path, block.line, 1, f"link to '{span.link}' leads to no heading; give the "
                                  f"heading it means '{{{span.link}}}', or remove the link (kept as text)")
                    spans[k] = replace(span, link=None)

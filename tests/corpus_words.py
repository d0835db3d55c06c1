"""The corpus measure of docs/markdown.md: which of a deck's words survive into the built deck.

The reference is pandoc's own reading of the source (``pandoc -t json``): the text of its ``Str``
and ``Code`` inlines, code blocks, and the title block, as the corpus README describes; maths, raw
markup, link targets and picture paths are markup and not counted. The built deck's words are
every ``a:t`` and ``m:t`` of its slides and notes pages.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_TEXT = re.compile(r"<(?:a|m):t(?:\s[^>]*)?>([^<]*)</(?:a|m):t>")
_SKIP = {"Math", "RawInline", "RawBlock"}


def words(text: str) -> set[str]:
    """Lower-cased runs of letters and digits; each CJK character is a word of its own."""
    return set(_WORD.findall(text.lower()))


def _texts(node: Any, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _texts(item, out)
    elif isinstance(node, dict):
        kind = node.get("t")
        if kind in _SKIP:
            return
        if kind == "Str":
            out.append(node["c"])
        elif kind == "Code":
            out.append(node["c"][1])
        elif kind == "CodeBlock":
            out.append(node["c"][1])
        elif kind in ("Link", "Image"):
            _texts(node["c"][1], out)  # the text, not the target
        elif kind == "MetaString":
            out.append(node["c"])
        else:
            _texts(node.get("c"), out)


def pandoc_words(source: Path) -> set[str]:
    """The words pandoc reads in a deck: the reference the built deck is measured against."""
    done = subprocess.run(["pandoc", str(source), "-f", "markdown", "-t", "json"], capture_output=True,
                          text=True, check=True, timeout=120)
    ast = json.loads(done.stdout)
    out: list[str] = []
    meta = ast.get("meta", {})
    for key in ("title", "subtitle", "author", "date"):
        if key in meta:
            _texts(meta[key], out)
    _texts(ast["blocks"], out)
    return words(" ".join(out))


def deck_words(deck: Path) -> set[str]:
    """The words of a built deck: every text run on its slides and notes pages."""
    out: list[str] = []
    with zipfile.ZipFile(deck) as z:
        for name in z.namelist():
            if re.match(r"ppt/(slides|notesSlides)/[^/]+\.xml$", name):
                xml = z.read(name).decode("utf-8")
                out += [_unescape(t) for t in _TEXT.findall(xml)]
    return words(" ".join(out))


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")

"""A long Markdown file parsed in two processes gives the Document and the problems of one parse.

The split is forced onto short texts here (``MIN_CHARS`` lowered), so that every deck of the
corpus and a set of decks made to fool the split's scan (headings inside fences, divs, comments,
a fence inside a list) are parsed both ways and compared.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_corpus import DECKS

from generator import markdown, parallel, parsehalves
from generator.errors import Problem, Problems

pytestmark = pytest.mark.skipif(not parallel.enabled(2), reason="needs Linux and a second core to fork")

_PIECES = [
    "## Slide {n}\n\n- a point\n- another, with `code`\n\n",
    "## Code {n}\n\n```python\nx = {n}\n\n# a comment, not a heading\n```\n\n",
    "## A fence in a list {n}\n\n- item\n\n  ```\n\n# inside the item's fence\n  ```\n\n",
    "::: notes\n\n# a heading in the notes {n}\n\n:::\n\n",
    "<!--\n\n# in a comment {n}\n\n-->\n\n",
    "    indented code\n\n    ```\n\n# after an indented fence {n}\n\n",
    "| a | b |\n|---|---|\n| {n} | 2 |\n\n",
    "# Section {n} | x\n|---|---|\n\n",
    "::: {{.columns}}\n:::: column\n\n# in a column {n}\n\n::::\n:::\n\n",
    "~~~~\n\n# in a tilde fence {n}\n~~~\n~~~~\n\n",
    "<script>\n\n# in a script {n}\n\n</script>\n\n",
    "> a quote\n\n# after a quote {n}\n\n",
    "Term {n}\n: its definition\n\n# after a definition list\n\n",
    "::: notes\nnever closed {n}\n\n",
    "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n\n",
    "Setext {n}\n===\n\n",
    "# Heading {n} {{#id-{n} .class}}\n\nSee [the first](#id-1) and [nothing](#nowhere).\n\n",
    "<span>raw {n}</span> HTML and $x^{n}$ maths\n\n",
    "::: notes\n\n<!--\n:::\n-->\n\n# a closing fence in a comment closes the div {n}\n\n:::\n\n",
    "> a quote\n>\n> ```\n\n# after a fence in a quote {n}\n\n",
]


def _hostile(seed: int) -> str:
    rng = random.Random(seed)
    parts = ["---\ntitle: Made to fool the split\n---\n\n"]
    parts += [rng.choice(_PIECES).format(n=n) for n in range(rng.randint(30, 150))]
    return "".join(parts)


def _parse(text: str, path: Path, split: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[Problem]]:
    monkeypatch.setattr(parsehalves, "MIN_CHARS", 0 if split else 1 << 60)
    problems = Problems()
    doc = markdown.parse(text, str(path), problems, base_dir=path.parent, project_root=path.parent)
    return doc, problems.items


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many parses were split and kept so, and how many were parsed whole after all."""
    seen = {"proved": 0, "whole": 0}
    proved, tail = parsehalves.ParsedApart.proved, parsehalves.ParsedApart.tail

    def counted_proof(self: parsehalves.ParsedApart, env: dict) -> bool:
        kept = proved(self, env)
        seen["whole"] += not kept
        return kept

    def counted_tail(self: parsehalves.ParsedApart) -> parsehalves.Tail | None:
        got = tail(self)
        seen["proved" if got is not None else "whole"] += 1
        return got
    monkeypatch.setattr(parsehalves.ParsedApart, "proved", counted_proof)
    monkeypatch.setattr(parsehalves.ParsedApart, "tail", counted_tail)
    return seen


def test_split_parses_give_what_one_parse_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _counting(monkeypatch)
    for seed in range(30):
        text = _hostile(seed)
        path = tmp_path / f"hostile-{seed}.md"
        assert _parse(text, path, True, monkeypatch) == _parse(text, path, False, monkeypatch), seed
    # Both ways were taken: splits proved by the first half's parse, and splits it refused.
    assert seen["proved"] >= 5 and seen["whole"] >= 5


@pytest.mark.parametrize("container", [
    "::: notes\n\n# Said in the notes\n\n- more\n\n:::\n",  # a heading inside a div
    "```\n\n# Said in the notes\n```\n",  # not a heading at all: code
    "<!--\n\n# Said in the notes\n\n-->\n",  # nor here: a comment
    # A table's header row, its caption above the split: the caption is the table's.
    "Table: Said above\n\n# Said in the notes | x\n|---|---|\n| 1 | 2 |\n",
    # A row of a multiline table: seen as one only with its closing line in view.
    "-------------------\nColumn   Other\n-------- ----------\nfirst    row\n\n# Said in the notes\n"
    "-------------------\n",
])
def test_a_split_line_the_parse_does_not_prove_is_parsed_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                container: str) -> None:
    slides = [f"## Slide {n}\n\n- point {n}\n" for n in range(40)]
    text = "\n".join(slides[:21] + [container] + slides[21:])
    # As if the scan were fooled: the split is put on the line the container holds.
    line = next(k for k, at in enumerate(text.split("\n")) if at.startswith("# Said in the notes"))
    monkeypatch.setattr(parsehalves, "split_line", lambda lines, share: line)
    seen = _counting(monkeypatch)
    assert _parse(text, tmp_path / "talk.md", True, monkeypatch) == _parse(text, tmp_path / "talk.md", False,
                                                                           monkeypatch)
    assert seen["whole"] == 1 and seen["proved"] == 0


@pytest.mark.skipif(not DECKS, reason="the corpus of real decks is not beside the repository")
def test_every_corpus_deck_parses_the_same_split(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _counting(monkeypatch)
    for deck in DECKS:
        text = deck.read_text(encoding="utf-8")
        assert _parse(text, deck, True, monkeypatch) == _parse(text, deck, False, monkeypatch), deck.name
    assert seen["proved"] >= 3


def test_problems_in_the_second_half_are_at_their_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slides = [f"## Slide {n}\n\n- point {n}\n" for n in range(40)]
    slides[30] += "\n::: notes\nnever closed\n"
    text = "\n".join(slides)
    seen = _counting(monkeypatch)
    _, problems = _parse(text, tmp_path / "talk.md", True, monkeypatch)
    assert seen["proved"] == 1
    line = text.split("\n").index("::: notes") + 1
    assert [(p.line, p.message.split(";")[0]) for p in problems if p.severity == "error"] == \
        [(line, "this div is never closed")]


@pytest.mark.parametrize("wide", ["See [the report][r].\n\n[r]: https://example.org\n",
                                  "A claim.[^1]\n\n[^1]: Its source.\n", "An aside.^[Said in passing.]\n"])
def test_markdown_read_across_the_file_is_parsed_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       wide: str) -> None:
    text = "\n".join(f"## Slide {n}\n\n- point {n}\n" for n in range(40)) + "\n" + wide
    seen = _counting(monkeypatch)
    assert _parse(text, tmp_path / "talk.md", True, monkeypatch)[0] == \
        _parse(text, tmp_path / "talk.md", False, monkeypatch)[0]
    assert seen == {"proved": 0, "whole": 0}


def test_work_given_for_meanwhile_is_done_while_the_child_parses(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(f"## Slide {n}\n\n- point {n}\n" for n in range(40))
    monkeypatch.setattr(parsehalves, "MIN_CHARS", 0)
    seen = _counting(monkeypatch)
    done: list[int] = []
    split = markdown.parse(text, str(tmp_path / "talk.md"), Problems(), base_dir=tmp_path, project_root=tmp_path,
                           meanwhile=lambda: done.append(1))
    assert done == [1] and seen["proved"] == 1
    assert split == _parse(text, tmp_path / "talk.md", False, monkeypatch)[0]

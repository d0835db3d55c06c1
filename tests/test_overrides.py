"""Overriding one slide: a block the pack does not have is an error; generated Markdown tidied."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_briefing

from generator import build
from generator.errors import BuildFailed

BAD_CHART = """{% extends "brief/deck.md.j2" %}
{% block outlook %}
## A chart

```chart
type: nosuch
categories: [a]
series: [{name: x, values: [1]}]
```
{% endblock %}
"""


def new_project(tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    assert run_briefing("new", str(folder)).returncode == 0
    return folder


def test_a_misspelt_block_is_an_error_at_its_line_naming_the_blocks(tmp_path: Path) -> None:
    folder = new_project(tmp_path)
    override = folder / "templates" / "deck.md.j2"
    text = override.read_text(encoding="utf-8")
    line = text.splitlines().index("{% block outlook %}") + 1
    override.write_text(text.replace("{% block outlook %}", "{% block outlok %}"), encoding="utf-8")
    done = run_briefing("check", str(folder))
    assert done.returncode == 1
    assert f"templates/deck.md.j2:{line}:10: block 'outlok' is not in brief/deck.md.j2" in done.stderr
    assert "outlook, quotes, sources" in done.stderr


def test_generated_markdown_kept_for_a_problem_goes_after_a_clean_build(tmp_path: Path) -> None:
    folder = new_project(tmp_path)
    override = folder / "templates" / "deck.md.j2"
    good = override.read_text(encoding="utf-8")
    override.write_text(BAD_CHART, encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build(folder)
    copy = folder / "output" / "p.deck.md"
    assert any(p.path == "output/p.deck.md" for p in info.value.problems)
    assert copy.is_file()
    override.write_text(good, encoding="utf-8")
    build(folder)
    assert not copy.exists()

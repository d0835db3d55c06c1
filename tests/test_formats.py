"""Output formats are data: a registry of renderers, each declaring what it is and can draw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MakeProject, need_program, run_briefing
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

import generator
from generator import UsageError
from generator.renderers import DerivedRenderer, Renderer
from generator.walk import BLOCK_KINDS

TALK = """---
title: A short talk
date: 2025-11-05
---

## First

- One point

## Second

Some text.

::: notes
What to say.
:::
"""


def test_every_format_declares_what_it_is() -> None:
    known = generator.formats()
    assert {"pptx", "pdf", "png"} <= set(known)
    for name, cls in known.items():
        assert cls.name == name and cls.suffix and cls.description
        if issubclass(cls, Renderer):
            assert cls.template.endswith(".md.j2")
            assert cls.project_kind in ("deck", "report") and cls.markdown_kind in ("deck", "handout")
            assert cls.draws <= set(BLOCK_KINDS), cls.draws - set(BLOCK_KINDS)
        else:
            assert issubclass(cls, DerivedRenderer)
            assert set(cls.derives_from) <= set(known)


def test_an_unknown_format_is_refused_with_the_choices(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(TALK, encoding="utf-8")
    with pytest.raises(UsageError, match="unknown format 'docx'; choose from pptx, pdf, png"):
        generator.build(talk, formats=["docx"])


def test_a_project_names_its_formats_and_the_schema_lists_the_registered_ones(make_project: MakeProject) -> None:
    project = make_project({"briefing.yaml": "name: only-deck\nformats: [pptx]\n"})
    result = generator.build(project)
    assert [p.name for p in result.outputs] == ["only-deck.pptx"]
    schema = run_briefing("schema", "--config").stdout
    assert json.loads(schema)["properties"]["formats"]["items"]["enum"] == list(generator.formats())


def test_check_plans_every_format_and_writes_nothing(make_project: MakeProject) -> None:
    project = make_project()
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = generator.check(project)
    assert set(result.fit_notes) == {"briefing.pptx", "briefing.pdf"}
    assert result.outputs == []
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_the_png_preview_shows_every_slide_and_page(tmp_path: Path) -> None:
    need_program("soffice")
    need_program("pdftoppm")
    talk = tmp_path / "talk.md"
    talk.write_text(TALK, encoding="utf-8")
    result = generator.build(talk, formats=["png"], out_dir=tmp_path / "out")
    folder = tmp_path / "out" / "talk-preview"
    assert result.outputs == [folder]
    # Only what was asked for is written: the deck and handout it was made from stay in scratch.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["talk-preview"]
    both = generator.build(talk, formats=["pptx", "pdf"], out_dir=tmp_path / "files")
    slides = len(Presentation(str(both.outputs[0])).slides)
    pages = len(PdfReader(str(both.outputs[1])).pages)
    assert len(list(folder.glob("slide-*.png"))) == slides == 3
    assert len(list(folder.glob("page-*.png"))) == pages
    with Image.open(folder / "slide-1.png") as first:
        assert first.width > first.height  # a 16:9 slide
        assert first.convert("L").getextrema()[0] < 100  # something dark was drawn: the title
    assert (folder / "contact-sheet.png").is_file()
    # A second build replaces the folder whole.
    again = generator.build(talk, formats=["png"], out_dir=tmp_path / "out")
    assert again.outputs == [folder] and not list((tmp_path / "out").glob(".*"))


def test_briefing_preview_is_the_png_format(tmp_path: Path) -> None:
    need_program("soffice")
    need_program("pdftoppm")
    talk = tmp_path / "talk.md"
    talk.write_text(TALK, encoding="utf-8")
    run = run_briefing("preview", str(talk))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "talk-preview" / "contact-sheet.png").is_file()

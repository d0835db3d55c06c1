"""Nothing from outside the project reaches the outputs: templates, masters, pictures, SVG references.

Every file a build reads must resolve, after symbolic links, inside the project or the tool's own
packs; anything else is an error at the line that names it. The Jinja2 sandbox gives a template
nothing but the content it is handed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from conftest import MakeProject

import generator
from generator import BuildFailed

SECRET = "TOP-SECRET-OUTSIDE"


def problems_of(target: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        generator.check(target)
    return [str(p) for p in failed.value.problems]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md.j2").write_text(f"## {SECRET}\n", encoding="utf-8")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


def test_a_template_cannot_be_included_by_absolute_path_through_a_pack(make_project: MakeProject,
                                                                         outside: Path) -> None:
    project = make_project({"templates/deck.md.j2": f'{{% include "default/{outside / "secret.md.j2"}" %}}\n'})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:1:") and "outside" in p for p in problems), problems


def test_a_template_reached_through_a_symbolic_link_is_refused(make_project: MakeProject, outside: Path) -> None:
    project = make_project()
    (project / "templates").mkdir()
    (project / "templates" / "deck.md.j2").symlink_to(outside / "secret.md.j2")
    problems = problems_of(project)
    assert any("deck.md.j2" in p and "outside the project" in p for p in problems), problems


def test_a_master_outside_the_project_is_an_error_at_the_theme_line(make_project: MakeProject,
                                                                    outside: Path) -> None:
    (outside / "corporate.pptx").write_bytes(b"not read")
    project = make_project({"templates/theme.yaml": f"deck:\n  master: {outside / 'corporate.pptx'}\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/theme.yaml:2:") and "outside the project" in p for p in problems), problems


def test_a_master_linked_from_outside_is_refused(make_project: MakeProject, outside: Path) -> None:
    (outside / "corporate.pptx").write_bytes(b"not read")
    project = make_project({"templates/theme.yaml": "deck:\n  master: corporate.pptx\n"})
    (project / "templates" / "corporate.pptx").symlink_to(outside / "corporate.pptx")
    problems = problems_of(project)
    assert any(p.startswith("templates/theme.yaml:2:") and "outside the project" in p for p in problems), problems


def _deck(tmp_path: Path, body: str) -> Path:
    talk = tmp_path / "project" / "talk.md"
    talk.parent.mkdir(exist_ok=True)
    talk.write_text(f"---\ntitle: T\n---\n\n## Slide\n\n{body}\n", encoding="utf-8")
    return talk


def test_a_picture_linked_from_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    talk = _deck(tmp_path, "![a chart](chart.png)")
    (talk.parent / "chart.png").symlink_to(outside / "secret.txt")
    problems = problems_of(talk)
    assert any(p.endswith("talk.md:7:1: picture 'chart.png' is outside the project folder; copy it into the project")
               for p in problems), problems


@pytest.mark.parametrize("reference", ["{outside}/secret.txt", "file://{outside}/secret.txt", "../outside/secret.txt",
                                       "https://example.org/tracker.png"])
def test_an_svg_that_refers_to_a_file_outside_or_the_web_is_refused(tmp_path: Path, outside: Path,
                                                                       reference: str) -> None:
    talk = _deck(tmp_path, "![a drawing](drawing.svg)")
    href = reference.format(outside=outside)
    (talk.parent / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
        f'<image xlink:href="{href}" width="10" height="10"/></svg>', encoding="utf-8")
    problems = problems_of(talk)
    assert any("talk.md:7:1:" in p and "drawing.svg refers to" in p for p in problems), problems


def test_an_svg_with_entities_is_refused(tmp_path: Path, outside: Path) -> None:
    talk = _deck(tmp_path, "![a drawing](drawing.svg)")
    (talk.parent / "drawing.svg").write_text(
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{outside}/secret.txt">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>', encoding="utf-8")
    problems = problems_of(talk)
    assert any("talk.md:7:1:" in p and "entities" in p for p in problems), problems


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be ``width`` × ``height`` pixels: what a decompression bomb looks like
    before it is decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [12_000, 60_000])
def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(tmp_path: Path, side: int) -> None:
    talk = _deck(tmp_path, "![a photo](photo.png)")
    (talk.parent / "photo.png").write_bytes(_png_header(side, side))
    problems = problems_of(talk)
    assert any("talk.md:7:1:" in p and "photo.png" in p and "smaller" in p for p in problems), problems


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ briefing.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ joiner.__init__.__globals__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ config }}",
    "{{ request.application.__globals__ }}",
    "{% set x = briefing.__dict__ %}{{ x }}",
    "{{ (briefing|attr('__class__')).__mro__ }}",
    "{{ 'a'.format.__self__.__class__ }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_the_template_sandbox_holds_against_the_classic_escapes(make_project: MakeProject, escape: str) -> None:
    project = make_project({"templates/deck.md.j2": f"## {escape}\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:1:") for p in problems), problems

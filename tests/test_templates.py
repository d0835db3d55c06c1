"""Template stage: search path, block overrides, sandboxing, escaping, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeProject

from generator import check
from generator.document import plain, slides_of
from generator.errors import BuildFailed, Problems
from generator.markdown import parse
from generator.templates import escape_markdown, resolve_pack


def deck_titles(project: Path) -> list[str]:
    result = check(project, formats=["pptx"])
    return [plain(s.title) for s in slides_of(result.documents["pptx"])]


def problems_of(project: Path) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        check(project, formats=["pptx"])
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("hostile", [
    "# Not a section",
    "Line one\n## Line two",
    "---",
    "::: notes",
    "Title {layout=\"Blank\"}",
    "*stars* and _underscores_ and `ticks` and [a link](http://x) and [^A1] and <b>html</b>",
    "| a | b |",
    "1. not a list",
    "> not a quote",
])
def test_content_can_never_break_the_structure(hostile: str) -> None:
    text = f"## {escape_markdown(hostile)}\n\nBody\n"
    problems = Problems()
    doc = parse(text, "t.md", problems)
    slides = slides_of(doc)
    assert len(slides) == 1
    assert plain(slides[0].title) == " ".join(hostile.split())
    assert slides[0].layout is None


def test_a_hostile_title_stays_one_title(make_project: MakeProject) -> None:
    project = make_project()
    briefing = project / "content" / "briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    hostile = 'title: "# Heading\\n---\\n::: notes\\n## Two {layout=\\"Blank\\"}"'
    text = "\n".join(hostile if line.startswith("title:") else line for line in text.splitlines())
    briefing.write_text(text, encoding="utf-8")
    result = check(project, formats=["pptx"])
    slides = slides_of(result.documents["pptx"])
    assert plain(slides[0].title) == '# Heading --- ::: notes ## Two {layout="Blank"}'
    assert slides[0].kind == "title"
    assert sum(1 for s in slides if s.kind == "title") == 1


def test_a_project_overrides_one_slide_and_keeps_the_rest(make_project: MakeProject) -> None:
    default_titles = deck_titles(make_project())
    project = make_project({"templates/deck.md.j2": """
        {% extends "ciie/deck.md.j2" %}
        {% block takeaways %}
        ## Three things to remember

        - {{ briefing.editions | length }} editions so far
        {% endblock %}
        """})
    titles = deck_titles(project)
    assert "Three things to remember" in titles
    assert "Key takeaways" not in titles
    assert len(titles) == len(default_titles)
    assert titles[2:] == default_titles[2:]


def test_search_path_order_project_then_pack_then_default(make_project: MakeProject) -> None:
    project = make_project({
        "briefing.yaml": "pack: house\n",
        "templates/house/theme.yaml": "colors:\n  accent: '00FF00'\n",
        "templates/house/macros.md.j2": (
            '{% extends "ciie/macros.md.j2" %}\n'
        ),
    })
    problems = Problems()
    pack = resolve_pack(project, "house", problems)
    assert pack is not None, problems.items
    assert [p.name for p in pack.search_path] == ["templates", "house", "default"]
    assert pack.theme.colors.accent == "00FF00"
    assert pack.theme.colors.primary == "12284C"  # everything else from the default theme


def test_an_unknown_pack_lists_the_packs_that_exist(make_project: MakeProject) -> None:
    project = make_project({"briefing.yaml": "pack: nosuch\n"})
    problems = problems_of(project)
    assert any("template pack 'nosuch' not found" in p and "available packs: brief, ciie, default" in p
               for p in problems)


def test_a_missing_template_shows_the_search_path(make_project: MakeProject) -> None:
    project = make_project({"templates/deck.md.j2": '{% include "nowhere.md.j2" %}\n'})
    problems = problems_of(project)
    assert any("template 'nowhere.md.j2' not found; searched:" in p and "templates/default" in p for p in problems)


def test_a_template_syntax_error_names_the_file_and_line(make_project: MakeProject) -> None:
    project = make_project({"templates/deck.md.j2": "## Fine\n\n{% if briefing.title %}\nno end\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:") and "template syntax error" in p for p in problems), problems


def test_an_undefined_name_names_the_file_and_line(make_project: MakeProject) -> None:
    project = make_project({"templates/deck.md.j2": "## One\n\n## {{ briefing.titel }}\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:3:") and "no field 'titel'" in p for p in problems), problems


def test_templates_are_sandboxed(make_project: MakeProject) -> None:
    project = make_project({"templates/deck.md.j2": "## {{ briefing.__class__.__mro__ }}\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:1:") and "not allowed in a template" in p for p in problems)


def test_templates_cannot_read_files_outside_the_template_folders(make_project: MakeProject) -> None:
    project = make_project({"templates/deck.md.j2": '{% include "../../../etc/passwd" %}\n'})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:1:") and "not allowed in a template" in p
               and "outside the template folders" in p for p in problems), problems


def test_a_pack_name_cannot_lead_out_of_the_templates_folder(make_project: MakeProject, tmp_path: Path) -> None:
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "theme.yaml").write_text("name: evil\n", encoding="utf-8")
    (evil / "deck.md.j2").write_text("## pwned\n", encoding="utf-8")
    project = make_project({"briefing.yaml": "pack: ../../evil\n"})
    problems = problems_of(project)
    assert any(p.startswith("briefing.yaml:1:") and "pack" in p for p in problems), problems


def test_citing_an_unknown_source_key_is_located(make_project: MakeProject) -> None:
    project = make_project({"templates/deck.md.j2": "## One\n\nText{{ cite(['ZZ9']) }}\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:3:") and "unknown source key 'ZZ9'" in p for p in problems)


@pytest.mark.parametrize(("expression", "message"), [
    ("10.0 ** 1000", "template failed"), ("[1][5]", "no element 5"), ("1 // 0", "template failed")])
def test_any_template_failure_is_a_located_problem(make_project: MakeProject, expression: str, message: str) -> None:
    project = make_project({"templates/deck.md.j2": f"## One\n\n{{{{ {expression} }}}}\n"})
    problems = problems_of(project)
    assert any(p.startswith("templates/deck.md.j2:3:") and message in p for p in problems), problems


def test_a_bad_theme_value_is_reported_in_the_file_that_sets_it(make_project: MakeProject) -> None:
    project = make_project({
        "briefing.yaml": "pack: house\n",
        "templates/house/theme.yaml": "colors:\n  accent: navy\nsizes:\n  body: 20\n  body_min: 30\n",
        "templates/theme.yaml": "deck:\n  footer: '{page} of {pages}'\n",
    })
    problems = problems_of(project)
    assert any(p.startswith("templates/house/theme.yaml:2:") and "colors.accent" in p and "six hex digits" in p
               for p in problems), problems
    assert any(p.startswith("templates/house/theme.yaml:") and "body_min (30) is larger than body" in p
               for p in problems), problems
    assert any(p.startswith("templates/theme.yaml:2:") and "{page}" in p for p in problems), problems


def test_a_missing_master_or_font_is_reported_where_the_theme_names_it(make_project: MakeProject) -> None:
    project = make_project({"templates/theme.yaml": "fonts:\n  body: Nosuch Sans\ndeck:\n  master: nosuch.pptx\n"})
    with pytest.raises(BuildFailed) as info:  # a deck on another master than the one named is no deck
        check(project, formats=["pptx"])
    problems = [str(p) for p in info.value.problems]
    assert any(w.startswith("templates/theme.yaml:2:") and "font 'Nosuch Sans'" in w for w in problems), problems
    assert any(w.startswith("templates/theme.yaml:4:") and "master 'nosuch.pptx' not found" in w
               for w in problems), problems

"""A pack's own record types: the CIIE editions are declared in data, and mistakes are located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, MakeProject, run_briefing

from generator import check
from generator.errors import BuildFailed, Problems
from generator.packs import load_project_content

PROJECTS = """
    title: Metro lines
    date: 2026-03-01
    projects:
      - {name: Line A, year: 2024, status: open, riders: {value: 52000, qualifier: about, sources: [M1]}}
      - {name: Line B, year: 2026, status: building}
    sources:
      - {key: M1, title: Ridership report 2025, publisher: Metro Authority}
"""

DECLARATION = """
    types:
      project:
        doc: One line of the network.
        fields:
          name: {type: text, required: true, doc: The line's name.}
          year: {type: integer, required: true, doc: Year it opened or will open.}
          status: {type: text, choices: [open, building, planned], doc: Where it stands.}
          riders: {type: figure, doc: Riders on a working day.}
    fields:
      projects: {type: list of project, ordered_by: year, doc: "The lines, oldest first."}
"""


def metro(make_project: MakeProject, content: str = PROJECTS, declaration: str = DECLARATION) -> Path:
    return make_project({"briefing.yaml": "name: metro\npack: brief\n", "content/briefing.yaml": content,
                         "templates/content.yaml": declaration}, copy_content=False)


def problems_of(project: Path) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        check(project)
    return [str(p) for p in info.value.problems]


def test_the_ciie_pack_declares_its_editions_in_data_and_loads_them() -> None:
    assert not (ROOT / "generator" / "content.py").exists()
    problems = Problems()
    loaded = load_project_content(ROOT, problems)
    assert problems.items == [] and loaded is not None
    first = loaded.briefing.editions[0]
    assert (first.number, first.year, first.keynote.delivery) == (1, 2018, "in person")
    assert type(first).__name__ == "Edition" and first.participants.counts == "countries and regions only"


def test_the_schema_of_the_ciie_project_documents_the_records_fields() -> None:
    schema = json.loads(run_briefing("schema", str(ROOT)).stdout)
    edition = schema["$defs"]["Edition"]
    assert edition["description"].startswith("One edition of the event")
    assert edition["properties"]["deals_usd_bn"]["description"].startswith("Intended one-year deals")
    assert set(edition["required"]) == {"number", "year", "dates"}
    delivery = schema["$defs"]["Keynote"]["properties"]["delivery"]
    assert "by video" in json.dumps(delivery)


def test_a_record_of_a_projects_own_type_loads_and_its_choices_are_checked(make_project: MakeProject) -> None:
    project = metro(make_project, PROJECTS.replace("status: building", "status: built"))
    messages = problems_of(project)
    assert any(m.startswith("content/briefing.yaml:5:32: projects[1].status") and "'building'" in m
               for m in messages), messages


def test_records_out_of_their_declared_order_are_an_error_at_the_list(make_project: MakeProject) -> None:
    project = metro(make_project, PROJECTS.replace("year: 2026", "year: 2020"))
    messages = problems_of(project)
    assert any(m.startswith("content/briefing.yaml:3:1: projects: list each item once, in rising order of 'year'")
               for m in messages), messages


@pytest.mark.parametrize(("declaration", "expected"), [
    (DECLARATION.replace("type: figure", "type: figgure"),
     "templates/content.yaml:8:16: types.project.fields.riders.type: unknown type 'figgure'"),
    (DECLARATION.replace("type: figure", "type: project"), "types use each other in a loop (project)"),
    (DECLARATION.replace("ordered_by: year", "ordered_by: opened"), "ordered_by names a field of the records"),
    (DECLARATION.replace("project:\n", "figure:\n", 1), "type name: 'figure' is a built-in block"),
    (DECLARATION.replace("type: integer, required: true, doc: Year", "type: integer, choices: [a], doc: Year"),
     "choices are for a 'text' field"),
])
def test_a_mistake_in_a_record_type_is_an_error_at_its_line(make_project: MakeProject, declaration: str,
                                                            expected: str) -> None:
    messages = problems_of(metro(make_project, declaration=declaration))
    assert any(expected in m and m.startswith("templates/content.yaml:") for m in messages), messages


def test_a_figure_without_a_label_shown_as_a_tile_is_an_error_naming_it(make_project: MakeProject) -> None:
    content = """
        title: Metro lines
        date: 2026-03-01
        key_figures:
          - {value: 52000, qualifier: about, sources: [M1]}
        sources:
          - {key: M1, title: Ridership report 2025}
    """
    project = make_project({"briefing.yaml": "pack: brief\n", "content/briefing.yaml": content}, copy_content=False)
    messages = problems_of(project)
    assert any("is shown as a tile but has no label" in m and "≈52,000" in m for m in messages), messages


def test_a_project_naming_the_base_pack_is_told_which_packs_have_templates(make_project: MakeProject) -> None:
    project = make_project({"briefing.yaml": "name: x\npack: default\n"})
    messages = problems_of(project)
    assert any(m.startswith("briefing.yaml:2:1: pack 'default' is the base look") and "brief, ciie" in m
               for m in messages), messages


def test_the_content_schema_lets_each_file_hold_part_of_the_briefing() -> None:
    # content/editions.yaml has no title: an editor must not flag it; the build checks across files.
    schema = json.loads(run_briefing("schema", str(ROOT)).stdout)
    assert "required" not in schema
    assert "title and date must be given in one of them" in schema["description"]

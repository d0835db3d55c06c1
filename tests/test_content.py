"""Load stage: content files are validated, and every problem is reported at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, MakeProject

from generator.errors import Problems
from generator.packs import load_project_content


def load(project: Path) -> tuple[Any, list[str]]:
    problems = Problems()
    loaded = load_project_content(project, problems)
    return (loaded.briefing if loaded else None), [str(p) for p in problems.items]


def test_the_built_in_content_is_valid_and_covers_eight_editions() -> None:
    briefing, problems = load(ROOT)
    assert problems == []
    assert briefing is not None
    assert [e.year for e in briefing.editions] == list(range(2018, 2026))
    assert briefing.event and briefing.event.native_name == "中国国际进口博览会"


def test_every_figure_names_a_known_source() -> None:
    briefing, _ = load(ROOT)
    assert briefing is not None
    keys = {s.key for s in briefing.sources}
    for edition in briefing.editions:
        for name in ("participants", "exhibitors", "exhibitor_origins", "area_sqm", "deals_usd_bn",
                     "visitors", "new_products"):
            figure = getattr(edition, name)
            if figure is not None:
                assert figure.sources, f"{edition.year} {name} has no source"
                assert set(figure.sources) <= keys


def test_checked_figures_match_the_fact_table() -> None:
    briefing, _ = load(ROOT)
    assert briefing is not None
    deals = {e.year: e.deals_usd_bn.value for e in briefing.editions if e.deals_usd_bn}
    assert deals == {2018: 57.83, 2019: 71.13, 2020: 72.62, 2021: 70.72, 2022: 73.52, 2023: 78.41,
                     2024: 80.01, 2025: 83.49}
    by_year = {e.year: e for e in briefing.editions}
    assert by_year[2020].participants is None  # a gap in the table stays a gap
    assert by_year[2022].area_sqm is None


def test_a_wrong_type_is_reported_at_its_line_and_column(make_project: MakeProject) -> None:
    project = make_project()
    editions = project / "content" / "editions.yaml"
    text = editions.read_text(encoding="utf-8")
    text = text.replace("deals_usd_bn: {value: 70.72", 'deals_usd_bn: {value: "about 70"', 1)
    editions.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"about 70"' in t)
    _, problems = load(project)
    assert any(p.startswith(f"content/editions.yaml:{line}:")
               and 'editions[3].deals_usd_bn.value: expected a number, got "about 70"' in p for p in problems), problems


def test_all_problems_come_in_one_run(make_project: MakeProject) -> None:
    project = make_project()
    (project / "content" / "broken.yaml").write_text("extra_notes: [unclosed\n", encoding="utf-8")
    briefing = project / "content" / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("lang: en", "lang: en\ntitel: typo"),
                        encoding="utf-8")
    _, problems = load(project)
    assert any(p.startswith("content/broken.yaml:2:") and "YAML syntax error" in p for p in problems), problems
    # The schema is only checked once every file parses; fixing the syntax shows the rest.
    (project / "content" / "broken.yaml").unlink()
    _, problems = load(project)
    assert any("content/briefing.yaml:" in p and "titel: unknown field" in p for p in problems), problems


@pytest.mark.parametrize(("cited", "wrong"), [("sources: [A1, C1]", "sources: [A1, ZZ9]"),
                                              ("dates_sources: [B2]", "dates_sources: [ZZ9]")])
def test_an_unknown_source_key_is_reported_where_it_is_cited(make_project: MakeProject, cited: str,
                                                             wrong: str) -> None:
    project = make_project()
    editions = project / "content" / "editions.yaml"
    text = editions.read_text(encoding="utf-8").replace(cited, wrong, 1)
    editions.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "ZZ9" in t)
    _, problems = load(project)
    assert any(p.startswith(f"content/editions.yaml:{line}:") and "'ZZ9'" in p for p in problems), problems


def test_editions_out_of_order_are_an_error_at_the_list(make_project: MakeProject) -> None:
    project = make_project()
    editions = project / "content" / "editions.yaml"
    text = editions.read_text(encoding="utf-8").replace("  - number: 2\n", "  - number: 9\n", 1)
    editions.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("editions:"))
    _, problems = load(project)
    expected = f"content/editions.yaml:{line}:1: editions: list each item once, in rising order of 'number'"
    assert any(p.startswith(expected)
               and "[1, 9, 3," in p for p in problems), problems


def test_a_key_defined_in_two_files_names_both(make_project: MakeProject) -> None:
    project = make_project({"content/more.yaml": "title: Another title\n"})
    _, problems = load(project)
    assert any(p.startswith("content/more.yaml:1:1:") and "already defined in content/briefing.yaml" in p
               for p in problems), problems


def test_users_may_add_their_own_fields_under_extra(make_project: MakeProject) -> None:
    project = make_project({"content/mine.yaml": "extra:\n  delegation: Trade committee\n  visits: [1, 2]\n"})
    briefing, problems = load(project)
    assert problems == []
    assert briefing is not None and briefing.extra["delegation"] == "Trade committee"


def test_schema_and_citation_problems_come_in_the_same_run(make_project: MakeProject) -> None:
    project = make_project()
    editions = project / "content" / "editions.yaml"
    text = editions.read_text(encoding="utf-8").replace("sources: [A1, C1]", "sources: [A1, ZZ9]", 1)
    editions.write_text(text.replace("value: 71.13", 'value: "about 70"'), encoding="utf-8")
    sources = project / "content" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "  - {key: A1, title: Again}\n", encoding="utf-8")
    _, problems = load(project)
    assert any("'ZZ9'" in p for p in problems), problems
    assert any('expected a number, got "about 70"' in p for p in problems), problems
    last = len(sources.read_text(encoding="utf-8").splitlines())
    assert any(p.startswith(f"content/sources.yaml:{last}:") and "'A1' is already used at line" in p
               for p in problems), problems


def test_non_finite_numbers_and_bad_dates_are_refused(make_project: MakeProject) -> None:
    project = make_project()
    editions = project / "content" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8").replace("value: 71.13", "value: .nan"), encoding="utf-8")
    briefing = project / "content" / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("date: 2025-11-28", "date: next tuesday"),
                        encoding="utf-8")
    _, problems = load(project)
    assert any("expected a finite number" in p for p in problems), problems
    assert any(p.startswith("content/briefing.yaml:") and "date: expected a date written as YYYY-MM-DD" in p
               for p in problems), problems

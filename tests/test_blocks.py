"""Content building blocks on any topic: the brief pack, declared content, marked figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MakeProject, run_briefing
from pptx import Presentation
from pypdf import PdfReader

from generator import build, check
from generator.errors import BuildFailed

BUDGET = """
    title: City budget 2026
    date: 2026-02-01
    key_figures:
      - label: Capital spending
        value: 310
        prefix: "€"
        unit: m
        qualifier: over
        as_of: "2026"
        earlier: {value: 280, period: "2025", sources: [B2]}
        sources: [B1]
    series:
      - title: Capital spending by year
        prefix: "€"
        unit: m
        points:
          - {at: 2023, value: 240}
          - {at: 2024, value: 2900, qualifier: over, counts: spending including the port}
          - {at: 2025, value: 280}
        sources: [B1]
    sources:
      - {key: B1, title: Budget 2026, publisher: City Finance Office}
      - {key: B2, title: Budget 2025, publisher: City Finance Office}
"""


def budget(make_project: MakeProject, content: str = BUDGET) -> Path:
    return make_project({"briefing.yaml": "name: budget\npack: brief\n", "content/briefing.yaml": content},
                        copy_content=False)


def chart_of(deck: Path) -> object:
    prs = Presentation(str(deck))
    charts = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    return charts[0]


def test_a_qualified_value_keeps_its_mark_on_the_chart_and_the_tile(make_project: MakeProject,
                                                                    tmp_path: Path) -> None:
    result = build(budget(make_project), out_dir=tmp_path / "out")
    deck = next(p for p in result.outputs if p.suffix == ".pptx")
    chart = chart_of(deck)
    series = chart.plots[0].series[0]
    assert list(series.values) == [240, 2900, 280]
    formats = series._element.xpath("./c:dLbls/c:dLbl/c:numFmt/@formatCode")
    assert formats == ['#,##0"+"'], formats  # only the 2024 point, which the source says is "over"
    texts = [shape.text_frame.text for slide in Presentation(str(deck)).slides for shape in slide.shapes
             if shape.has_text_frame]
    page = " ".join(texts)
    assert "2024 counts spending including the port" in page  # said where the chart is
    assert "+ over" in page  # the marks' key on the slide
    assert "€310+ m" in page and "B1" in page and "B2" in page  # the change cites both figures' sources
    report = " ".join(p.extract_text() for p in PdfReader(next(p for p in result.outputs if p.suffix == ".pdf")).pages)
    assert "2,900+" in report and "€310+ m" in report


def test_changing_a_number_in_content_changes_the_chart(make_project: MakeProject, tmp_path: Path) -> None:
    project = budget(make_project, BUDGET.replace("value: 280}", "value: 333}"))
    deck = next(p for p in build(project, out_dir=tmp_path / "out", formats=["pptx"]).outputs)
    assert list(chart_of(deck).plots[0].series[0].values) == [240, 2900, 333]


def test_a_wrong_qualifier_is_an_error_at_its_line(make_project: MakeProject) -> None:
    wrong = BUDGET.replace("qualifier: over\n        as_of", "qualifier: roughly\n        as_of")
    project = budget(make_project, wrong)
    with pytest.raises(BuildFailed) as info:
        check(project)
    messages = [str(p) for p in info.value.problems]
    where = "content/briefing.yaml:8:5: key_figures[0].qualifier: expected one of"
    assert any(m.startswith(where) for m in messages), messages


def test_schema_prints_the_projects_pack_declaration(make_project: MakeProject) -> None:
    done = run_briefing("schema", str(budget(make_project)))
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert {"title", "date", "sources", "key_figures", "series", "tables", "quotes", "timeline"} <= set(
        schema["properties"])
    assert "qualifier" in schema["$defs"]["Figure"]["properties"]
    assert schema["properties"]["series"]["description"].startswith("Figures by period or category")


def test_a_pack_declaration_with_an_unknown_type_is_an_error_at_its_line(make_project: MakeProject) -> None:
    project = budget(make_project)
    (project / "templates").mkdir()
    (project / "templates" / "content.yaml").write_text(
        "fields:\n  numbers:\n    type: list of figures\n    doc: Some numbers.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        check(project)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("templates/content.yaml:3:5: fields.numbers.type: unknown type 'list of figures'")
               for m in messages), messages


def test_a_table_row_without_a_cell_per_column_is_an_error_at_the_table(make_project: MakeProject) -> None:
    table = """
    tables:
      - title: Spending
        columns: ["2025", "2026"]
        rows:
          - {label: Transport, cells: [120]}
    """
    project = budget(make_project, BUDGET + table)
    with pytest.raises(BuildFailed) as info:
        check(project)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("content/briefing.yaml:") and "tables[0]: every row needs one cell per column (2"
               in m and "'Transport' has 1" in m for m in messages), messages


def test_a_table_cell_that_counts_something_else_is_said_under_the_table(make_project: MakeProject,
                                                                         tmp_path: Path) -> None:
    table = """
    tables:
      - title: Spending by department
        corner: Department
        columns: ["2025", "2026"]
        rows:
          - {label: Transport, cells: [120, 135]}
          - label: Schools
            cells: [90, {value: 100, qualifier: over, counts: schools and nurseries, note: draft, sources: [B1]}]
    """
    result = build(budget(make_project, BUDGET + table), out_dir=tmp_path / "out")
    deck = next(p for p in result.outputs if p.suffix == ".pptx")
    texts = " ".join(shape.text_frame.text for slide in Presentation(str(deck)).slides
                     for shape in slide.shapes if shape.has_text_frame)
    cells = " ".join(cell.text for slide in Presentation(str(deck)).slides for shape in slide.shapes
                     if shape.has_table for row in shape.table.rows for cell in row.cells)
    assert "Schools, 2026 counts schools and nurseries" in texts
    assert "over 100" in cells
    report = " ".join(p.extract_text() for p in PdfReader(next(p for p in result.outputs if p.suffix == ".pdf")).pages)
    assert "Schools, 2026 counts schools and nurseries" in " ".join(report.split())


def test_a_content_table_has_its_caption_over_it_and_the_widths_given(make_project: MakeProject,
                                                                      tmp_path: Path) -> None:
    table = """
    tables:
      - title: Spending by department
        corner: Department
        columns: ["2025", "2026"]
        caption: "Spending in € million: {draft} figures"
        widths: [2, 1, 1]
        rows:
          - {label: Transport, cells: [120, 135]}
          - {label: Schools, cells: [90, 100]}
    """
    result = build(budget(make_project, BUDGET + table), out_dir=tmp_path / "out")
    deck = next(p for p in result.outputs if p.suffix == ".pptx")
    slide = next(s for s in Presentation(str(deck)).slides if any(sh.has_table for sh in s.shapes))
    caption = next(sh for sh in slide.shapes if sh.name == "Table caption")
    assert caption.text_frame.text == "Spending in € million: {draft} figures"
    grid = next(sh for sh in slide.shapes if sh.has_table).table
    widths = [c.width for c in grid.columns]
    assert abs(widths[0] / widths[1] - 2) < 0.01 and abs(widths[1] - widths[2]) <= 1
    report = " ".join(p.extract_text() for p in PdfReader(next(p for p in result.outputs if p.suffix == ".pdf")).pages)
    assert "Spending in € million: {draft} figures" in " ".join(report.split())
    assert "tbl-colwidths" not in report


def test_content_table_widths_need_one_number_per_column(make_project: MakeProject) -> None:
    table = """
    tables:
      - title: Spending
        columns: ["2025", "2026"]
        widths: [1, 1]
        rows:
          - {label: Transport, cells: [120, 135]}
    """
    with pytest.raises(BuildFailed) as info:
        check(budget(make_project, BUDGET + table))
    messages = [str(p) for p in info.value.problems]
    assert any("widths needs 3 numbers above 0" in m for m in messages), messages

"""A briefing on another topic written only from docs/content.md: its examples make a project."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_briefing
from pptx import Presentation

from generator import build


def examples() -> str:
    """The YAML examples of the docs' fields and building blocks, one content file together."""
    text = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    part = text[text.index("## Fields every briefing has"):text.index("## Packs declare their content")]
    return "\n".join(re.findall(r"```yaml\n(.*?)```", part, flags=re.S))


def test_the_docs_examples_make_a_briefing_that_builds(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "briefing.yaml").write_text(examples(), encoding="utf-8")
    (tmp_path / "briefing.yaml").write_text("name: budget\npack: brief\n", encoding="utf-8")
    checked = run_briefing("check", "--strict", str(tmp_path))
    assert checked.returncode == 0, checked.stderr + checked.stdout
    result = build(tmp_path)
    assert result.warnings == []
    deck = Presentation(str(tmp_path / "output" / "budget.pptx"))
    charts = {shape.chart.chart_title.text_frame.text: shape.chart for slide in deck.slides
              for shape in slide.shapes if shape.has_chart}
    chart = charts["Capital spending by year (€ m)"]
    assert list(chart.plots[0].series[0].values) == [240, 295, 280, 310]
    texts = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert "2024 counts new projects and the port" in texts
    assert "€310+ m" in texts  # the tile, marked
    assert "Department" in texts or any(shape.has_table for slide in deck.slides for shape in slide.shapes)

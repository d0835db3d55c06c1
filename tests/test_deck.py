"""End to end: the CIIE deck and hand-written decks, read back by python-pptx and LibreOffice."""

from __future__ import annotations

import math
import re
import shutil
import struct
import textwrap
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, MakeProject, soffice_to_pdf
from pptx import Presentation
from pptx.enum.chart import XL_TICK_LABEL_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pypdf import PdfReader
from ruamel.yaml import YAML

from generator import build
from generator.errors import BuildFailed, Problems
from generator.figures.axes import nice_scale
from generator.fonts import resolve_fonts
from generator.packs import load_project_content
from generator.renderers.deck.charts import draw_chart
from generator.theme import Theme
from generator.units import Box
from generator.visuals import Chart

EXPECTED_TITLES = [
    "China International Import Expo: how it has evolved, 2018–2025",
    "Key takeaways",
    "What the CIIE is",
    "The editions in figures",
    "8 editions, one opening a year",
    "The editions at a glance",
]


def titles(path: Path) -> list[str]:
    prs = Presentation(str(path))
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]


def test_the_deck_reopens_with_the_story_in_order(ciie_deck: Path) -> None:
    prs = Presentation(str(ciie_deck))
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    names = titles(ciie_deck)
    assert names[: len(EXPECTED_TITLES)] == EXPECTED_TITLES
    for wanted in ("Scale and reach, edition by edition", "Exhibitors and participants, edition by edition",
                   "New products, technologies and services shown", "What each opening brought", "Context",
                   "Outlook: what to watch"):
        assert wanted in names
    assert any(t.startswith("Intended deals up") for t in names)
    assert any(t.startswith("Keynote pledges, 2018") for t in names)
    assert any(t.startswith("In the keynote's words") for t in names)
    assert names[-1].startswith("Sources")


def test_titles_and_bodies_are_real_placeholders_and_none_is_left_empty(ciie_deck: Path) -> None:
    prs = Presentation(str(ciie_deck))
    for number, slide in enumerate(prs.slides, start=1):
        kinds = {ph.placeholder_format.type for ph in slide.placeholders}
        assert kinds & {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}, f"slide {number} has no title placeholder"
        for ph in slide.placeholders:
            if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
                continue  # holds a field that the client fills in
            assert ph.has_text_frame and ph.text_frame.text.strip(), f"slide {number}: empty {ph.name}"


def test_content_slides_have_notes_numbers_and_a_footer(ciie_deck: Path) -> None:
    prs = Presentation(str(ciie_deck))
    slides = list(prs.slides)
    takeaways = slides[1]
    assert takeaways.has_notes_slide and "Open with these 5 points" in takeaways.notes_slide.notes_text_frame.text
    for slide in slides[1:]:
        kinds = {ph.placeholder_format.type: ph for ph in slide.placeholders}
        assert PP_PLACEHOLDER.SLIDE_NUMBER in kinds
        assert 'type="slidenum"' in kinds[PP_PLACEHOLDER.SLIDE_NUMBER]._element.xml
        assert "Trade Policy Briefing Unit · 28 November 2025" in kinds[PP_PLACEHOLDER.FOOTER].text_frame.text


def test_each_slide_with_figures_carries_its_source_line(ciie_deck: Path) -> None:
    prs = Presentation(str(ciie_deck))
    glance = next(s for s in prs.slides
                  if s.shapes.title and s.shapes.title.text_frame.text == "The editions at a glance")
    line = next(sh for sh in glance.shapes if sh.name == "Sources").text_frame.text
    assert line.startswith("Sources: ") and "A1 " in line and "H1 " in line


def _deck_text(path: Path) -> str:
    prs = Presentation(str(path))
    parts: list[str] = []
    for slide in prs.slides:
        if slide.shapes.title is not None and slide.shapes.title.text_frame.text.startswith("Sources"):
            continue  # the bibliography quotes titles, which are not figures of the briefing
        for shape in slide.shapes:
            if shape.name == "Sources" or (shape.is_placeholder and shape.placeholder_format.type in (
                    PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)):
                continue
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_every_figure_in_the_deck_is_in_the_content_with_a_source(ciie_deck: Path) -> None:
    problems = Problems()
    loaded = load_project_content(ROOT, problems)
    assert loaded is not None
    b = loaded.briefing
    allowed: set[str] = set()
    figures = []
    for e in b.editions:
        allowed |= {str(e.year), str(e.number)}
        for name in ("participants", "exhibitors", "exhibitor_origins", "area_sqm", "deals_usd_bn", "visitors",
                     "new_products"):
            f = getattr(e, name)
            if f is not None:
                assert f.sources
                figures.append(f.value)
                allowed |= {f"{f.value:,g}", f"{f.value:g}", f"{f.value:,.0f}" if f.value.is_integer() else ""}
                allowed |= set(re.findall(r"\d[\d,]*(?:\.\d+)?", f.note or ""))  # the note of a sourced figure
    # Sentences carry their own sources; their numbers count as sourced.
    statements = [*b.takeaways, *b.purpose, *b.context, *b.outlook, *b.quotes,
                  *(p for e in b.editions for p in e.pledges)]
    for s in statements:
        assert s.sources
        allowed |= set(re.findall(r"\d[\d,]*(?:\.\d+)?", s.text))
    # Derived numbers: changes between figures, and counts of editions.
    changes = {f"{abs((a - c) / c * 100):.1f}" for a in figures for c in figures if c}
    allowed |= changes | {str(len(b.editions)), "5", "10"}  # "5–10 November"
    allowed |= set(re.findall(r"\d+", str(b.date)))  # the briefing's own date on the title slide
    text = _deck_text(ciie_deck)
    numbers = set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))
    unexplained = sorted(n for n in numbers if n.rstrip(",") not in allowed)
    assert unexplained == [], unexplained


def test_libreoffice_opens_the_deck_with_one_page_per_slide(ciie_deck: Path, tmp_path: Path) -> None:
    pdf = soffice_to_pdf(ciie_deck, tmp_path)
    assert len(PdfReader(str(pdf)).pages) == len(Presentation(str(ciie_deck)).slides)


def test_same_inputs_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(ROOT, out_dir=tmp_path / "a", formats=["pptx"]).outputs[0]
    second = build(ROOT, out_dir=tmp_path / "b", formats=["pptx"]).outputs[0]
    assert first.read_bytes() == second.read_bytes()
    prs = Presentation(str(first))
    assert prs.core_properties.modified.year == 2023  # 1700000000 is in November 2023
    assert prs.core_properties.title.startswith("China International Import Expo")


def test_a_failed_build_leaves_the_last_good_deck_untouched(make_project: MakeProject) -> None:
    project = make_project()
    out = project / "output"
    good = build(project, formats=["pptx"]).outputs[0]
    before = good.read_bytes()
    editions = project / "content" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8").replace("value: 57.83", "value: [57"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(project, formats=["pptx"])
    assert good.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [good.name]  # no half-written or temporary file


def _png(path: Path, width: int, height: int) -> None:
    """A small valid PNG, written without any imaging library."""
    raw = b"".join(b"\x00" + b"\x12\x28\x4c" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


TALK = """
---
title: Market access in 2026
subtitle: A hand-written deck
organisation: Trade Policy Briefing Unit
date: 2026-01-15
---

# Where we stand

::: subtitle
The state of play
:::

## Three priorities {layout="Title and Content"}

- Services opening
  - Telecommunications
    - Pilot zones first
- Zero tariffs for the least-developed countries[^g4]

::: notes
Spend two minutes here.
:::

## Picture

![A chart of deals by year](chart.png "Deals by year")

## Side by side

:::: columns
::: column
**Before**: a longer negative list
:::
::: column
**After**: a shorter one
:::
::::

---

> Make the Chinese market a market for the world.
>
> — Xi Jinping

[^g4]: People's Daily Online, 6 November 2024.
"""


def test_a_hand_written_deck_builds_through_the_same_pipeline(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(TALK.lstrip(), encoding="utf-8")
    _png(tmp_path / "chart.png", 40, 20)
    result = build(talk, formats=["pptx"])
    deck = tmp_path / "talk.pptx"
    assert result.outputs == [deck]
    prs = Presentation(str(deck))
    assert titles(deck) == ["Market access in 2026", "Where we stand", "Three priorities", "Picture",
                            "Side by side", ""]
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[:3] == ["Title Slide", "Section Header", "Title and Content"]
    assert layouts[4] == "Two Content"
    slides = list(prs.slides)
    body = "\n".join(sh.text_frame.text for sh in slides[2].shapes if sh.has_text_frame)
    assert "Telecommunications" in body and "Pilot zones first" in body
    levels = [p.level for sh in slides[2].placeholders if sh.placeholder_format.idx == 1
              for p in sh.text_frame.paragraphs]
    assert levels == [0, 1, 2, 0]
    assert slides[2].notes_slide.notes_text_frame.text == "Spend two minutes here."
    sources = next(sh for sh in slides[2].shapes if sh.name == "Sources")
    assert "People's Daily Online" in sources.text_frame.text
    picture = next(sh for sh in slides[3].shapes if sh.shape_type == 13)
    c_nv_pr = picture._element.nvPicPr.cNvPr
    assert c_nv_pr.get("descr") == "A chart of deals by year" and c_nv_pr.get("title") == "Deals by year"
    assert abs(picture.width / picture.height - 2.0) < 0.01  # aspect ratio kept
    quote = "\n".join(sh.text_frame.text for sh in slides[5].shapes if sh.has_text_frame)
    assert "market for the world" in quote and "— Xi Jinping" in quote
    # The untitled slide keeps its layout but not the rule under the (empty) title; the master's
    # other graphics, such as the footer rule, it carries itself.
    assert slides[5].slide_layout.name == "Title and Content"
    assert slides[5]._element.get("showMasterSp") == "0" and slides[2]._element.get("showMasterSp") is None
    names = [sh.name for sh in slides[5].shapes]
    assert "Footer Rule" in names and "Title Rule" not in names
    ids = [sh.shape_id for sh in slides[5].shapes]
    assert len(ids) == len(set(ids))


def test_a_hand_written_deck_opens_in_libreoffice(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(TALK.lstrip(), encoding="utf-8")
    _png(tmp_path / "chart.png", 40, 20)
    build(talk, formats=["pptx"])
    pdf = soffice_to_pdf(tmp_path / "talk.pptx", tmp_path)
    assert len(PdfReader(str(pdf)).pages) == 6


def test_a_missing_picture_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(textwrap.dedent("""\
        ---
        title: T
        ---

        ## Pic

        ![The venue](nowhere.png)
        """), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build(talk, formats=["pptx"])
    assert any(str(p).endswith("talk.md:7:1: picture 'nowhere.png' not found (looked for "
                               f"{tmp_path / 'nowhere.png'}); check the path, which is relative to this file")
               for p in info.value.problems)
    assert not (tmp_path / "talk.pptx").exists()


def test_a_corporate_master_is_used_by_placeholder_type_and_its_sample_slides_removed(
        make_project: MakeProject, tmp_path: Path) -> None:
    from pptx import Presentation as Open

    corporate = Open()  # python-pptx's own template stands in for a company master, with sample slides
    corporate.slides.add_slide(corporate.slide_layouts[0]).shapes.title.text = "SAMPLE"
    project = make_project({"templates/theme.yaml": "deck:\n  master: corporate.pptx\n"})
    corporate.save(str(project / "templates" / "corporate.pptx"))
    deck = build(project, formats=["pptx"]).outputs[0]
    names = titles(deck)
    assert "SAMPLE" not in names
    assert names[0].startswith("China International Import Expo")
    prs = Presentation(str(deck))
    assert list(prs.slides)[1].slide_layout.name == "Title and Content"
    shutil.rmtree(project / "output")


def test_every_chart_and_picture_in_the_deck_has_alt_text(ciie_deck: Path) -> None:
    prs = Presentation(str(ciie_deck))
    charts = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart or shape.shape_type in (13,) or shape.name == "Timeline":
                c_nv_pr = shape._element.find(".//" + "{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
                assert c_nv_pr is not None and c_nv_pr.get("descr"), f"{shape.name} has no alt text"
                charts += shape.has_chart
    assert charts >= 3  # deals, exhibitors, participants, new products


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">
<rect x="0" y="0" width="300" height="100" fill="#12284C"/><circle cx="150" cy="50" r="40" fill="#C8102E"/></svg>"""


def test_svg_and_jpeg_pictures_fit_their_box_with_alt_text(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    Image.new("RGB", (200, 400), (14, 124, 134)).save(tmp_path / "photo.jpg")
    talk = tmp_path / "pics.md"
    talk.write_text("---\ntitle: Pictures\n---\n\n## Vector\n\n![Logo: a red disc on navy](logo.svg)\n\n"
                    "## Photo\n\n![A teal panel](photo.jpg \"Panel\")\n\n## No alt\n\n![](photo.jpg)\n",
                    encoding="utf-8")
    result = build(talk)
    assert any("has no alt text" in str(w) and "pics.md:15:1" in str(w) for w in result.warnings)
    prs = Presentation(str(tmp_path / "pics.pptx"))
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == [
        "Logo: a red disc on navy", "A teal panel", ""]
    assert abs(pictures[0].width / pictures[0].height - 3.0) < 0.01
    assert abs(pictures[1].width / pictures[1].height - 0.5) < 0.01
    pdf = tmp_path / "pics.pdf"
    assert pdf.is_file()


def test_a_chart_with_mismatched_series_fails_with_file_and_line(tmp_path: Path) -> None:
    talk = tmp_path / "chart.md"
    talk.write_text("---\ntitle: C\n---\n\n## Deals\n\n```chart\ntype: column\ncategories: [2018, 2019]\n"
                    "series:\n  - name: Deals\n    values: [57.83]\n```\n\n## Bad\n\n```chart\ntype: [\n```\n",
                    encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build(talk)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith(f"{talk.name}:12:") or ":12:" in m and "has 1 values but there are 2 categories" in m
               for m in messages), messages
    assert any((":18:" in m or ":19:" in m) and "YAML syntax error" in m for m in messages), messages


DETAILS = """
---
title: Details
---

## Formatting

Prices were ~~cut~~ raised, with `code` in the theme's font.

5. Fifth
6. Sixth

```python
print("deck")
```

::: notes
Read the table aloud.

| Edition | Deals |
|---|---|
| 2018 | 57.83 |

```text
first line
second line
```
:::

## Counting on

{items}
"""


def test_strike_list_numbers_code_font_and_notes_reach_the_deck(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "theme.yaml").write_text("fonts:\n  code: Courier New\n", encoding="utf-8")
    talk = tmp_path / "details.md"
    items = "\n".join(f"{i}. Numbered item {i} with enough words to take a good part of a line" for i in range(1, 41))
    talk.write_text(DETAILS.lstrip().replace("{items}", items), encoding="utf-8")
    build(talk, formats=["pptx"])
    prs = Presentation(str(tmp_path / "details.pptx"))
    slides = list(prs.slides)
    runs = [r for sh in slides[1].shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]
    struck = next(r for r in runs if r.text == "cut")
    assert struck._r.get_or_add_rPr().get("strike") == "sngStrike"
    assert all(r._r.get_or_add_rPr().get("strike") is None for r in runs if r.text != "cut")
    assert {r.font.name for r in runs if r.text in ("code", 'print("deck")')} == {"Courier New"}
    numbers = slides[1].shapes.placeholders[1]._element.xpath(".//a:buAutoNum/@startAt")
    assert numbers == ["5", "5"]  # every item of a list starting at 5 says so, as PowerPoint writes it
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "Read the table aloud.\nEdition | Deals\n2018 | 57.83\nfirst line\nsecond line" in notes
    # A numbered list continued on another slide counts on from where the slide before stopped.
    parts = [s for s in slides if s.shapes.title.text_frame.text.startswith("Counting on")]
    assert len(parts) >= 2
    shown = 0
    for part in parts:
        body = part.shapes.placeholders[1]
        starts = set(body._element.xpath(".//a:buAutoNum/@startAt")) or {"1"}
        assert starts == {str(shown + 1)}
        texts = [p.text for p in body.text_frame.paragraphs]
        assert texts[0].startswith(f"Numbered item {shown + 1} ")
        shown += len(texts)
    assert shown == 40


def test_the_deals_chart_under_the_tiles_has_room_and_round_gridlines(ciie_deck: Path) -> None:
    prs = Presentation(str(ciie_deck))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Intended deals up"))
    frame = next(sh for sh in slide.shapes if sh.has_chart)
    caption = next(sh for sh in slide.shapes if sh.name == "Chart source")
    assert (caption.top + caption.height - frame.top) / 12700 >= 200  # the chart's box, its source line included
    axis = frame.chart.value_axis
    step = axis.major_unit
    top = max(v for plot in frame.chart.plots for s in plot.series for v in s.values if v is not None)
    gridlines = math.ceil(top * 1.05 / step) + 1
    assert step == 25 and 3 <= gridlines <= 5


@pytest.mark.parametrize("top", [0.83, 8.3, 44.0, 83.49, 612.0, 4108.0])
def test_a_short_value_axis_gets_three_to_five_round_gridlines(top: float) -> None:
    for length in (60.0, 90.0, 120.0):  # points: the value axis of a chart in a third of a slide
        low, high, step = nice_scale(0.0, top, length, 12.0)
        assert 3 <= round((high - low) / step) + 1 <= 5, (top, length, step)
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 2, 2.5, 5) and (mantissa != 2.5 or step >= 25), step


def _default_theme() -> Theme:
    data = YAML(typ="safe", pure=True).load((ROOT / "templates" / "default" / "theme.yaml").read_text("utf-8"))
    return Theme.model_validate(data)


def test_charts_without_data_draw_an_empty_frame_instead_of_failing() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = Box(0, 0, 6_000_000, 3_000_000)
    empty = Chart(type="line", categories=["2018", "2019", "2020"], series=[{"name": "None", "values": [None] * 3}])
    theme = _default_theme()
    fonts = resolve_fonts(theme, Problems())
    axis = draw_chart(slide, empty, box, theme, fonts).chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale, axis.major_unit) == (0.0, 1.0, 1.0)
    assert axis.tick_label_position == XL_TICK_LABEL_POSITION.NONE
    for kind in ("pie", "doughnut"):  # rejected upstream, but a renderer must not crash on them either
        zeros = Chart(type=kind, categories=["A", "B"], series=[{"name": "Shares", "values": [0.0, 0.0]}])
        assert draw_chart(slide, zeros, box, theme, fonts).has_chart


DECK_PACKAGE = ROOT / "generator" / "renderers" / "deck"
LAYOUT_STAGE = ("measure", "fit", "paginate")


def test_the_deck_layout_stage_does_not_use_python_pptx() -> None:
    """measure, fit and paginate work on plain boxes: they import neither python-pptx nor lxml,
    nor any module of the deck package but each other, so another slide format could use them.
    (Importing them still runs the package's __init__, which registers the renderer.)"""
    import ast

    for name in LAYOUT_STAGE:
        tree = ast.parse((DECK_PACKAGE / f"{name}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [("." * node.level) + (node.module or "")]
            else:
                continue
            for module in modules:
                assert not module.startswith(("pptx", "lxml")), (name, module)
                if module.startswith(".") and not module.startswith(".."):
                    assert module[1:] in LAYOUT_STAGE, (name, module)


def test_the_deck_never_loads_reportlab() -> None:
    import subprocess
    import sys

    code = "import generator.renderers.deck, sys; assert not any(m.startswith('reportlab') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)

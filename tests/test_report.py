"""End to end: the CIIE report and printed handouts, read back by pypdf, poppler and qpdf."""

from __future__ import annotations

import re
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, MakeProject, need_program
from pypdf import PdfReader

from generator import BuildResult, build
from generator.fonts import NO_LINE_END, NO_LINE_START, is_wide

EPOCH = "1764288000"  # 2025-11-28 00:00:00 UTC
CHAPTERS = [
    "Contents",
    "Executive summary",
    "What the CIIE is",
    "The editions, one by one",
    "The editions in figures",
    "Context",
    "Outlook: what to watch",
    "Sources",
    "Notes",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in CIIE report, built once for this module with a pinned SOURCE_DATE_EPOCH."""
    out = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(ROOT, out_dir=out, formats=["pdf"])
    pdf = out / "ciie-briefing.pdf"
    assert result.outputs == [pdf]
    return pdf


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) for every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def lines_of(page: Any, band: tuple[float, float] | None = None) -> list[str]:
    """A page's text as lines, by position: pieces on one baseline are one line, left to right.
    ``band`` keeps only lines whose baseline lies between two heights (the text frame, not the
    running header and footer)."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            pieces.append((round(y), x, text))

    page.extract_text(visitor_text=visit)
    rows: dict[int, list[tuple[float, str]]] = {}
    for y, x, text in pieces:
        key = next((k for k in rows if abs(k - y) <= 2), y)
        rows.setdefault(key, []).append((x, text))
    out = []
    for y in sorted(rows, reverse=True):
        if band and not band[0] <= y <= band[1]:
            continue
        out.append(" ".join(" ".join(t.split()) for _, t in sorted(rows[y])).strip())
    return out


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def text_frame(reader: PdfReader) -> tuple[float, float]:
    """The heights between which body text sits: inside the 25 mm margins, clear of header and footer."""
    height = float(reader.pages[0].mediabox.height)
    return 25 * 72 / 25.4 - 2, height - 27 * 72 / 25.4 + 2


def contents_entries(reader: PdfReader) -> Iterator[tuple[str, int]]:
    """(title, page) for each line of the printed contents, dot leaders removed."""
    for line in lines_of(reader.pages[1], text_frame(reader)):
        m = re.fullmatch(r"(.+?)[\s.]*?(\d+)", line)
        if m:
            yield m.group(1).rstrip(" ."), int(m.group(2))


def test_the_report_has_cover_contents_chapters_and_bookmarks(report: Path) -> None:
    reader = PdfReader(report)
    assert len(reader.pages) >= 12
    marks = outline(reader)
    assert [title for depth, title, _ in marks if depth == 0] == CHAPTERS
    sections = [title for depth, title, _ in marks if depth == 1]
    for wanted in ("Key findings", "1st CIIE, 2018", "8th CIIE, 2025", "The editions side by side"):
        assert wanted in sections
    # Editions nest under their chapter.
    i = [t for _, t, _ in marks].index("The editions, one by one")
    assert marks[i + 1] == (1, "1st CIIE, 2018", marks[i + 1][2])
    first = reader.pages[0].extract_text()
    assert "China International Import Expo" in first and "Trade Policy Briefing Unit" in first
    assert "Page 1 of" not in first  # no running footer on the cover


def test_metadata_language_and_pinned_dates(report: Path) -> None:
    reader = PdfReader(report)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "China International Import Expo: how it has evolved, 2018–2025"
    assert meta.author == "Trade Policy Briefing Unit"
    assert meta.subject == "Eight editions in figures, pledges and context"
    assert "CIIE" in str(meta["/Keywords"]) and "trade policy" in str(meta["/Keywords"])
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20251128000000+00'00'"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_key_facts_are_in_the_text(report: Path) -> None:
    text = all_text(PdfReader(report))
    for fact in ("83.49", "57.83", "70.72", "Xi Jinping", "Li Qiang", "4,108", "中国国际进口博览会",
                 "zero-tariff treatment", "pressreader.com"):
        assert fact in text, fact


def test_page_x_of_y_on_every_page_but_the_cover(report: Path) -> None:
    reader = PdfReader(report)
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], start=2):
        assert f"Page {number} of {total}" in page.extract_text()


def test_contents_page_numbers_are_the_pages_of_the_headings(report: Path) -> None:
    reader = PdfReader(report)
    entries = list(contents_entries(reader))
    titles = [title for title, _ in entries]
    for chapter in CHAPTERS[1:]:
        assert chapter in titles, f"{chapter} missing from the contents: {titles}"
    assert "3rd CIIE, 2020" in titles and "Intended deals" in titles
    pages = [lines_of(page, text_frame(reader)) for page in reader.pages]
    for title, printed in entries:
        starts = [n for n, lines in enumerate(pages, start=1) if n > 2 and title in lines]
        assert starts, f"heading {title!r} not found on any page"
        assert starts[0] == printed, f"contents say {title!r} is on page {printed}, it is on page {starts[0]}"
    # And the bookmarks agree with the contents.
    marks = {title: page for _, title, page in outline(reader)}
    for title, printed in entries:
        assert marks[title] == printed


def test_links_inside_the_document_and_out_of_it(report: Path) -> None:
    reader = PdfReader(report)

    def annotations(page: Any) -> list[Any]:
        return [a.get_object() for a in page.get("/Annots", [])]

    contents = [a for a in annotations(reader.pages[1]) if a["/Subtype"] == "/Link"]
    assert len(contents) >= len(CHAPTERS) - 1 and all("/Dest" in a or "/A" in a for a in contents)
    uris = [a["/A"]["/URI"] for page in reader.pages for a in annotations(page) if "/A" in a and "/URI" in a["/A"]]
    assert any(u.startswith("https://") for u in uris)
    # Note marks link to the notes: many internal links on the summary page.
    assert len(annotations(reader.pages[2])) >= 10


def test_every_font_is_embedded(report: Path) -> None:
    pdffonts = need_program("pdffonts")
    out = subprocess.run([pdffonts, str(report)], capture_output=True, text=True, check=True).stdout
    rows = out.strip().splitlines()[2:]
    assert rows, out
    header = out.splitlines()[0]
    emb = header.index("emb")
    for row in rows:
        assert row[emb:emb + 3] == "yes", row
        assert "Helvetica" not in row and "Times" not in row and "Courier" not in row, row
    assert any("Carlito" in row for row in rows)


def test_qpdf_finds_no_errors(report: Path) -> None:
    qpdf = need_program("qpdf")
    result = subprocess.run([qpdf, "--check", str(report)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(ROOT, out_dir=tmp_path / "a", formats=["pdf"])
    build(ROOT, out_dir=tmp_path / "b", formats=["pdf"])
    assert (tmp_path / "a" / "ciie-briefing.pdf").read_bytes() == (tmp_path / "b" / "ciie-briefing.pdf").read_bytes()


def test_letter_page_size(tmp_path: Path) -> None:
    build(ROOT, out_dir=tmp_path, formats=["pdf"], page_size="Letter")
    reader = PdfReader(tmp_path / "ciie-briefing.pdf")
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert "Page 2 of" in reader.pages[1].extract_text()


def test_a4_is_the_default(report: Path) -> None:
    page = PdfReader(report).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_summary_tiles_name_their_sources(report: Path) -> None:
    summary = " ".join(PdfReader(report).pages[2].extract_text().split())
    # Each tile's source line, by key and publisher, as the deck's tiles have it.
    assert len(re.findall(r"Sources?: [A-Z]\d", summary)) == 4, summary
    assert "A1 Los Angeles Times" in summary and "H1 Shanghai municipal government" in summary


def test_note_marks_follow_the_unit_and_pledges_print_once(report: Path) -> None:
    reader = PdfReader(report)
    text = all_text(reader)
    # The marks come after "billion", never between the number and its unit.
    assert re.search(r"US\$57\.83 billion[\d,–]+ in 2018", text), "deal figures with their marks"
    assert not re.search(r"US\$\d+\.\d{2}[\d,–]+ billion", text)
    flat = " ".join(text.split())
    for pledge in ("China announced five further opening-up measures",
                   "China pledged to set up a pilot zone for Silk Road e-commerce",
                   "China pledged wider market access in telecommunications"):
        assert flat.count(pledge) == 1, pledge


def test_the_report_says_only_what_the_content_supports(report: Path) -> None:
    flat = " ".join(all_text(PdfReader(report)).split())
    for claim in ("at the close of each edition", "not completed trade", "the notes below the table", "debuted",
                  "accredited visitors or registrations"):
        assert claim not in flat, claim
    assert "“What the figures count”" in flat
    # What the visitor figures count, in the content's own words.
    for note in ("“buyers”", "“professional visitors”", "“accredited visitors”", "“registered professionals”"):
        assert note in flat, note
    assert "rose from US$57.83 billion" in flat and "44.4% more" in flat
    assert "no point for 2020" in flat  # the 3rd edition has no participants figure
    assert "ranged from 391" in flat  # new products: the fewest and the most, not a trend


def test_notes_quote_titles_with_typographic_quotes(report: Path) -> None:
    reader = PdfReader(report)
    start = next(n for n, page in enumerate(reader.pages) if lines_of(page, text_frame(reader))[:1] == ["Notes"])
    notes = "\n".join(page.extract_text() for page in reader.pages[start:])
    assert '"' not in notes
    assert "“73,52 Milliarden US-Dollar”" in notes and "“US$57.83 billion intended deals" in notes


def test_the_wording_follows_the_direction_of_the_figures(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project({"briefing.yaml": "name: fall\nformats: [pdf]\n"})
    editions = project / "content" / "editions.yaml"
    text = editions.read_text(encoding="utf-8")
    # Deals that end lower than they started, and a participants figure for every edition.
    text = text.replace("deals_usd_bn: {value: 83.49", "deals_usd_bn: {value: 50.01")
    text = text.replace("    exhibitors: {value: 2600, qualifier: about, sources: [C2]}",
                        "    participants: {value: 150, sources: [C2]}\n"
                        "    exhibitors: {value: 2600, qualifier: about, sources: [C2]}")
    editions.write_text(text, encoding="utf-8")
    result = build(project, out_dir=tmp_path / "out")
    flat = " ".join(all_text(PdfReader(result.outputs[0])).split())
    assert "fell from US$57.83 billion" in flat and "13.5% less" in flat, flat
    assert "fell in 2021 and 2025" in flat
    assert "no point for" not in flat


# --- hand-written decks, printed -----------------------------------------------------------------

HANDOUT = """\
---
title: Market access in 2026
subtitle: What changed and why
author: A. Analyst
date: 2026-01-15
lang: en-GB
keywords: [trade, market access]
slide-level: 2
---

## Why this matters

- Tariffs fell on 1,200 lines.[^wto]
- Services opened in **three** sectors.

::: notes
Spend two minutes here on the tariff lines.
:::

# Part two

### Skipped a level

Text under it.

---

An untitled slide.

| Year | Deals (US$ bn) |
|:--|--:|
| 2018 | 57.83 |
| 2025 | 83.49 |

[^wto]: WTO, Tariff profiles, https://example.org/tariffs
"""


@pytest.fixture
def handout(tmp_path: Path) -> tuple[Path, BuildResult]:
    md = tmp_path / "talk.md"
    md.write_text(HANDOUT, encoding="utf-8")
    result = build(md, out_dir=tmp_path, formats=["pdf"])
    return tmp_path / "talk.pdf", result


def test_a_handout_prints_each_slide_with_its_notes(handout: tuple[Path, BuildResult]) -> None:
    pdf, result = handout
    assert result.outputs == [pdf]
    reader = PdfReader(pdf)
    text = all_text(reader)
    assert "Market access in 2026" in text and "What changed and why" in text and "15 January 2026" in text
    assert "NOTES" in text and "Spend two minutes here on the tariff lines." in text
    assert "57.83" in text and "example.org/tariffs" in text
    titles = [(depth, title) for depth, title, _ in outline(reader)]
    assert (0, "Why this matters") in titles
    assert (0, "Part two") in titles
    # Content under a section heading goes on an untitled slide of its own (pandoc's rule), where the
    # skipped heading nests one level down whatever the '#'s say.
    assert titles[titles.index((0, "Part two")) + 1:][:2] == [(1, "Slide 4"), (2, "Skipped a level")]
    assert (1, "Slide 5") in titles  # the slide after '---': title slide, three slides, then this one
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None and reader.metadata.title == "Market access in 2026"
    assert reader.metadata.author == "A. Analyst"


def test_a_skipped_heading_level_is_a_warning_at_its_line(handout: tuple[Path, BuildResult]) -> None:
    _, result = handout
    skipped = [w for w in result.warnings if "heading level skipped" in w.message]
    assert len(skipped) == 1
    warning = skipped[0]
    line = HANDOUT.splitlines().index("### Skipped a level") + 1
    assert warning.path.endswith("talk.md") and warning.line == line and warning.column == 1
    assert re.search(rf"talk\.md:{line}:1: warning: heading level skipped: '### Skipped a level' follows a level-1 "
                     r"heading; make it '##'", str(warning)), str(warning)


def test_a_slide_heading_never_ends_a_page(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (600, 800), "#0E7C86").save(tmp_path / "tall.png")
    slides = []
    for i in range(8):
        if i % 2:
            slides.append(f"## Slide heading {i}\n\n```chart\ntype: column\ntitle: Chart {i}\n"
                          "categories: [a, b, c]\nseries:\n  - name: s\n    values: [1, 2, 3]\n```\n")
        else:
            slides.append(f"## Slide heading {i}\n\n![Tall picture {i}](tall.png)\n")
    md = tmp_path / "tall.md"
    md.write_text("---\ntitle: Tall pictures\ndate: 2026-01-15\n---\n\n" + "\n".join(slides), encoding="utf-8")
    build(md, out_dir=tmp_path, formats=["pdf"])
    reader = PdfReader(tmp_path / "tall.pdf")
    seen = []
    for number, page in enumerate(reader.pages, start=1):
        lines = lines_of(page, text_frame(reader))
        assert lines, f"page {number} is empty"
        assert not lines[-1].startswith("Slide heading"), f"page {number} ends with its heading: {lines}"
        seen += [line for line in lines if line.startswith("Slide heading")]
    assert seen == [f"Slide heading {i}" for i in range(8)]


SVG_WITH_TEXT = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
  <rect x="10" y="10" width="380" height="180" fill="#12284C"/>
  <text x="40" y="90" font-family="Arial" font-size="24" fill="#ffffff">Hello SVG</text>
  <text x="40" y="140" font-size="20" font-weight="bold" fill="#ffffff">Default font</text>
  <text x="40" y="180" font-family="Courier New" font-size="14" fill="#ffffff">monospaced</text>
</svg>
"""


def test_an_svg_with_text_embeds_every_font(tmp_path: Path) -> None:
    pdffonts = need_program("pdffonts")
    (tmp_path / "logo.svg").write_text(SVG_WITH_TEXT, encoding="utf-8")
    md = tmp_path / "talk.md"
    md.write_text("---\ntitle: Pictures\ndate: 2026-01-15\n---\n\n## A picture\n\n![A logo](logo.svg)\n",
                  encoding="utf-8")
    build(md, out_dir=tmp_path, formats=["pdf"])
    pdf = tmp_path / "talk.pdf"
    text = all_text(PdfReader(pdf))
    assert "Hello SVG" in text and "Default font" in text and "monospaced" in text
    out = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
    emb = out.splitlines()[0].index("emb")
    rows = out.strip().splitlines()[2:]
    assert rows
    for row in rows:
        assert row[emb:emb + 3] == "yes", out
        assert "Helvetica" not in row and "Times" not in row and "Courier" not in row, out


def test_chinese_lines_keep_their_punctuation(tmp_path: Path) -> None:
    pdftotext = need_program("pdftotext")
    chars = "中国国际进口博览会开放合作共享未来市场准入贸易投资"
    pieces = []
    for i in range(400):  # dense with marks, so that many lines would otherwise start or end with one
        a, b = chars[i % len(chars)], chars[i * 7 % len(chars)]
        pieces.append([f"《{a}{b}》，", f"（{a}）。", f"“{b}”，", f"{a}《{b}》", f"{a}{b}（{a}{b}）"][i % 5])
    text = "".join(pieces)
    md = tmp_path / "zh.md"
    # An English handout: Chinese paragraphs and list items break between characters all the same.
    md.write_text(f"---\ntitle: Handout\ndate: 2026-01-15\n---\n\n## 第一张\n\n{text}\n\n"
                  f"## 第二张\n\n- {text[:600]}\n", encoding="utf-8")
    build(md, out_dir=tmp_path, formats=["pdf"])
    out = subprocess.run([pdftotext, "-layout", str(tmp_path / "zh.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    lines = [line.strip().lstrip("•").strip() for line in out.splitlines()]
    lines = [line for line in lines if line and any(is_wide(ch) for ch in line) and "张" not in line]
    assert len(lines) > 30
    for line in lines:
        assert line[0] not in NO_LINE_START, f"a line starts with {line[0]!r}: {line}"
        assert line[-1] not in NO_LINE_END, f"a line ends with {line[-1]!r}: {line}"
    # Nothing lost or doubled on the way.
    printed = "".join(line.replace(" ", "") for line in lines)
    assert printed == text + text[:600]


def test_a_long_table_breaks_between_rows_with_one_header_per_page(tmp_path: Path) -> None:
    rows = [f"| Row {i} | Country number {i} | " + "word " * (8 * (1 + i * 4 % 7)) + f" | {i * 17.5:.1f} |"
            for i in range(60)]
    md = tmp_path / "table.md"
    head = "| Edition | Headercolumn | Notes on the figure | Value |\n|:--|:--|:--|--:|\n"
    md.write_text("---\ntitle: A long table\ndate: 2026-01-15\n---\n\n## The table\n\n"
                  + "Some text before the table. " * 60 + "\n\n" + head + "\n".join(rows) + "\n", encoding="utf-8")
    build(md, out_dir=tmp_path, formats=["pdf"])
    reader = PdfReader(tmp_path / "table.pdf")
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) > 2
    for number, page_text in enumerate(texts, start=1):
        assert page_text.count("Headercolumn") <= 1, f"the header row is printed twice on page {number}"
    # Every row is printed once, whole: its first cell and its value on one page.
    for i in range(60):
        pages = [n for n, t in enumerate(texts) if re.search(rf"\bRow {i}\b", t)]
        assert len(pages) == 1 and f"{i * 17.5:.1f}" in texts[pages[0]], i


# --- reports from a project's own template -------------------------------------------------------


def own_report(make_project: MakeProject, body: str) -> MakeProject:
    return make_project({"briefing.yaml": "name: own\nformats: [pdf]\n",
                         "templates/report.md.j2": textwrap.dedent(body)})


def test_notes_and_slide_breaks_stay_out_of_the_report(make_project: MakeProject, tmp_path: Path) -> None:
    project = own_report(make_project, """\
        ---
        title: Own report
        ---

        # Chapter

        Visible text.

        ::: notes
        Speaker notes never print in a report.
        :::

        ---

        More visible text.
        """)
    result = build(project, out_dir=tmp_path / "out")
    text = all_text(PdfReader(result.outputs[0]))
    assert "Visible text." in text and "More visible text." in text
    assert "Speaker notes" not in text


def test_a_table_too_wide_is_narrowed_and_reported_never_dropped(make_project: MakeProject, tmp_path: Path) -> None:
    cols = 16
    header = "| " + " | ".join(f"Heading{i}averyveryverylongword" for i in range(cols)) + " |"
    rule = "|" + "|".join(["--"] * cols) + "|"
    row = "| " + " | ".join(f"Cell{i}incomprehensibilities" for i in range(cols)) + " |"
    project = own_report(make_project, f"---\ntitle: Wide\n---\n\n# Chapter\n\n{header}\n{rule}\n{row}\n")
    result = build(project, out_dir=tmp_path / "out")
    wide = [w for w in result.warnings if "too wide for the page" in w.message]
    assert len(wide) == 1 and wide[0].line == 7
    text = all_text(PdfReader(result.outputs[0])).replace("\n", "")
    assert "Cell15" in text  # the last column is printed, not cut off


def test_a_skipped_level_in_a_report_template_is_reported(make_project: MakeProject, tmp_path: Path) -> None:
    project = own_report(make_project, "---\ntitle: Levels\n---\n\n# Chapter\n\n### Too deep\n\nText.\n")
    result = build(project, out_dir=tmp_path / "out")
    skipped = [w for w in result.warnings if "heading level skipped" in w.message]
    assert len(skipped) == 1 and skipped[0].line == 7 and skipped[0].path.endswith("own.report.md")
    marks = outline(PdfReader(result.outputs[0]))
    assert [(d, t) for d, t, _ in marks if t in ("Chapter", "Too deep")] == [(0, "Chapter"), (1, "Too deep")]


def test_the_report_renderer_does_not_load_python_pptx() -> None:
    """The PDF is made with reportlab alone: importing its renderer loads no part of python-pptx."""
    import os
    import sys

    code = ("import generator.renderers.report, sys; "
            "assert not any(m == 'pptx' or m.startswith('pptx.') for m in sys.modules)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

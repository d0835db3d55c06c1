"""Text that never overflows: measured at build time, judged by LibreOffice."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT, run_briefing
from fitjudge import overflows
from pptx import Presentation
from ruamel.yaml import YAML

from generator import build
from generator.document import Quote, Span
from generator.errors import Problems
from generator.fonts import resolve_fonts
from generator.renderers.deck.measure import (
    BULLET_HANG_PT,
    INSET_X_PT,
    INSET_Y_PT,
    SMALL_TEXT,
    level_floor,
    level_size,
    paragraph_height,
    text_blocks_height,
)
from generator.theme import Theme
from generator.units import EMU_PER_PT


def test_the_default_deck_has_no_character_outside_its_box(ciie_deck: Path, tmp_path: Path) -> None:
    assert overflows(ciie_deck, tmp_path) == []


LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
LONG_TITLE = "A very long title that goes on and on about market access, tariffs and trade " * 3
ABSURD_TITLE = "An absurd title " + "that keeps going with more and more words about tariffs, quotas and deals " * 8
TITLE_RULE_PT = 100.8  # top of the accent rule the default master draws under every content title
HOSTILE = "\n".join([
    "---", f'title: "{LONG_TITLE.strip()}"', "---", "",
    f"## {'An extremely long slide title about the expo, its editions, pledges and deals ' * 3}", "",
    "- Short bullet", "",
    "## Many bullets", "",
    *(f"- Bullet number {i}: intended deals, exhibitors and new products all went up" for i in range(40)), "",
    "## Long words", "",
    f"{LONG_WORD} and https://example.org/{'very-long-path-segment/' * 8}index.html", "",
    "## Deep nesting", "",
    "- Level one with a good deal of text that wraps onto a second line at the body size",
    "  - Level two with a good deal of text that wraps onto a second line as well",
    "    - Level three with a good deal of text that wraps onto a second line as well",
    "      - Level four, shown at level three",
    "        - Level five, shown at level three",
    *(f"- Item {i} with a sentence long enough to wrap across most of the slide's width" for i in range(12)), "",
    "## Wide table", "",
    "| " + " | ".join(f"Column {c}" for c in range(10)) + " |",
    "|" + "---|" * 10,
    *("| " + " | ".join(f"r{r}c{c} 1,234.5" for c in range(10)) + " |" for r in range(40)), "",
    "## A long paragraph", "",
    "The expo has become a platform for international procurement, investment promotion, people-to-people "
    "exchanges and open cooperation. " * 25, "",
    "## 中文长段落", "",
    "中国国际进口博览会是世界上第一个以进口为主题的国家级展会，是国际贸易发展史上的一大创举。" * 40, "",
    "## Long code", "",
    "```python", *(f"line_{i:03d} = compute({i}, 'value number {i}')" for i in range(120)), "```", "",
    "## Two full columns", "",
    ":::: columns", "::: column",
    *(f"- Left point {i}: intended deals, exhibitors and new products all went up again" for i in range(25)),
    ":::", "::: column",
    *(f"- Right point {i}: pledges on tariffs, market access and services opening" for i in range(25)),
    ":::", "::::", "",
    f"## {ABSURD_TITLE}", "",
    "- Just one bullet", "",
])


def test_hostile_decks_continue_instead_of_overflowing(tmp_path: Path) -> None:
    talk = tmp_path / "hostile.md"
    talk.write_text(HOSTILE, encoding="utf-8")
    result = build(talk, formats=["pptx"])
    deck = result.outputs[0]
    prs = Presentation(str(deck))
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]
    assert any(t == "Many bullets (cont.)" for t in titles)
    assert any(t == "Wide table (cont.)" for t in titles)
    assert any(t.startswith("A long paragraph (cont.)") for t in titles)
    assert any(t.startswith("中文长段落 (cont.)") for t in titles)
    # A continued table repeats its header row on every slide.
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert len(tables) >= 3 and all(t.cell(0, 0).text == "Column 0" for t in tables)
    rows = [row.cells[0].text for t in tables for row in list(t.rows)[1:]]
    assert rows == [f"r{r}c0 1,234.5" for r in range(40)]  # every row once, in order
    # Bullets are never cut: each appears whole, once.
    bullets = [p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame
               for p in sh.text_frame.paragraphs if p.text.startswith("Bullet number")]
    assert len(bullets) == 40 and len(set(bullets)) == 40
    # Sizes are written explicitly on every run.
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        assert r.font.size is not None
    # Code continues line by line: every line once, in order, in code boxes filled to the floor size.
    code = [line for s in prs.slides for sh in s.shapes if sh.has_text_frame and not sh.is_placeholder
            for line in sh.text_frame.text.split("\n") if line.startswith("line_")]
    assert code == [f"line_{i:03d} = compute({i}, 'value number {i}')" for i in range(120)]
    assert titles.count("Long code (cont.)") >= 2
    # Columns continue as columns: each column's overflow goes to the same column of the next slide.
    parts = [s for s in prs.slides if s.shapes.title is not None
             and s.shapes.title.text_frame.text.startswith("Two full columns")]
    assert len(parts) >= 2 and parts[1].shapes.title.text_frame.text == "Two full columns (cont.)"
    left: list[str] = []
    right: list[str] = []
    for slide in parts:
        assert slide.slide_layout.name == "Two Content"
        for ph in slide.placeholders:
            text = [p.text for p in ph.text_frame.paragraphs if "point" in p.text]
            if ph.placeholder_format.idx == 1:
                assert all(t.startswith("Left") for t in text)
                left += text
            elif ph.placeholder_format.idx == 2:
                assert all(t.startswith("Right") for t in text)
                right += text
    assert [t.split(":")[0] for t in left] == [f"Left point {i}" for i in range(25)]
    assert [t.split(":")[0] for t in right] == [f"Right point {i}" for i in range(25)]
    # Long titles grow upwards, never over the rule under the title; one too long even for the
    # grown box is set smaller still and reported by its slide.
    for slide in prs.slides:
        title = slide.shapes.title
        if title is not None and slide.slide_layout.name == "Title and Content":
            assert (title.top + title.height) / EMU_PER_PT < TITLE_RULE_PT, title.text_frame.text[:40]
    absurd = next(n for n, t in enumerate(titles, start=1) if t.startswith("An absurd title"))
    assert any(f'slide {absurd} "An absurd title' in str(w) and "title does not fit" in str(w)
               for w in result.warnings), [str(w) for w in result.warnings]
    assert not any("Many bullets" in str(w) for w in result.warnings)
    assert result.continued >= 10
    assert overflows(deck, tmp_path) == []


def test_check_lists_what_was_shrunk_or_continued_and_strict_fails(tmp_path: Path) -> None:
    talk = tmp_path / "hostile.md"
    talk.write_text(HOSTILE, encoding="utf-8")

    def check(*flags: str) -> subprocess.CompletedProcess[str]:
        return run_briefing("check", str(talk), *flags)

    plain = check()
    assert plain.returncode == 0, plain.stderr
    assert 'slide 3 "Many bullets": continued on' in plain.stdout
    assert "body text set at" in plain.stdout
    strict = check("--strict")
    assert strict.returncode == 1 and "continuation slide(s)" in strict.stderr and "with --strict" in strict.stderr
    assert not (tmp_path / "hostile.pptx").exists()


def test_the_judge_sees_overflow(ciie_deck: Path, tmp_path: Path) -> None:
    """A judge that cannot fail proves nothing: squash one text box and it must complain."""
    prs = Presentation(str(ciie_deck))
    body = next(ph for ph in prs.slides[1].placeholders if ph.placeholder_format.idx == 1)
    body.height = body.height // 4
    squashed = tmp_path / "squashed.pptx"
    prs.save(str(squashed))
    problems = overflows(squashed, tmp_path)
    assert problems and all(p.startswith("slide 2:") for p in problems)


def _theme(**sizes: float) -> Theme:
    data = YAML(typ="safe", pure=True).load((ROOT / "templates" / "default" / "theme.yaml").read_text("utf-8"))
    data["sizes"].update(sizes)
    return Theme.model_validate(data)


def test_deep_list_levels_stay_readable_in_the_deck(tmp_path: Path) -> None:
    assert level_floor(_theme()) == 12 and level_floor(_theme(body_min=18)) == 16
    floor = level_floor(_theme())
    assert [level_size(20, level, floor) for level in range(3)] == [20, 18, 16]
    assert [level_size(14, level, floor) for level in range(3)] == [14, 12, 12]
    # A theme whose body text is at its floor already: level three would have been 10 pt.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "theme.yaml").write_text("sizes:\n  body: 14\n  body_min: 14\n", encoding="utf-8")
    talk = tmp_path / "deep.md"
    talk.write_text("---\ntitle: Deep\n---\n\n## Deep\n\n- Level one\n  - Level two\n    - Level three\n",
                    encoding="utf-8")
    deck = build(talk, formats=["pptx"]).outputs[0]
    sizes: dict[int, set[float]] = {}
    prs = Presentation(str(deck))
    body = next(ph for ph in list(prs.slides)[1].placeholders if ph.placeholder_format.idx == 1)
    for p in body.text_frame.paragraphs:
        sizes.setdefault(p.level, set()).update(r.font.size.pt for r in p.runs)
    assert sizes == {0: {14.0}, 1: {12.0}, 2: {12.0}}


def test_a_quote_is_measured_with_the_dash_its_attribution_is_drawn_with() -> None:
    fonts = resolve_fonts(_theme(), Problems())
    who = [Span("Xi Jinping, opening speech of the third China International Import Expo, 2020")]
    size = 20.0
    small = size * SMALL_TEXT
    # A frame just too narrow for the attribution with its dash, but wide enough without it.
    lo, hi = 100.0, 900.0
    while hi - lo > 0.1:
        mid = (lo + hi) / 2
        if paragraph_height([Span("— "), *who], small, mid, fonts) > paragraph_height(who, small, mid, fonts):
            lo = mid
        else:
            hi = mid
    width = lo + 2 * INSET_X_PT
    assert paragraph_height([Span("— "), *who], small, lo, fonts) > paragraph_height(who, small, lo, fonts)
    quote = Quote([[Span("Open markets.")]], 1, who)
    expected = (2 * INSET_Y_PT + paragraph_height([Span("Open markets.")], size, lo - BULLET_HANG_PT, fonts,
                                                  italic=True, first=True)
                + paragraph_height([Span("— "), *who], small, lo, fonts))
    assert abs(text_blocks_height([quote], size, width, fonts, 12.0) - expected) < 0.01


WIDE_INSETS = {"lIns": "457200", "rIns": "457200", "tIns": "228600", "bIns": "228600"}  # 36 pt × 18 pt


def test_text_frames_carry_the_insets_they_were_measured_with(tmp_path: Path) -> None:
    """A master whose placeholders set wide insets must not make measured text overflow: every
    frame the deck fills writes all four insets itself (python-pptx leaves out a value equal to
    the file format's default, and the placeholder would then inherit the master's)."""
    from pptx.oxml.ns import qn

    master = Presentation(str(ROOT / "templates" / "default" / "master.pptx"))
    parts = [master.slide_master, *master.slide_layouts]
    for part in parts:
        for body_pr in part._element.iter(qn("a:bodyPr")):
            for name, value in WIDE_INSETS.items():
                body_pr.set(name, value)
    (tmp_path / "templates").mkdir()
    master.save(str(tmp_path / "templates" / "wide.pptx"))
    (tmp_path / "templates" / "theme.yaml").write_text("deck:\n  master: wide.pptx\n", encoding="utf-8")
    talk = tmp_path / "wide.md"
    bullets = [f"- Point {i}: intended deals, exhibitors and new products all went up again this year"
               for i in range(9)]
    talk.write_text("\n".join(["---", "title: Wide insets", "---", "", "## A title long enough to fill the "
                               "title box of the layout from one side to the other", "", *bullets, "",
                               "## Two", "", "A paragraph that runs across the body. " * 12, ""]),
                    encoding="utf-8")
    deck = build(talk, formats=["pptx"]).outputs[0]
    measured = {"lIns": str(int(INSET_X_PT * EMU_PER_PT)), "rIns": str(int(INSET_X_PT * EMU_PER_PT)),
                "tIns": str(int(INSET_Y_PT * EMU_PER_PT)), "bIns": str(int(INSET_Y_PT * EMU_PER_PT))}
    prs = Presentation(str(deck))
    filled = [ph for slide in list(prs.slides)[1:] for ph in slide.placeholders
              if ph.placeholder_format.idx in (0, 1)]
    assert len(filled) == 4
    for ph in filled:
        body_pr = ph.text_frame._txBody.find(qn("a:bodyPr"))
        assert {name: body_pr.get(name) for name in measured} == measured, ph.name
    assert overflows(deck, tmp_path) == []


def test_a_table_column_is_never_narrower_than_its_longest_word_while_others_can_spare_room() -> None:
    """A header word in a wide font ("Participants" in Verdana) is not broken in two while a column
    of long phrases beside it has room to give."""
    from generator.document import Table
    from generator.fonts import metrics
    from generator.renderers.deck.measure import column_widths

    fonts = resolve_fonts(_theme(), Problems())
    long = [Span("a long phrase that wraps onto several lines in any case " * 2)]
    table = Table([[Span("Edition")], [Span("Participants")], [Span("Exhibitors")], [Span("Intended deals")]],
                  [[[Span("1st")], [Span("172")], [Span("3,617")], long]] * 3, 1)
    widths = column_widths(table, 400.0, 16.0, fonts)
    assert abs(sum(widths) - 400.0) < 0.01
    bold = metrics(fonts.body.bold)
    for word, width in zip(("Edition", "Participants", "Exhibitors"), widths, strict=False):
        assert width >= bold.width(word, 16.0) + 2 * INSET_X_PT, (word, widths)

"""Text that never overflows: measured at build time, judged by LibreOffice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from fitjudge import overflows
from pptx import Presentation

from generator.build import build


def test_the_default_deck_has_no_character_outside_its_box(ciie_deck: Path, tmp_path: Path) -> None:
    assert overflows(ciie_deck, tmp_path) == []


LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
LONG_TITLE = "A very long title that goes on and on about market access, tariffs and trade " * 3
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
    assert result.continued >= 6
    assert overflows(deck, tmp_path) == []


def test_check_lists_what_was_shrunk_or_continued_and_strict_fails(tmp_path: Path) -> None:
    talk = tmp_path / "hostile.md"
    talk.write_text(HOSTILE, encoding="utf-8")

    def check(*flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", "check", str(talk), *flags],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)

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

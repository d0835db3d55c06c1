"""Build-up on slides: incremental lists, pauses and fragments appear click by click in the deck,
in the click order PowerPoint plays them, and in full in the handout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.slide import Slide
from pypdf import PdfReader

from generator import build

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _clicks(slide: Slide) -> list[list[str]]:
    """What each click shows, as PowerPoint plays the slide: the text of each target paragraph,
    or the name of a shape shown whole."""
    timing = slide._element.find(f"{_P}timing")
    if timing is None:
        return []
    shapes = {s.shape_id: s for s in slide.shapes}
    out = []
    main = timing.find(f".//{_P}cTn[@nodeType='mainSeq']")
    assert main is not None
    for click in main.find(f"{_P}childTnLst"):
        effects = list(click.iter(f"{_P}cTn"))
        kinds = [e.get("nodeType") for e in effects if e.get("nodeType")]
        assert kinds[0] == "clickEffect" and all(k == "withEffect" for k in kinds[1:])
        shown = []
        for target in click.iter(f"{_P}spTgt"):
            shape = shapes[int(target.get("spid"))]
            rng = target.find(f"{_P}txEl/{_P}pRg")
            if rng is None:
                shown.append(shape.name)
            else:
                assert rng.get("st") == rng.get("end")
                shown.append(shape.text_frame.paragraphs[int(rng.get("st"))].text)
        out.append(shown)
    return out


def _build(tmp_path: Path, text: str, **options: bool) -> tuple[Presentation, str]:
    Image.new("RGB", (40, 30), "navy").save(tmp_path / "dot.png")
    talk = tmp_path / "talk.md"
    talk.write_text(text, encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx", "pdf"], **options)
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "talk.pdf").pages)
    return Presentation(str(tmp_path / "talk.pptx")), pdf


def test_a_pause_shows_what_follows_it_on_the_next_click_text_and_shapes_alike(tmp_path: Path) -> None:
    prs, pdf = _build(tmp_path, "## Steps\n\nFirst point.\n\n. . .\n\nSecond point.\n\nStill second.\n\n"
                      ". . .\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n![A dot](dot.png)\\\n\n. . .\n\n"
                      "```\ncode()\n```\n")
    clicks = _clicks(prs.slides[0])
    assert clicks[0] == ["Second point.", "Still second."]
    assert len(clicks) == 3 and len(clicks[1]) == 2 and len(clicks[2]) == 1
    body = prs.slides[0].shapes
    table = next(s for s in body if s.has_table)
    picture = next(s for s in body if s.shape_type == 13)
    code = next(s for s in body if s.has_text_frame and s.text_frame.text == "code()")
    timing = prs.slides[0]._element.find(f"{_P}timing")
    targets = [[int(t.get("spid")) for t in c.iter(f"{_P}spTgt")]
               for c in timing.find(f".//{_P}cTn[@nodeType='mainSeq']/{_P}childTnLst")]
    assert targets[1] == [table.shape_id, picture.shape_id] and targets[2] == [code.shape_id]
    # The build list PowerPoint keeps: text by paragraph, the table as one graphic, the code box whole.
    built = timing.find(f"{_P}bldLst")
    assert [(b.tag.split("}")[1], b.get("spid"), b.get("build")) for b in built] == [
        ("bldP", str(next(s for s in body if s.has_text_frame and "First" in s.text_frame.text).shape_id), "p"),
        ("bldGraphic", str(table.shape_id), None), ("bldP", str(code.shape_id), None)]
    text = " ".join(s.text_frame.text for s in body if s.has_text_frame)
    assert ". . ." not in text and ". . ." not in pdf
    for words in ("First point.", "Second point.", "Still second.", "code()"):
        assert words in pdf


def test_a_deck_marked_incremental_builds_every_list_but_a_nonincremental_one(tmp_path: Path) -> None:
    prs, pdf = _build(tmp_path, "---\ntitle: T\nincremental: true\n---\n\n## One\n\n- a\n- b\n\n"
                      "## Two\n\n::: nonincremental\n- c\n- d\n:::\n")
    assert _clicks(prs.slides[1]) == [["a"], ["b"]]
    assert _clicks(prs.slides[2]) == []
    assert "c" in pdf and "d" in pdf


@pytest.mark.parametrize("spelling", ["-i", "quarto"])
def test_the_incremental_option_and_quartos_format_option_build_lists(tmp_path: Path, spelling: str) -> None:
    front = "---\nformat:\n  revealjs:\n    incremental: true\n---\n\n" if spelling == "quarto" else ""
    prs, _ = _build(tmp_path, front + "## One\n\n- a\n- b\n- c\n", incremental=spelling == "-i")
    assert _clicks(prs.slides[0]) == [["a"], ["b"], ["c"]]


def test_a_fragment_appears_on_a_click_and_what_follows_it_does_not_wait(tmp_path: Path) -> None:
    prs, pdf = _build(tmp_path, "## F\n\nAlways.\n\n::: fragment\nLater.\n:::\n\nAlso always.\n")
    assert _clicks(prs.slides[0]) == [["Later."]]
    assert "Later." in pdf


def test_a_slide_without_build_steps_has_no_timing_and_a_trailing_pause_adds_no_click(tmp_path: Path) -> None:
    prs, _ = _build(tmp_path, "## A\n\nText.\n\n. . .\n\n## B\n\nMore.\n")
    assert prs.slides[0]._element.find(f"{_P}timing") is None
    assert prs.slides[1]._element.find(f"{_P}timing") is None


def test_libreoffice_opens_a_deck_with_build_steps_one_page_per_slide(tmp_path: Path) -> None:
    from fitjudge import overflows

    prs, _ = _build(tmp_path, "## A\n\n::: incremental\n- a\n- b\n:::\n\n. . .\n\n| A |\n|---|\n| 1 |\n\n"
                    "## B\n\nx\n\n. . .\n\n![A dot](dot.png)\\\n")
    assert len(prs.slides) == 2
    assert overflows(tmp_path / "talk.pptx", tmp_path) == []  # also: one page per slide


def test_a_pause_before_columns_keeps_them_side_by_side_and_a_pause_in_one_waits_for_the_next(
        tmp_path: Path) -> None:
    prs, pdf = _build(tmp_path, "## Cols\n\n. . .\n\n:::: columns\n::: column\nLeft.\n\n. . .\n\nLeft later.\n:::\n"
                      "::: column\nRight.\n:::\n::::\n")
    slide = prs.slides[0]
    left = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Left."))
    right = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "Right.")
    assert right.left > left.left + left.width // 2 and abs(right.top - left.top) < 12700  # side by side
    # Beamer's and reveal.js's order: the first click shows the left column's start, the second
    # the rest, the right column included.
    assert _clicks(slide) == [["Left."], ["Left later.", "Right."]]
    assert "Left later." in pdf and "Right." in pdf

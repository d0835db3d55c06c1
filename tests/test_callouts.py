"""Quarto's callouts: boxes marked by their type in the theme's colours, on the slide and on paper."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from generator import build
from generator.document import Callout, CodeBlock, ListBlock, plain, slides_of
from generator.errors import Problems
from generator.figures.callouts import CALLOUT_TYPES, callout_look
from generator.figures.rules import contrast
from generator.markdown import parse
from generator.theme import Colors


def _blocks(text: str) -> tuple[list, Problems]:  # type: ignore[type-arg]
    problems = Problems()
    doc = parse(textwrap.dedent(text).lstrip(), "talk.md", problems)
    return slides_of(doc)[0].blocks, problems


def test_a_callout_takes_its_title_from_the_attribute_a_heading_or_its_type() -> None:
    blocks, problems = _blocks("""
        ## S

        ::: {.callout-tip title="Read the trend"}
        Compare like with like.
        :::

        ::: callout-warning
        ## Provisional
        - revised upwards
        :::

        ::: {.callout-caution}
        Text.

        ```
        code()
        ```
        :::
        """)
    tip, warning, caution, code = blocks
    assert isinstance(tip, Callout) and tip.type == "tip" and plain(tip.title) == "Read the trend"
    assert isinstance(warning, Callout) and plain(warning.title) == "Provisional"
    assert isinstance(warning.blocks[0], ListBlock)
    assert isinstance(caution, Callout) and plain(caution.title) == "Caution"
    assert isinstance(code, CodeBlock)  # the box holds text; code follows it
    assert not problems.items


def test_an_unknown_callout_type_is_drawn_as_a_note_with_a_warning_at_its_line() -> None:
    blocks, problems = _blocks("## S\n\n::: {.callout-danger}\nText.\n:::\n")
    assert isinstance(blocks[0], Callout)
    assert [(p.line, "callout-danger" in p.message) for p in problems.items] == [(3, True)]
    note = callout_look("note", _DEFAULT)
    assert callout_look("danger", _DEFAULT).rule == note.rule


_DEFAULT = Colors(primary="12284C", accent="C8102E", secondary="0E7C86", highlight="E3A72F", text="1E2A38",
                  muted="5E6B7A", surface="F2F4F7", background="FFFFFF", series=["12284C"])
# A dark theme whose accents are pale: the title and text must still read on the fill.
_DARK = Colors(primary="9FC5FF", accent="FF9999", secondary="88DDCC", highlight="FFE08A", text="E8E8E8",
               muted="AAAAAA", surface="333333", background="1A1A1A", series=["9FC5FF"])


@pytest.mark.parametrize("colors", [_DEFAULT, _DARK], ids=["light", "dark"])
def test_every_callout_type_has_its_own_colour_and_readable_text(colors: Colors) -> None:
    looks = {kind: callout_look(kind, colors) for kind in CALLOUT_TYPES}
    assert len({look.rule for look in looks.values()}) == len(CALLOUT_TYPES)
    for kind, look in looks.items():
        assert contrast(look.title, look.fill) >= 4.5, kind
        assert contrast(look.text, look.fill) >= 4.5, kind
        assert look.fill != colors.background and contrast(look.fill, colors.background) < 1.5, kind
        assert look.label == kind.capitalize()


def test_callouts_are_boxes_in_their_colours_on_the_slide_and_in_the_handout(tmp_path: Path) -> None:
    from fitjudge import overflows

    talk = tmp_path / "talk.md"
    talk.write_text("## Careful\n\n::: {.callout-warning}\nThe 2025 totals are the organisers' first estimate "
                    "and are usually revised upwards.\n:::\n\n::: {.callout-note title=\"Counting\"}\n"
                    "- Deals count when signed\n- Not when delivered\n:::\n", encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx", "pdf"])
    slide = Presentation(str(tmp_path / "talk.pptx")).slides[0]
    by_name = {s.name: s for s in slide.shapes}
    warning, note = callout_look("warning", _DEFAULT), callout_look("note", _DEFAULT)
    assert str(by_name["Callout warning"].fill.fore_color.rgb) == warning.fill
    assert str(by_name["Callout warning rule"].fill.fore_color.rgb) == warning.rule
    text = by_name["Callout warning text"].text_frame
    assert text.paragraphs[0].text == "Warning"
    assert str(text.paragraphs[0].runs[0].font.color.rgb) == warning.title and text.paragraphs[0].runs[0].font.bold
    assert str(by_name["Callout note rule"].fill.fore_color.rgb) == note.rule
    assert [p.text for p in by_name["Callout note text"].text_frame.paragraphs] == [
        "Counting", "Deals count when signed", "Not when delivered"]
    # The text frame lies inside the fill, right of the rule, and every word inside it.
    box, rule = by_name["Callout warning"], by_name["Callout warning rule"]
    frame = by_name["Callout warning text"]
    assert frame.left >= rule.left + rule.width and frame.left + frame.width <= box.left + box.width
    assert frame.top >= box.top and frame.top + frame.height <= box.top + box.height
    assert overflows(tmp_path / "talk.pptx", tmp_path) == []
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "talk.pdf").pages)
    for words in ("Warning", "revised upwards", "Counting", "Not when delivered"):
        assert words in pdf


def test_a_long_callout_continues_on_the_next_slide_with_its_title(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    items = "\n".join(f"- Point number {k} of the callout, written long enough to take a line" for k in range(24))
    talk.write_text(f"## Long\n\n::: {{.callout-important}}\n{items}\n:::\n", encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx"])
    slides = Presentation(str(tmp_path / "talk.pptx")).slides
    frames = [s.text_frame for slide in slides for s in slide.shapes if s.name == "Callout important text"]
    assert len(frames) >= 2
    assert all(f.paragraphs[0].text == "Important" for f in frames)
    shown = [p.text for f in frames for p in f.paragraphs[1:]]
    assert shown == [f"Point number {k} of the callout, written long enough to take a line" for k in range(24)]

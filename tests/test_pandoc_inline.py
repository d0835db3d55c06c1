"""Pandoc inline extras: citations `[@key]` from the deck's bibliography, superscript and subscript."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from generator import build
from generator.errors import Problems
from generator.markdown import parse

BIB = r"""
@book{boyd2004convex, title={Convex Optimization}, author={Boyd, Stephen and Vandenberghe, Lieven},
      year={2004}, publisher={Cambridge University Press}}
@article{diehl2009, title={Efficient Numerical Methods for Nonlinear {MPC}},
         author={Diehl, Moritz and Ferreau, Hans Joachim and Haverbeke, Niels and M\"uller, J.},
         journal={Nonlinear Model Predictive Control}, year=2009, volume=384, pages={391--417}}
"""

DECK = """---
title: Predictive control
bibliography: refs.bib
---

## Background

- Convex problems are well understood [@boyd2004convex].
- See @diehl2009 [p. 392] and [see @boyd2004convex, ch. 5; -@diehl2009].
- Unknown [@nosuch] stays; mail a@b.com and `[@code]` are not citations, nor @fig:plant.
"""


def slide_texts(deck: Path) -> list[str]:
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            for slide in Presentation(str(deck)).slides]


def test_citations_become_author_date_text_and_a_references_slide(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "talk.md").write_text(DECK, encoding="utf-8")
    result = build(tmp_path / "talk.md")
    deck = next(p for p in result.outputs if p.suffix == ".pptx")
    slides = slide_texts(deck)
    body = slides[1]
    assert "well understood (Boyd and Vandenberghe 2004)." in body
    assert "See Diehl et al. (2009, p. 392) and (see Boyd and Vandenberghe 2004, ch. 5; 2009)." in body
    assert "[@nosuch]" in body and "a@b.com" in body and "[@code]" in body and "@fig:plant" in body
    references = slides[-1]
    assert references.startswith("References")
    # Sorted by author, TeX accents decoded, pages with an en dash.
    assert references.index("Boyd, Stephen, and Lieven Vandenberghe. 2004.") < references.index("Diehl, Moritz")
    assert "J. Müller. 2009." in references and "384: 391–417" in references
    handout = " ".join(" ".join(p.extract_text() for p in PdfReader(tmp_path / "talk.pdf").pages).split())
    assert "(Boyd and Vandenberghe 2004)" in handout and "References" in handout
    warnings = [str(w) for w in result.warnings]
    expected = ":10:11: warning: citation @nosuch is not in the bibliography (refs.bib); it is shown as typed"
    assert any(w.endswith(expected)
               for w in warnings), warnings


def test_references_in_the_front_matter_and_a_refs_div_place_the_list(tmp_path: Path) -> None:
    text = """---
title: T
references:
  - id: smith2020
    type: article-journal
    author: [{family: Smith, given: Ann}]
    issued: {date-parts: [[2020]]}
    title: On briefs
    container-title: Journal of Briefs
---

## One

As @smith2020 shows.

## Works

::: {#refs}
:::

## After

The end.
"""
    problems = Problems()
    doc = parse(text, "t.md", problems)
    assert problems.items == []
    words = [" ".join(s.text for s in getattr(b, "text", []) or []) for b in doc.blocks]
    assert "As Smith (2020) shows." in words
    items = [b for b in doc.blocks if b.kind == "list"]
    assert len(items) == 1 and "Smith, Ann. 2020." in items[0].items[0].text[0].text
    kinds = [(b.kind, " ".join(s.text for s in b.text)) for b in doc.blocks if b.kind == "heading"]
    assert [k[1] for k in kinds] == ["One", "Works", "After"]  # the list went where the div was


def test_a_citation_without_a_bibliography_is_kept_and_warned_at_its_line() -> None:
    problems = Problems()
    doc = parse("## A\n\nAs shown [@knuth1984].\n", "t.md", problems)
    assert [str(p) for p in problems.items] == [
        "t.md:3:10: warning: citation @knuth1984 has no bibliography to come from; add 'bibliography: "
        "refs.bib' to the front matter; it is shown as typed"]
    assert "[@knuth1984]" in "".join(s.text for b in doc.blocks if b.kind == "paragraph" for s in b.text)


def test_superscript_and_subscript_are_raised_and_lowered_in_both_outputs(tmp_path: Path) -> None:
    deck = tmp_path / "s.md"
    deck.write_text("## Chemistry\n\n- Water is H~2~O and 2^10^ is 1024; ~~gone~~ is struck.\n", encoding="utf-8")
    result = build(deck)
    problems = Problems()
    spans = [s for b in parse(deck.read_text(encoding="utf-8"), "s.md", problems).blocks if b.kind == "list"
             for s in b.items[0].text]
    assert [(s.text, s.script) for s in spans if s.script] == [("2", "sub"), ("10", "super")]
    import zipfile

    xml = zipfile.ZipFile(next(p for p in result.outputs if p.suffix == ".pptx")).read("ppt/slides/slide1.xml")
    assert b'baseline="-25000"' in xml and b'baseline="30000"' in xml and b'strike="sngStrike"' in xml
    text = PdfReader(tmp_path / "s.pdf").pages[0].extract_text()
    assert "H2O" in text and "~" not in text and "^" not in text


CODE = """## Code

```{.python .numberLines startFrom="9"}
import os  # the system
def total(xs):
    return sum(x * 2 for x in xs if x > 0)
```
"""


def test_code_is_highlighted_in_theme_colours_with_line_numbers_in_both_outputs(tmp_path: Path) -> None:
    import zipfile

    from generator.errors import Problems as Found
    from generator.templates import resolve_pack

    deck = tmp_path / "c.md"
    deck.write_text(CODE, encoding="utf-8")
    result = build(deck)
    xml = zipfile.ZipFile(next(p for p in result.outputs if p.suffix == ".pptx")).read("ppt/slides/slide1.xml")
    pack = resolve_pack(tmp_path, "default", Found())
    assert pack is not None
    colours = pack.theme.colors
    from lxml import etree

    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    by_text = {r.findtext("a:t", namespaces=ns).strip(): r.find("a:rPr/a:solidFill/a:srgbClr", ns).get("val")
               for r in etree.fromstring(xml).iterfind(".//a:r", ns)
               if r.find("a:rPr/a:solidFill/a:srgbClr", ns) is not None}
    assert by_text["import"] == colours.primary  # a keyword
    assert by_text["# the system"] == colours.muted  # a comment
    assert by_text["2"] != colours.text  # a number
    assert by_text["9"] == colours.muted and by_text["11"] == colours.muted  # line numbers from startFrom
    assert "{.python" not in xml.decode()
    text = PdfReader(tmp_path / "c.pdf").pages[0].extract_text()
    assert "9  import os" in text and "11      return sum" in text


def test_an_openxml_block_goes_into_the_slide_and_its_text_into_the_handout(tmp_path: Path) -> None:
    import zipfile

    deck = tmp_path / "x.md"
    deck.write_text("""## Raw

```{=openxml}
<a:r><a:rPr sz="6000" b="1"/><a:t>raw words</a:t></a:r><a:br/><a:r><a:t>second line</a:t></a:r>
<p:sp/>
```

```{=openxml}
<a:r><a:t>broken
```
""", encoding="utf-8")
    result = build(deck)
    xml = zipfile.ZipFile(next(p for p in result.outputs if p.suffix == ".pptx")).read("ppt/slides/slide1.xml").decode()
    assert '<a:rPr b="1" sz="' in xml and "<a:t>raw words</a:t></a:r><a:br/><a:r>" in xml
    assert 'sz="6000"' not in xml and xml.count("raw words") == 1  # sized by the fit, written once
    assert "raw words\nsecond line" in PdfReader(tmp_path / "x.pdf").pages[0].extract_text()
    warnings = [str(w) for w in result.warnings]
    assert any(":3:1: warning: openxml element <sp> left out" in w for w in warnings), warnings
    assert any(":8:1: warning: openxml block left out: its XML is not well formed" in w for w in warnings)

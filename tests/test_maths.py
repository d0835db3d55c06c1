"""Maths in Markdown decks: editable equations in the deck, a picture behind them, vectors in the PDF."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

from conftest import run_briefing, soffice_to_pdf
from fitjudge import overflows
from lxml import etree
from pypdf import PdfReader

from generator.document import Equation, Paragraph, plain
from generator.errors import Problems
from generator.markdown import parse
from generator.maths import mathml_of
from generator.maths.omml import omml_of

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
A14 = "{http://schemas.microsoft.com/office/drawing/2010/main}"

TALK = """\
---
title: Maths
---

## Inline

- The energy $E = mc^2$ and $\\alpha_1 \\le \\beta$, a root $\\sqrt{x^2+y^2}$.
- A fraction $\\frac{a+b}{2}$ and a sum $\\sum_{i=1}^{n} x_i$ in running text.

## Display

The normal density:

$$f(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}$$
"""


def _build(tmp_path: Path, text: str, *formats: str) -> tuple[Path, str]:
    talk = tmp_path / "talk.md"
    talk.write_text(text, encoding="utf-8")
    args = [a for f in formats for a in ("--format", f)]
    result = run_briefing("build", str(talk), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path, result.stderr


def _slide_xml(deck: Path, number: int) -> etree._Element:
    with zipfile.ZipFile(deck) as z:
        return etree.fromstring(z.read(f"ppt/slides/slide{number}.xml"))


def test_inline_maths_is_a_span_and_display_maths_a_block_of_its_own() -> None:
    problems = Problems()
    doc = parse("## S\n\nBefore $$\\frac{a}{b}$$ after, with $x_1$.\n", "talk.md", problems)
    before, equation, after = doc.blocks[1:]
    assert isinstance(before, Paragraph) and plain(before.text) == "Before"
    assert isinstance(equation, Equation) and equation.tex == "\\frac{a}{b}"
    assert isinstance(after, Paragraph) and [s.math for s in after.text if s.math] == ["x_1"]
    assert plain(after.text) == "after, with x_1."  # how it reads where it cannot be drawn
    assert problems.items == []


def test_tex_that_cannot_be_drawn_is_said_at_its_column_and_shown_as_text() -> None:
    problems = Problems()
    doc = parse("## S\n\nFine $x^2$, then $\\nosuch{y}$ and $$\\frac{a}{$$.\n", "talk.md", problems)
    messages = [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems.items]
    assert len(messages) == 2, messages
    assert messages[0].startswith("talk.md:3:18: ") and "\\nosuch" in messages[0] and "shown as the text" in messages[0]
    assert messages[1].startswith("talk.md:3:36: ") and "ends too early" in messages[1]
    spans = doc.blocks[1].text
    assert [s.math for s in spans if s.math] == ["x^2"]  # the bad ones are text, not equations
    assert not any(isinstance(b, Equation) for b in doc.blocks)


def test_omml_has_fractions_scripts_roots_and_sums_that_powerpoint_can_edit() -> None:
    omml = omml_of(mathml_of("\\sum_{i=1}^{n} \\frac{x_i^2}{\\sqrt[3]{y}}", True), 20.0, display=True)
    assert omml.tag == f"{M}oMathPara"
    nary = omml.find(f".//{M}nary")
    assert nary is not None and nary.find(f"{M}naryPr/{M}chr").get(f"{M}val") == "∑"
    assert "".join(nary.find(f"{M}sub").itertext()) == "i=1" and "".join(nary.find(f"{M}sup").itertext()) == "n"
    fraction = nary.find(f"{M}e/{M}f")  # the summand is the sum's argument, not its neighbour
    assert fraction is not None and fraction.find(f"{M}num/{M}sSubSup") is not None
    root = fraction.find(f"{M}den/{M}rad")
    assert root is not None and "".join(root.find(f"{M}deg").itertext()) == "3"
    sizes = {r.get("sz") for r in omml.iter(f"{A}rPr")}
    assert sizes == {"2000"}  # every run carries its size, as PowerPoint reads it


def test_the_deck_has_editable_equations_with_a_picture_in_the_same_object(tmp_path: Path) -> None:
    out, _ = _build(tmp_path, TALK, "pptx")
    display = _slide_xml(out / "talk.pptx", 3)
    holders = display.findall(f".//{MC}AlternateContent")
    equation = next(h for h in holders if h.find(f".//{M}oMathPara") is not None)
    choice, fallback = equation.find(f"{MC}Choice"), equation.find(f"{MC}Fallback")
    assert choice.find(f".//{A14}m/{M}oMathPara/{M}oMath/{M}f") is not None
    assert fallback.find(f".//{M}oMath") is None
    blip = fallback.find(f".//{A}blipFill/{A}blip")
    assert blip is not None  # the picture fills the same shape, as PowerPoint writes its fallback
    with zipfile.ZipFile(out / "talk.pptx") as z:
        rels = z.read("ppt/slides/_rels/slide3.xml.rels").decode()
        rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"',
                                                                                   rels)
        assert target and z.read("ppt/" + target.group(1).replace("../", ""))[:4] == b"\x89PNG"
    inline = _slide_xml(out / "talk.pptx", 2).find(f".//{MC}AlternateContent")
    assert inline is not None and len(inline.findall(f"{MC}Choice//{M}oMath")) == 5
    text = "".join(inline.find(f"{MC}Fallback").itertext())
    assert "E = mc" in text and "α1 ≤ β" in text  # other viewers read each formula as text


def test_libreoffice_opens_the_deck_with_a_page_per_slide_and_shows_the_fallback(tmp_path: Path) -> None:
    out, _ = _build(tmp_path, TALK, "pptx")
    (tmp_path / "lo").mkdir()
    pdf = PdfReader(soffice_to_pdf(out / "talk.pptx", tmp_path / "lo"))
    assert len(pdf.pages) == 3
    images = [name for name, obj in (pdf.pages[2]["/Resources"].get("/XObject") or {}).items()
              if obj.get_object().get("/Subtype") == "/Image"]
    assert images, "LibreOffice shows no picture for the display equation"
    assert "mc" in pdf.pages[1].extract_text()  # inline maths as text with its scripts


def test_equations_stay_inside_their_boxes_in_libreoffice(tmp_path: Path) -> None:
    many = "\n\n".join(f"Line {k} with $\\frac{{a_{k}}}{{b^{k}}} + \\sum_{{j=1}}^{{n}} x_j$ inside it, "
                       "and more words after the formula to wrap the line." for k in range(8))
    out, _ = _build(tmp_path, f"## Crowded\n\n{many}\n\n$$\\int_0^1 x^2\\,dx = \\frac{{1}}{{3}}$$\n", "pptx")
    # The judge reads each equation's fallback, as LibreOffice does, and sees every word's box.
    assert overflows(out / "talk.pptx", tmp_path) == []


def test_the_handout_draws_display_maths_as_vector_paths_not_a_raster(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        ## Display

        $$\\sum_{k=0}^{\\infty} \\frac{x^k}{k!} = e^x$$

        With $\\alpha_1 + \\sqrt{2}$ inline.
        """)
    out, _ = _build(tmp_path, text, "pdf")
    reader = PdfReader(out / "talk.pdf")
    page = next(p for p in reader.pages if "inline" in p.extract_text())
    xobjects = page["/Resources"].get("/XObject") or {}
    assert not [n for n, o in xobjects.items() if o.get_object().get("/Subtype") == "/Image"]
    content = page.get_contents().get_data().decode("latin-1")
    # The glyphs are filled outlines: many curves, and no text of the formula.
    assert len(re.findall(r"\s[cv]\s", content)) > 200 and len(re.findall(r"\sf\*?\s", content)) > 10
    assert "∑" not in page.extract_text() and "α" not in page.extract_text()


def test_inline_maths_reads_with_raised_and_lowered_text_where_equations_are_not_read(tmp_path: Path) -> None:
    out, _ = _build(tmp_path, "## S\n\nWith $x_i^2$ here.\n", "pptx")
    fallback = _slide_xml(out / "talk.pptx", 1).find(f".//{MC}AlternateContent/{MC}Fallback")
    runs = [(r.findtext(f"{A}t"), r.find(f"{A}rPr").get("baseline")) for r in fallback.iter(f"{A}r")]
    assert ("x", None) in runs and ("i", "-25000") in runs and ("2", "30000") in runs
    with zipfile.ZipFile(out / "talk.pptx") as z:
        assert b"urn:briefing" not in z.read("ppt/slides/slide1.xml")  # no mark of the tool's own is left


def test_a_long_text_continued_on_more_slides_keeps_every_formula_once(tmp_path: Path) -> None:
    long = " ".join(f"Step {k} adds $x_{{{k}}}^2$ to the total, which keeps growing." for k in range(60))
    out, _ = _build(tmp_path, f"## Long\n\n{long}\n", "pptx")
    with zipfile.ZipFile(out / "talk.pptx") as z:
        slides = sorted(n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
        assert len(slides) > 1  # the text was continued
        formulas = [t for n in slides for m in etree.fromstring(z.read(n)).iter(f"{M}oMath")
                    for t in ["".join(m.itertext())]]
    assert sorted(formulas, key=lambda t: int(t[1:-1])) == [f"x{k}2" for k in range(60)]


def test_an_inline_formula_in_the_pdf_wraps_with_the_room_kept_for_it() -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    from generator.renderers.report.equations import inline_markup

    formula = inline_markup("x^2+y^2", "Helvetica")
    for words in range(4, 14):  # the formula falls at every place of a line, its end too
        para = Paragraph("word " * words + "then " + formula + " after it.", getSampleStyleSheet()["BodyText"])
        para.wrap(120, 1000)
        for line in para.blPara.lines:
            texts = [getattr(w, "text", "") for w in line.words]
            marks = [k for k, w in enumerate(line.words) if getattr(w, "cbDefn", None) is not None]
            for k in marks:  # the mark is drawn where the room ends: the room is on its line, just before it
                assert k > 0 and texts[k - 1].endswith("\u00a0"), (words, texts)


def test_a_tall_equation_is_set_smaller_to_stay_on_its_slide_and_notes_keep_formulas(tmp_path: Path) -> None:
    rows = r" \\ ".join(f"a_{{{k}1}} & a_{{{k}2}}" for k in range(24))
    text = (f"## Big\n\n$$A = \\begin{{pmatrix}}{rows}\\end{{pmatrix}}$$\n\n"
            "::: notes\nSay $x^2$, then\n\n$$y = 1$$\n:::\n")
    out, stderr = _build(tmp_path, text, "pptx")
    assert "does not fit" not in stderr
    from pptx import Presentation

    prs = Presentation(str(out / "talk.pptx"))
    slide = _slide_xml(out / "talk.pptx", 1)
    ext = slide.find(f".//{MC}Choice//{A}xfrm")
    top, height = int(ext.find(f"{A}off").get("y")), int(ext.find(f"{A}ext").get("cy"))
    assert top > 0 and top + height < prs.slide_height * 0.92  # above the footer
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    assert "x^2" in notes and "y = 1" in notes


def test_no_formula_however_broken_stops_the_build() -> None:
    import random

    from generator.maths import unsupported
    from generator.maths.picture import picture_of, png_of

    pieces = [*"abx01^_{}()[]+-=&<> \\%#~$", r"\frac", r"\sqrt", r"\sum", r"\left(", r"\right)", r"\begin{matrix}",
              r"\end{matrix}", r"\\", r"\alpha", r"\hat", r"\overline", r"\lim", r"\int", r"\mathbb", r"\text{",
              r"\limits", r"\over", r"\binom"]
    chance = random.Random(11)
    drawn = 0
    for _ in range(600):
        tex = "".join(chance.choice(pieces) for _ in range(chance.randint(1, 14)))
        for display in (False, True):
            why = unsupported(tex, display)  # a reason or None, never an exception
            assert why is None or (isinstance(why, str) and why)
            if why is None:  # and what is accepted can be drawn on a slide
                picture = picture_of(tex, display)
                assert picture.width(20) > 0 and picture.height(20) > 0 and png_of(picture, 20)[:4] == b"\x89PNG"
                drawn += 1
    assert drawn > 100  # and most short formulas are drawn


def test_a_link_beside_a_formula_works_in_the_fallback_too(tmp_path: Path) -> None:
    out, _ = _build(tmp_path, "## One {#one}\n\nText.\n\n## Two\n\nSee [the first](#one) for $x^2$.\n", "pptx")
    holder = _slide_xml(out / "talk.pptx", 2).find(f".//{MC}AlternateContent")
    for branch in (f"{MC}Choice", f"{MC}Fallback"):
        assert holder.find(f"{branch}//{A}hlinkClick") is not None, branch

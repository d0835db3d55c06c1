"""Decks written for pandoc and Quarto: fenced divs, columns, slide level, title block, links."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from generator import build
from generator.document import Columns, Notes, Paragraph, Slide, Table, plain, slides_of
from generator.errors import Problems
from generator.markdown import parse


def _parse(text: str) -> tuple[list[Slide], Problems]:
    problems = Problems()
    doc = parse(textwrap.dedent(text).lstrip(), "talk.md", problems)
    return slides_of(doc), problems


def test_a_div_closed_with_fewer_colons_swallows_nothing() -> None:
    slides, problems = _parse("""
        ## One

        :::::: {.notes}
        Say this.
        :::

        ## Two

        Text.

        ## Three

        ::: {style="font-size: smaller"}
        Smaller.
        :::
        """)
    assert problems.items == []
    assert [plain(s.title) for s in slides] == ["One", "Two", "Three"]
    assert [plain(b.text) for b in slides[0].notes if isinstance(b, Paragraph)] == ["Say this."]
    assert [plain(b.text) for b in slides[2].blocks if isinstance(b, Paragraph)] == ["Smaller."]


def test_an_unclosed_div_is_an_error_at_its_line() -> None:
    _, problems = _parse("## One\n\n::: notes\nNever closed.\n")
    assert [(p.severity, p.line) for p in problems.items] == [("error", 3)]
    assert "never closed" in problems.items[0].message


def test_columns_in_every_spelling_keep_their_widths() -> None:
    for opening, column in (("::::: columns", "::: column"), (":::: {.columns}", '::: {.column width="25%"}')):
        slides, problems = _parse(f"""
            ## Three columns

            {opening}
            {column}
            A
            :::
            {column}
            B
            :::
            ::: {{.column width="50%"}}
            C
            :::
            ::::
            """)
        assert problems.items == []
        block = slides[0].blocks[0]
        assert isinstance(block, Columns) and len(block.columns) == 3
        # Bare columns share what the one with a width leaves.
        assert [round(s, 3) for s in block.shares()] == [0.25, 0.25, 0.5]


def test_slide_level_follows_pandoc_and_the_front_matter() -> None:
    deck = """
        # Section

        Content right under the section heading.

        ## Sub

        More.
        """
    slides, _ = _parse(deck)  # '#' is followed by content: slide level 1, '##' stays inside
    assert [(s.kind, plain(s.title)) for s in slides] == [("content", "Section")]
    slides, _ = _parse("---\nslide-level: 2\n---\n" + textwrap.dedent(deck))
    # Above the slide level: a section slide, and what follows it goes on a slide of its own.
    assert [(s.kind, plain(s.title)) for s in slides] == [("section", "Section"), ("content", ""), ("content", "Sub")]
    assert not slides[0].subtitle and not slides[0].blocks


def test_title_block_and_quarto_authors() -> None:
    problems = Problems()
    doc = parse("% The talk\n% Ann One; Bob Two\n% March 2017\n\n## A\n\nText.\n", "t.md", problems)
    assert (doc.meta.title, doc.meta.author, doc.meta.date) == ("The talk", "Ann One, Bob Two", "March 2017")
    assert doc.blocks[0].line == 5 and not problems.items
    doc = parse(textwrap.dedent("""\
        ---
        title: T
        author:
          - name: Ann One
            affiliations:
              - name: Uni A
          - name: Bob Two
            affiliation: Lab B
        institute: Institute C
        ---
        """), "t.md", problems)
    assert doc.meta.author == "Ann One, Bob Two"
    assert doc.meta.institute == "Institute C, Uni A, Lab B"


def test_internal_links_jump_to_the_slide_and_the_page(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(textwrap.dedent("""\
        ## Contents

        1. [Later on](#later)
        2. [Nowhere](#nowhere)

        ## Middle

        Text.

        ## The later slide {#later}

        Here.
        """), encoding="utf-8")
    result = build(talk, out_dir=tmp_path, formats=["pptx", "pdf"])
    assert any("'#nowhere' leads to no heading" in w.message and w.line == 3 for w in result.warnings)
    prs = Presentation(str(tmp_path / "talk.pptx"))
    first = prs.slides[0]
    jumps = [r for r in first.part.rels.values() if r.reltype.endswith("/slide")]
    assert [r.target_part for r in jumps] == [prs.slides[2].part]
    reader = PdfReader(tmp_path / "talk.pdf")
    internal = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []
                if a.get_object().get("/Dest") is not None]
    assert len(internal) == 1


def test_notes_in_both_spellings_leave_the_slide() -> None:
    slides, _ = _parse("## A\n\nShown.\n\n::: notes\nOne.\n:::\n\n## B\n\n::: {.notes}\nTwo.\n:::\n")
    assert all(not isinstance(b, Notes) for s in slides for b in s.blocks)
    assert [plain(s.notes[0].text) for s in slides] == ["One.", "Two."]


def test_picture_attributes_size_it_and_a_figure_shows_its_caption(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (800, 100), "grey").save(tmp_path / "p.png")
    talk = tmp_path / "talk.md"
    talk.write_text("## Half\n\n![The caption](p.png){width=50%}\n\n## Full\n\n![Not a caption](p.png)\\\n",
                    encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx"])
    prs = Presentation(str(tmp_path / "talk.pptx"))
    half, full = ([s for s in slide.shapes if s.shape_type == 13][0] for slide in prs.slides)
    assert abs(half.width / full.width - 0.5) < 0.05  # half the body's width, the other as wide as fits
    texts = [[sh.text_frame.text for sh in slide.shapes if sh.has_text_frame] for slide in prs.slides]
    assert "The caption" in texts[0] and "Not a caption" not in texts[1]


def test_a_quarto_deck_has_slide_level_two() -> None:
    slides, _ = _parse("---\ntitle: T\nformat: revealjs\n---\n\n# Part\n\nIntro.\n\n## Slide\n\nText.\n")
    assert [(s.kind, plain(s.title)) for s in slides] == [("title", "T"), ("section", "Part"), ("content", ""),
                                                          ("content", "Slide")]


def test_incremental_lists_appear_click_by_click_in_the_deck_and_in_full_in_the_handout(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text("## Build\n\n::: incremental\n- One\n- Two\n:::\n\n. . .\n\nAfter.\n\n## Plain\n\n"
                    ":::: {.nonincremental}\n- Three\n::::\n", encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx", "pdf"])
    prs = Presentation(str(tmp_path / "talk.pptx"))
    timing = prs.slides[0]._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}timing")
    assert timing is not None
    body = next(s for s in prs.slides[0].shapes if s.has_text_frame and "One" in s.text_frame.text)
    builds = timing.findall(".//{http://schemas.openxmlformats.org/presentationml/2006/main}bldP")
    assert [b.get("spid") for b in builds] == [str(body.shape_id)]
    ranges = [(r.get("st"), r.get("end")) for r in timing.iter("{*}pRg")]
    assert ranges == [("0", "0"), ("1", "1"), ("2", "2")]  # the two items, each on its click, then "After." (the pause)
    assert prs.slides[1]._element.find("{*}timing") is None
    assert ". . ." not in "".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "talk.pdf").pages)
    assert "One" in text and "Two" in text and "After." in text


def test_spans_maths_definitions_tasks_callouts_and_raw_html_are_read_not_printed() -> None:
    slides, problems = _parse("""
        ## Mix

        An [alert]{.alert} and [plain]{.fragment} word, $\\alpha_1 \\le x_2$ and a_b_c, $5 and $6.

        Term
        :   Its definition

        - [ ] to do
        - [x] done

        ::: {.callout-note}
        ## Heads up
        Callout body.
        :::

        <div style="float:right">
        Inside a div.
        </div>

        Line one<br>line two {{< fa arrow >}}
        """)
    body = slides[0].blocks
    text = plain(body[0].text)
    assert text == "An alert and plain word, α_1 ≤ x_2 and a_b_c, $5 and $6."
    assert [s.text for s in body[0].text if s.bold] == ["alert"]
    assert [plain(i.text) for i in body[1].items] == ["Term"] and plain(body[1].items[0].children[0].text) == \
        "Its definition"
    assert [plain(i.text) for i in body[2].items] == ["□ to do", "▣ done"]
    assert plain(body[3].title) == "Heads up" and [plain(b.text) for b in body[3].blocks] == ["Callout body."]
    assert plain(body[4].text) == "Inside a div."
    assert plain(body[5].text) == "Line one\nline two"
    warnings = [p.message for p in problems.items]
    assert any("raw HTML tags were left out" in w for w in warnings)
    assert any("Quarto shortcode left out" in w for w in warnings)
    assert "{" not in plain(body[5].text) and "<" not in plain(body[4].text)


def test_the_slide_level_option_overrides_the_deck(tmp_path: Path) -> None:
    from conftest import run_briefing

    talk = tmp_path / "talk.md"
    talk.write_text("# Part\n\nIntro.\n\n## Slide\n\nText.\n", encoding="utf-8")
    result = run_briefing("build", str(talk), "--slide-level", "2", "--format", "pptx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(tmp_path / "talk.pptx"))
    assert [s.slide_layout.name for s in prs.slides][0] == "Section Header" and len(prs.slides) == 3
    assert run_briefing("build", str(talk), "--slide-level", "9", cwd=tmp_path).returncode == 2


def test_a_grid_table_is_a_table() -> None:
    slides, problems = _parse("""
        ## Grid

        +---------------+--------:+
        | Fruit         | Price   |
        +===============+=========+
        | Bananas       | $1.34   |
        | and more      |         |
        +---------------+---------+
        | Oranges       | $2.10   |
        +---------------+---------+
        """)
    assert problems.items == [] and len(slides) == 1  # its rules start no slide
    table = slides[0].blocks[0]
    assert isinstance(table, Table)
    assert [plain(c) for c in table.header] == ["Fruit", "Price"] and table.align == [None, "right"]
    assert [[plain(c) for c in row] for row in table.rows] == [["Bananas and more", "$1.34"], ["Oranges", "$2.10"]]


def test_maths_in_the_title_is_text_and_money_stays_money() -> None:
    problems = Problems()
    doc = parse("---\ntitle: Pandoc${}+{}$Beamer for $5 and $6\n---\n", "t.md", problems)
    assert doc.meta.title == "Pandoc+Beamer for $5 and $6"

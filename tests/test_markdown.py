"""Parse stage: the Pandoc-style dialect becomes the typed document model."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.document import (
    CodeBlock,
    Columns,
    ListBlock,
    Metrics,
    Paragraph,
    Picture,
    Quote,
    Table,
    plain,
    slides_of,
)
from generator.errors import Problems
from generator.markdown import parse

TALK = textwrap.dedent("""
    ---
    title: Market access
    subtitle: What changed
    author: A. Analyst
    date: 2025-11-28
    lang: en-GB
    ---

    # Part one

    ::: subtitle
    Why it matters
    :::

    ## Bullets {layout="Title and Content"}

    - level one **bold** *italic* `code` [link](https://example.org)
      - level two
        - level three
    1. numbered

    ::: notes
    Say this out loud.
    :::

    ## Table and quote

    | Year | Deals |
    |:-----|------:|
    | 2018 | 57.83 |

    > Open markets matter.
    >
    > — A Speaker, 2020

    ---

    :::: columns
    ::: column
    Left text[^s]
    :::
    ::: column
    ```metrics
    tiles:
      - {value: "83.49", label: "US$ bn", change: "+4.3%", source: "H1"}
    ```
    :::
    ::::

    [^s]: A source.
    """).lstrip()


def test_the_whole_dialect_parses_into_slides() -> None:
    problems = Problems()
    doc = parse(TALK, "talk.md", problems)
    assert problems.items == []
    assert doc.meta.title == "Market access" and doc.meta.lang == "en-GB" and doc.meta.date == "2025-11-28"
    slides = slides_of(doc)
    assert [(s.kind, plain(s.title)) for s in slides] == [
        ("title", "Market access"), ("section", "Part one"), ("content", "Bullets"),
        ("content", "Table and quote"), ("content", ""),
    ]
    assert plain(slides[1].subtitle) == "Why it matters"
    bullets = slides[2]
    assert bullets.layout == "Title and Content"
    lists = [b for b in bullets.blocks if isinstance(b, ListBlock)]
    assert lists[0].items[0].children[0].children[0].text[0].text == "level three"
    spans = lists[0].items[0].text
    assert any(s.bold for s in spans) and any(s.italic for s in spans) and any(s.code for s in spans)
    assert any(s.link == "https://example.org" for s in spans)
    assert lists[1].ordered
    assert plain(bullets.notes[0].text) == "Say this out loud."  # type: ignore[union-attr]
    table = next(b for b in slides[3].blocks if isinstance(b, Table))
    assert table.align == ["left", "right"] and plain(table.rows[0][1]) == "57.83"
    quote = next(b for b in slides[3].blocks if isinstance(b, Quote))
    assert quote.attribution is not None and plain(quote.attribution) == "A Speaker, 2020"
    columns = slides[4].blocks[0]
    assert isinstance(columns, Columns) and len(columns.columns) == 2
    assert isinstance(columns.columns[0][0], Paragraph)
    tiles = columns.columns[1][0]
    assert isinstance(tiles, Metrics) and tiles.tiles[0].value == "83.49" and tiles.tiles[0].source == "H1"
    assert slides[4].footnote_labels() == ["s"]
    assert plain(doc.footnotes["s"].text) == "A source."


def test_a_mistake_in_a_metrics_block_is_reported_at_its_line() -> None:
    text = "## Numbers\n\n```metrics\ntiles:\n  - {value: 1, lable: x}\n```\n"
    problems = Problems()
    parse(text, "talk.md", problems)
    messages = [str(p) for p in problems.items]
    assert any(m.startswith("talk.md:5:") and "lable: unknown field" in m for m in messages), messages
    assert any(m.startswith("talk.md:5:") and "label: this field is required" in m for m in messages), messages


def test_bad_yaml_in_a_metrics_block_is_reported_at_its_line() -> None:
    problems = Problems()
    parse("## N\n\n```metrics\ntiles: [unclosed\n```\n", "talk.md", problems)
    assert any(str(p).startswith("talk.md:5:") and "YAML syntax error" in str(p) for p in problems.items)


def test_a_missing_picture_names_the_file_and_line(tmp_path: Path) -> None:
    problems = Problems()
    parse("## Pic\n\n![The venue](missing.png)\n", "talk.md", problems, base_dir=tmp_path, project_root=tmp_path)
    assert [str(p) for p in problems.errors][0].startswith("talk.md:3:1: picture 'missing.png' not found")


def test_a_picture_keeps_its_alt_text_and_must_stay_in_the_project(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(b"")
    problems = Problems()
    doc = parse('## Pic\n\n![The venue at night](p.png "Venue")\n\n![](../outside.png)\n', "talk.md", problems,
                base_dir=tmp_path, project_root=tmp_path)
    picture = doc.blocks[1]
    assert isinstance(picture, Picture) and picture.alt == "The venue at night" and picture.title == "Venue"
    messages = [str(p) for p in problems.items]
    assert any("outside the project folder" in m for m in messages)


def test_an_undefined_footnote_is_an_error() -> None:
    problems = Problems()
    parse("## A\n\nText[^nope]\n", "talk.md", problems)
    assert any("footnote [^nope] is cited but never defined" in str(p) for p in problems.errors)


def test_code_blocks_and_unknown_fences_stay_code() -> None:
    problems = Problems()
    doc = parse("## A\n\n```python\nprint(1)\n```\n", "talk.md", problems)
    assert isinstance(doc.blocks[1], CodeBlock) and doc.blocks[1].language == "python"


def test_a_heading_with_attributes_keeps_its_footnote_and_code_is_never_a_citation() -> None:
    problems = Problems()
    doc = parse('## Deals[^a] {layout="Title Only"}\n\nSee `[^x]` here.\n\n[^a]: Source A.\n', "t.md", problems)
    assert problems.items == []
    slide = slides_of(doc)[0]
    assert plain(slide.title) == "Deals" and slide.layout == "Title Only"
    assert [s.footnote for s in slide.title if s.footnote] == ["a"]


def test_lists_inside_quotes_and_html_are_kept_or_reported_never_lost() -> None:
    problems = Problems()
    doc = parse("## Q\n\n> - one\n> - two\n>\n> — Someone\n\n<!-- for the author -->\n\n<div>raw</div>\n\n"
                "Text with ![a chart](c.png) inside.\n", "t.md", problems)
    quote = next(b for b in doc.blocks if isinstance(b, Quote))
    assert [plain(p) for p in quote.paragraphs] == ["– one", "– two"]
    assert quote.attribution is not None and plain(quote.attribution) == "Someone"
    messages = [str(p) for p in problems.items]
    assert any("t.md:10:1:" in m and "raw HTML" in m for m in messages), messages
    assert any("t.md:12:1:" in m and "inside running text" in m for m in messages), messages
    assert not any("for the author" in plain(b.text) for b in doc.blocks if isinstance(b, Paragraph))

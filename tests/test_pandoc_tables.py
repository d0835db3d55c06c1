"""Pandoc's simple and multiline tables, table captions and column widths, read into native tables."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pypdf import PdfReader

from generator import build
from generator.document import Columns, Table, plain, slides_of
from generator.errors import Problems
from generator.markdown import parse

SIMPLE = """
  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
    123     123       123          123

Table:  Demonstration of simple table syntax.
"""

MULTILINE = """
-------------------------------------------------------------
 Centered   Default           Right Left
  Header    Aligned         Aligned Aligned
----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one. Note
                                    the blank line between
                                    rows.
-------------------------------------------------------------

: Here's the caption. It, too, may span
multiple lines.
"""

HEADERLESS_SIMPLE = """
-------     ------ ----------   -------
     12     12        12             12
    123     123       123           123
-------     ------ ----------   -------
"""

HEADERLESS_MULTILINE = """
----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one.
----------- ------- --------------- -------------------------
"""

PIPE_WITH_WIDTHS = """
: Before the table {tbl-colwidths="[25,75]"}

| Edition | Remark |
|---------|--------|
| 2018    | first  |
"""


def _table(markdown: str) -> Table:
    problems = Problems()
    doc = parse("## T\n" + textwrap.dedent(markdown), "talk.md", problems)
    assert problems.items == []
    tables = [b for s in slides_of(doc) for b in s.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def _cells(table: Table) -> list[list[str]]:
    return [[plain(c) for c in row] for row in ([table.header] if table.header else []) + table.rows]


def test_a_simple_table_takes_its_alignment_from_the_header_over_the_dashes() -> None:
    table = _table(SIMPLE)
    assert _cells(table) == [["Right", "Left", "Center", "Default"], ["12", "12", "12", "12"],
                             ["123", "123", "123", "123"]]
    assert table.align == ["right", "left", "center", None]
    assert plain(table.caption) == "Demonstration of simple table syntax." and table.widths == []


def test_a_multiline_table_joins_each_rows_lines_and_its_dashes_give_the_widths() -> None:
    table = _table(MULTILINE)
    assert _cells(table)[0] == ["Centered Header", "Default Aligned", "Right Aligned", "Left Aligned"]
    assert _cells(table)[1] == ["First", "row", "12.0", "Example of a row that spans multiple lines."]
    assert len(table.rows) == 2 and table.align == ["center", None, "right", "left"]
    assert plain(table.caption) == "Here's the caption. It, too, may span multiple lines."
    assert table.widths == pytest.approx([12 / 62, 8 / 62, 16 / 62, 26 / 62])


@pytest.mark.parametrize("markdown, rows", [(HEADERLESS_SIMPLE, 2), (HEADERLESS_MULTILINE, 2)])
def test_a_table_without_a_header_is_all_body(markdown: str, rows: int) -> None:
    table = _table(markdown)
    assert table.header == [] and len(table.rows) == rows and len(table.rows[0]) == 4
    assert table.align[2] in ("center", "right")


def test_a_caption_before_a_pipe_table_sets_quartos_column_widths() -> None:
    table = _table(PIPE_WITH_WIDTHS)
    assert plain(table.caption) == "Before the table" and table.widths == pytest.approx([0.25, 0.75])


def test_a_grid_tables_dashes_give_its_widths() -> None:
    table = _table("+------+------------+\n| a    | b          |\n+======+============+\n| 1    | 2          |\n"
                   "+------+------------+\n")
    assert table.widths == pytest.approx([7 / 20, 13 / 20])


def test_a_setext_heading_and_a_rule_are_not_tables() -> None:
    problems = Problems()
    doc = parse("## T\n\nTitle\n-----\n\nText\n\n- - -\n\nMore\n", "talk.md", problems)
    slides = slides_of(doc)
    assert not any(isinstance(b, Table) for s in slides for b in s.blocks)
    assert [plain(s.title) for s in slides] == ["T", "Title", ""]  # a heading, then a rule: a new slide


def _deck_tables(path: Path) -> list:  # type: ignore[type-arg]
    prs = Presentation(str(path))
    return [[shape for shape in slide.shapes if shape.has_table or shape.name == "Table caption"]
            for slide in prs.slides]


def test_every_syntax_is_a_native_table_in_the_deck_and_a_table_in_the_handout(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    parts = [SIMPLE, MULTILINE, HEADERLESS_SIMPLE, HEADERLESS_MULTILINE, PIPE_WITH_WIDTHS]
    talk.write_text("".join(f"## Table {k + 1}\n{textwrap.dedent(p)}\n" for k, p in enumerate(parts)),
                    encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx", "pdf"])
    slides = _deck_tables(tmp_path / "talk.pptx")
    assert len(slides) == 5
    grids = [next(s for s in shapes if s.has_table).table for shapes in slides]
    captions = [[s.text_frame.text for s in shapes if not s.has_table] for shapes in slides]
    assert captions == [["Demonstration of simple table syntax."],
                        ["Here's the caption. It, too, may span multiple lines."], [], [], ["Before the table"]]
    simple = grids[0]
    assert [[simple.cell(r, c).text for c in range(4)] for r in range(3)] == \
        [["Right", "Left", "Center", "Default"], ["12", "12", "12", "12"], ["123", "123", "123", "123"]]
    assert [simple.cell(1, c).text_frame.paragraphs[0].alignment for c in range(3)] == \
        [PP_ALIGN.RIGHT, None, PP_ALIGN.CENTER]
    multiline = grids[1]
    assert len(multiline.rows) == 3 and multiline.cell(1, 3).text == "Example of a row that spans multiple lines."
    widths = [c.width for c in multiline.columns]
    assert [w / sum(widths) for w in widths] == pytest.approx([12 / 62, 8 / 62, 16 / 62, 26 / 62], abs=0.01)
    assert [len(g.rows) for g in grids[2:4]] == [2, 2]  # no header row made up
    quarto = [c.width for c in grids[4].columns]
    assert quarto[1] / sum(quarto) == pytest.approx(0.75, abs=0.01)
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "talk.pdf").pages)
    for words in ("Demonstration of simple table syntax.", "Example of a row that", "Centered Header",
                  "Here's another one.", "Before the table"):
        assert words in text
    assert text.index("Demonstration of simple table syntax.") < text.index("Right")  # over its table


def test_a_table_in_a_column_keeps_its_caption() -> None:
    problems = Problems()
    doc = parse("## T\n\n:::: columns\n::: column\n" + textwrap.dedent(SIMPLE) + ":::\n::: column\nText\n:::\n::::\n",
                "talk.md", problems)
    columns = slides_of(doc)[0].blocks[0]
    assert isinstance(columns, Columns)
    table = columns.columns[0][0]
    assert isinstance(table, Table) and plain(table.caption) == "Demonstration of simple table syntax."


def test_a_header_indented_over_a_wide_column_is_still_the_tables_header() -> None:
    text = ("## Conditions\n\n"
            "                          Optimality Conditions\n"
            "--------------------     ----------------------------------\n"
            "$a=0$                    $x = f(x)$\n"
            "$b=0$                    $y = g(y)$\n")
    problems = Problems()
    table = next(b for b in parse(text, "t.md", problems).blocks if isinstance(b, Table))
    assert [plain(c) for c in table.header] == ["", "Optimality Conditions"]
    assert len(table.rows) == 2

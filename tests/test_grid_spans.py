"""Grid tables with cells spanning rows and columns (pandoc 3's syntax): merged cells in both outputs."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from generator import build
from generator.document import Paragraph, Table, plain, slides_of
from generator.errors import Problems
from generator.markdown import parse

GRID = """
+-----------+-----------+-----------+
| Edition   | Deals                 |
|           +-----------+-----------+
|           | Intended  | Signed    |
+===========+===========+===========+
| 2018      | 57.8      | 40.1      |
+-----------+-----------+-----------+
| 2019      | 71.1 (both columns)   |
+-----------+-----------------------+
| 2020 and  | 72.6      | 50.2      |
| 2021      +-----------+-----------+
|           | 70.7      | 49.9      |
+-----------+-----------+-----------+
"""


def _table(text: str) -> tuple[Table, Problems]:
    problems = Problems()
    doc = parse("## T\n" + textwrap.dedent(text), "talk.md", problems)
    block = slides_of(doc)[0].blocks[0]
    assert isinstance(block, Table), block
    return block, problems


def test_cells_spanning_rows_and_columns_are_read_as_pandoc_reads_them() -> None:
    table, problems = _table(GRID)
    assert not problems.items
    assert [plain(c) for c in table.header] == ["Edition", "Deals", ""]
    assert [[plain(c) for c in row] for row in table.subheader] == [["", "Intended", "Signed"]]
    assert [[plain(c) for c in row] for row in table.rows] == [
        ["2018", "57.8", "40.1"], ["2019", "71.1 (both columns)", ""], ["2020 and 2021", "72.6", "50.2"],
        ["", "70.7", "49.9"]]
    # (row, column, rows, columns), header rows first
    assert sorted(table.merged) == [(0, 0, 2, 1), (0, 1, 1, 2), (3, 1, 1, 2), (4, 0, 2, 1)]
    assert table.widths == [1 / 3, 1 / 3, 1 / 3]


def test_a_plus_inside_a_cell_is_text_and_a_ragged_drawing_is_no_table() -> None:
    table, _ = _table("""
        +-----+-----+
        | C++ | a+b |
        +-----+-----+
        """)
    assert [plain(c) for c in table.rows[0]] == ["C++", "a+b"] and not table.merged
    problems = Problems()
    doc = parse("## T\n\n+-----+-----+\n| a | b |\n+-----+-----+\n", "talk.md", problems)
    assert isinstance(slides_of(doc)[0].blocks[0], Paragraph)  # as pandoc: not a table, shown as typed


def test_merged_cells_are_native_in_the_deck_and_spanned_in_the_handout(tmp_path: Path) -> None:
    from fitjudge import overflows

    talk = tmp_path / "talk.md"
    talk.write_text("## Deals\n" + GRID, encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx", "pdf"])
    slide = Presentation(str(tmp_path / "talk.pptx")).slides[0]
    grid = next(s for s in slide.shapes if s.has_table).table
    origins = {(r, c): (grid.cell(r, c).span_height, grid.cell(r, c).span_width)
               for r in range(len(grid.rows)) for c in range(len(grid.columns)) if grid.cell(r, c).is_merge_origin}
    assert origins == {(0, 0): (2, 1), (0, 1): (1, 2), (3, 1): (1, 2), (4, 0): (2, 1)}
    assert grid.cell(1, 0).is_spanned and grid.cell(5, 0).is_spanned and grid.cell(3, 2).is_spanned
    assert grid.cell(4, 0).text == "2020 and 2021"
    # Banded every other row, but the two rows under "2020 and 2021" share their band.
    fills = [str(grid.cell(r, 1).fill.fore_color.rgb) for r in range(2, 6)]
    assert fills[0] == fills[2] == fills[3] != fills[1]
    assert overflows(tmp_path / "talk.pptx", tmp_path) == []
    text = PdfReader(tmp_path / "talk.pdf").pages[0].extract_text()
    for words in ("Deals", "Intended", "71.1 (both columns)", "2020 and 2021", "49.9"):
        assert words in text


def test_a_long_table_continues_between_rows_but_never_through_a_cell_spanning_rows(tmp_path: Path) -> None:
    rule = "+------------+------------+"
    rows = []
    for k in range(12):  # each pair of rows shares its first cell
        rows += [f"| Pair {k:<6}| first {k:<5}|", f"|            {rule[13:]}", f"|            | second {k:<4}|", rule]
    talk = tmp_path / "talk.md"
    talk.write_text("## Pairs\n\n" + "\n".join([rule, "| Pair       | Row        |", rule.replace("-", "="),
                                                 *rows]) + "\n", encoding="utf-8")
    build(talk, out_dir=tmp_path, formats=["pptx"])
    slides = Presentation(str(tmp_path / "talk.pptx")).slides
    grids = [s.table for slide in slides for s in slide.shapes if s.has_table]
    assert len(grids) >= 2  # continued
    seen = []
    for grid in grids:
        assert grid.cell(0, 0).text == "Pair"  # the header again on every part
        body = len(grid.rows) - 1
        assert body % 2 == 0
        for r in range(1, len(grid.rows), 2):
            assert grid.cell(r, 0).is_merge_origin and grid.cell(r, 0).span_height == 2
            seen.append(grid.cell(r, 0).text)
    assert seen == [f"Pair {k}" for k in range(12)]

"""A table's grid and cells written straight into the slide's XML.

Used by :mod:`.shapes` when a planned table is drawn. python-pptx's per-cell objects look every
child element up again for each property set (a margin, the fill, the anchor, each run's colour),
which made tables about half of a long deck's drawing time. The layout stage has already fixed
every width, height, colour and alignment, so here each cell's properties are written once, as
attributes and children of the elements python-pptx made for the table: the XML is exactly what
setting them one by one through python-pptx gives (the golden hashes hold it to that). The text of
each cell is still written by :class:`.text.Writer`, through the paragraph returned here.

Like :mod:`.oxml`, this module touches raw XML and python-pptx's private members; no other does.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, cast

from lxml import etree
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Length

from . import textxml

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PML = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_TR, _TC, _GRID_COL = f"{_A}tr", f"{_A}tc", f"{_A}gridCol"
_TX_BODY, _BODY_PR, _P, _P_PR = f"{_A}txBody", f"{_A}bodyPr", f"{_A}p", f"{_A}pPr"
_TC_PR, _SOLID, _SRGB, _R, _R_PR = f"{_A}tcPr", f"{_A}solidFill", f"{_A}srgbClr", f"{_A}r", f"{_A}rPr"


_BLANK: dict[tuple[int, int], Any] = {}  # by (rows, columns): a new table's frame, before it is sized


def add_table(slide: Slide, rows: int, cols: int, x: int, y: int, widths: list[Length],
              heights: list[Length]) -> GraphicFrame:
    """A table of ``rows`` by ``cols`` at ``(x, y)``, its columns and rows at these sizes, with
    the table style's header row and banded rows. python-pptx builds a new table's XML from text
    and parses it; after the first of each shape the frame is copied instead (with its own shape
    id and name), which gives the same XML."""
    shapes = slide.shapes
    blank = _BLANK.get((rows, cols))
    if blank is None:
        graphic = shapes.add_table(rows, cols, Length(x), Length(y), Length(sum(widths)), Length(sum(heights)))
        tbl_pr = cast(Any, graphic._element).graphic.graphicData.tbl.tblPr
        tbl_pr.set("firstRow", "1")
        tbl_pr.set("bandRow", "1")
        _BLANK[(rows, cols)] = copy.deepcopy(graphic._element)
    else:
        frame = _placed_copy(blank, slide, x, y)
        shapes._spTree.insert_element_before(frame, "p:extLst")
        graphic = GraphicFrame(frame, shapes)
    size_grid(graphic, widths, heights)
    return graphic


def _placed_copy(blank: Any, slide: Slide, x: int, y: int) -> Any:
    """A copy of a table's frame as python-pptx made it, with the next shape id and its name,
    at ``(x, y)``: not yet on the slide."""
    shape_id = slide.shapes._next_shape_id
    frame = copy.deepcopy(blank)
    c_nv_pr = frame.find(f"{_PML}nvGraphicFramePr/{_PML}cNvPr")
    c_nv_pr.set("id", str(shape_id))
    c_nv_pr.set("name", f"Table {shape_id - 1}")
    frame.find(f"{_PML}xfrm/{_A}off").attrib.update({"x": str(x), "y": str(y)})
    return frame


_EMPTY: dict[int, Any] = {}  # by columns: a new table's frame with no rows, for rows written as text


def add_table_xml(slide: Slide, cols: int, x: int, y: int, widths: list[Length], rows_xml: str) -> GraphicFrame:
    """A table whose rows come written as text (:func:`cell_xml`, in ``<a:tr h="…">`` rows),
    parsed in one go: the same XML as :func:`add_table` and :func:`shape_cell` with the runs a
    writer adds, made several times faster. Its frame is the one python-pptx makes, with the
    header row and banded rows set, copied with its own shape id, name and place."""
    shapes = slide.shapes
    empty = _EMPTY.get(cols)
    if empty is None:
        one_row = shapes.add_table(1, cols, Length(x), Length(y), Length(sum(widths)), Length(1))
        empty = cast(Any, copy.deepcopy(one_row._element))
        shapes._spTree.remove(one_row._element)
        tbl = empty.graphic.graphicData.tbl
        tbl.tblPr.set("firstRow", "1")
        tbl.tblPr.set("bandRow", "1")
        for tr in list(tbl.iterchildren(_TR)):
            tbl.remove(tr)
        _EMPTY[cols] = empty
    frame = _placed_copy(empty, slide, x, y)
    tbl = frame.graphic.graphicData.tbl
    for col, w in zip(tbl.tblGrid.iterchildren(_GRID_COL), widths, strict=True):
        col.set("w", str(int(w)))
    rows = textxml.parse_children("tbl", rows_xml)
    height = sum(int(tr.get("h")) for tr in rows)
    tbl.extend(rows)
    # The frame as large as its columns and rows, as python-pptx's width and height setters write it.
    frame.find(f"{_PML}xfrm/{_A}ext").attrib.update({"cx": str(sum(int(w) for w in widths)), "cy": str(height)})
    shapes._spTree.insert_element_before(frame, "p:extLst")
    return GraphicFrame(frame, shapes)


_CELL_PROPERTIES_XML: dict[tuple[int, int, str], str] = {}


def cell_xml(inset_x: int, inset_y: int, fill: str, align: str | None, runs_xml: str) -> str:
    """One cell as text: what :func:`shape_cell` makes of a new table's cell, with these runs."""
    key = (int(inset_x), int(inset_y), fill)
    properties = _CELL_PROPERTIES_XML.get(key)
    if properties is None:
        made = _CELL_PROPERTIES.get(key)
        if made is None:
            made = _CELL_PROPERTIES[key] = _cell_properties(OxmlElement("a:tcPr"), *key)
        properties = _CELL_PROPERTIES_XML[key] = textxml.fragment_xml(made)
    paragraph_properties = f'<a:pPr algn="{align}"/>' if align is not None else ""
    return (f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p>{paragraph_properties}{runs_xml}</a:p>'
            f"</a:txBody>{properties}</a:tc>")


def size_grid(graphic: GraphicFrame, widths: list[Length], heights: list[Length]) -> None:
    """Each column's width and row's height; the frame as large as their sums, as python-pptx
    makes it when they are set one by one."""
    tbl = cast(Any, graphic._element).graphic.graphicData.tbl
    for col, w in zip(tbl.tblGrid.iterchildren(_GRID_COL), widths, strict=True):
        col.set("w", str(int(w)))
    for tr, h in zip(tbl.iterchildren(_TR), heights, strict=True):
        tr.set("h", str(int(h)))
    graphic.width = Length(sum(int(w) for w in widths))
    graphic.height = Length(sum(int(h) for h in heights))


def cells(graphic: GraphicFrame) -> Iterator[Iterator[_Cell]]:
    """The table's cells, row by row, without python-pptx's lookups of each one."""
    table = graphic.table
    tbl = cast(Any, graphic._element).graphic.graphicData.tbl
    for tr in tbl.iterchildren(_TR):
        yield (_Cell(tc, table) for tc in tr.iterchildren(_TC))


_CELL_PROPERTIES: dict[tuple[int, int, str], Any] = {}  # by insets and fill: a cell's tcPr, made once and copied


def shape_cell(cell: _Cell, inset_x: Length, inset_y: Length, fill: str, align: str | None) -> _Paragraph:
    """A cell's insets, vertical centring, solid fill, word wrap and alignment (``"r"``, ``"ctr"``
    or None for the default, left), in the order python-pptx writes them; its first paragraph.
    The properties of a new table's cell are the same XML for the same insets and fill: made
    once, then copied."""
    tc = cell._tc
    tc_pr = _child(tc, _TC_PR)
    key = (int(inset_x), int(inset_y), fill)
    made = _CELL_PROPERTIES.get(key)
    blank = tc_pr is not None and len(tc_pr) == 0 and not tc_pr.attrib
    if made is not None and blank:
        tc.replace(tc_pr, made.__copy__())
    else:
        if tc_pr is None:
            tc_pr = etree.SubElement(tc, _TC_PR)
        _cell_properties(tc_pr, *key)
        if blank:
            _CELL_PROPERTIES[key] = tc_pr.__copy__()
    body: Any = _child(tc, _TX_BODY)
    _child(body, _BODY_PR).set("wrap", "square")
    p = _child(body, _P)
    if align is not None:
        p.insert(0, p.makeelement(_P_PR, {"algn": align}))
    return _Paragraph(p, TextFrame(body, cell))


def _cell_properties(tc_pr: Any, inset_x: int, inset_y: int, fill: str) -> Any:
    """The insets, vertical centring and solid fill set on a cell's tcPr, in python-pptx's order."""
    for name, value in (("marL", inset_x), ("marR", inset_x), ("marT", inset_y), ("marB", inset_y)):
        tc_pr.set(name, str(value))
    tc_pr.set("anchor", "ctr")
    etree.SubElement(etree.SubElement(tc_pr, _SOLID), _SRGB).set("val", fill.upper())
    return tc_pr


def _child(parent: Any, tag: str) -> Any:
    """``parent``'s first child ``tag``: where python-pptx puts it in a new table (looked at
    first, as lxml's find walks the children), else wherever it is."""
    for k in range(3):  # a new cell: txBody then tcPr; its body: bodyPr, lstStyle, p
        if k < len(parent) and parent[k].tag == tag:
            return parent[k]
    return parent.find(tag)


def recolor_runs(p: _Paragraph, color: str) -> None:
    """The solid colour of every run of a paragraph whose runs were written with one."""
    for r in cast(Any, p._p).iterchildren(_R):
        r_pr = r.find(_R_PR)
        fill = None if r_pr is None else r_pr.find(_SOLID)
        srgb = None if fill is None else fill.find(_SRGB)
        if srgb is None:  # not as the writer writes a table's runs: python-pptx's way, which adds them
            from pptx.dml.color import RGBColor
            from pptx.text.text import _Run

            _Run(r, p).font.color.rgb = RGBColor.from_string(color)
            continue
        srgb.set("val", color.upper())

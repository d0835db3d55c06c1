"""The deck's native shapes: tables, big-number tiles, callouts, pictures, captions and the source line.

Drawn by :mod:`.slide` into the boxes the layout stage planned, with the sizes it measured
(:mod:`.measure`): a table's columns and rows get the widths and heights the layout computed, so
they look the same in every client.
"""

from __future__ import annotations

import io
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Pt  # python-pptx's lengths, as its API takes them; boxes are generator.units

from ...document import Callout, Metrics, Picture, Span, Table
from ...figures.callouts import callout_look
from ...figures.rules import TEXT_CONTRAST, readable
from ...figures.tables import bands, header_count, is_numeric_column, table_rows
from ...pictures import picture_size, raster_for_deck, sized
from ...units import Box
from . import oxml, tablecells, textxml
from .measure import (
    CALLOUT_PAD_PT,
    CALLOUT_RULE_PT,
    INSET_X_PT,
    INSET_Y_PT,
    TILE_BAR_PT,
    TILE_GAP_PT,
    TILE_INSET_X_PT,
    TILE_INSET_Y_PT,
    TILE_SIZES,
    TILE_SPACE_PT,
    Para,
    column_widths,
    fit_size,
    framed_height,
    paragraphs_of,
    table_caption_height,
    table_row_heights,
)
from .text import Writer, frame_setup


def table(writer: Writer, slide: PptxSlide, block: Table, box: Box, size: float) -> None:
    colors, fonts = writer.colors, writer.fonts
    rows = table_rows(block)
    ncols = max(len(r) for r in rows)
    widths = column_widths(block, box.w_pt, size, fonts)
    heights = table_row_heights(block, size, box.w_pt, fonts, widths)
    top = Pt(table_caption_height(block, size, box.w_pt, fonts))
    if block.caption:  # over the table, as pandoc's and Quarto's captions stand by default
        shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), top)
        shape.name = "Table caption"
        frame_setup(shape.text_frame)
        writer.runs(shape.text_frame.paragraphs[0], block.caption, size, italic=True, explicit=True)
    numeric = [is_numeric_column(block, c) for c in range(ncols)]
    heads = header_count(block)
    shaded = bands(block)
    inset_x, inset_y = Pt(INSET_X_PT), Pt(INSET_Y_PT)
    header_text = readable(colors.background, [colors.primary], TEXT_CONTRAST) if heads else None
    # Each cell: its text, fill and alignment, and whether it is in the header.
    specs: list[list[tuple[list[Span], str, str | None, bool]]] = []
    for r, row in enumerate(rows):
        head = r < heads
        fill = colors.primary if head else (colors.surface if shaded[r - heads] else colors.background)
        specs.append([])
        for c in range(ncols):
            align = block.align[c] if c < len(block.align) else None
            algn = "r" if align == "right" or (align is None and numeric[c]) else "ctr" if align == "center" else None
            specs[-1].append((row[c] if c < len(row) else [], fill, algn, head))
    x, y = box.x, box.y + top
    rows_xml = _table_rows_xml(writer, specs, heights, size, inset_x, inset_y, header_text)
    if rows_xml is not None:
        graphic = tablecells.add_table_xml(slide, ncols, x, y, [Pt(w) for w in widths], rows_xml)
    else:  # a cell with a link, an equation or raw OpenXML: each element made through python-pptx's classes
        graphic = tablecells.add_table(slide, len(rows), ncols, x, y, [Pt(w) for w in widths],
                                       [Pt(h) for h in heights])
        for row_specs, row_cells in zip(specs, tablecells.cells(graphic), strict=True):
            for (spans, fill, algn, head), cell in zip(row_specs, row_cells, strict=True):
                p = tablecells.shape_cell(cell, inset_x, inset_y, fill, algn)
                writer.runs(p, spans, size, bold=head, explicit=True)
                if head and header_text is not None:  # table text is small: 4.5:1 on the header's fill
                    tablecells.recolor_runs(p, header_text)
    if block.merged:  # native merged cells, as PowerPoint makes them
        grid = graphic.table
        for r, c, down, across in block.merged:
            if r + down <= len(rows) and c + across <= ncols:
                grid.cell(r, c).merge(grid.cell(r + down - 1, c + across - 1))


def _table_rows_xml(writer: Writer, specs: list[list[tuple[list[Span], str, str | None, bool]]],
                    heights: list[float], size: float, inset_x: int, inset_y: int,
                    header_text: str | None) -> str | None:
    """A table's rows as text (see :func:`.tablecells.add_table_xml`), or None where a cell
    holds what only python-pptx's classes write (a link, an equation)."""
    rows = []
    for row_specs, h in zip(specs, heights, strict=True):
        cells = []
        for spans, fill, algn, head in row_specs:
            runs = writer.runs_xml(spans, size, bold=head, explicit=True, color=header_text if head else None)
            if runs is None:
                return None
            cells.append(tablecells.cell_xml(inset_x, inset_y, fill, algn, runs))
        rows.append(f'<a:tr h="{int(Pt(h))}">{"".join(cells)}</a:tr>')
    return "".join(rows)


def metrics(writer: Writer, slide: PptxSlide, block: Metrics, box: Box) -> None:
    """Big-number tiles side by side: value, label, change and source, each in its own style."""
    colors, theme = writer.colors, writer.theme
    n = len(block.tiles)
    gap = Pt(TILE_GAP_PT)
    w = (box.w - gap * (n - 1)) // n
    for k, tile in enumerate(block.tiles):
        x = box.x + k * (w + gap)
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(box.y), Emu(w), Emu(box.h))
        shape.name = f"Metric {k + 1}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(colors.surface)
        shape.line.fill.background()
        shape.shadow.inherit = False
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(box.y), Emu(w), Pt(TILE_BAR_PT))
        bar.fill.solid()
        bar.fill.fore_color.rgb = RGBColor.from_string(colors.accent if k == 0 else colors.primary)
        bar.line.fill.background()
        bar.shadow.inherit = False
        frame = shape.text_frame
        frame_setup(frame, inset_x=TILE_INSET_X_PT, inset_y=TILE_INSET_Y_PT)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        value_size = fit_size(tile.value, theme.sizes.metric_value, Emu(w).pt - 2 * TILE_INSET_X_PT, writer.fonts)
        lines: list[tuple[str, float, str, bool]] = [(tile.value, value_size, colors.primary, True),
                                                     (tile.label, TILE_SIZES["label"], colors.text, False)]
        if tile.change:
            color = colors.secondary if not tile.change.startswith(("−", "-")) else colors.accent
            lines.append((tile.change, TILE_SIZES["change"], color, True))
        if tile.source:
            lines.append((tile.source, TILE_SIZES["source"], colors.muted, False))
        for i, (text, size, color, bold) in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            textxml.no_bullet(p._p)
            p.alignment = PP_ALIGN.LEFT
            p.space_before = Pt(0 if i == 0 else TILE_SPACE_PT)
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = theme.fonts.heading if i == 0 else theme.fonts.body
            run.font.color.rgb = RGBColor.from_string(color)


def _rectangle(slide: PptxSlide, box: Box, color: str, name: str) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(color)
    shape.line.fill.background()
    shape.shadow.inherit = False


def callout(writer: Writer, slide: PptxSlide, block: Callout, box: Box, size: float) -> None:
    """A callout: a light fill of its type's colour, that colour as a rule down the left side, and
    the title label over the text, in the geometry :func:`.measure.callout_height` measured."""
    look = callout_look(block.type, writer.colors)
    rule = int(Pt(CALLOUT_RULE_PT))
    pad = int(Pt(CALLOUT_PAD_PT))
    _rectangle(slide, box, look.fill, f"Callout {block.type}")
    _rectangle(slide, Box(box.x, box.y, rule, box.h), look.rule, f"Callout {block.type} rule")
    text = Box(box.x + rule + pad, box.y + pad, box.w - rule - 2 * pad, box.h - 2 * pad)
    shape = slide.shapes.add_textbox(Emu(text.x), Emu(text.y), Emu(text.w), Emu(text.h))
    shape.name = f"Callout {block.type} text"
    paras: list[Para] = paragraphs_of(block)
    writer.write(shape.text_frame, paras, size, explicit_style=True)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for k, p in enumerate(shape.text_frame.paragraphs):
        for run in p.runs:  # the label in the type's colour; the text shaded to read on the fill
            run.font.color.rgb = RGBColor.from_string(look.title if k == 0 else look.text)


def picture(writer: Writer, slide: PptxSlide, block: Picture, box: Box) -> None:
    """A picture as large as fits the box, centred, keeping its aspect ratio."""
    if block.resolved is None:
        return
    path = Path(block.resolved)
    writer.files_read.append(block.resolved)
    try:
        iw, ih = picture_size(path)
        image = raster_for_deck(path)  # SVG becomes a PNG; the PDF keeps its vectors
    except ValueError as exc:
        writer.problems.error(writer.build.document.path, block.line, 1, str(exc))
        return
    w_pt, h_pt = sized(iw, ih, box.w_pt, box.h_pt, block.width, block.height)
    w, h = int(Pt(w_pt)), int(Pt(h_pt))
    x = box.x + (box.w - w) // 2
    y = box.y + (box.h - h) // 2
    pic = slide.shapes.add_picture(image if isinstance(image, io.BytesIO) else str(image),
                                   Emu(x), Emu(y), Emu(w), Emu(h))
    # The description is what a screen reader says: the author's alt text (or title), never
    # the file name python-pptx puts there by default.
    oxml.alt_text(pic, block.alt or block.title or "", block.title)
    pic.name = (block.title or block.alt or "Picture")[:60]


def caption_height(writer: Writer, text: str, width_pt: float) -> float:
    """The height in points of a chart's or timeline's source line ``width_pt`` wide."""
    return framed_height([Span(text)], writer.theme.sizes.source, width_pt, writer.fonts) + 1


def caption(writer: Writer, slide: PptxSlide, text: str, box: Box) -> None:
    """The source line under a chart or timeline, in the slide's source style."""
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.name = "Chart source"
    writer.line(shape.text_frame, text, writer.theme.sizes.source, writer.colors.muted)


def source_line(writer: Writer, slide: PptxSlide, box: Box, sources: list[str]) -> None:
    """The slide's sources, at the foot of the body area."""
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.name = "Sources"
    writer.line(shape.text_frame, "Sources: " + "; ".join(sources), writer.theme.sizes.source, writer.colors.muted)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM

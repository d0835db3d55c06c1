"""The deck renderer: placed slides → a PowerPoint file, through python-pptx.

Titles and body text go into the master's real placeholders, so they stay editable and follow
the master's styles; tables, big-number tiles and pictures are native shapes. Every text frame
gets explicit sizes, insets and no autofit flag: the layout stage has already measured the text,
and a deck must look the same in every client the moment it is opened.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from ..document import (
    Block,
    ChartBlock,
    CodeBlock,
    Columns,
    Inline,
    Metrics,
    Notes,
    Picture,
    Slide,
    Span,
    Table,
    TimelineBlock,
    plain,
    slides_of,
)
from ..errors import Problems
from ..figures.tables import is_numeric_column
from ..fonts import FontSet, is_cjk_text
from ..layout import (
    BULLET_HANG_PT,
    EMU_PER_PT,
    INSET_X_PT,
    INSET_Y_PT,
    PARA_SPACE_PT,
    WIDTH_SAFETY,
    Box,
    LayoutChoice,
    Para,
    Placed,
    SlidePlan,
    choose_layout,
    code_size,
    column_widths,
    decorations,
    level_floor,
    paginate,
    para_style,
    paragraphs_of,
    runs_of,
    table_row_heights,
    table_size,
    text_height,
    title_decorations,
)
from ..output import normalise_zip
from ..pictures import picture_size, raster_for_deck
from . import register
from .base import BuildInput, Renderer
from .pptx_visuals import draw_chart, draw_timeline

_FOOTER_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
_BULLETS = ("▪", "–", "·")


def open_master(path: Path | None) -> PresentationType:
    """The master to build on, without its sample slides (a corporate template usually has some)."""
    prs = Presentation(str(path)) if path else Presentation()
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)
    return prs


@dataclass
class DeckPlan:
    """The deck laid out: the master opened, every slide placed and its text fitted."""

    prs: PresentationType
    slides: list[SlidePlan]
    fit_notes: list[str] = field(default_factory=list)
    continued: int = 0


@register
class DeckRenderer(Renderer[DeckPlan]):
    name = "pptx"
    suffix = ".pptx"
    description = "the PowerPoint deck"
    template = "deck.md.j2"
    project_kind = "deck"
    markdown_kind = "deck"
    draws = frozenset({"heading", "paragraph", "list", "table", "quote", "picture", "metrics", "chart", "timeline",
                       "code", "notes", "columns", "slide_break"})
    default = True

    def __init__(self, build: BuildInput, problems: Problems):
        super().__init__(build, problems)
        self.fit_notes: list[str] = []
        self.continued = 0

    def plan(self) -> DeckPlan:
        build = self.build
        theme = build.theme
        doc = build.document
        master = build.find(theme.deck.master) if theme.deck.master else None
        if theme.deck.master and master is None:
            path, line, col = build.locate("deck.master")
            self.problems.warn(path, line, col, f"master '{theme.deck.master}' not found in the template "
                               "search path; using a plain master")
        prs = open_master(master)
        self.prs = prs
        self._missing_reported: set[str] = set()
        self._missing_here: list[str] = []
        self._slide_number = 0
        self.fonts = build.fonts
        self.colors = theme.colors
        layouts = list(prs.slide_layouts)
        plans: list[SlidePlan] = []

        def sources_of(slide: Slide) -> list[str]:
            return [build.sources[label] for label in slide.footnote_labels() if label in build.sources]

        for slide in slides_of(doc):
            want = slide.kind
            if slide.kind == "content":
                if len(slide.blocks) == 1 and isinstance(slide.blocks[0], Columns):
                    want = "two"
                elif not slide.blocks:
                    want = "title-only"
            choice = choose_layout(layouts, slide, want, self.problems, doc.path)
            parts = paginate(slide, len(plans) + 1, choice, theme, self.fonts, sources_of)
            self._report_fit(parts)
            plans += parts
        return DeckPlan(prs, plans, self.fit_notes, self.continued)

    def write(self, plan: DeckPlan, out: Path) -> None:
        for slide_plan in plan.slides:
            self._draw(slide_plan)
        self._properties()
        plan.prs.save(str(out))
        normalise_zip(out)  # python-pptx stamps the time into the zip: same inputs, same bytes

    def _report_fit(self, parts: list[SlidePlan]) -> None:
        """Say, slide by slide, what had to be shrunk or continued: how authors find long content."""
        sizes = self.build.theme.sizes
        first = parts[0]
        path, line = self.build.document.path, first.slide.line
        name = _short(plain(first.slide.title)) or "(untitled)"
        for plan in parts:
            where = f"slide {plan.number} \"{_short(plain(plan.slide.title)) or '(untitled)'}\""
            default_title = sizes.section if plan.slide.kind == "section" else sizes.title
            if plan.slide.kind == "content" and plan.title_size < default_title:
                self.fit_notes.append(f"{where}: title set at {plan.title_size:g} pt instead of {default_title:g} pt")
            if plan.items and plan.body_size < sizes.body:
                self.fit_notes.append(f"{where}: body text set at {plan.body_size:g} pt instead of {sizes.body:g} pt")
            if not plan.title_fits:
                self.problems.warn(path, line, 1, f"{where}: the title does not fit even at {sizes.title_min:g} pt "
                                   f"in the room above the body, so it is set at {plan.title_size:g} pt; "
                                   "shorten it")
            if not plan.body_fits:
                self.problems.warn(path, line, 1, f"{where} does not fit even at {sizes.body_min:g} pt; "
                                   "shorten it, or split it with another '##' heading")
        if len(parts) > 1:
            self.continued += len(parts) - 1
            self.fit_notes.append(f"slide {first.number} \"{name}\": continued on {len(parts) - 1} more "
                                  f"slide(s), {parts[1].number}–{parts[-1].number}")

    # --- one slide -----------------------------------------------------------------------------

    def _draw(self, plan: SlidePlan) -> None:
        self._slide_number = plan.number
        slide = self.prs.slides.add_slide(plan.choice.layout)
        s = plan.slide
        used: set[int] = set()
        placeholders = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        if plan.choice.title_idx is not None and s.title and plan.choice.title_idx in placeholders:
            ph = placeholders[plan.choice.title_idx]
            if plan.title_box is not None:
                box = plan.title_box
                ph.left, ph.top, ph.width, ph.height = Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h)
            self._write(ph.text_frame, [Para("title", s.title)], plan.title_size, heading=True)
            used.add(plan.choice.title_idx)
        if s.kind in ("title", "section"):
            self._draw_subtitle(plan, placeholders, used)
        for item in plan.items:
            self._draw_item(slide, item, plan, placeholders, used)
        if plan.source_box is not None:
            self._source_line(slide, plan)
        for idx, ph in placeholders.items():
            if idx not in used:  # no empty placeholder is left behind to say "Click to add text"
                ph._element.getparent().remove(ph._element)
        self._footers(slide, plan)
        if s.kind == "content" and not s.title:
            _hide_title_decoration(slide, plan.choice)
        if s.notes:
            slide.notes_slide.notes_text_frame.text = notes_text(s.notes)
        self._report_glyphs(plan)

    def _draw_subtitle(self, plan: SlidePlan, placeholders: dict[int, Any], used: set[int]) -> None:
        s = plan.slide
        body = [i for i in plan.choice.body_idx if i in placeholders]
        lines: list[Para] = []
        meta = self.build.document.meta
        if s.kind == "title" and meta.native_title:
            lines.append(Para("subtitle", [Span(" ".join(meta.native_title.split()))]))
        if s.subtitle:
            lines.append(Para("subtitle", s.subtitle))
        if s.kind == "title":
            byline = " · ".join(x for x in (meta.organisation, meta.date) if x)
            if byline:
                lines.append(Para("byline", [Span(byline)]))
        for block in s.blocks:
            lines += paragraphs_of(block)
        if not body or not lines:
            return
        ph = placeholders[body[0]]
        self._write(ph.text_frame, lines, self.build.theme.sizes.subtitle)
        used.add(body[0])

    def _draw_item(self, slide: PptxSlide, item: Placed, plan: SlidePlan, placeholders: dict[int, Any],
                   used: set[int]) -> None:
        box = item.box
        if item.kind == "text":
            paras = [p for block in item.blocks for p in paragraphs_of(block)]
            if item.placeholder is not None and item.placeholder in placeholders:
                ph = placeholders[item.placeholder]
                ph.left, ph.top, ph.width, ph.height = Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h)
                self._write(ph.text_frame, paras, plan.body_size)
                used.add(item.placeholder)
            else:
                shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
                self._write(shape.text_frame, paras, plan.body_size, explicit_style=True)
        elif item.kind == "table":
            block = item.blocks[0]
            assert isinstance(block, Table)
            self._table(slide, block, box, table_size(plan.body_size))
        elif item.kind == "metrics":
            block = item.blocks[0]
            assert isinstance(block, Metrics)
            self._metrics(slide, block, box)
        elif item.kind == "picture":
            block = item.blocks[0]
            assert isinstance(block, Picture)
            self._picture(slide, block, box)
        elif item.kind in ("chart", "timeline"):
            block = item.blocks[0]
            spec = block.chart if isinstance(block, ChartBlock) else block.timeline  # type: ignore[union-attr]
            caption_h = 0
            if spec.source:
                caption_h = int(self._caption_height(spec.source, box.w_pt) * EMU_PER_PT)
            drawing = Box(box.x, box.y, box.w, box.h - caption_h)
            if isinstance(block, ChartBlock):
                draw_chart(slide, block.chart, drawing, self.build.theme, created=self.build.timestamp)
            else:
                assert isinstance(block, TimelineBlock)
                draw_timeline(slide, block.timeline, drawing, self.build.theme)
            if spec.source:
                self._caption(slide, spec.source, Box(box.x, box.y + box.h - caption_h, box.w, caption_h))
        elif item.kind == "code":
            block = item.blocks[0]
            assert isinstance(block, CodeBlock)
            shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(self.colors.surface)
            lines = [Para("code", [Span(line, code=True)]) for line in block.text.split("\n")]
            self._write(shape.text_frame, lines, code_size(plan.body_size), explicit_style=True, space=False)

    # --- text ----------------------------------------------------------------------------------

    def _write(self, frame: TextFrame, paras: list[Para], size: float, *,
               heading: bool = False, explicit_style: bool = False, space: bool = True) -> None:
        """Fill a text frame with paragraphs, writing every size and indent explicitly, in the
        styles (:func:`~generator.layout.para_style`) the layout measured them in."""
        _frame_setup(frame)
        frame.clear()
        level_min = level_floor(self.build.theme)
        for k, para in enumerate(paras):
            p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            style = para_style(para, size, level_min)
            pPr = p._p.get_or_add_pPr()
            # Punctuation may not hang past the margin (clients do that for CJK by default); the
            # layout measured it inside the line.
            pPr.set("hangingPunct", "0")
            pPr.set("marL", str(int(style.margin * EMU_PER_PT)))
            if para.kind in ("bullet", "number"):
                pPr.set("indent", str(int(-BULLET_HANG_PT * EMU_PER_PT)))
                p.level = min(para.level, 2) if not explicit_style else 0
                _bullet(pPr, para.kind, para.level, self.colors.accent, para.start)
            else:
                pPr.set("indent", "0")
                _no_bullet(pPr)
            if para.kind == "attribution":
                p.alignment = PP_ALIGN.RIGHT
            p.space_before = Pt(round(style.size * PARA_SPACE_PT, 1) if space and k else 0)
            p.line_spacing = 1.0
            self._runs(p, para.text, style.size, bold=style.bold, italic=style.italic,
                       muted=para.kind == "attribution", explicit=explicit_style, heading=heading)
            if para.kind == "heading":  # a sub-heading inside the body reads as a label in the title colour
                for run in p.runs:
                    run.font.color.rgb = RGBColor.from_string(self.colors.primary)

    def _runs(self, p: _Paragraph, spans: Inline, size: float, *, bold: bool, italic: bool, muted: bool,
              explicit: bool, heading: bool) -> None:
        theme = self.build.theme
        for span in spans:
            if span.footnote is not None:
                continue  # sources are listed on the slide's source line instead of marks
            if span.line_break:
                p.add_line_break()
                continue
            self._check_glyphs(span.text, span.code, heading)
            run = p.add_run()
            run.text = span.text
            font = run.font
            font.size = Pt(size)
            lang = self.build.document.meta.lang
            if is_cjk_text(span.text):
                _east_asian(run, theme.fonts.east_asian, lang)
            else:
                run._r.get_or_add_rPr().set("lang", lang)  # spell-checking and hyphenation language
            if span.bold or bold:
                font.bold = True
            if span.italic or italic:
                font.italic = True
            if span.strike:
                run._r.get_or_add_rPr().set("strike", "sngStrike")
            if span.code:
                font.name = theme.fonts.code
            elif explicit:
                font.name = theme.fonts.heading if heading else theme.fonts.body
            if muted:
                font.color.rgb = RGBColor.from_string(self.colors.muted)
            elif explicit:
                font.color.rgb = RGBColor.from_string(self.colors.text)
            if span.link:
                run.hyperlink.address = span.link

    def _check_glyphs(self, text: str, code: bool, heading: bool) -> None:
        """Note characters that no font of the theme can draw (they would show as empty boxes)."""
        font = self.fonts.for_span(False, False, code, heading)
        for ch in self.fonts.missing(text, font):
            if ch not in self._missing_reported:
                self._missing_reported.add(ch)
                self._missing_here.append(ch)

    def _report_glyphs(self, plan: SlidePlan) -> None:
        """One warning per slide, at the slide's line, listing the characters no font can draw."""
        if not self._missing_here:
            return
        theme = self.build.theme
        chars = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in self._missing_here)
        self.problems.warn(self.build.document.path, plan.slide.line, 1,
                           f"slide {plan.number}: no font of the theme ({theme.fonts.body}, {theme.fonts.east_asian}) "
                           f"has {chars}; they may show as empty boxes; name a font that has them in theme.yaml")
        self._missing_here = []

    def _caption_height(self, text: str, width_pt: float) -> float:
        size = self.build.theme.sizes.source
        runs = runs_of([Span(text)], size, self.fonts)
        return text_height(runs, (width_pt - 2 * INSET_X_PT) * WIDTH_SAFETY) + 2 * INSET_Y_PT + 1

    def _caption(self, slide: PptxSlide, text: str, box: Box) -> None:
        """The source line under a chart or timeline, in the slide's source style."""
        shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        shape.name = "Chart source"
        frame = shape.text_frame
        _frame_setup(frame)
        p = frame.paragraphs[0]
        _no_bullet(p._p.get_or_add_pPr())
        run = p.add_run()
        run.text = text
        run.font.size = Pt(self.build.theme.sizes.source)
        run.font.name = self.build.theme.fonts.body
        run.font.color.rgb = RGBColor.from_string(self.colors.muted)

    def _source_line(self, slide: PptxSlide, plan: SlidePlan) -> None:
        box = plan.source_box
        assert box is not None
        shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        shape.name = "Sources"
        frame = shape.text_frame
        _frame_setup(frame)
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        p = frame.paragraphs[0]
        _no_bullet(p._p.get_or_add_pPr())
        run = p.add_run()
        run.text = "Sources: " + "; ".join(plan.sources)
        run.font.size = Pt(self.build.theme.sizes.source)
        run.font.name = self.build.theme.fonts.body
        run.font.color.rgb = RGBColor.from_string(self.colors.muted)

    # --- shapes --------------------------------------------------------------------------------

    def _table(self, slide: PptxSlide, block: Table, box: Box, size: float) -> None:
        rows = [block.header, *block.rows]
        ncols = max(len(r) for r in rows)
        widths = column_widths(block, box.w_pt, size, self.fonts)
        heights = table_row_heights(block, size, box.w_pt, self.fonts)
        total_h = int(sum(heights) * EMU_PER_PT)
        graphic = slide.shapes.add_table(len(rows), ncols, Emu(box.x), Emu(box.y), Emu(box.w), Emu(total_h))
        table = graphic.table
        tbl_pr = graphic._element.graphic.graphicData.tbl.tblPr
        tbl_pr.set("firstRow", "1")
        tbl_pr.set("bandRow", "1")
        for c, w in enumerate(widths):
            table.columns[c].width = Emu(int(w * EMU_PER_PT))
        for r, h in enumerate(heights):
            table.rows[r].height = Emu(int(h * EMU_PER_PT))
        numeric = [is_numeric_column(block, c) for c in range(ncols)]
        for r, row in enumerate(rows):
            for c in range(ncols):
                cell = table.cell(r, c)
                spans = row[c] if c < len(row) else []
                cell.margin_left = cell.margin_right = Emu(int(INSET_X_PT * EMU_PER_PT))
                cell.margin_top = cell.margin_bottom = Emu(int(INSET_Y_PT * EMU_PER_PT))
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                fill = self.colors.primary if r == 0 else (self.colors.surface if r % 2 == 0 else
                                                            self.colors.background)
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(fill)
                frame = cell.text_frame
                frame.word_wrap = True
                p = frame.paragraphs[0]
                align = block.align[c] if c < len(block.align) else None
                if align == "right" or (align is None and numeric[c]):
                    p.alignment = PP_ALIGN.RIGHT
                elif align == "center":
                    p.alignment = PP_ALIGN.CENTER
                self._runs(p, spans, size, bold=r == 0, italic=False, muted=False, explicit=True, heading=False)
                if r == 0:
                    for run in p.runs:
                        run.font.color.rgb = RGBColor.from_string(self.colors.background)

    def _metrics(self, slide: PptxSlide, block: Metrics, box: Box) -> None:
        n = len(block.tiles)
        gap = int(14 * EMU_PER_PT)
        w = (box.w - gap * (n - 1)) // n
        sizes = self.build.theme.sizes
        for k, tile in enumerate(block.tiles):
            x = box.x + k * (w + gap)
            shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(box.y), Emu(w), Emu(box.h))
            shape.name = f"Metric {k + 1}"
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(self.colors.surface)
            shape.line.fill.background()
            shape.shadow.inherit = False
            bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(box.y), Emu(w), Emu(int(4 * EMU_PER_PT)))
            bar.fill.solid()
            bar.fill.fore_color.rgb = RGBColor.from_string(self.colors.accent if k == 0 else self.colors.primary)
            bar.line.fill.background()
            bar.shadow.inherit = False
            frame = shape.text_frame
            _frame_setup(frame, inset_x=12.0, inset_y=10.0)
            frame.vertical_anchor = MSO_ANCHOR.TOP
            value_size = _fit_size(tile.value, sizes.metric_value, (w / EMU_PER_PT) - 24, self.fonts)
            lines: list[tuple[str, float, str, bool]] = [(tile.value, value_size, self.colors.primary, True),
                                                         (tile.label, 14.0, self.colors.text, False)]
            if tile.change:
                color = self.colors.secondary if not tile.change.startswith(("−", "-")) else self.colors.accent
                lines.append((tile.change, 12.0, color, True))
            if tile.source:
                lines.append((tile.source, 9.0, self.colors.muted, False))
            for i, (text, size, color, bold) in enumerate(lines):
                p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                _no_bullet(p._p.get_or_add_pPr())
                p.alignment = PP_ALIGN.LEFT
                p.space_before = Pt(0 if i == 0 else 2)
                run = p.add_run()
                run.text = text
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.name = self.build.theme.fonts.heading if i == 0 else self.build.theme.fonts.body
                run.font.color.rgb = RGBColor.from_string(color)

    def _picture(self, slide: PptxSlide, block: Picture, box: Box) -> None:
        if block.resolved is None:
            return
        path = Path(block.resolved)
        try:
            iw, ih = picture_size(path)
            image = raster_for_deck(path)  # SVG becomes a PNG; the PDF keeps its vectors
        except ValueError as exc:
            self.problems.error(self.build.document.path, block.line, 1, str(exc))
            return
        scale = min(box.w / iw, box.h / ih)
        w, h = int(iw * scale), int(ih * scale)
        x = box.x + (box.w - w) // 2
        y = box.y + (box.h - h) // 2
        pic = slide.shapes.add_picture(image if isinstance(image, io.BytesIO) else str(image),
                                       Emu(x), Emu(y), Emu(w), Emu(h))
        # The description is what a screen reader says: the author's alt text (or title), never
        # the file name python-pptx puts there by default.
        c_nv_pr = pic._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", block.alt or block.title or "")
        if block.title:
            c_nv_pr.set("title", block.title)
        pic.name = (block.title or block.alt or "Picture")[:60]

    # --- furniture -----------------------------------------------------------------------------

    def _footers(self, slide: PptxSlide, plan: SlidePlan) -> None:
        """Copy the layout's date, footer and slide-number placeholders, which python-pptx skips."""
        meta = self.build.document.meta
        theme = self.build.theme
        footer_text = theme.deck.footer.format(organisation=meta.organisation or "", date=meta.date or "",
                                               title=meta.title or "").strip(" ·")
        if plan.slide.kind == "title":
            return  # the title slide shows organisation and date in its byline already
        for ph in plan.choice.layout.placeholders:
            kind = ph.placeholder_format.type
            if kind not in _FOOTER_TYPES:
                continue
            if kind == PP_PLACEHOLDER.DATE:
                continue  # the date is part of the footer text
            element = copy.deepcopy(ph._element)
            slide.shapes._spTree.append(element)
            shape = slide.shapes[-1]
            if kind == PP_PLACEHOLDER.FOOTER:
                if not footer_text:
                    element.getparent().remove(element)
                    continue
                shape.text_frame.text = footer_text
            else:
                _ensure_slide_number_field(shape.text_frame)

    def _properties(self) -> None:
        meta = self.build.document.meta
        props = self.prs.core_properties
        props.title = meta.title or ""
        props.subject = meta.subtitle or ""
        props.author = meta.author or meta.organisation or ""
        props.keywords = "; ".join(meta.keywords)
        props.language = meta.lang
        props.last_modified_by = meta.author or meta.organisation or ""
        props.revision = 1
        stamp = self.build.timestamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp
        props.comments = ""


def _short(title: str, most: int = 70) -> str:
    """A title as messages name its slide: a runaway one cut short, so the message stays readable."""
    return title if len(title) <= most else title[:most - 1].rstrip() + "…"


def notes_text(blocks: list[Block]) -> str:
    """Speaker notes as plain text: the notes page has no tables or code boxes, so a table is
    written row by row with its cells between bars, and code line by line."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Notes):
            lines.append(notes_text(block.blocks))
        elif isinstance(block, Table):
            lines += [" | ".join(plain(cell).strip() for cell in row) for row in [block.header, *block.rows]]
        elif isinstance(block, CodeBlock):
            lines += block.text.split("\n")
        elif isinstance(block, Columns):
            lines += [notes_text(column) for column in block.columns]
        else:
            numbers = 0
            for para in paragraphs_of(block):
                mark = ""
                if para.kind == "bullet":
                    mark = "• "
                elif para.kind == "number":
                    mark = f"{para.start + numbers}. "
                    numbers += 1
                lines.append("  " * para.level + mark + plain(para.text))
    return "\n".join(lines)


def _east_asian(run: Any, typeface: str, lang: str) -> None:
    """Mark a run as East Asian text: its `a:ea` font and language, so clients pick the right glyphs."""
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", lang if lang.lower().startswith(("zh", "ja", "ko")) else "zh-CN")
    if not lang.lower().startswith(("zh", "ja", "ko")):
        rpr.set("altLang", lang)
    for el in rpr.findall(qn("a:ea")):
        rpr.remove(el)
    ea = etree.Element(qn("a:ea"))
    ea.set("typeface", typeface)
    # a:ea follows a:latin and precedes a:cs, a:sym and hyperlinks in CT_TextCharacterProperties.
    latin = rpr.find(qn("a:latin"))
    if latin is not None:
        latin.addnext(ea)
    else:
        anchor = next((rpr.find(qn(t)) for t in ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl",
                                                 "a:extLst") if rpr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(ea)
        else:
            rpr.append(ea)


def _frame_setup(frame: TextFrame, inset_x: float = INSET_X_PT, inset_y: float = INSET_Y_PT) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Emu(int(inset_x * EMU_PER_PT))
    frame.margin_top = frame.margin_bottom = Emu(int(inset_y * EMU_PER_PT))


def _clear_bullets(pPr: Any) -> None:
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buClr", "a:buFont", "a:buSzPct"):
        for el in pPr.findall(qn(tag)):
            pPr.remove(el)


def _insert_bullet(pPr: Any, *elements: Any) -> None:
    # Bullet elements must come after lnSpc/spcBef/spcAft and before tabLst/defRPr (CT_TextParagraphProperties).
    anchor = None
    for tag in ("a:tabLst", "a:defRPr", "a:extLst"):
        anchor = pPr.find(qn(tag))
        if anchor is not None:
            break
    for el in elements:
        if anchor is not None:
            anchor.addprevious(el)
        else:
            pPr.append(el)


def _no_bullet(pPr: Any) -> None:
    _clear_bullets(pPr)
    _insert_bullet(pPr, etree.SubElement(pPr, qn("a:buNone")))


def _bullet(pPr: Any, kind: str, level: int, color: str, start: int) -> None:
    """A bullet, or for ``kind`` "number" the list's numbering from ``start``: every item of a list
    carries the same start, as PowerPoint writes it, and clients count on from there."""
    _clear_bullets(pPr)
    clr = etree.Element(qn("a:buClr"))
    srgb = etree.SubElement(clr, qn("a:srgbClr"))
    srgb.set("val", color)
    if kind == "number":
        auto = etree.Element(qn("a:buAutoNum"))
        auto.set("type", "arabicPeriod")
        if start != 1:  # the file format counts from 1 to 32767 only
            auto.set("startAt", str(min(max(start, 1), 32767)))
        _insert_bullet(pPr, clr, auto)
    else:
        char = etree.Element(qn("a:buChar"))
        char.set("char", _BULLETS[min(level, 2)])
        font = etree.Element(qn("a:buFont"))
        font.set("typeface", "Arial")
        _insert_bullet(pPr, clr, font, char)


def _ensure_slide_number_field(frame: TextFrame) -> None:
    """A slide-number placeholder must hold the field, or clients show nothing."""
    if frame._txBody.find(".//" + qn("a:fld")) is not None:
        return
    p = frame.paragraphs[0]._p
    fld = etree.SubElement(p, qn("a:fld"))
    fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    fld.set("type", "slidenum")
    t = etree.SubElement(fld, qn("a:t"))
    t.text = "‹#›"


def _fit_size(text: str, size: float, width: float, fonts: FontSet) -> float:
    from ..fonts import metrics

    m = metrics(fonts.heading.bold)
    while size > 16 and m.width(text, size) > width * 0.97:
        size -= 2
    return size


def _hide_title_decoration(slide: PptxSlide, choice: LayoutChoice) -> None:
    """A slide without a title would still show the rule the master draws under the title,
    underlining nothing. Such a slide hides the master's graphics and carries copies of all of
    them except that rule (footer rules, bands and the like stay as they were)."""
    title = choice.boxes.get(choice.title_idx) if choice.title_idx is not None else None
    dressing = title_decorations(choice.layout, title)
    if not dressing:
        return
    keep = [sh for sh in decorations(choice.layout) if sh not in dressing]
    if any(sh._element.xpath(".//@r:embed | .//@r:link | .//@r:id") for sh in keep):
        return  # a copied picture would need its image part too; better a stray rule than a lost logo
    slide._element.set("showMasterSp", "0")
    tree = slide.shapes._spTree
    used = {int(i) for i in tree.xpath(".//p:cNvPr/@id")}
    anchor = tree.find(qn("p:grpSpPr"))
    for shape in reversed(keep):  # each goes right behind the slide's own shapes, so in order
        element = copy.deepcopy(shape._element)
        for c_nv_pr in element.iter(qn("p:cNvPr")):
            new_id = max(used, default=1) + 1
            used.add(new_id)
            c_nv_pr.set("id", str(new_id))
        anchor.addnext(element)

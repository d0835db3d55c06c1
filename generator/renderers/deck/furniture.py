"""What a slide carries besides its content: footer and slide number, speaker notes, and the
deck's document properties; and an untitled slide's hidden title rule.

Drawn by :mod:`.slide` after a slide's content, and by :class:`~generator.renderers.deck.DeckRenderer`
once per deck for the properties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from ...document import Block, CodeBlock, Columns, Meta, Notes, Table, plain
from ...figures.tables import table_rows
from ...fonts import FontSet
from ...theme import Theme
from ...walk import BlockVisitor
from . import oxml
from .fit import LayoutChoice
from .master import decorations, title_decorations
from .measure import FOOTER_FLOOR_PT, footer_size, paragraphs_of

_FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)  # the date is part of the footer text


def footers(slide: PptxSlide, layout: SlideLayout, meta: Meta, theme: Theme, fonts: FontSet) -> bool:
    """Copy the layout's footer and slide-number placeholders, which python-pptx skips.

    The footer is measured like all text: set at the theme's footer size, or smaller where the
    master's footer box is narrow, on one line. Returns False where it does not fit even so.
    """
    fits = True
    footer_text = theme.deck.footer.format(organisation=meta.organisation or "", date=meta.date or "",
                                           title=meta.title or "").strip(" ·")
    for ph in _placeholders(layout):
        kind = ph.placeholder_format.type
        if kind not in _FOOTER_TYPES:
            continue
        if kind == PP_PLACEHOLDER.FOOTER and not footer_text:
            continue
        shape = oxml.copy_placeholder(slide, ph)
        frame = shape.text_frame
        if kind == PP_PLACEHOLDER.FOOTER:
            # Measured inside the master's own insets, which the footer keeps (its text stays put).
            left, top, right, bottom = oxml.inherited_insets(ph)
            size = footer_size(footer_text, Emu((shape.width or 0) - left - right).pt,
                               Emu((shape.height or 0) - top - bottom).pt, theme.sizes.footer, fonts)
            fits = size is not None
            frame.text = footer_text
            for run in frame.paragraphs[0].runs:
                run.font.size = Pt(size or FOOTER_FLOOR_PT)
        else:
            oxml.ensure_slide_number_field(frame)
    return fits


PROPERTY_LIMIT = 255  # characters a document property may hold in the file format


def _property(text: str | None) -> str:
    """A document property: one line, shortened with "…" to what the file format allows (the
    slides themselves show the whole text)."""
    line = " ".join((text or "").split())
    return line if len(line) <= PROPERTY_LIMIT else line[: PROPERTY_LIMIT - 1].rstrip() + "…"


def properties(prs: Presentation, meta: Meta, timestamp: dt.datetime) -> None:
    """The deck's document properties, dated by the build's pinned time."""
    props = prs.core_properties
    props.title = _property(meta.title)
    props.subject = _property(meta.subtitle)
    props.author = _property(meta.author or meta.organisation)
    props.keywords = _property("; ".join(meta.keywords))
    props.language = meta.lang
    props.last_modified_by = _property(meta.author or meta.organisation)
    props.revision = 1
    stamp = timestamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.comments = ""


def hide_title_decoration(slide: PptxSlide, layout: SlideLayout, choice: LayoutChoice) -> None:
    """A slide without a title would still show the rule the master draws under the title,
    underlining nothing. Such a slide hides the master's graphics and carries copies of all of
    them except that rule (footer rules, bands and the like stay as they were)."""
    dressing = title_decorations(layout, choice.title_box)
    if not dressing:
        return
    keep = [sh for sh in decorations(layout) if sh not in dressing]
    if any(oxml.refers_to_parts(sh) for sh in keep):
        return  # a copied picture would need its image part too; better a stray rule than a lost logo
    oxml.show_own_copies(slide, keep)


class _NotesText(BlockVisitor[list[str]]):
    """Speaker notes as lines of plain text: the notes page has no tables or code boxes, so a
    table is written row by row with its cells between bars, and code line by line."""

    def visit_notes(self, block: Notes) -> list[str]:
        return [notes_text(block.blocks)]

    def visit_table(self, block: Table) -> list[str]:
        return [" | ".join(plain(cell).strip() for cell in row) for row in table_rows(block)]

    def visit_code(self, block: CodeBlock) -> list[str]:
        return block.text.split("\n")

    def visit_columns(self, block: Columns) -> list[str]:
        return [notes_text(column) for column in block.columns]

    def visit_other(self, block: Block) -> list[str]:
        lines: list[str] = []
        numbers = 0
        for para in paragraphs_of(block):
            mark = ""
            if para.kind == "bullet":
                mark = "• "
            elif para.kind == "number":
                mark = f"{para.start + numbers}. "
                numbers += 1
            lines.append("  " * para.level + mark + plain(para.text))
        return lines


_NOTES_TEXT = _NotesText()


def notes_text(blocks: list[Block]) -> str:
    """Speaker notes as plain text (see :class:`_NotesText`)."""
    return "\n".join(line for block in blocks for line in _NOTES_TEXT.visit(block))


def _placeholders(layout: SlideLayout) -> Iterable[LayoutPlaceholder]:
    """A layout's placeholders (python-pptx's annotation of their ``__iter__`` confuses mypy)."""
    return cast("Iterable[LayoutPlaceholder]", layout.placeholders)

"""The seven layouts the deck renderer uses, one design function each.

The renderer picks layouts by placeholder type and idx and, in a user's master, by PowerPoint's
standard names, so those are what every design here keeps; what the designs choose is the look.
Each layout repeats the master's geometry for its placeholders so that it reads on its own, and
the two dark layouts (title slide, section header) hide the master's decoration.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import SlideLayout, SlideMaster

from ..theme import Theme
from .drawingml import (
    ACCENT,
    HAIRLINE,
    ON_DARK,
    ON_DARK_QUIET,
    PRIMARY,
    PRIMARY_DARK,
    WHITE,
    child,
    drop_attribute,
    fill,
    pt,
)
from .geometry import (
    BODY,
    COVER_BAND,
    COVER_BAR,
    COVER_SUBTITLE,
    COVER_TITLE,
    COVER_TITLE_PT,
    LEFT_COLUMN,
    RIGHT_COLUMN,
    SECTION_BAR,
    SECTION_BODY,
    SECTION_EDGE,
    SECTION_TITLE,
    comparison_boxes,
)
from .shapes import (
    TEXT_PROMPT,
    background,
    clear_shapes,
    content,
    footer_placeholders,
    line,
    placeholder,
    plain_level,
    rectangle,
    title,
)

LayoutDesign = Callable[[SlideLayout, Theme], None]


def reset_layout(layout: SlideLayout, *, dark: bool = False, show_master: bool = True) -> etree._Element:
    """Empty a layout's shape tree and return it; dark layouts get the primary background."""
    root = layout.element
    c_sld = child(root, "p:cSld")
    old_background = c_sld.find(qn("p:bg"))
    if old_background is not None:
        c_sld.remove(old_background)
    if dark:
        c_sld.insert(0, background(PRIMARY))
    if show_master:
        drop_attribute(root, "showMasterSp")
    else:
        # The master's title rule and footer hairline belong to the white layouts only.
        root.set("showMasterSp", "0")
    sp_tree = child(c_sld, "p:spTree")
    clear_shapes(sp_tree)
    return sp_tree


def _footers(first_id: int, color: str | None = None) -> list[etree._Element]:
    """The layout's footers: the master's style, or on dark layouts ``color`` for its grey."""

    def style(align: str) -> str:
        if color is None:
            return ""
        return f'<a:lvl1pPr algn="{align}"><a:defRPr>{fill(color)}</a:defRPr></a:lvl1pPr>'

    return footer_placeholders(first_id, style)


def _dark_title_style(size_pt: float) -> str:
    return (
        '<a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        f'<a:defRPr sz="{pt(size_pt)}" b="1">{fill(WHITE)}</a:defRPr></a:lvl1pPr>'
    )


def design_title_slide(layout: SlideLayout, theme: Theme) -> None:
    """Full-bleed primary colour, a large white title, accent bar, subtitle in a light tint."""
    sp_tree = reset_layout(layout, dark=True, show_master=False)
    # Level 1 is the subtitle proper; level 2 carries organisation and date, smaller and quieter.
    subtitle_pt = theme.sizes.subtitle
    subtitle = plain_level(1, subtitle_pt, ON_DARK) + plain_level(2, subtitle_pt - 4, ON_DARK_QUIET, space_before_pt=14)
    sp_tree.extend([
        rectangle(2, "Footer Band", COVER_BAND, PRIMARY_DARK),
        rectangle(3, "Accent Bar", COVER_BAR, ACCENT),
        title(4, ph='type="ctrTitle"', box=COVER_TITLE, levels=_dark_title_style(COVER_TITLE_PT)),
        placeholder(5, "Subtitle 2", 'type="subTitle" idx="1"', COVER_SUBTITLE, levels=subtitle,
                    prompt=("Click to edit Master subtitle style", "Organisation · date")),
        *_footers(6, ON_DARK_QUIET),
    ])  # fmt: skip


def design_section_header(layout: SlideLayout, theme: Theme) -> None:
    """Primary background, a white title at the section size and a one-line description."""
    sp_tree = reset_layout(layout, dark=True, show_master=False)
    sp_tree.extend([
        # An accent band down the left edge tells a section apart from the title slide.
        rectangle(2, "Edge Band", SECTION_EDGE, ACCENT),
        rectangle(3, "Accent Bar", SECTION_BAR, ACCENT),
        title(4, box=SECTION_TITLE, levels=_dark_title_style(theme.sizes.section)),
        placeholder(5, "Text Placeholder 2", 'type="body" idx="1"', SECTION_BODY,
                    levels=plain_level(1, theme.sizes.subtitle, ON_DARK), prompt=TEXT_PROMPT[:1]),
        *_footers(6, ON_DARK_QUIET),
    ])  # fmt: skip


def design_title_and_content(layout: SlideLayout, theme: Theme) -> None:
    """Title, rule (from the master) and one content placeholder across the full width."""
    reset_layout(layout).extend([
        title(2),
        content(3, "Content Placeholder 2", 'idx="1"', BODY),
        *_footers(4),
    ])  # fmt: skip


def design_two_content(layout: SlideLayout, theme: Theme) -> None:
    """Title and two equal columns separated by a gutter."""
    reset_layout(layout).extend([
        title(2),
        content(3, "Content Placeholder 2", 'sz="half" idx="1"', LEFT_COLUMN),
        content(4, "Content Placeholder 3", 'sz="half" idx="2"', RIGHT_COLUMN),
        *_footers(5),
    ])  # fmt: skip


def design_comparison(layout: SlideLayout, theme: Theme) -> None:
    """Title, two column headings each over a hairline, and two columns of content."""
    heading_style = plain_level(1, theme.sizes.body, PRIMARY, bold=True)
    shapes = [title(2)]
    shape_id = 3
    # PowerPoint's numbering: heading idx 1, content idx 2 on the left; 3 and 4 on the right.
    for heading_idx, side, column in ((1, "Left", LEFT_COLUMN), (3, "Right", RIGHT_COLUMN)):
        heading, rule, body = comparison_boxes(column)
        shapes += [
            line(shape_id, f"{side} Heading Rule", rule, HAIRLINE, 12700),
            placeholder(shape_id + 1, f"Text Placeholder {heading_idx + 1}",
                        f'type="body" sz="quarter" idx="{heading_idx}"', heading, anchor="b",
                        levels=heading_style, prompt=TEXT_PROMPT[:1]),
            content(shape_id + 2, f"Content Placeholder {heading_idx + 2}",
                        f'sz="quarter" idx="{heading_idx + 1}"', body),
        ]  # fmt: skip
        shape_id += 3
    reset_layout(layout).extend([*shapes, *_footers(shape_id)])


def design_title_only(layout: SlideLayout, theme: Theme) -> None:
    """Title and rule; the rest of the slide is free for a chart, table or picture."""
    reset_layout(layout).extend([title(2), *_footers(3)])


def design_blank(layout: SlideLayout, theme: Theme) -> None:
    """Nothing at all: a full-bleed picture or diagram owns the whole slide."""
    reset_layout(layout, show_master=False)


# The layouts the renderer uses, in PowerPoint's own order. The names are PowerPoint's standard
# ones because the renderer falls back to them when it looks for a layout in a user's master.
LAYOUT_DESIGNS: dict[str, LayoutDesign] = {
    "Title Slide": design_title_slide,
    "Title and Content": design_title_and_content,
    "Section Header": design_section_header,
    "Two Content": design_two_content,
    "Comparison": design_comparison,
    "Title Only": design_title_only,
    "Blank": design_blank,
}
LAYOUT_NAMES = tuple(LAYOUT_DESIGNS)


def design_layouts(master: SlideMaster, theme: Theme) -> None:
    """Apply every design to the master's layout of the same name."""
    layouts = {layout.name: layout for layout in master.slide_layouts}
    for name, design in LAYOUT_DESIGNS.items():
        design(layouts[name], theme)

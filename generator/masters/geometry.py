"""The slide grid: every box the master and its layouts place, in EMU.

This is the bottom of :mod:`generator.masters`: plain numbers, derived from a handful of margins
so that titles, rules, text and footers line up from slide to slide. The layout designs only
name these boxes; moving a margin here moves it on every layout.
"""

from __future__ import annotations

from ..units import Box, Emu, Inches

# Every length here is a whole number of hundredths of an inch (9,144 EMU each), so Inches, which
# truncates, gives the exact EMU the file has always held; a length that is not whole EMU in
# floating point would lose one EMU, and the byte-identity test of the master would say so.

SLIDE_W = Emu(12192000)  # 13.333 in: 16:9 widescreen as PowerPoint defines it
SLIDE_H = Emu(6858000)  # 7.5 in
MARGIN_X = Inches(0.6)
CONTENT_W = SLIDE_W - 2 * MARGIN_X
GUTTER = Inches(0.5)
COLUMN_W = (CONTENT_W - GUTTER) // 2

# Titles sit on a common baseline (anchored at the bottom of the box) whether they take one
# line or two, so the rule and the body below never move. Text insets are zero left and right so
# that text starts exactly on the margin, where the accent rule starts too.
TITLE = Box(MARGIN_X, Inches(0.25), CONTENT_W, Inches(1.05))
RULE = Box(MARGIN_X, TITLE.bottom + Inches(0.1), Inches(0.9), Inches(0.06))
BODY_TOP = Inches(1.75)
BODY_BOTTOM = Inches(6.55)
BODY = Box(MARGIN_X, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP)
LEFT_COLUMN = Box(MARGIN_X, BODY_TOP, COLUMN_W, BODY.h)
RIGHT_COLUMN = Box(SLIDE_W - MARGIN_X - COLUMN_W, BODY_TOP, COLUMN_W, BODY.h)

# Comparison: a heading over each column, a hairline under it, the column's content below.
HEADING_H = Inches(0.5)
HEADING_RULE_GAP = Inches(0.08)
COMPARISON_BODY_TOP = BODY_TOP + HEADING_H + Inches(0.25)


def comparison_boxes(column: Box) -> tuple[Box, Box, Box]:
    """Heading, hairline and content of one column of the comparison layout."""
    heading = Box(column.x, BODY_TOP, column.w, HEADING_H)
    rule = Box(column.x, heading.bottom + HEADING_RULE_GAP, column.w, 0)
    body = Box(column.x, COMPARISON_BODY_TOP, column.w, BODY_BOTTOM - COMPARISON_BODY_TOP)
    return heading, rule, body


# The footer band: a hairline across the content width, then one line of small text with the
# footer text on the left and date and slide number on the right.
FOOTER_LINE_Y = Inches(6.8)
FOOTER_RULE = Box(MARGIN_X, FOOTER_LINE_Y, CONTENT_W, 0)
FOOTER_Y = Inches(6.88)
FOOTER_H = Inches(0.34)
SLIDE_NUMBER_W = Inches(0.7)
DATE_W = Inches(2.6)
FOOTER = Box(MARGIN_X, FOOTER_Y, Inches(7.4), FOOTER_H)
SLIDE_NUMBER = Box(SLIDE_W - MARGIN_X - SLIDE_NUMBER_W, FOOTER_Y, SLIDE_NUMBER_W, FOOTER_H)
DATE = Box(SLIDE_NUMBER.x - DATE_W, FOOTER_Y, DATE_W, FOOTER_H)

# Title slide: title in the lower middle, accent bar, subtitle (and organisation/date) below,
# and a darker band behind the footer that grounds the page.
COVER_TITLE_PT = 44  # theme.yaml has no size for it: one title per deck, set larger than all
COVER_TITLE = Box(MARGIN_X, Inches(1.6), CONTENT_W, Inches(2.5))
COVER_BAR = Box(MARGIN_X, COVER_TITLE.bottom + Inches(0.22), Inches(0.9), Inches(0.08))
COVER_SUBTITLE = Box(MARGIN_X, COVER_BAR.bottom + Inches(0.22), Inches(10.4), Inches(1.75))
COVER_BAND = Box(0, Inches(6.62), SLIDE_W, SLIDE_H - Inches(6.62))

# Section header: a large title just above the middle, a one-line description below it.
SECTION_EDGE = Box(0, 0, Inches(0.18), SLIDE_H)
SECTION_TITLE = Box(MARGIN_X, Inches(1.9), CONTENT_W, Inches(2.2))
SECTION_BAR = Box(MARGIN_X, SECTION_TITLE.bottom + Inches(0.2), Inches(0.9), Inches(0.08))
SECTION_BODY = Box(MARGIN_X, SECTION_BAR.bottom + Inches(0.2), Inches(10.4), Inches(1.2))

"""The document model: what the Markdown says, independent of any output format.

The parse stage (:mod:`generator.markdown`) produces a :class:`Document`: front matter and a flat
list of typed blocks, headings included. Renderers read it two ways: the report walks the blocks
in order (``#`` chapter, ``##``/``###`` sections); the deck groups them into :class:`Slide` values
with :func:`slides_of`. Every block keeps its source line so later stages can report problems
where the author can find them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from .visuals import Chart, Timeline


@dataclass(frozen=True)
class Span:
    """A run of text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None
    footnote: str | None = None  # set on the reference mark of a footnote: its label
    line_break: bool = False  # a hard line break inside a paragraph; text is empty
    script: str = ""  # "super" or "sub": pandoc's ^x^ and ~x~ (measured at full size, so never too wide)
    token: str = ""  # in code: the kind of token (keyword, string …) that highlighting colours
    openxml: str = ""  # a `{=openxml}` block's runs, passed into the slide; ``text`` is their text


Inline = list[Span]


def plain(spans: Inline) -> str:
    """The text of a run list, as a reader would read it aloud (no footnote marks)."""
    return "".join("\n" if s.line_break else s.text for s in spans if s.footnote is None)


@dataclass
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    text: Inline
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    subtitle: Inline = field(default_factory=list)  # from a `::: subtitle` div right under it


@dataclass
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: Inline
    line: int


@dataclass
class ListItem:
    text: Inline
    line: int
    children: list[ListItem] = field(default_factory=list)
    # Paragraphs after the first one inside the same item are joined into ``text`` with a break.


@dataclass
class ListBlock:
    kind: ClassVar[str] = "list"
    items: list[ListItem]
    line: int
    ordered: bool = False
    start: int = 1
    level_offset: int = 0  # >0 for a nested part carried onto a continuation slide
    # Items appear one click at a time in the deck (pandoc's incremental lists): True inside
    # `::: incremental`, False inside `::: nonincremental`, None to follow the deck's `incremental`.
    incremental: bool | None = None


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    header: list[Inline]
    rows: list[list[Inline]]
    line: int
    align: list[str | None] = field(default_factory=list)  # "left" | "center" | "right" | None
    caption: Inline = field(default_factory=list)  # `Table: …` or `: …` next to the table
    widths: list[float] = field(default_factory=list)  # relative column widths given, summing to 1
    subheader: list[list[Inline]] = field(default_factory=list)  # header rows under the first (grid tables)
    # Cells spanning rows or columns (grid tables): (row, column, rows, columns), counted in the
    # rows as drawn, header rows first (figures.tables.table_rows); the cells they cover are empty.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Quote:
    kind: ClassVar[str] = "quote"
    paragraphs: list[Inline]
    line: int
    attribution: Inline | None = None


@dataclass
class Callout:
    """Quarto's callout (``::: {.callout-warning}``): a box marked by its type, led by its title."""

    kind: ClassVar[str] = "callout"
    type: str  # "note" | "tip" | "warning" | "important" | "caution"
    title: Inline  # from `title="…"` or a heading inside; else the type's name ("Warning")
    blocks: list[Block]  # the text inside: paragraphs and lists
    line: int


@dataclass
class Picture:
    kind: ClassVar[str] = "picture"
    path: str  # as written, relative to the document
    alt: str
    line: int
    title: str | None = None
    resolved: str | None = None  # absolute path, once checked
    width: str | None = None  # pandoc's `{width=50%}` / `{height=3cm}`, as written
    height: str | None = None
    caption: str | None = None  # shown under it: a picture alone in its paragraph is a figure


@dataclass
class Metric:
    """One big-number tile."""

    value: str
    label: str
    change: str | None = None
    source: str | None = None


@dataclass
class Metrics:
    kind: ClassVar[str] = "metrics"
    tiles: list[Metric]
    line: int


@dataclass
class ChartBlock:
    """A ```chart block: the validated spec (see :mod:`generator.visuals`)."""

    kind: ClassVar[str] = "chart"
    chart: Chart
    line: int


@dataclass
class TimelineBlock:
    kind: ClassVar[str] = "timeline"
    timeline: Timeline
    line: int


@dataclass
class CodeBlock:
    kind: ClassVar[str] = "code"
    text: str
    line: int
    language: str = ""
    numbered: bool = False  # `{.numberLines}`: each line shown with its number
    start: int = 1  # the first line's number (`startFrom="10"`)


@dataclass
class Notes:
    """Speaker notes (``::: notes``): go to the slide's notes page and the handout, not the slide."""

    kind: ClassVar[str] = "notes"
    blocks: list[Block]
    line: int


@dataclass
class Columns:
    kind: ClassVar[str] = "columns"
    columns: list[list[Block]]
    line: int
    widths: list[float | None] = field(default_factory=list)  # share of the width per column, if given

    def shares(self) -> list[float]:
        """Each column's share of the width: the widths given, the rest split evenly; summing to 1."""
        n = len(self.columns)
        given = (list(self.widths) + [None] * n)[:n]
        rest = max(0.0, 1 - sum(w for w in given if w is not None)) / max(1, given.count(None))
        full = [w if w is not None else rest for w in given]
        total = sum(full) or 1.0
        return [w / total for w in full] if total > 0 and all(w > 0 for w in full) else [1 / n] * n


@dataclass
class Pause:
    """Pandoc's pause, a paragraph ``. . .``: what follows it on the slide appears on the next click.

    ``resume`` marks the end of a ``::: fragment`` div instead: what follows is shown from the
    start again. The report prints everything, so it skips both."""

    kind: ClassVar[str] = "pause"
    line: int
    resume: bool = False


@dataclass
class SlideBreak:
    """A ``---`` line: starts an untitled slide (in the report: nothing)."""

    kind: ClassVar[str] = "slide_break"
    line: int


Block = Union[
    Heading, Paragraph, ListBlock, Table, Quote, Callout, Picture, Metrics, ChartBlock, TimelineBlock, CodeBlock, Notes,
    Columns, Pause, SlideBreak,
]


@dataclass
class Footnote:
    label: str
    text: Inline
    line: int


@dataclass
class Meta:
    """Front matter: what the title slide and the report cover show, plus overrides."""

    title: str | None = None
    native_title: str | None = None  # the title in the host country's language, e.g. 中国国际进口博览会
    subtitle: str | None = None
    author: str | None = None
    organisation: str | None = None
    institute: str | None = None  # pandoc's `institute`, or the authors' affiliations
    date: str | None = None
    slide_level: int | None = None  # `slide-level` in the front matter, or --slide-level
    incremental: bool = False  # `incremental: true` in the front matter, or -i: lists build item by item
    lang: str = "en"
    keywords: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    meta: Meta
    blocks: list[Block]
    path: str  # as shown in messages
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    base_dir: str = "."  # pictures resolve relative to this
    link_targets: set[str] = field(default_factory=set)  # heading ids some `[text](#id)` link jumps to


# --- the deck's view -------------------------------------------------------------------------


@dataclass
class Slide:
    """One slide: its kind picks the master layout; ``layout`` (from `{layout="…"}`) overrides."""

    kind: str  # "title" | "section" | "content"
    title: Inline
    line: int
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    layout: str | None = None
    subtitle: Inline = field(default_factory=list)
    ident: str | None = None  # the id of its heading, which internal links jump to

    def footnote_labels(self) -> list[str]:
        """Labels of the footnotes cited on the slide, in order of first citation."""
        seen: list[str] = []

        def visit(spans: Inline) -> None:
            for s in spans:
                if s.footnote and s.footnote not in seen:
                    seen.append(s.footnote)

        for block in self.blocks:
            for spans in inlines_of(block):
                visit(spans)
        return seen


def inlines_of(block: Block) -> list[Inline]:
    """Every run list inside a block, in reading order (for searches such as footnote marks)."""
    from .walk import inlines_of as walk_inlines

    return walk_inlines(block)


def _heading_id(heading: Heading) -> str:
    from .anchors import heading_id

    return heading_id(heading)


def slide_level(blocks: list[Block]) -> int:
    """Pandoc's rule: the highest heading level that is followed directly by content somewhere."""
    least = 6
    for block, after in zip(blocks, blocks[1:], strict=False):
        if isinstance(block, Heading) and block.level < least and not isinstance(after, (Heading, SlideBreak)):
            least = block.level
    return least


def slides_of(doc: Document) -> list[Slide]:
    """Group a document's blocks into slides, the way pandoc does.

    The front matter makes the title slide. Headings at the slide level (``slide-level`` in the
    front matter, else pandoc's rule, :func:`slide_level`) start content slides; headings above it
    make section slides, and anything right under one goes on an untitled slide of its own; deeper
    headings stay inside the slide as sub-headings; ``---`` starts an untitled slide. Notes attach
    to the slide they appear in.
    """
    slides: list[Slide] = []
    if doc.meta.title:
        # Front matter values are one line each, whatever line breaks the YAML held.
        subtitle = [Span(" ".join(doc.meta.subtitle.split()))] if doc.meta.subtitle else []
        slides.append(Slide(kind="title", title=[Span(" ".join(doc.meta.title.split()))], line=1,
                            subtitle=subtitle))
    level = doc.meta.slide_level if doc.meta.slide_level is not None else slide_level(doc.blocks)
    current: Slide | None = None
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level <= level:
            current = Slide(kind="section" if block.level < level else "content", title=block.text,
                            line=block.line, layout=block.attrs.get("layout"), subtitle=block.subtitle,
                            ident=_heading_id(block))
            slides.append(current)
            continue
        if isinstance(block, SlideBreak):
            current = Slide(kind="content", title=[], line=block.line)
            slides.append(current)
            continue
        if isinstance(block, Notes) and current is not None:
            current.notes.extend(block.blocks)
            continue
        if current is None or current.kind == "section":
            # Content before the first heading, or under a section heading: an untitled slide of its own.
            current = Slide(kind="content", title=[], line=getattr(block, "line", 1))
            slides.append(current)
        if isinstance(block, Notes):
            current.notes.extend(block.blocks)
        else:
            current.blocks.append(block)
    return slides

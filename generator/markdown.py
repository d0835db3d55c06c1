"""Parse stage: Markdown text (rendered templates, or a deck written by hand) → document model.

One parser serves both outputs. It is markdown-it-py (CommonMark) with the plugins that give the
Pandoc-style dialect described in docs/markdown.md: YAML front matter, GFM tables, footnotes,
``:::`` fenced divs for notes and columns, and heading attributes ``{layout="…"}``. Fenced blocks
whose language is ``metrics`` carry YAML, parsed here with line numbers so that a mistake in
them is reported at its line in the Markdown file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin
from pydantic import BaseModel, ConfigDict, Field

from . import parsehalves
from .anchors import check_links
from .citations import cites, load_bibliography, resolve_citations, with_references
from .divs import classes, divs_plugin, parse_attrs
from .document import (
    Block,
    ChartBlock,
    Document,
    Footnote,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Meta,
    Metric,
    Metrics,
    Paragraph,
    Pause,
    Picture,
    Quote,
    SlideBreak,
    Span,
    Table,
    TimelineBlock,
    slide_level,
)
from .errors import Problems
from .footnotes import check_footnotes
from .frontmatter import meta_of, title_block
from .gridtables import grid_tables_plugin
from .maths.parse import maths_span, split_display
from .pandoc_blocks import PandocBlocks, _line, attrs_or_break, task_item
from .pandoctables import pandoc_tables_plugin
from .parsehalves import Tail
from .pictures import check_picture
from .rawopenxml import raw_openxml
from .rawtex import command_spans, tex_environments, tex_inline_plugin
from .spans import HTML_FORMAT, HTML_STYLE, code_block, html_styled, merge, strip
from .syntaxtree import syntax_tree
from .visuals import check_chart, check_timeline
from .yamlfile import clean_text, parse_yaml, unwritable_at, validate

# Attributes at the end of a heading, Pandoc style: `## Title {layout="Comparison" #id .class}`.
_ATTRS_AT_END = re.compile(r"(?<!\\)\{([^{}]*)\}\s*$")
_ATTRIBUTION = re.compile(r"^\s*(?:—|--|―)\s*")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin).use(divs_plugin).use(deflist_plugin).use(grid_tables_plugin)
    md.use(pandoc_tables_plugin).use(superscript_plugin).use(sub_plugin).use(tex_inline_plugin)
    # Maths by pandoc's rules: `$` hugs its formula, no digit follows the closing one, and `$$…$$`
    # stands inside a paragraph, never as a block of its own.
    md.use(dollarmath_plugin, double_inline=True, allow_space=False, allow_digits=False, allow_blank_lines=False)
    md.block.ruler.disable("math_block")
    md.use(attrs_plugin, spans=True, after=("span_close",))  # bracketed spans `[text]{.alert}`
    # Ends a parse at a given line, for a long text parsed in two processes (see .parsehalves).
    md.block.ruler.before(md.block.ruler.get_all_rules()[0], "stop_at", parsehalves.stop_rule)
    return md


class _MetricTile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str | int | float
    label: str
    change: str | int | float | None = None
    source: str | None = None


class _MetricsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tiles: list[_MetricTile] = Field(min_length=1, max_length=6)


class _Parser(PandocBlocks):
    source: list[str] = []  # the Markdown's lines, to point at a formula's column

    def __init__(self, path: str, base_dir: Path, problems: Problems, line_offset: int, root: Path | None):
        self.path = path
        self.base_dir = base_dir
        self.problems = problems
        self.offset = line_offset
        self.root = root  # pictures must stay inside this folder (the project)
        self._line = 1 + line_offset  # line of the block being parsed, for messages about its inline parts
        self._display: list[Span] = []  # `$$…$$` spans of the paragraph being read: equations of their own

    # --- inline -----------------------------------------------------------------------------

    def inline(self, node: SyntaxTreeNode, bold: bool = False, italic: bool = False,
               strike: bool = False, link: str | None = None) -> Inline:
        spans: Inline = []
        html: dict[str, bool] = {}  # inline HTML formatting tags open here: <sup>, <b>, <i> …
        for k, child in enumerate(node.children):
            t = child.type
            first_new = len(spans)
            if t == "text":
                text = child.content
                if "{{<" in text:  # Quarto shortcodes (`{{< fa icon >}}`) mean nothing outside Quarto
                    self.problems.warn(self.path, self._line, 1, "Quarto shortcode left out: "
                                       + ", ".join(re.findall(r"\{\{<.*?>\}\}", text))[:80])
                    text = re.sub(r"\s*\{\{<.*?>\}\}", "", text)
                if k and node.children[k - 1].type == "image":  # `{width=…}` after a picture is not text
                    text = re.sub(r"^\{[^{}]*\}", "", text)
                spans.append(Span(text, bold, italic, False, strike, link))
            elif t == "softbreak":
                spans.append(Span(" ", bold, italic, False, strike, link))
            elif t == "hardbreak":
                spans.append(Span("", line_break=True))
            elif t == "code_inline":
                spans.append(Span(child.content, bold, italic, True, strike, link))
            elif t == "strong":
                spans += self.inline(child, True, italic, strike, link)
            elif t == "em":
                spans += self.inline(child, bold, True, strike, link)
            elif t == "s":
                spans += self.inline(child, bold, italic, True, link)
            elif t in ("sup", "sub"):  # pandoc's 2^10^ and H~2~O
                script = "super" if t == "sup" else "sub"
                spans += [replace(s, script=script) for s in self.inline(child, bold, italic, strike, link)]
            elif t == "link":
                spans += self.inline(child, bold, italic, strike, str(child.attrs.get("href", "")))
            elif t == "span":  # pandoc's bracketed span: `[text]{.alert}` is stressed, any other unwrapped
                alert = "alert" in classes({"class": str(child.attrs.get("class", ""))})
                spans += self.inline(child, bold or alert, italic, strike, link)
            elif t in ("math_inline", "math_inline_double"):
                spans.append(maths_span(child.content, t == "math_inline_double", self.problems, self.path,
                                        self._line, self.source, bold, strike, link))
                if t == "math_inline_double":
                    self._display.append(spans[-1])
            elif t == "tex_command":  # raw TeX in running text: `\alert{…}`, `\emph{…}` …
                spans += command_spans(child.meta, child.content, Span("", bold, italic, False, strike, link),
                                       self.path, self._line, self.problems)
            elif t == "footnote_ref":
                spans.append(Span("", footnote=str(child.meta.get("label", child.meta.get("id")))))
            elif t == "image":
                # A picture inside running text cannot be drawn there: keep its alt text, and say so.
                self.problems.warn(self.path, self._line, 1, f"picture '{child.attrs.get('src', '')}' stands inside "
                                   "running text and is shown as its alt text; put it on a line of its own")
                spans.append(Span(child.content or "", bold, italic, False, strike, link))
            elif t in ("html_inline",):
                tag = HTML_FORMAT.fullmatch(child.content.strip())
                if re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
                    spans.append(Span("", line_break=True))
                elif tag:  # <sup>, <sub>, <b>, <strong>, <i>, <em>, <s>, <del>: formatting the runs can carry
                    html[HTML_STYLE[tag.group(2).lower()]] = not tag.group(1)
                elif not child.content.startswith("<!--"):  # the tag goes, the text inside it stays
                    self.problems.warn(self.path, self._line, 1, f"raw HTML {child.content.strip()[:30]} was left "
                                       "out (its text is kept); the deck and report do not render HTML")
            else:
                spans += self.inline(child, bold, italic, strike, link)
            if any(html.values()):
                spans[first_new:] = [html_styled(s, html) for s in spans[first_new:]]
        return merge(spans)

    # --- blocks -----------------------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            if node.type == "div":
                if "subtitle" in classes(node.meta.get("attrs", {})) and out and isinstance(out[-1], Heading):
                    # A heading's subtitle (a section slide's second line), not a slide's content.
                    parts = [b.text for b in self.blocks(node.children) if isinstance(b, Paragraph)]
                    out[-1].subtitle = [s for k, text in enumerate(parts)
                                        for s in ([Span("", line_break=True)] if k else []) + text]
                    continue
                out += self.div(node)
                continue
            if node.type in ("bullet_list", "ordered_list") and any(
                    c.type not in ("paragraph", "bullet_list", "ordered_list") for li in node.children
                    for c in li.children):
                out += self.split_list(node)
                continue
            if node.type == "html_block":
                out += self.html_block(node)
                continue
            if node.type == "div_stray":
                self.problems.warn(self.path, _line(node, self.offset), 1, "this ':::' closes no open div and "
                                   "was left out; remove it, or open a div above with '::: {.class}'")
                continue
            if node.type == "fence" and (node.info or "").replace(" ", "") == "{=openxml}":
                # Raw PowerPoint XML, passed into the slide as pandoc does.
                out += raw_openxml(node.content, self.path, _line(node, self.offset), self.problems)
                continue
            block = self.block(node)
            if isinstance(block, list):
                out += block
            elif block is not None:
                out.append(block)
        return out

    def block(self, node: SyntaxTreeNode) -> Block | list[Block] | None:
        t = node.type
        line = _line(node, self.offset)
        self._line = line
        if t == "heading":
            return self.heading(node, line)
        if t == "paragraph":
            inline = node.children[0]
            if re.fullmatch(r"\.\s\.\s\.", inline.content.strip()):
                return Pause(line)  # pandoc's pause: what follows appears on the next click
            kids = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
            if len(kids) == 1 and kids[0].type == "link":  # a linked picture: the picture
                inner = [c for c in kids[0].children if not (c.type == "text" and not c.content.strip())]
                kids = inner if len(inner) == 1 and inner[0].type == "image" else kids
            if kids and kids[0].type == "image" and all(attrs_or_break(c) for c in kids[1:]):
                tail = "".join(c.content for c in kids[1:] if c.type == "text")
                m = _ATTRS_AT_END.search(tail.rstrip("\\ "))
                # Alone in its paragraph a picture is a figure, its alt text the caption (pandoc's
                # implicit figures); a trailing backslash or line break makes it a plain picture.
                figure = not any(c.type == "hardbreak" or c.content.strip().endswith("\\") for c in kids[1:])
                return self.picture(kids[0], line, parse_attrs(m.group(1)) if m else {}, figure)
            self._display = []
            spans = self.inline(inline)
            if self._display:  # `$$…$$` in a paragraph: the equation stands on its own between its parts
                return split_display(spans, self._display, line)
            return Paragraph(spans, line)
        if t in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1)) if t == "ordered_list" else 1
            return ListBlock(self.items(node, depth=1), line, ordered=t == "ordered_list", start=start)
        if t == "table":
            return self.table(node, line)
        if t == "dl":
            return self.definitions(node, line)
        if t == "blockquote":
            return self.quote(node, line)
        if t == "hr":
            return SlideBreak(line)
        if t in ("fence", "code_block"):
            return self.fence(node, line)
        if t in ("front_matter", "footnote_block"):
            return None
        if t in ("html_block",):
            return None  # blocks() reads what is inside
        self.problems.warn(self.path, line, 1, f"'{t}' is not supported here and was left out")
        return None

    def html_block(self, node: SyntaxTreeNode) -> list[Block]:
        """Raw HTML: its tags are left out (with a warning), the Markdown between them is read."""
        if node.content.lstrip().startswith("<!--"):
            return []  # a comment is for the author, not the audience
        line = _line(node, self.offset)
        inner = re.sub(r"<!--.*?-->|<[^>]*>", "", node.content, flags=re.S)
        self.problems.warn(self.path, line, 1, "raw HTML tags were left out (the text between them is kept); "
                           "the deck and report do not render HTML")
        if not inner.strip():
            return []
        sub = _Parser(self.path, self.base_dir, self.problems, line - 1, self.root)
        return sub.blocks(syntax_tree(_markdown().parse(inner)).children)

    def heading(self, node: SyntaxTreeNode, line: int) -> Heading:
        inline = node.children[0]
        attrs: dict[str, str] = {}
        raw = inline.content
        m = _ATTRS_AT_END.search(raw)
        spans = self.inline(inline)
        if m and spans and not spans[-1].code:
            # The attribute block ends the heading's last text run: cut it from there, so that the
            # heading's formatting and footnote marks stay as parsed.
            tail = _ATTRS_AT_END.search(spans[-1].text)
            if tail:
                attrs = parse_attrs(m.group(1))
                last = spans[-1]
                spans = [*spans[:-1], Span(last.text[: tail.start()], last.bold, last.italic, last.code,
                                           last.strike, last.link, last.footnote)]
        return Heading(int(node.tag[1]), strip(spans), line, attrs)

    def items(self, node: SyntaxTreeNode, depth: int) -> list[ListItem]:
        items: list[ListItem] = []
        for li in node.children:
            line = _line(li, self.offset)
            text: Inline = []
            children: list[ListItem] = []
            for child in li.children:
                if child.type == "paragraph":
                    if text:
                        text.append(Span("", line_break=True))
                    text += self.inline(child.children[0])
                elif child.type in ("bullet_list", "ordered_list"):
                    if depth >= 3:
                        self.problems.warn(
                            self.path, _line(child, self.offset), 1,
                            "lists nest three levels deep at most; deeper items are shown at level 3",
                        )
                        flat = self.items(child, depth)
                        children += flat
                    else:
                        children += self.items(child, depth + 1)
                else:
                    self.problems.warn(self.path, _line(child, self.offset), 1,
                                       f"a {child.type.replace('_', ' ')} inside a list item is not supported; "
                                       "move it out of the list")
            items.append(ListItem(task_item(text), line, children))
        return items

    def table(self, node: SyntaxTreeNode, line: int) -> Table:
        heads: list[list[Inline]] = []
        rows: list[list[Inline]] = []
        align: list[str | None] = []
        for section in node.children:
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    style = str(cell.attrs.get("style", ""))
                    if section.type == "thead" and not heads:
                        align.append(style.split(":")[-1] if "text-align" in style else None)
                    cells.append(self.inline(cell.children[0]) if cell.children else [])
                (heads if section.type == "thead" else rows).append(cells)
        meta = node.meta or {}
        caption = self.inline(syntax_tree(meta["caption"])) if meta.get("caption") else []
        merged = [(r, c, down, across) for r, c, down, across in meta.get("merges", [])]
        return Table(heads[0] if heads else [], rows, line, align or list(meta.get("align", [])), caption,
                     list(meta.get("widths", [])), heads[1:], merged)

    def quote(self, node: SyntaxTreeNode, line: int) -> Quote:
        paragraphs: list[Inline] = []
        for child in node.children:
            if child.type == "paragraph":
                paragraphs.append(self.inline(child.children[0]))
                continue
            for inner in self.blocks([child]):
                if isinstance(inner, Paragraph):
                    paragraphs.append(inner.text)
                elif isinstance(inner, ListBlock):
                    # A list inside a quotation: each item becomes a line of the quote, marked.
                    def items(level: int, entries: list[ListItem], ordered: bool, start: int) -> None:
                        for k, item in enumerate(entries):
                            mark = f"{start + k}. " if ordered else "– "
                            paragraphs.append([Span("    " * level + mark), *item.text])
                            items(level + 1, item.children, False, 1)

                    items(0, inner.items, inner.ordered, inner.start)
                else:
                    self.problems.warn(self.path, _line(child, self.offset), 1,
                                       f"a {child.type.replace('_', ' ')} inside a quotation is not supported; "
                                       "move it out of the quote")
        attribution = None
        if paragraphs:
            last = paragraphs[-1]
            if last and not last[0].code and _ATTRIBUTION.match(last[0].text):
                first = Span(_ATTRIBUTION.sub("", last[0].text, count=1), last[0].bold, last[0].italic,
                             link=last[0].link)
                attribution = strip([first, *last[1:]])
                paragraphs = paragraphs[:-1]
        return Quote(paragraphs, line, attribution)

    def picture(self, node: SyntaxTreeNode, line: int, attrs: dict[str, str] | None = None,
                figure: bool = False) -> Picture:
        src = str(node.attrs.get("src", ""))
        title = node.attrs.get("title")
        alt = "".join(c.content for c in node.children if c.type in ("text", "code_inline")) or node.content
        attrs = attrs or {}
        pic = Picture(path=src, alt=alt.strip(), line=line, title=str(title) if title else None,
                      width=attrs.get("width"), height=attrs.get("height"),
                      caption=alt.strip() or None if figure else None)
        if re.match(r"^[a-z][a-z0-9+.-]*://", src):
            self.problems.error(self.path, line, 1, f"picture '{src}' is a web address; download it into the "
                                "project and give its path, so that builds work offline and stay the same")
            return pic
        target = (self.base_dir / src).resolve()
        if self.root is not None and not target.is_relative_to(self.root.resolve()):
            self.problems.error(self.path, line, 1,
                                f"picture '{src}' is outside the project folder; copy it into the project")
        elif not target.is_file():
            self.problems.error(self.path, line, 1,
                                f"picture '{src}' not found (looked for {target}); check the path, "
                                "which is relative to this file")
        else:
            try:
                check_picture(target, self.root)
                pic.resolved = str(target)
            except (ValueError, OSError) as exc:
                self.problems.error(self.path, line, 1, str(exc))
        if not pic.alt:
            self.problems.warn(self.path, line, 1, f"picture '{src}' has no alt text; write what it shows "
                               "between the brackets: ![what it shows](path)")
        return pic

    def fence(self, node: SyntaxTreeNode, line: int) -> Block | None:
        lang = (node.info or "").strip().split(" ")[0].lower() if node.type == "fence" else ""
        if lang == "metrics":
            doc = parse_yaml(node.content, self.path, self.problems, line_offset=line)
            if doc is None:
                return None
            body = validate(doc, _MetricsBody, self.problems) if isinstance(doc.data, dict) else None
            if not isinstance(doc.data, dict):
                self.problems.error(self.path, line + 1, 1,
                                    "a metrics block holds 'tiles:', a list of {value, label, change, source}")
            if body is None:
                return None
            return Metrics([Metric(_text(t.value), t.label, None if t.change is None else _text(t.change),
                                   t.source) for t in body.tiles], line)
        if lang in ("chart", "timeline"):
            doc = parse_yaml(node.content, self.path, self.problems, line_offset=line)
            if doc is None:
                return None
            if not isinstance(doc.data, dict):
                self.problems.error(self.path, line + 1, 1, f"a {lang} block holds YAML fields such as 'type:' and "
                                    "'series:'; see docs/markdown.md")
                return None
            if lang == "chart":
                chart = check_chart(doc, self.problems)
                return ChartBlock(chart, line) if chart else None
            timeline = check_timeline(doc, self.problems)
            return TimelineBlock(timeline, line) if timeline else None
        if lang.startswith("{="):  # a raw block for one output format (`{=latex}`, `{=html}`)
            self.problems.warn(self.path, line, 1, f"raw {lang[2:].rstrip('}')} block left out; the deck and "
                               "report cannot show it")
            return None
        return code_block(node.content.rstrip("\n"), line, (node.info or "").strip() if node.type == "fence" else "")

    def footnotes(self, root: SyntaxTreeNode, source: str) -> dict[str, Footnote]:
        notes: dict[str, Footnote] = {}
        # The footnote plugin keeps no line numbers on definitions: find them in the source.
        lines = {m.group(1): source.count("\n", 0, m.start()) + 1
                 for m in re.finditer(r"(?m)^ {0,3}\[\^([^\]]+)\]:", source)}
        for block in root.children:
            if block.type != "footnote_block":
                continue
            for fn in block.children:
                label = str(fn.meta.get("label", fn.meta.get("id")))
                text: Inline = []
                for child in fn.children:
                    if child.type == "paragraph":
                        if text:
                            text.append(Span(" "))
                        text += self.inline(child.children[0])
                notes[label] = Footnote(label, strip(text), lines.get(label, 1) + self.offset)
        return notes


def _text(value: str | int | float) -> str:
    return str(value)


def _writable(text: str, path: str, problems: Problems) -> str:
    """The text without characters no deck or report can hold, each line that had some reported."""
    cleaned, changed = clean_text(text)
    if not changed:
        return text
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: it breaks at \v and \f too
        at = unwritable_at(line)
        if at is not None:
            problems.warn(path, number, at + 1, "control characters or Unicode noncharacters were removed from "
                          "this line; no deck or report can show them")
    return cleaned


def _with_citations(text: str, meta: Meta, md: MarkdownIt, parser: _Parser, base: Path, path: str,
                    problems: Problems, project_root: Path | None) -> str:
    """The source with its citations written out and the works cited listed (pandoc's citeproc)."""
    bib = load_bibliography(meta.extra, base, path, problems, project_root)
    resolved, cited = resolve_citations(text, bib, path, problems)
    if not cited and "nocite" not in meta.extra:
        return resolved
    # The references go under a heading at the slide level, which the headings decide: read them
    # from a first parse whose problems the real one reports.
    quiet = _Parser(path, base, Problems(), 0, project_root)
    first = quiet.blocks(syntax_tree(md.parse(resolved, {})).children)
    level = meta.slide_level if meta.slide_level is not None else slide_level(first)
    return with_references(resolved, bib, cited, meta.extra, level)


def _say_unclosed(lines: list[int], path: str, problems: Problems) -> None:
    for number in sorted(set(lines)):
        problems.error(path, number + 1, 1, "this div is never closed; add a line ':::' where it ends")


def parse(text: str, path: str, problems: Problems, base_dir: Path | None = None,
          project_root: Path | None = None, meanwhile: Callable[[], None] | None = None) -> Document:
    """Parse Markdown into a :class:`Document`; problems are collected, never raised.

    ``meanwhile`` is work of the caller's (loading the renderers) done here while a long text's
    second half is parsed in another process, which then takes a larger part of the text."""
    text = _writable(text, path, problems)
    md = _markdown()
    block_meta, text = title_block(text)
    text = tex_environments(text, path, problems)
    base = base_dir or Path(".")
    source = text.splitlines()

    def parser_for(found: Problems, line: int = 0) -> _Parser:
        parser = _Parser(path, base, found, line, project_root)
        parser.source = source
        return parser

    def parse_tail(tail: str, line: int) -> Tail | None:  # in the child, for a long text
        env: dict[str, Any] = {}
        tokens = md.parse(tail, env)
        if not tokens or tokens[0].type != "heading_open":
            return None
        found = Problems()
        blocks = parser_for(found, line).blocks(syntax_tree(tokens).children)
        return Tail(blocks, found.items, [n + line for n in env.get("divs_unclosed", [])])

    apart = parsehalves.start(text, parse_tail, parsehalves.SHARE_BESIDE_WORK if meanwhile else 0.5)
    if apart is not None:
        if meanwhile is not None:
            meanwhile()
        env = apart.head_env()
        tokens = md.parse(text, env)
        if apart.proved(env):
            # What the first half holds is said after every unclosed div, as a parse in one
            # process says it: kept apart until the child's are known.
            found = Problems()
            parser = parser_for(found)
            root = syntax_tree(tokens)
            meta = _meta(root, block_meta, path, found)
            blocks = parser.blocks(root.children)
            tail = apart.tail()
            if tail is not None:
                _say_unclosed(env.get("divs_unclosed", []) + tail.unclosed, path, problems)
                problems.extend(found)
                problems.extend(tail.problems)
                parser.problems = problems
                return _document(meta, blocks + tail.blocks, parser, root, text, path, base, problems)
    env = {}
    tokens = md.parse(text, env)
    _say_unclosed(env.get("divs_unclosed", []), path, problems)
    root = syntax_tree(tokens)
    parser = parser_for(problems)
    meta = _meta(root, block_meta, path, problems)
    if ("@" in text or "\\cite" in text) and (any(k in meta.extra for k in ("bibliography", "references"))
                                                or cites(text)):
        cited_text = _with_citations(text, meta, md, parser, base, path, problems, project_root)
        if cited_text != text:
            text = cited_text
            root = syntax_tree(md.parse(text, {}))
    return _document(meta, parser.blocks(root.children), parser, root, text, path, base, problems)


def _meta(root: SyntaxTreeNode, block_meta: Meta | None, path: str, problems: Problems) -> Meta:
    """The front matter's, with what a title block (``% title``) gives and the YAML does not."""
    for node in root.children:
        if node.type == "front_matter":
            meta = meta_of(node.content, path, problems)
            if block_meta is not None:  # both: the YAML adds to the title block, as in pandoc
                meta = replace(meta, **{k: v for k, v in vars(block_meta).items() if v and not getattr(meta, k)})
            return meta
    return block_meta or Meta()


def _document(meta: Meta, blocks: list[Block], parser: _Parser, root: SyntaxTreeNode, text: str, path: str,
              base: Path, problems: Problems) -> Document:
    footnotes = parser.footnotes(root, text)
    doc = Document(meta=meta, blocks=blocks, path=path, footnotes=footnotes, base_dir=str(base))
    check_footnotes(doc, text, problems)
    check_links(doc, problems)
    return doc

"""Raw TeX in a Markdown deck, as decks written for pandoc's beamer writer carry it.

pandoc passes raw TeX to LaTeX and drops it for every other format. Here what has a meaning on a
slide keeps it, and nothing is printed as typed in silence:

- :func:`tex_environments` (a pass over the source before parsing, keeping line numbers): maths
  environments (``align*``, ``equation`` …) become display maths; ``itemize``/``enumerate``
  become lists; ``center``, ``block`` and the like are unwrapped, their text kept; any other
  environment (``figure``, ``tikzpicture`` …) is left out with a warning at its lines.
- :func:`tex_inline_plugin` (a markdown-it rule) reads ``\\command[opt]{arg}`` in running text;
  :func:`command_spans` maps the common commands (``\\alert``, ``\\emph``, ``\\textbf``,
  ``\\texttt``, ``\\url``, ``\\href``, ``\\LaTeX`` …) and keeps the text of the rest with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from .document import Inline, Span
from .errors import Problems

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BEGIN = re.compile(r"^(\s*)\\begin\{([A-Za-z]+\*?)\}((?:\[[^\]]*\]|\{[^{}]*\})*)\s*(.*)$")
_MATHS = {"equation", "align", "gather", "multline", "eqnarray", "displaymath", "math", "flalign", "alignat"}
_ALIGNED = {"align", "eqnarray", "flalign", "alignat"}
_UNWRAP = {"center", "flushleft", "flushright", "quote", "quotation", "minipage", "block", "alertblock",
           "exampleblock", "small", "footnotesize", "large", "onlyenv", "uncoverenv", "visibleenv"}
_LISTS = {"itemize": "-", "enumerate": "1.", "description": "-"}


def tex_environments(text: str, path: str, problems: Problems) -> str:
    """The source with each TeX environment that starts a line made Markdown, line for line."""
    if "\\begin{" not in text:
        return text
    lines = text.split("\n")
    fence: str | None = None
    k = 0
    while k < len(lines):
        line = lines[k]
        m = _FENCE.match(line)
        if m:
            fence = m.group(1) if fence is None else (None if m.group(1)[0] == fence[0] else fence)
        begin = _BEGIN.match(line) if fence is None and not m and "$" not in line else None
        if begin is None:
            k += 1
            continue
        indent, env, args, rest = begin.groups()
        end = _matching_end(lines, k, env)
        if end is None:
            k += 1
            continue
        name = env.rstrip("*")
        if name in _MATHS:
            opening, closing = ("$$\\begin{aligned}", "\\end{aligned}$$") if name in _ALIGNED else ("$$", "$$")
            lines[k] = indent + opening + (" " + rest if rest else "")
            for j in range(k + 1, end):
                lines[j] = re.sub(r"\\(?:label\{[^{}]*\}|nonumber|notag)", "", lines[j])
            lines[end] = lines[end].replace(f"\\end{{{env}}}", closing, 1)
        elif name in _LISTS:
            lines[k] = ""
            for j in range(k + 1, end):
                lines[j] = _ITEM.sub(_item_as(_LISTS[name]), lines[j])
            lines[end] = ""
        elif name in _UNWRAP:
            title = re.match(r"\{([^{}]*)\}", args)
            lines[k] = f"{indent}**{title.group(1)}**" if name.endswith("block") and title else ""
            lines[end] = lines[end].replace(f"\\end{{{env}}}", "", 1)
            if rest:
                lines[k] = (lines[k] + " " + rest).strip()
        else:
            problems.warn(path, k + 1, len(indent) + 1, f"TeX environment '{env}' (lines {k + 1}–{end + 1}) was "
                          "left out: the deck and report cannot draw it; use Markdown (a picture, a table) instead")
            for j in range(k, end + 1):
                lines[j] = ""
        k = end + 1
    return "\n".join(lines)


_ITEM = re.compile(r"^(\s*)\\item(?:\[([^\]]*)\])?\s*")


def _item_as(marker: str) -> Callable[[re.Match[str]], str]:
    """``\\item`` as a Markdown list item; ``\\item[term]`` with the term in bold."""
    return lambda i: f"{i.group(1)}{marker} " + (f"**{i.group(2)}** " if i.group(2) else "")


def _matching_end(lines: list[str], start: int, env: str) -> int | None:
    depth = 0
    begin, end = f"\\begin{{{env}}}", f"\\end{{{env}}}"
    for j in range(start, min(len(lines), start + 500)):
        depth += lines[j].count(begin) - lines[j].count(end)
        if depth <= 0 and j >= start and end in lines[j]:
            return j
    return None


# --- inline commands --------------------------------------------------------------------------

_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_BOLD = {"alert", "textbf", "structure", "bfseries", "strong"}
_ITALIC = {"emph", "textit", "textsl", "itshape"}
_PLAIN = {"text", "textrm", "textsf", "textsc", "textup", "textmd", "textnormal", "mbox", "hbox", "underline",
          "uline", "only", "uncover", "visible", "onslide", "color", "textcolor", "colorbox", "fbox", "framebox",
          "centerline", "footnotesize", "small", "tiny", "large", "Large", "huge", "normalsize", "scriptsize"}
_WORDS = {"LaTeX": "LaTeX", "TeX": "TeX", "ldots": "…", "dots": "…", "textendash": "–", "textemdash": "—",
          "copyright": "©", "textregistered": "®", "texttrademark": "™", "euro": "€", "S": "§", "P": "¶",
          "textbackslash": "\\", "quad": " ", "qquad": "  ", "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ"}
_SPACING = {"vspace", "hspace", "vfill", "hfill", "medskip", "bigskip", "smallskip", "centering", "noindent",
            "newpage", "clearpage", "par", "raggedright", "raggedleft", "selectfont", "linespread", "pause",
            "label", "maketitle", "tableofcontents", "relax", "null", "protect", "setlength"}
_BREAKS = {"newline", "linebreak"}


def _arguments(src: str, pos: int, limit: int = 4) -> tuple[list[str], int]:
    """``[opt]`` and ``{arg}`` groups after a command (braces balanced), and where they end."""
    args: list[str] = []
    while len(args) < limit and pos < len(src) and src[pos] in "[{":
        close = "]" if src[pos] == "[" else "}"
        depth, j = 0, pos
        while j < len(src):
            if src[j] == src[pos] and (j == pos or src[j - 1] != "\\"):
                depth += 1
            elif src[j] == close and src[j - 1] != "\\":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(src):
            break
        args.append(("[" if close == "]" else "") + src[pos + 1:j])
        pos = j + 1
    return args, pos


def _tex_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "\\":
        return False
    if src.startswith("\\ ", pos):  # pandoc's escaped space: a space that never breaks (`\LaTeX\ and`)
        if not silent:
            state.push("text", "", 0).content = "\u00a0"
        state.pos = pos + 2
        return True
    m = _COMMAND.match(src, pos)
    if m is None:
        return False
    name = m.group(1)
    args, end = _arguments(src, m.end())
    if name not in _WORDS and name not in _BREAKS and name not in _SPACING and not args:
        return False  # a lone `\word` that is no command of note stays text, as pandoc reads it
    if not silent:
        token = state.push("tex_command", "", 0)
        token.meta = {"name": name, "args": args}
        token.content = src[pos:end]
    state.pos = end
    return True


def tex_inline_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "tex_command", _tex_rule)


def _plain(tex: str) -> str:
    """A command argument's text: nested commands unwrapped, braces gone."""
    text = re.sub(r"\\([A-Za-z]+)\*?", lambda c: _WORDS.get(c.group(1), ""), tex)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", ""))


def command_spans(meta: dict[str, Any], source: str, base: Span, path: str, line: int,
                  problems: Problems) -> Inline:
    """The runs a TeX command in running text stands for; problems say what was left out."""
    name: str = meta["name"]
    args = [a for a in meta["args"] if not a.startswith("[")]
    last = _plain(args[-1]) if args else ""
    if name in _WORDS:
        return [replace(base, text=_WORDS[name] + (last if args else ""))]
    if name in _BREAKS:
        return [Span("", line_break=True)]
    if name in _BOLD:
        return [replace(base, text=last, bold=True)]
    if name in _ITALIC:
        return [replace(base, text=last, italic=True)]
    if name == "texttt":
        return [replace(base, text=last, code=True)]
    if name in ("textsuperscript", "textsubscript"):
        return [replace(base, text=last, script="super" if name == "textsuperscript" else "sub")]
    if name == "url" and args:
        return [replace(base, text=_plain(args[0]), link=_plain(args[0]))]
    if name == "href" and len(args) >= 2:
        return [replace(base, text=last, link=_plain(args[0]))]
    if name in _PLAIN:
        return [replace(base, text=last)] if last else []
    if name in _SPACING:
        return []  # spacing and layout: nothing of the text is lost
    if name == "includegraphics":
        problems.warn(path, line, 1, f"TeX picture {last} was left out; write ![caption]({last}) with a PNG, "
                      "JPEG or SVG file instead")
        return []
    kept = f"; its text '{last[:40]}' is kept" if last else ""
    problems.warn(path, line, 1, f"TeX command {source[:40]} was left out{kept}: the deck and report do not run TeX")
    return [replace(base, text=last)] if last else []

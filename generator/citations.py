"""Citations ``[@key]`` resolved from a deck's bibliography, as pandoc's citeproc does.

:mod:`generator.markdown` calls :func:`resolve_citations` on the source before parsing it: every
citation becomes its author–date text, in pandoc's spellings (``[@a]``, ``[see @a, p. 3; @b]``,
``[-@a]``, ``@a``, ``@a [p. 3]``), and :func:`references_markdown` writes the works cited, sorted
by author, for a references slide and a handout section (at a ``::: {#refs}`` div, under a last
heading called "References", or at the end). Works come from the front matter's ``bibliography``
(BibTeX ``.bib``, CSL JSON ``.json`` or CSL YAML ``.yaml``) and its ``references`` list. A citation
that cannot be resolved is kept as typed and reported at its line, never dropped.

The style is author–date in the manner of Chicago, pandoc's default style; ``csl`` style files
are not read (a warning says so).
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .errors import Problems
from .yamlfile import parse_yaml

# Front-matter keys about citations, read here rather than by Meta.
CITATION_KEYS = ("bibliography", "references", "nocite", "csl", "link-citations", "reference-section-title",
                 "citation-style", "suppress-bibliography")

# pandoc's citation key: a letter, digit or _ first, then those and internal punctuation.
_KEY = r"[\w][\w:.#$%&+?<>~/-]*(?<=[\w])"
_GROUP = re.compile(r"(?<![\\\w])\[(?P<body>[^\[\]]*?-?@" + _KEY + r"[^\[\]]*)\](?![(:{\[])")
_ITEM = re.compile(r"^(?P<prefix>.*?)(?P<minus>-?)@(?P<key>" + _KEY + r")(?P<suffix>.*)$", re.S)
_IN_TEXT = re.compile(r"(?<![\w@\\\[-])@(?P<key>" + _KEY + r")(?:\s\[(?P<locator>[^\[\]@]*)\])?")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CROSSREF = re.compile(r"^(fig|tbl|eq|sec|lst|thm|lem|def):")
_REFS_DIV = re.compile(r"^:{3,}\s*\{\s*#refs\s*\}\s*\n:{3,}\s*$", re.M)
_REFS_HEADING = re.compile(r"^(#{1,6})\s+(References|Bibliography|Works cited|参考文献|Références|Literatur)\s*$",
                           re.M | re.I)


@dataclass
class Work:
    """One work of the bibliography, in the fields the style writes."""

    key: str
    authors: list[tuple[str, str]] = field(default_factory=list)  # (family, given)
    year: str = ""
    title: str = ""
    container: str = ""  # journal, book or proceedings
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    url: str = ""
    kind: str = "book"

    def names(self) -> str:
        """``Boyd and Vandenberghe``, ``Diehl, Bock, and Schlöder``, ``Müller et al.``."""
        family = [f or g for f, g in self.authors]
        if not family:
            return f"*{self.title}*" if self.title else self.key
        if len(family) > 3:
            return f"{family[0]} et al."
        return family[0] if len(family) == 1 else ", ".join(family[:-1]) + ("," if len(family) > 2 else "") + \
            f" and {family[-1]}"

    def entry(self) -> str:
        """The reference list's line, as Markdown."""
        people = [f"{f}, {g}".strip(", ") if k == 0 else f"{g} {f}".strip() for k, (f, g) in enumerate(self.authors)]
        who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + ", and " + people[-1] if people else ""
        parts = [p for p in (_md(who).rstrip("."), _md(self.year or "n.d.")) if p]
        head = ". ".join(parts) + "."
        if self.kind == "article" or (self.container and self.kind != "book"):
            where = f"*{_md(self.container)}*" if self.container else ""
            if self.volume:
                where += f" {_md(self.volume)}" + (f" ({_md(self.issue)})" if self.issue else "")
            if self.pages:
                where += f": {_md(self.pages)}"
            body = f"“{_md(self.title)}.” {where}".strip()
        else:
            body = f"*{_md(self.title)}*" if self.title else ""
        tail = [p for p in (body.rstrip("."), _md(self.publisher)) if p]
        text = head + (" " + ". ".join(tail) + "." if tail else "")
        return text + (f" <{self.url}>" if self.url else "")


@dataclass
class Bibliography:
    works: dict[str, Work] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # as the front matter names them, for messages


def _md(text: str) -> str:
    """Text from a bibliography, escaped so it cannot start Markdown of its own."""
    return re.sub(r"([\\`*_\[\]<>#|$@~^])", r"\\\1", text)


def _latex_text(value: str) -> str:
    """BibTeX's TeX as plain text: accents decoded, braces and simple commands unwrapped."""
    import latexcodec  # noqa: F401  (registers the codec)

    # latexcodec's text-to-text codec, which typeshed's overloads of codecs.decode do not know.
    text = str(cast(Any, codecs.decode)(value, "ulatex"))
    text = re.sub(r"\\(?:emph|textit|textbf|textsc|mathrm|text)\s*\{([^{}]*)\}", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def _from_bibtex(text: str) -> list[Work]:
    from pybtex.database import parse_string

    works = []
    for key, entry in parse_string(text, "bibtex").entries.items():
        fields = {k.lower(): _latex_text(str(v)) for k, v in entry.fields.items()}
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        authors = [(_latex_text(" ".join(p.prelast_names + p.last_names)),
                    _latex_text(" ".join(p.first_names + p.middle_names))) for p in people]
        works.append(Work(
            key=key, authors=authors, year=fields.get("year", fields.get("date", "")[:4]),
            title=fields.get("title", ""),
            container=fields.get("journal") or fields.get("booktitle") or fields.get("journaltitle", ""),
            publisher=fields.get("publisher") or fields.get("institution") or fields.get("school", ""),
            volume=fields.get("volume", ""), issue=fields.get("number", ""), pages=fields.get("pages", ""),
            url=fields.get("url") or (f"https://doi.org/{fields['doi']}" if fields.get("doi") else ""),
            kind="article" if entry.type.lower() == "article" else "book" if entry.type.lower() == "book" else "part"))
    return works


def _from_csl(items: Any) -> list[Work]:
    """CSL JSON or YAML items, as pandoc's ``references`` and ``.json`` bibliographies hold them."""
    works = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        authors = []
        for person in item.get("author") or item.get("editor") or []:
            if isinstance(person, dict):
                authors.append((str(person.get("family") or person.get("literal") or ""), str(person.get("given", ""))))
        issued = item.get("issued") or {}
        year = ""
        if isinstance(issued, dict) and issued.get("date-parts"):
            year = str(issued["date-parts"][0][0])
        elif isinstance(issued, (str, int)):
            year = str(issued)[:4]
        works.append(Work(
            key=str(item["id"]), authors=authors, year=year, title=str(item.get("title", "")),
            container=str(item.get("container-title", "")), publisher=str(item.get("publisher", "")),
            volume=str(item.get("volume", "")), issue=str(item.get("issue", "")), pages=str(item.get("page", "")),
            url=str(item.get("URL") or (f"https://doi.org/{item['DOI']}" if item.get("DOI") else "")),
            kind="article" if item.get("type") == "article-journal" else
                 "book" if item.get("type") in (None, "book") else "part"))
    return works


def load_bibliography(meta: dict[str, Any], base_dir: Path, path: str, problems: Problems,
                      allowed: Path | None = None) -> Bibliography:
    """The works the front matter's ``bibliography`` files and ``references`` list hold."""
    from .templates import inside

    bib = Bibliography()
    named = meta.get("bibliography")
    for name in [named] if isinstance(named, str) else named if isinstance(named, list) else []:
        file = base_dir / str(name)
        bib.files.append(str(name))
        if not file.is_file():
            problems.warn(path, None, None, f"bibliography '{name}' not found beside the deck; citations of it "
                          "are shown as typed")
            continue
        if allowed is not None and not inside(file, [allowed]):
            problems.error(path, None, None, f"bibliography '{name}' is outside the project; copy it beside the deck")
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        try:
            suffix = file.suffix.lower()
            if suffix in (".bib", ".bibtex", ".biblatex"):
                found = _from_bibtex(text)
            elif suffix == ".json":
                found = _from_csl(json.loads(text))
            else:
                doc = parse_yaml(text, str(name), problems)
                data = doc.data if doc else None
                found = _from_csl(data.get("references") if isinstance(data, dict) else data)
        except Exception as exc:  # noqa: BLE001  (any fault in a bibliography file is the author's to fix)
            problems.warn(path, None, None, f"bibliography '{name}' could not be read ({str(exc)[:120]}); "
                          "citations of it are shown as typed")
            continue
        bib.works.update((w.key, w) for w in found)
    bib.works.update((w.key, w) for w in _from_csl(meta.get("references")))
    if meta.get("csl") or meta.get("citation-style"):
        problems.warn(path, None, None, "a 'csl' style is not read; citations are written author–date, as "
                      "pandoc's default style writes them")
    return bib


_TEX_CITE = re.compile(r"\\cite([tp]?)\*?(?:\[[^\]]*\])?\{([^{}]+)\}")


def _as_pandoc(cite: re.Match[str], bib: Bibliography) -> str:
    keys = [k.strip() for k in cite.group(2).split(",")]
    if not keys or any(k not in bib.works for k in keys):
        return cite.group(0)  # left to the raw TeX reader, which says what it drops
    if cite.group(1) == "t":
        return " and ".join(f"@{k}" for k in keys)
    return "[" + "; ".join(f"@{k}" for k in keys) + "]"


def cites(text: str) -> bool:
    """Whether ``text`` may hold a citation: worth resolving, or warning about."""
    return bool(_GROUP.search(text))


def _code_free(line: str) -> str:
    # Inline code shows `[@x]` as typed: blank code spans out, keeping columns.
    return re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)


def resolve_citations(text: str, bib: Bibliography, path: str, problems: Problems) -> tuple[str, list[str]]:
    """``text`` with each citation written out, and the keys cited, in order of first citation."""
    cited: list[str] = []
    out: list[str] = []
    fence: str | None = None
    unknown_said: set[str] = set()

    def work(key: str, number: int, col: int) -> Work | None:
        found = bib.works.get(key)
        if found is None:
            if key not in unknown_said:
                unknown_said.add(key)
                where = (f"is not in the bibliography ({', '.join(bib.files) or 'references'})" if bib.works
                         else f"cannot be resolved: {', '.join(bib.files)} could not be read" if bib.files
                         else "has no bibliography to come from; add 'bibliography: refs.bib' to the front matter")
                problems.warn(path, number, col, f"citation @{key} {where}; it is shown as typed")
            return None
        if key not in cited:
            cited.append(key)
        return found

    for number, line in enumerate(text.split("\n"), start=1):
        m = _FENCE.match(line)
        if m:
            fence = m.group(1) if fence is None else (None if m.group(1)[0] == fence[0] else fence)
        if fence is not None or m or line.startswith("    ") or ("@" not in line and "\\cite" not in line):
            out.append(line)
            continue
        if "\\cite" in line:  # LaTeX's \cite{a,b} (\citep, \citet): the same works, when the bibliography has them
            line = _TEX_CITE.sub(lambda c: _as_pandoc(c, bib), line)
        visible = _code_free(line)

        def group(g: re.Match[str], number: int = number) -> str:
            parts = []
            for item in g.group("body").split(";"):
                i = _ITEM.match(item.strip())
                if i is None or _CROSSREF.match(i.group("key")):
                    return g.group(0)
                found = work(i.group("key"), number, g.start() + 1)
                if found is None:
                    return g.group(0)
                suffix = i.group("suffix").strip().lstrip(",").strip()
                who = "" if i.group("minus") else found.names() + " "
                parts.append(" ".join(p for p in (i.group("prefix").strip(), f"{who}{_md(found.year or 'n.d.')}")
                                      if p) + (f", {suffix}" if suffix else ""))
            return "(" + "; ".join(parts) + ")"

        def in_text(t: re.Match[str], number: int = number) -> str:
            if _CROSSREF.match(t.group("key")):
                return t.group(0)
            found = work(t.group("key"), number, t.start() + 1)
            if found is None:
                return t.group(0)
            locator = f", {t.group('locator').strip()}" if t.group("locator") else ""
            return f"{found.names()} ({_md(found.year or 'n.d.')}{locator})"

        if visible != line:  # code spans on the line: replace only outside them
            pieces = re.split(r"(`+.+?`+)", line)
            line = "".join(p if p.startswith("`") else _IN_TEXT.sub(in_text, _GROUP.sub(group, p)) for p in pieces)
        else:
            line = _IN_TEXT.sub(in_text, _GROUP.sub(group, line))
        out.append(line)
    return "\n".join(out), cited


def with_references(text: str, bib: Bibliography, cited: list[str], meta: dict[str, Any], level: int) -> str:
    """``text`` with the works cited listed where pandoc puts them, under a heading at ``level``."""
    keys = list(cited)
    nocite = meta.get("nocite")
    wanted = re.findall(r"@(" + _KEY + r"|\*)", " ".join(nocite) if isinstance(nocite, list) else str(nocite or ""))
    keys += [k for k in (bib.works if "*" in wanted else wanted) if k in bib.works and k not in keys]
    if not keys or meta.get("suppress-bibliography"):
        return text
    works = sorted((bib.works[k] for k in keys), key=lambda w: (w.names().lower(), w.year))
    entries = "\n".join(f"- {w.entry()}" for w in works) + "\n"
    refs_div = _REFS_DIV.search(text)
    if refs_div:
        return text[:refs_div.start()] + entries + text[refs_div.end():]
    last = list(_REFS_HEADING.finditer(text))
    if last and not text[last[-1].end():].strip():
        return text.rstrip("\n") + "\n\n" + entries
    title = str(meta.get("reference-section-title") or "References")
    return text.rstrip("\n") + f"\n\n{'#' * level} {_md(title)}\n\n" + entries

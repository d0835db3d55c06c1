"""Raw TeX in decks written for beamer: what has a meaning on a slide keeps it, the rest is said."""

from __future__ import annotations

from pathlib import Path

from generator.document import plain
from generator.errors import Problems
from generator.markdown import parse

DECK = r"""## Control

- This is \alert{important}, \emph{stressed}, \textbf{bold} and \texttt{code}; see \url{https://x.org}.
- \LaTeX\ and \ldots\ stay; \vspace{1em}spacing goes quietly; \foo{kept text} is said.
- Consider the system:
\begin{align*}
\dot x(t) &= f(x(t), u(t)) \label{eq:sys} \\
x(t_0) &= x_0
\end{align*}

\begin{center}
Centred words
\end{center}

\begin{itemize}
\item First
\item[Term] Second
\end{itemize}

\begin{tikzpicture}
\draw (0,0) -- (1,1);
\end{tikzpicture}

\includegraphics[width=3cm]{img/plant.pdf}
"""


def test_tex_commands_and_environments_become_slides_text_lists_and_maths() -> None:
    problems = Problems()
    doc = parse(DECK, "t.md", problems)
    lists = [b for b in doc.blocks if b.kind == "list"]
    first = lists[0].items[0].text
    assert plain(first) == "This is important, stressed, bold and code; see https://x.org."
    assert [(s.text, s.bold, s.italic, s.code) for s in first if s.bold or s.italic or s.code] == [
        ("important", True, False, False), ("stressed", False, True, False), ("bold", True, False, False),
        ("code", False, False, True)]
    assert next(s.link for s in first if s.text == "https://x.org") == "https://x.org"
    second = plain(lists[0].items[1].text)
    assert "LaTeX" in second and "…" in second and "spacing goes quietly" in second and "kept text" in second
    assert "\\" not in second and "{" not in second
    # The align* environment is display maths now, without its label, inside the list item.
    third = plain(lists[0].items[2].text)
    assert "begin{align" not in third and "label" not in third and "x(t_0)" in third
    texts = " ".join(plain(getattr(b, "text", [])) for b in doc.blocks if hasattr(b, "text")
                     and isinstance(b.text, list))
    assert "Centred words" in texts and "\\begin{center}" not in texts
    assert [plain(i.text) for i in lists[1].items] == ["First", "Term Second"]
    assert lists[1].items[1].text[0].bold  # \item[Term]: the term in bold
    assert "draw" not in texts  # the TikZ picture is left out …
    messages = [str(p) for p in problems.items]
    assert any(m.startswith("t.md:20:1: warning: TeX environment 'tikzpicture' (lines 20–22) was left out")
               for m in messages), messages  # … and said, at its lines
    assert any("TeX command \\foo{kept text} was left out; its text 'kept text' is kept" in m for m in messages)
    assert any("TeX picture img/plant.pdf was left out" in m for m in messages)
    assert not any("vspace" in m or "alert" in m for m in messages)


def test_a_maths_environment_is_display_maths(tmp_path: Path) -> None:
    problems = Problems()
    doc = parse("## M\n\n\\begin{equation}\nE = mc^2 \\label{eq:e}\n\\end{equation}\n", "m.md", problems)
    assert problems.items == []
    equation = next(b for b in doc.blocks if b.kind == "equation")
    assert equation.tex.strip() == "E = mc^2"  # drawn as an equation, its label gone


def test_latex_cite_commands_resolve_from_the_bibliography(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text("@book{knuth1984, title={The TeXbook}, author={Knuth, Donald}, year=1984}\n",
                                       encoding="utf-8")
    problems = Problems()
    doc = parse("---\nbibliography: refs.bib\n---\n\n## A\n\nAs in \\cite{knuth1984} and \\citet{knuth1984}.\n",
                "c.md", problems, base_dir=tmp_path)
    assert problems.items == []
    assert "As in (Knuth 1984) and Knuth (1984)." in [plain(b.text) for b in doc.blocks if b.kind == "paragraph"]

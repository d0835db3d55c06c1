"""Property-based tests: any Markdown deck, content file or chart block gives outputs or located
problems, never another exception; every output opens in programs nobody here wrote.

Bounded (a dozen examples each, derandomised) so CI stays fast and its runs repeatable.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, need_program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

import generator
from generator import BuildFailed
from generator.errors import Problems
from generator.packs import load_project_content

BOUNDED = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text as people type it, and as they paste it: punctuation the dialect uses, CJK, emoji, odd spaces.
WORDS = st.text(alphabet=st.sampled_from(list("abcdefghij ABCXYZ 0123456789 .,;:!?-–—'\"()[]{}*_`#|:>~^$%&/\\<=+"
                                              "中国进口博览会 é ü ñ ß 😀 \u00a0\u200b")),
                min_size=0, max_size=60)
NUMBERS = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True, width=32),
                    st.none(), st.text(max_size=5))


@st.composite
def chart_block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["column", "bar", "line", "pie", "doughnut", "area", ""]))
    n = draw(st.integers(0, 6))
    categories = [draw(WORDS) or "c" for _ in range(n)]
    series = [f"  - name: {draw(WORDS)!r}\n    values: [{', '.join(str(draw(NUMBERS)) for _ in range(n))}]"
              for _ in range(draw(st.integers(0, 3)))]
    return (f"```chart\ntype: {kind}\ntitle: {draw(WORDS)!r}\ncategories: {categories!r}\nseries:\n"
            + "\n".join(series) + f"\nnumber_format: {draw(st.sampled_from(['0', '0.0%', '#,##0', 'General', '']))!r}"
            + "\n```")


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["para", "list", "table", "quote", "code", "notes", "chart", "metrics", "timeline",
                                 "columns", "break"]))
    if kind == "para":
        return draw(WORDS)
    if kind == "list":
        return "\n".join(f"{'  ' * draw(st.integers(0, 3))}- {draw(WORDS)}" for _ in range(draw(st.integers(1, 6))))
    if kind == "table":
        cols = draw(st.integers(1, 5))
        rows = ["| " + " | ".join(draw(WORDS).replace("|", "/") or "x" for _ in range(cols)) + " |"
                for _ in range(draw(st.integers(1, 4)))]
        return "\n".join([rows[0], "|" + "---|" * cols, *rows[1:]])
    if kind == "quote":
        return f"> {draw(WORDS)}\n>\n> — {draw(WORDS)}"
    if kind == "code":
        return f"```\n{draw(WORDS)}\n```"
    if kind == "notes":
        return f"::: notes\n{draw(WORDS)}\n:::"
    if kind == "chart":
        return draw(chart_block())
    if kind == "metrics":
        return f"```metrics\ntiles:\n  - value: {draw(WORDS)!r}\n    label: {draw(WORDS)!r}\n```"
    if kind == "timeline":
        count = draw(st.integers(0, 5))
        events = "\n".join(f"  - date: {draw(WORDS)!r}\n    label: {draw(WORDS)!r}" for _ in range(count))
        return f"```timeline\nevents:\n{events}\n```"
    if kind == "columns":
        return f":::: columns\n::: column\n{draw(WORDS)}\n:::\n::: column\n- {draw(WORDS)}\n:::\n::::"
    return "---"


@st.composite
def deck(draw: st.DrawFn) -> str:
    front = f"---\ntitle: {draw(WORDS)!r}\nlang: {draw(st.sampled_from(['en', 'zh-CN', 'fr']))}\n---\n\n"
    slides = []
    for _ in range(draw(st.integers(1, 4))):
        heading = draw(st.sampled_from(["#", "##", "###"]))
        slides.append(f"{heading} {draw(WORDS)}\n\n" + "\n\n".join(draw(st.lists(block(), max_size=4))))
    return front + "\n\n".join(slides) + "\n"


def _opens(pptx: Path, pdf: Path) -> None:
    assert len(Presentation(str(pptx)).slides) >= 1
    assert len(PdfReader(str(pdf)).pages) >= 1
    qpdf = shutil.which("qpdf")
    if qpdf:
        done = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


@BOUNDED
@given(text=deck())
def test_any_markdown_deck_builds_or_says_why(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        talk = Path(folder) / "talk.md"
        talk.write_text(text, encoding="utf-8")
        try:
            result = generator.build(talk)
        except BuildFailed as failed:
            assert all(p.path and p.message for p in failed.problems)
            return
        pptx, pdf = result.outputs
        _opens(pptx, pdf)


YAML_VALUES = st.one_of(WORDS, NUMBERS, st.lists(WORDS, max_size=3), st.dictionaries(WORDS, WORDS, max_size=2),
                        st.sampled_from(["2025-02-30", "!!python/none", "&a x", "*a", "<<: {a: 1}", "[[[", "{", "'"]))


@BOUNDED
@given(key=st.sampled_from(["title", "date", "lang", "takeaways", "event", "keywords", "editions", "nosuch"]),
       value=YAML_VALUES)
def test_any_content_value_loads_or_is_a_located_problem(key: str, value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "briefing.yaml", project / "briefing.yaml")
        path = project / "content" / "briefing.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"\n{key}: {value!s}\n" if not isinstance(value, str) else
                        text + f"\n{key}: {value}\n", encoding="utf-8")
        problems = Problems()
        load_project_content(project, problems)
        for problem in problems.items:
            assert problem.path.startswith("content/") and problem.message


def test_a_sample_of_random_decks_opens_in_libreoffice(tmp_path: Path) -> None:
    """One generated deck, converted by LibreOffice: one page per slide."""
    from conftest import soffice_to_pdf

    need_program("soffice")

    @settings(max_examples=1, deadline=None, derandomize=True, database=None)
    @given(text=deck())
    def one(text: str) -> None:
        talk = tmp_path / "talk.md"
        talk.write_text(text, encoding="utf-8")
        try:
            result = generator.build(talk, formats=["pptx"], out_dir=tmp_path / "out")
        except BuildFailed:
            pytest.skip("the drawn deck has problems; the other tests cover those")
        slides = len(Presentation(str(result.outputs[0])).slides)
        pages = len(PdfReader(str(soffice_to_pdf(result.outputs[0], tmp_path))).pages)
        assert pages == slides

    one()

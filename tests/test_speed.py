"""What makes builds fast must not change what they make: caches, the second process, part names.

Speed itself is measured by tests/bench/benchmark.py, never here. These tests check that a build
planned in two processes gives the golden bytes of one planned in one, that a corrupt cache is
made again without harm and lives outside the project, that an English build never reads the
Chinese font, that the notes pages of a long deck are each named once, in order, and that a long
deck drawn in two processes is the one drawn in one, and that a report planned apart stops when
the build fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from test_golden import GOLDEN, _hashes
from test_grid_spans import GRID

from generator import build


def _deck(slides: int) -> str:
    parts = ["---", "title: Notes everywhere", "date: 2025-11-28", "---", ""]
    for n in range(slides):
        parts += [f"## Slide {n + 1}", "", f"- point {n}", "", "::: notes", f"Say {n}.", ":::", ""]
    return "\n".join(parts)


@pytest.mark.parametrize("parallel", ["0", "1"])
def test_one_process_or_two_give_the_golden_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  parallel: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")
    monkeypatch.setenv("BRIEFING_PARALLEL", parallel)
    assert _hashes(tmp_path) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_a_corrupt_cache_is_made_again_and_stays_out_of_the_project(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"PYTHONPATH": str(ROOT), "BRIEFING_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin",
           "SOURCE_DATE_EPOCH": "1764288000"}
    deck = tmp_path / "talk" / "talk.md"
    deck.parent.mkdir()
    deck.write_text(_deck(3), encoding="utf-8")

    def run(out: str) -> list[bytes]:
        subprocess.run([sys.executable, "-m", "generator", "build", str(deck), "-o", str(tmp_path / out)],
                       env=env, check=True, capture_output=True)
        return [p.read_bytes() for p in sorted((tmp_path / out).iterdir())]

    def project() -> None:
        subprocess.run([sys.executable, "-m", "generator", "build", str(ROOT), "-o", str(tmp_path / "ciie")],
                       env=env, check=True, capture_output=True)

    first = run("one")
    project()
    entries = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pickle" for p in entries), "font metrics were not kept"
    assert any(p.name.startswith("__jinja2_") for p in entries), "compiled templates were not kept"
    assert any(p.parent.name.startswith("yaml-") for p in entries), "parsed content files were not kept"
    for entry in entries:
        entry.write_bytes(b"\x80\x05 not what was stored")
    assert run("two") == first
    project()
    for entry in cache.rglob("*.pickle"):
        pickle.loads(entry.read_bytes())  # made again, readable
    written = {p.name for p in deck.parent.rglob("*")}
    assert written == {"talk.md"}, f"the build left files in the project: {written}"


def test_yaml_read_from_the_cache_says_what_a_fresh_read_says(tmp_path: Path) -> None:
    from generator.errors import Problems
    from generator.yamlfile import parse_yaml

    text = 'title: "The CIIE\\a"\nitems:\n  - one\n  - two: 2\n'  # "\a" is a control character
    said = []
    for _ in range(2):  # the second read comes from the cache
        problems = Problems()
        doc = parse_yaml(text, "content/briefing.yaml", problems, line_offset=3)
        assert doc is not None
        said.append((doc.data, doc.position(("items", 1, "two")), [str(p) for p in problems.items]))
    assert said[0] == said[1]
    assert said[0][0] == {"title": "The CIIE", "items": ["one", {"two": 2}]}
    assert said[0][1] == (7, 5)
    assert "control characters" in said[0][2][0] and "content/briefing.yaml:4:" in said[0][2][0]
    problems = Problems()
    assert parse_yaml("title: [unclosed\n", "content/briefing.yaml", problems) is None
    assert parse_yaml("title: [unclosed\n", "content/briefing.yaml", problems) is None
    assert len(problems.errors) == 1 and "YAML syntax error" in str(problems.errors[0])  # said once


def test_an_english_build_never_reads_the_chinese_font(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text(_deck(4), encoding="utf-8")
    spy = (
        "import sys, fontTools.ttLib as ft, reportlab.pdfbase.ttfonts as rl\n"
        "cmap, face = ft.TTFont.getBestCmap, rl.TTFont.__init__\n"
        "def read(self, *a, **k):\n"
        "    print('read', self.reader.file.name); return cmap(self, *a, **k)\n"
        "def embed(self, name, path, *a, **k):\n"
        "    print('embed', path); return face(self, name, path, *a, **k)\n"
        "ft.TTFont.getBestCmap, rl.TTFont.__init__ = read, embed\n"
        "import generator\n"
        "generator.build(sys.argv[1], out_dir=sys.argv[2])\n"
    )
    env = {"PYTHONPATH": str(ROOT), "BRIEFING_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", spy, str(deck), str(tmp_path / "out")], env=env,
                         capture_output=True, text=True, check=True)
    assert "Carlito-Regular.ttf" in run.stdout  # the spy sees the fonts that are read
    assert "WenQuanYi" not in run.stdout


def test_every_notes_page_is_named_once_in_slide_order(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text(_deck(40), encoding="utf-8")
    out = build(deck, out_dir=tmp_path, formats=["pptx"]).outputs[0]
    with zipfile.ZipFile(out) as z:
        pattern = re.compile(r"ppt/notesSlides/notesSlide(\d+)\.xml")
        notes = sorted(int(m.group(1)) for n in z.namelist() if (m := pattern.fullmatch(n)))
        assert notes == list(range(1, 41))
        for n in (1, 17, 40):  # slide 1 is the title slide, without notes
            rels = z.read(f"ppt/slides/_rels/slide{n + 1}.xml.rels").decode()
            assert f"../notesSlides/notesSlide{n}.xml" in rels
            assert f"Say {n - 1}." in z.read(f"ppt/notesSlides/notesSlide{n}.xml").decode()


def _mixed_deck(slides: int) -> str:
    """Slides that stand alone and slides that relate to more (a chart, a link, a jump), code with
    an empty line, and a character no font has first in the later half, so the second process must
    report it."""
    parts = ["---", "title: Drawn in halves", "date: 2025-11-28", "---", ""]
    for n in range(slides):
        parts += [f"## Slide {n + 1}", "", f"- point {n} and 中文 text", "- ~~struck~~ H~2~O `code`", ""]
        if n % 9 == 4:
            parts += ["```chart", "type: column", "categories: [2018, 2019]", "series:",
                      "  - name: Deals", "    values: [57.8, 71.1]", "```", ""]
        if n % 7 == 2:
            parts += ["See [the site](https://example.org/?a=1&b=2) and [the end](#end).", ""]
        if n % 5 == 1:  # an equation, given its fallback in the process that finishes the slide
            parts += ["The rule: $E = mc^2$, always.", ""]
        if n % 11 == 6:  # an empty line of code is an empty run, which XML read back loses
            parts += ["```python", "x = 1", "", "y = 2", "```", ""]
        if n in (3, slides - 5):
            parts += [f"Runes ᚠ{'ᛗ' if n > 3 else ''}.", ""]
        parts += ["::: notes", f"Say {n}.", ":::", ""]
    parts += ["## The end {#end}", "", "Bye.", ""]
    return "\n".join(parts)


def test_a_long_deck_drawn_in_two_processes_is_the_one_drawn_in_one(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.renderers.deck import halves
    from generator.renderers.deck.newslides import NewSlides

    monkeypatch.setattr(halves, "MIN_SLIDES", 20)  # a short deck, split as a long one is
    # Even on one core; BRIEFING_PARALLEL=0 still draws in one process.
    monkeypatch.setattr("generator.parallel.enabled", lambda formats: os.environ["BRIEFING_PARALLEL"] != "0")
    forks: list[int] = []
    start = halves.start
    monkeypatch.setattr(halves, "start", lambda writer, master, plans, draw, finish: forks.append(len(plans))
                        or start(writer, master, plans, draw, finish))
    inserted: list[int] = []
    insert = NewSlides.insert_finished
    monkeypatch.setattr(NewSlides, "insert_finished", lambda self, *args: inserted.append(1) or insert(self, *args))
    deck = tmp_path / "talk.md"
    deck.write_text(_mixed_deck(60), encoding="utf-8")
    results = {}
    for parallel in ("1", "0"):
        monkeypatch.setenv("BRIEFING_PARALLEL", parallel)
        result = build(deck, out_dir=tmp_path / parallel, formats=["pptx"])
        results[parallel] = (result.outputs[0].read_bytes(), [str(w) for w in result.warnings])
    assert len(forks) == 1 and 0 < forks[0] < 61  # split once, in the first build only
    assert 0 < len(inserted) < forks[0]  # slides with a chart or a link were drawn here, the others finished there
    assert results["1"] == results["0"]
    warned = " ".join(results["1"][1])
    assert "'ᛗ'" in warned and "slide 57" in warned  # found by the second process, said once
    assert warned.count("'ᚠ'") == 1


def test_relationships_are_written_as_python_pptx_writes_them(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.renderers.deck import oxml

    compared: list[str] = []
    entries = oxml.package_entries

    def comparing(prs: object, *finished: object) -> object:
        for part in prs.part.package.iter_parts():  # type: ignore[attr-defined]
            if part._rels:
                assert oxml.relationships_xml(part.rels) == part.rels.xml, part.partname
                compared.append(str(part.partname))
        return entries(prs, *finished)  # type: ignore[arg-type]
    monkeypatch.setattr(oxml, "package_entries", comparing)
    deck = tmp_path / "talk.md"
    deck.write_text(_mixed_deck(12), encoding="utf-8")
    build(deck, out_dir=tmp_path, formats=["pptx"])
    build(ROOT, out_dir=tmp_path / "ciie", formats=["pptx"])
    # Slides with layouts, notes, charts with their workbooks, external links and jumps.
    assert {"/ppt/slides/slide4.xml", "/ppt/charts/chart1.xml", "/ppt/presentation.xml"} <= set(compared)
    # Written as text, every character that needs no escaping comes out as lxml writes it.
    plain = "".join(chr(c) for c in range(0x21, 0x7F) if oxml._PLAIN.fullmatch(chr(c)))
    listed = [("rId1", "http://t/" + plain, "../" + plain, False), ("rId2", "x", plain, True)]

    class Rel:
        def __init__(self, kind: str, target: str) -> None:
            self._reltype, self._target, self._target_mode, self._base_uri = kind, target, oxml._EXTERNAL, "/"

    class Rels:
        _rels = {r_id: Rel(kind, target) for r_id, kind, target, _ in listed}
    assert oxml.relationships_xml(Rels()) == oxml._relationships_by_lxml([(*e[:3], True) for e in listed])


def test_a_report_planned_apart_is_stopped_when_the_deck_fails(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from generator.errors import BuildFailed
    from generator.parallel import Apart

    monkeypatch.setattr("generator.parallel.enabled", lambda formats: True)  # even on one core
    stopped: list[int] = []
    cancel = Apart.cancel
    monkeypatch.setattr(Apart, "cancel", lambda self: stopped.append(1) or cancel(self))
    project = make_project({"templates/deck.md.j2": '{% extends "ciie/deck.md.j2" %}\n{% if %}\n'})
    with pytest.raises(BuildFailed) as failed:
        build(project, formats=["pptx", "pdf"])
    assert any("deck.md.j2" in str(p) for p in failed.value.problems)  # the report's document was fine
    assert stopped == [1] and not multiprocessing.active_children()  # forked first, then stopped
    assert not (project / "output" / "ciie-briefing.pdf").exists()


def _ahead(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every report planned apart is forked before its document is made, as in a fresh process
    (where reportlab is not loaded yet); the children made so, listed."""
    from generator.parallel import ApartAhead
    from generator.renderers.report import ReportRenderer

    monkeypatch.setattr("generator.parallel.enabled", lambda formats: True)  # even on one core
    monkeypatch.setattr(ReportRenderer, "loaded", classmethod(lambda cls: False))
    monkeypatch.setattr("generator.parallel.alone", lambda: True)  # a test runner's threads do not import
    made: list[object] = []
    start = ApartAhead.__init__
    monkeypatch.setattr(ApartAhead, "__init__", lambda self, *args: made.append(self) or start(self, *args))
    return made


def test_a_report_forked_before_its_document_gives_the_golden_bytes(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")
    made = _ahead(monkeypatch)
    result = build(ROOT, out_dir=tmp_path)
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(made) == 1
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in result.outputs} == {
        name: want[name] for name in ("ciie-briefing.pptx", "ciie-briefing.pdf")}


@pytest.mark.parametrize("broken", ["templates/report.md.j2", "content/briefing.yaml"])
def test_a_report_forked_ahead_is_stopped_when_its_document_fails(make_project, monkeypatch: pytest.MonkeyPatch,
                                                                  broken: str) -> None:
    import multiprocessing

    from generator.errors import BuildFailed

    made = _ahead(monkeypatch)
    text = '{% extends "ciie/report.md.j2" %}\n{% if %}\n' if broken.endswith(".j2") else "title: [unclosed\n"
    project = make_project({broken: text})
    with pytest.raises(BuildFailed) as failed:
        build(project, formats=["pptx", "pdf"])
    assert any(broken.split("/")[-1] in str(p) for p in failed.value.problems)
    assert len(made) == 1 and not multiprocessing.active_children()  # forked, then stopped
    assert not (project / "output" / "ciie-briefing.pdf").exists()


_TABLES = """---
title: Tables
---

## Every kind of cell

| Left | Centre | Right | Default |
|:-----|:------:|------:|---------|
| a & b < c > d "q" | **bold** *it* ~~gone~~ | 1,234 | `code` |
| H~2~O and x^2^ | line<br>break | 5.6 | |
| 中文 text 上海 | ᚠ rune | 7 | tab\tand |

Table: A caption *with* emphasis

## Spans
""" + GRID + """
## A link and an equation {#here}

| Where | What |
|---|---|
| [there](https://example.org) | $E=mc^2$ |
| [back](#here) | plain |

## Header only

| One | Two |
|-----|-----|
"""


def test_tables_written_as_text_are_the_tables_python_pptx_classes_write(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A table's rows are written as text and parsed at once; the file is the one its cells make
    written one element at a time, and cells that need python-pptx's classes still get them."""
    from generator.renderers.deck import shapes

    deck = tmp_path / "tables.md"
    deck.write_text(_TABLES, encoding="utf-8")
    written = shapes._table_rows_xml
    as_text: list[bool] = []

    def noting(*args: object) -> str | None:
        xml = written(*args)  # type: ignore[arg-type]
        as_text.append(xml is not None)
        return xml

    monkeypatch.setattr(shapes, "_table_rows_xml", noting)
    fast = build(deck, out_dir=tmp_path / "text", formats=["pptx"])
    assert as_text == [True, True, False, True]  # the links and the equation: element by element
    monkeypatch.setattr(shapes, "_table_rows_xml", lambda *args: None)
    slow = build(deck, out_dir=tmp_path / "elements", formats=["pptx"])
    assert fast.outputs[0].read_bytes() == slow.outputs[0].read_bytes()
    assert [str(w) for w in fast.warnings] == [str(w) for w in slow.warnings]
    with zipfile.ZipFile(fast.outputs[0]) as z:
        first = z.read("ppt/slides/slide2.xml").decode()
    assert 'a &amp; b &lt; c &gt; d "q"' in first and "<a:br/>" in first and "<a:t>tab\tand</a:t>" in first
    with zipfile.ZipFile(fast.outputs[0]) as z:
        assert 'gridSpan="2"' in z.read("ppt/slides/slide3.xml").decode()  # the spans merged, as before


def test_a_run_written_as_text_is_the_run_made_element_by_element() -> None:
    from lxml import etree

    from generator.renderers.deck import textxml

    p = etree.Element(textxml.P, nsmap={"a": textxml.NAMESPACES.split('"')[1]})
    styles = [textxml.RunStyle(size="1400"),
              textxml.RunStyle(size="900", lang="en", alt_lang="zh-CN", east_asian="SimSun", bold=True, italic=True,
                               strike=True, baseline="30000", font="Calibri", color="12284C"),
              textxml.RunStyle(size="1200", italic_written=False, bold_written=True, font="Consolas")]
    for style in styles:
        for text in ("plain", "a & b < c > d \"q\" 'r'", "\x0b\x1f ctrl", "中文", ""):
            made = etree.tostring(textxml.add_run(p, text, style), encoding="unicode")
            as_text = textxml.run_xml(text, style)
            parsed = textxml.parse_children("p", as_text)[0]
            assert etree.tostring(parsed, encoding="unicode") == made


def test_notes_text_written_as_text_is_what_python_pptx_writes() -> None:
    from lxml import etree
    from pptx import Presentation

    from generator.renderers.deck import textxml

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    frame = slide.placeholders[1].text_frame
    for text in ("", "one line", "two\nlines", "a\vbreak\n\nand a gap", "\v", "a & <b> \x07 bell\t tab", "中文\n"):
        frame.text = text
        want = etree.tostring(frame._txBody, encoding="unicode")
        frame.text = "something else first"
        textxml.set_text(frame._txBody, text)
        assert etree.tostring(frame._txBody, encoding="unicode") == want, repr(text)


def test_a_process_stopped_while_it_sends_a_large_result_ends(tmp_path: Path) -> None:
    """A forked child told to stop ends at once, even when the parent's own SIGTERM handler (the
    CLI's) raises and the child is blocked sending a result larger than the pipe holds."""
    code = """
import signal, sys, time
from generator import parallel

def stop(signum, frame):
    raise SystemExit(143)

signal.signal(signal.SIGTERM, stop)  # as `briefing` does
child = parallel.Forked(lambda: b"x" * 10_000_000)  # far more than a pipe holds
time.sleep(1.0)  # its result is being sent, and nobody reads it
child.cancel()
print("stopped", child.process.exitcode)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["stopped", "-15"]  # ended by the signal, not by the parent's handler

"""The CIIE deck and a hand-written deck on masters made by other programs (see ``foreign.py``).

What a communications team would check on their own master: every title and both columns of a
two-column slide are there, no placeholder is left saying "Click to add text", the deck is not
much longer than on the default master, LibreOffice opens it with one page per slide and draws no
word outside its box; and a master that cannot be used is an error at the theme line naming it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, soffice_to_pdf
from fitjudge import overflows
from foreign import WORD, all_masters, retype
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pypdf import PdfReader

from generator import BuildFailed, build

MASTERS = ["python-pptx", "pandoc", "libreoffice", "potx", "dark", "fonts", "corporate"]
_TEXT_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT,
               PP_PLACEHOLDER.SUBTITLE}

TALK = """\
---
title: Ports and customs
subtitle: Notes for the delegation
date: 2026-03-02
---

# Where we stand

## Three priorities

- Services opening
  - Telecommunications
- Zero tariffs for the least-developed countries

## Side by side

:::: columns
::: column
**Before**: a longer negative list
:::
::: column
**After**: a shorter one
:::
::::

## Only a title
"""


@pytest.fixture(scope="session")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return all_masters(tmp_path_factory.mktemp("foreign"))


@pytest.fixture(scope="session")
def decks(masters: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The CIIE deck on each master, built when first asked for."""
    return _LazyDecks(masters, tmp_path_factory.mktemp("foreign-decks"))


class _LazyDecks(dict[str, Path]):
    def __init__(self, masters: dict[str, Path], out: Path):
        super().__init__()
        self.masters, self.out = masters, out

    def __missing__(self, name: str) -> Path:
        project = self.out / name
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "briefing.yaml", project)
        master = self.masters[name]
        (project / "templates").mkdir()
        shutil.copy(master, project / "templates" / master.name)
        (project / "templates" / "theme.yaml").write_text(f"deck:\n  master: {master.name}\n", encoding="utf-8")
        deck = next(p for p in build(project, formats=["pptx"]).outputs if p.suffix == ".pptx")
        self[name] = deck
        return deck


def _paragraphs(deck: Path) -> list[str]:
    """The text of every title, subtitle and body, paragraph by paragraph."""
    return [" ".join(p.text.split()) for slide in Presentation(str(deck)).slides for ph in slide.placeholders
            if ph.placeholder_format.type in _TEXT_TYPES for p in ph.text_frame.paragraphs if p.text.strip()]


def _all_text(deck: Path) -> str:
    out: list[str] = []
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out += [" ".join(p.text.split()) for p in shape.text_frame.paragraphs]
    return "\n".join(out)


@pytest.mark.parametrize("name", MASTERS)
def test_every_title_and_column_of_the_ciie_deck_is_kept(name: str, decks: dict[str, Path], ciie_deck: Path) -> None:
    text = _all_text(decks[name])
    missing = [p for p in _paragraphs(ciie_deck) if re.sub(r" \(\d+/\d+\)$", "", p) not in text]
    assert not missing, f"dropped on the {name} master: {missing[:5]}"
    prs = Presentation(str(decks[name]))
    for number, slide in enumerate(prs.slides, start=1):
        assert slide.shapes.title is not None and slide.shapes.title.text.strip(), f"slide {number} lost its title"
        for ph in slide.placeholders:
            if ph.placeholder_format.type != PP_PLACEHOLDER.SLIDE_NUMBER:
                assert ph.has_text_frame and ph.text_frame.text.strip(), f"slide {number}: empty {ph.name}"


@pytest.mark.parametrize("name", MASTERS)
def test_the_ciie_deck_is_at_most_three_slides_longer(name: str, decks: dict[str, Path], ciie_deck: Path) -> None:
    assert len(Presentation(str(decks[name])).slides) <= len(Presentation(str(ciie_deck)).slides) + 3


@pytest.mark.parametrize("name", MASTERS)
def test_libreoffice_draws_the_ciie_deck_with_no_word_outside_its_box(name: str, decks: dict[str, Path],
                                                                     tmp_path: Path) -> None:
    assert overflows(decks[name], tmp_path) == []  # also: one page per slide


@pytest.mark.parametrize("name", MASTERS)
def test_a_hand_written_deck_keeps_its_titles_and_both_columns(name: str, masters: dict[str, Path],
                                                             tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(TALK, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    shutil.copy(masters[name], tmp_path / "templates" / masters[name].name)
    (tmp_path / "templates" / "theme.yaml").write_text(f"deck:\n  master: {masters[name].name}\n", encoding="utf-8")
    build(talk, formats=["pptx"])
    deck = tmp_path / "talk.pptx"
    prs = Presentation(str(deck))
    titles = [s.shapes.title.text if s.shapes.title is not None else None for s in prs.slides]
    assert titles == ["Ports and customs", "Where we stand", "Three priorities", "Side by side", "Only a title"]
    text = _all_text(deck)
    assert "Before: a longer negative list" in text and "After: a shorter one" in text
    assert "Telecommunications" in text
    layouts = [s.slide_layout for s in prs.slides]
    assert layouts[2] != layouts[0] and layouts[2] != layouts[1]  # content is not on a cover or divider
    assert len(PdfReader(str(soffice_to_pdf(deck, tmp_path))).pages) == 5


def _project_with_master(tmp_path: Path, master_line: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "briefing.yaml", project)
    (project / "templates").mkdir()
    (project / "templates" / "theme.yaml").write_text(f"# our master\ndeck:\n  master: {master_line}\n",
                                                      encoding="utf-8")
    return project


def _problems(project: Path) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        build(project, formats=["pptx"])
    return [str(p) for p in info.value.problems]


def test_a_misspelt_master_is_an_error_at_its_line_with_the_search_path(tmp_path: Path,
                                                                        masters: dict[str, Path]) -> None:
    project = _project_with_master(tmp_path, "corprate.pptx")
    shutil.copy(masters["pandoc"], project / "templates" / "corporate.pptx")
    problems = _problems(project)
    assert any(p.startswith("templates/theme.yaml:3:3: master 'corprate.pptx' not found; looked in ")
               and "templates" in p and "masters there: corporate.pptx" in p for p in problems), problems
    assert not list(project.glob("output/*.pptx"))  # no deck on another master than the one named


@pytest.mark.parametrize(("content", "says"), [
    (b"not a zip at all", "is not a zip package"),
    (b"PK\x03\x04 truncated", "is not a zip package"),
])
def test_a_corrupt_master_is_an_error_at_its_line(tmp_path: Path, content: bytes, says: str) -> None:
    project = _project_with_master(tmp_path, "broken.pptx")
    (project / "templates" / "broken.pptx").write_bytes(content)
    problems = _problems(project)
    assert any(p.startswith("templates/theme.yaml:3:3: master 'broken.pptx'") and says in p
               for p in problems), problems


def test_a_master_that_is_a_word_document_is_an_error_at_its_line(tmp_path: Path, masters: dict[str, Path]) -> None:
    project = _project_with_master(tmp_path, "letter.pptx")
    retype(masters["pandoc"], project / "templates" / "letter.pptx", WORD)
    problems = _problems(project)
    assert any(p.startswith("templates/theme.yaml:3:3: master 'letter.pptx'") and "it is a Word document" in p
               for p in problems), problems


def test_a_potx_template_is_accepted_as_a_master(decks: dict[str, Path]) -> None:
    assert Presentation(str(decks["potx"])).slides  # built, and python-pptx reads it back


def _cover_parts() -> list[str]:
    """The corporate cover photograph's darkest and lightest pixels: text on it must read on both."""
    import io

    from foreign import cover_photo
    from PIL import Image

    from generator.figures.rules import luminance

    with Image.open(io.BytesIO(cover_photo())) as image:
        raw = image.convert("RGB").tobytes()
    pixels = [raw[i:i + 3].hex().upper() for i in range(0, len(raw), 3)]
    ordered = sorted(set(pixels), key=luminance)
    return [ordered[0], ordered[-1]]


# What each master's slides sit on, as PowerPoint shows it: layout name → background colours.
# The corporate gradient runs from white to accent1 (4F81BD) "lighter 80%", DBE5F1 in PowerPoint.
GROUNDS = {
    "dark": lambda layout: ["111827"],
    "corporate": lambda layout: _cover_parts() if layout.startswith(("Title Slide", "Cover")) else
    ["FFFFFF", "DBE5F1"] if "Content" in layout or "Title Only" in layout or "text" in layout else ["FFFFFF"],
}


def _solid(fill: object) -> str | None:
    try:
        return str(fill.fore_color.rgb) if fill.type == 1 else None  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        return None


def _contrast_failures(deck: Path, grounds_of: Callable[[str], list[str]]) -> tuple[list[str], int]:
    """Every run, table cell, chart label and chart mark the tool coloured that misses its contrast
    (text 4.5:1, large text and marks 3:1) on what it sits on; and how many were checked."""
    from generator.figures.rules import contrast

    failures: list[str] = []
    checked = 0

    def check(number: int, what: str, colour: str, grounds: list[str], need: float) -> None:
        nonlocal checked
        checked += 1
        worst = min(contrast(colour, g) for g in grounds)
        if worst < need:
            failures.append(f"slide {number}: {what} in {colour} at {worst:.2f}:1 on {grounds} (needs {need:g})")

    for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
        grounds = grounds_of(slide.slide_layout.name)
        for shape in slide.shapes:
            if shape.has_text_frame:
                fill = _solid(shape.fill)
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        if r.text.strip() and r.font.color and r.font.color.type is not None and r.font.color.rgb:
                            size = r.font.size.pt if r.font.size else 18.0
                            check(number, repr(r.text[:30]), str(r.font.color.rgb), [fill] if fill else grounds,
                                  3.0 if size >= 18 else 4.5)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        fill = _solid(cell.fill) or grounds[0]
                        for p in cell.text_frame.paragraphs:
                            for r in p.runs:
                                if r.text.strip() and r.font.color.type is not None:
                                    check(number, f"table cell {r.text[:20]!r}", str(r.font.color.rgb), [fill], 4.5)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                xml = shape.chart.part.blob.decode("utf-8")
                # Axis, legend and label text: every text property the chart sets a colour in.
                for colour in re.findall(r"<c:txPr>.*?<a:srgbClr val=\"([0-9A-Fa-f]{6})\"", xml, flags=re.S):
                    check(number, "chart text", colour.upper(), grounds, 4.5)
                stacked = "<c:grouping val=\"stacked\"/>" in xml or "percentStacked" in xml
                for plot in shape.chart.plots:
                    for series in plot.series:
                        mark = _solid(series.format.fill)
                        if mark and not stacked:
                            check(number, f"chart series {series.name!r}", mark, grounds, 3.0)
    return failures, checked


@pytest.mark.parametrize("name", ["dark", "corporate"])
def test_text_tables_and_charts_are_readable_on_the_background_of_each_slide(name: str,
                                                                             decks: dict[str, Path]) -> None:
    failures, checked = _contrast_failures(decks[name], GROUNDS[name])
    assert checked > 100, checked
    assert not failures, failures[:8]


def test_contrast_warnings_are_said_once_naming_the_slides_and_their_background(masters: dict[str, Path],
                                                                                tmp_path: Path) -> None:
    """The master's own title colour falls short on its cover photograph: one warning names the slide."""
    from foreign import corporate, pandoc_reference

    from generator import check

    dark_titles = corporate(pandoc_reference(tmp_path), tmp_path, light_cover_text=False, name="plain.potx")
    project = _project_with_master(tmp_path, "plain.potx")
    shutil.copy(dark_titles, project / "templates" / "plain.potx")
    warnings = [str(w) for w in check(project, formats=["pptx"]).warnings]
    own = [w for w in warnings if "the master's own colour" in w]
    assert len(own) == 2, warnings  # titles and body text, each said once for the deck
    assert "ciie-briefing.deck.md:1:1: warning: slide 1: the master's own colour for titles, 000000, is at 1." \
        in own[0] and "on a picture from " in own[0] and "(it needs 3:1)" in own[0], own
    faint = [w for w in warnings if "too faint" in w]
    assert len(faint) == 1, faint
    assert re.search(r"slides 2, 3, 5–12, [0-9, –]+ on a gradient from FFFFFF to DCE6F2: accent3 9BBB59 at 1\.73:1",
                     faint[0]), faint


def test_a_master_whose_fonts_are_not_installed_says_which_font_measured(masters: dict[str, Path],
                                                                         tmp_path: Path) -> None:
    project = _project_with_master(tmp_path, "fonts.pptx")
    shutil.copy(masters["fonts"], project / "templates" / "fonts.pptx")
    from generator import check

    warnings = [str(w) for w in check(project, formats=["pptx"]).warnings]
    said = [w for w in warnings if "the master's fonts" in w]
    if shutil.which("fc-match") and "Verdana" in (shutil.which("fc-list") and _families()):
        assert not said  # installed here: measured with itself
    else:
        assert len(said) == 1 and said[0].startswith("templates/theme.yaml:3:3:")
        assert "'Verdana' (body) with DejaVu Sans" in said[0] and "'Georgia' (heading) with DejaVu Serif" in said[0]


def _families() -> str:
    import subprocess

    return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout


def test_a_markdown_deck_names_its_master_in_front_matter_and_unknown_keys_are_warned(
        masters: dict[str, Path], tmp_path: Path) -> None:
    shutil.copy(masters["libreoffice"], tmp_path / "ours.pptx")
    talk = tmp_path / "talk.md"
    talk.write_text(TALK.replace("date: 2026-03-02\n", "date: 2026-03-02\nmaster: ours.pptx\nmastr: typo\n"),
                    encoding="utf-8")
    result = build(talk, formats=["pptx"])
    layouts = {s.slide_layout.name for s in Presentation(str(tmp_path / "talk.pptx")).slides}
    assert "Title, Content" in layouts  # a layout only LibreOffice's master has
    assert any("talk.md:6:1: warning: front matter key 'mastr' is not one this tool reads, so it is ignored; "
               "it reads: " in str(w) and "master" in str(w) for w in result.warnings), result.warnings


def test_a_misspelt_master_in_front_matter_is_an_error_at_its_line(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(TALK.replace("date: 2026-03-02\n", "date: 2026-03-02\nmaster: nosuch.pptx\n"), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build(talk, formats=["pptx"])
    problems = [str(p) for p in info.value.problems]
    assert any("talk.md:5:1: master 'nosuch.pptx' not found" in p for p in problems), problems


def test_the_master_flag_wins_over_the_theme(masters: dict[str, Path], tmp_path: Path) -> None:
    from conftest import run_briefing

    talk = tmp_path / "talk.md"
    talk.write_text(TALK, encoding="utf-8")
    done = run_briefing("build", str(talk), "--format", "pptx", "--master", str(masters["potx"]))
    assert done.returncode == 0, done.stderr
    assert Presentation(str(tmp_path / "talk.pptx")).slide_width == 9144000  # pandoc's 10-inch slide
    done = run_briefing("build", str(talk), "--format", "pptx", "--master", str(tmp_path / "nosuch.pptx"))
    assert done.returncode != 0 and "--master" in done.stderr and "no such file" in done.stderr
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"not a presentation")
    done = run_briefing("build", str(talk), "--format", "pptx", "--master", str(bad))
    assert done.returncode == 1
    assert f"--master {bad}: master 'bad.pptx'" in done.stderr and "it is not a zip package" in done.stderr
    assert "colours are too faint" not in done.stderr  # nothing said about the stand-in master


def test_briefing_layouts_shows_how_each_layout_will_be_used(masters: dict[str, Path], tmp_path: Path) -> None:
    from conftest import run_briefing

    done = run_briefing("layouts", str(masters["libreoffice"]))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("slide master ") >= 2
    assert 'layout "Title Slide": title slides' in out and 'layout "Title, Content": content slides' in out
    assert 'layout "Title, 2 Content": two-column slides' in out
    assert 'layout "Centered Text": only when a slide names it' in out  # a subtitle alone is no body
    bad = tmp_path / "old.pptx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old binary file")
    done = run_briefing("layouts", str(bad))
    assert done.returncode == 1 and "cannot be used: it is not a zip package" in done.stderr


@pytest.mark.parametrize(("line", "says"), [
    ("theme: metropolis", "theme 'metropolis' is not a template pack of this project or of the tool, so the deck "
                          "uses the 'default' pack; the packs are: house, brief, ciie, default; name one of them"),
    ("theme: corporate.potx", "write 'master: corporate.potx' to build on that PowerPoint file"),
    ("theme: {primary: navy}", "theme should name a template pack (such as 'theme: default'), not a group of "
                               "settings, so the deck uses the 'default' pack; colours and fonts go in "
                               "templates/theme.yaml"),
    ("theme:", "not nothing"),
])
def test_a_front_matter_theme_that_is_no_pack_is_warned_at_its_line(line: str, says: str, tmp_path: Path) -> None:
    (tmp_path / "templates" / "house").mkdir(parents=True)
    (tmp_path / "templates" / "house" / "theme.yaml").write_text("name: house\n", encoding="utf-8")
    talk = tmp_path / "talk.md"
    talk.write_text(TALK.replace("date: 2026-03-02\n", f"date: 2026-03-02\n{line}\n"), encoding="utf-8")
    result = build(talk, formats=["pptx"])
    said = [str(w) for w in result.warnings if "theme" in str(w) and "talk.md:5:1: warning: " in str(w)]
    assert len(said) == 1 and says in said[0], result.warnings
    assert (tmp_path / "talk.pptx").is_file()  # a warning, not a refusal: pandoc's decks name beamer themes here


def test_a_background_is_read_as_the_colours_text_may_sit_on() -> None:
    """A picture: its average, darkest and lightest parts (specks aside); a theme style: its colour."""
    import io

    from PIL import Image, ImageDraw

    from generator.renderers.deck.backgrounds import background_of, picture_background

    image = Image.new("RGB", (200, 100), (255, 255, 255))
    ImageDraw.Draw(image).rectangle([0, 0, 99, 99], fill=(0, 0, 0))
    image.putpixel((150, 50), (255, 0, 0))  # a speck does not count
    for kind in ("PNG", "JPEG"):
        blob = io.BytesIO()
        image.save(blob, kind)
        ground = picture_background(blob.getvalue())
        assert ground is not None and ground.kind == "picture"
        average, darkest, lightest = ground.colours
        assert abs(int(average[:2], 16) - 128) <= 3, ground
        assert darkest[:2] in ("00", "01", "02") and lightest[:2] in ("FF", "FE", "FD"), ground
    assert picture_background(b"not a picture") is None
    # python-pptx's default master refers to the theme's first background style, in bg1.
    default = background_of(Presentation().slide_masters[0])
    assert default is not None and default.colours == ("FFFFFF",)

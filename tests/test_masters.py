"""Tests for the default master built by ``generator.masters``.

The renderer relies on the master's structure (layout names, placeholder types and idx values,
text styles without autofit), so these tests read the built file back by structure; one test
also has LibreOffice, a program nobody here wrote, open a deck made from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu
from pypdf import PdfReader
from ruamel.yaml import YAML

from generator.masters import DEFAULT_OUTPUT, DEFAULT_THEME, FIXED_DATE, LAYOUT_NAMES, build_master, main
from generator.output import normalise_zip

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

FOOTERS = {
    10: PP_PLACEHOLDER.DATE,
    11: PP_PLACEHOLDER.FOOTER,
    12: PP_PLACEHOLDER.SLIDE_NUMBER,
}
EXPECTED_PLACEHOLDERS = {
    "Title Slide": {0: PP_PLACEHOLDER.CENTER_TITLE, 1: PP_PLACEHOLDER.SUBTITLE, **FOOTERS},
    "Title and Content": {0: PP_PLACEHOLDER.TITLE, 1: PP_PLACEHOLDER.OBJECT, **FOOTERS},
    "Section Header": {0: PP_PLACEHOLDER.TITLE, 1: PP_PLACEHOLDER.BODY, **FOOTERS},
    "Two Content": {
        0: PP_PLACEHOLDER.TITLE,
        1: PP_PLACEHOLDER.OBJECT,
        2: PP_PLACEHOLDER.OBJECT,
        **FOOTERS,
    },
    "Comparison": {
        0: PP_PLACEHOLDER.TITLE,
        1: PP_PLACEHOLDER.BODY,
        2: PP_PLACEHOLDER.OBJECT,
        3: PP_PLACEHOLDER.BODY,
        4: PP_PLACEHOLDER.OBJECT,
        **FOOTERS,
    },
    "Title Only": {0: PP_PLACEHOLDER.TITLE, **FOOTERS},
    "Blank": {},
}


@pytest.fixture(scope="module")
def master_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_master(tmp_path_factory.mktemp("master") / "master.pptx")


@pytest.fixture(scope="module")
def master_xml(master_path: Path) -> dict[str, etree._Element]:
    """The master's and layouts' XML parts, by name inside the package."""
    with zipfile.ZipFile(master_path) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.startswith(("ppt/slideMasters/", "ppt/slideLayouts/")) and name.endswith(".xml")
        }


def test_slide_size_is_widescreen_16_9(master_path: Path) -> None:
    presentation = Presentation(str(master_path))
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)
    assert presentation.slide_width * 9 == presentation.slide_height * 16


def test_only_the_seven_layouts_remain(master_path: Path) -> None:
    presentation = Presentation(str(master_path))
    # The renderer's fallbacks look for PowerPoint's standard names, in PowerPoint's order.
    assert [layout.name for layout in presentation.slide_layouts] == list(LAYOUT_NAMES)
    assert set(LAYOUT_NAMES) == set(EXPECTED_PLACEHOLDERS)
    assert len(presentation.slides) == 0
    # Deleted layouts leave no part, relationship or content-type entry behind.
    with zipfile.ZipFile(master_path) as archive:
        names = archive.namelist()
        content_types = archive.read("[Content_Types].xml").decode()
        master_rels = archive.read("ppt/slideMasters/_rels/slideMaster1.xml.rels").decode()
    layout_parts = [n for n in names if n.startswith("ppt/slideLayouts/slideLayout")]
    assert len(layout_parts) == 7
    assert content_types.count("slideLayout+xml") == 7
    assert master_rels.count("relationships/slideLayout") == 7
    assert "docProps/thumbnail.jpeg" not in names
    assert not any(name.startswith("ppt/printerSettings/") for name in names)


@pytest.mark.parametrize("name", list(EXPECTED_PLACEHOLDERS))
def test_layout_placeholders(master_path: Path, name: str) -> None:
    layout = Presentation(str(master_path)).slide_layouts.get_by_name(name)
    assert layout is not None
    found = {ph.placeholder_format.idx: ph.placeholder_format.type for ph in layout.placeholders}
    assert found == EXPECTED_PLACEHOLDERS[name]


@pytest.mark.parametrize("name", list(EXPECTED_PLACEHOLDERS))
def test_layout_geometry(master_path: Path, name: str) -> None:
    """Placeholders stay on the slide, footers sit in the bottom band, nothing overlaps."""
    presentation = Presentation(str(master_path))
    layout = presentation.slide_layouts.get_by_name(name)
    boxes = []
    for ph in layout.placeholders:
        left, top, width, height = ph.left, ph.top, ph.width, ph.height
        assert 0 <= left and left + width <= presentation.slide_width, ph.name
        assert 0 <= top and top + height <= presentation.slide_height, ph.name
        if ph.placeholder_format.idx in FOOTERS:
            assert Emu(top).inches >= 6.5, f"{ph.name} is not in the footer band"
        boxes.append((ph.name, left, top, left + width, top + height))
    for i, (name_a, *a) in enumerate(boxes):
        for name_b, *b in boxes[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, f"{name_a} overlaps {name_b}"


def test_content_layout_margins(master_path: Path) -> None:
    layout = Presentation(str(master_path)).slide_layouts.get_by_name("Title and Content")
    by_idx = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
    title, body = by_idx[0], by_idx[1]
    assert Emu(title.left).inches == pytest.approx(0.6)
    assert Emu(title.left + title.width).inches == pytest.approx(13.333 - 0.6, abs=0.01)
    assert title.top + title.height < body.top


def test_theme_matches_theme_yaml(master_path: Path) -> None:
    theme_yaml = YAML(typ="safe", pure=True).load(DEFAULT_THEME.read_text(encoding="utf-8"))
    colors, fonts = theme_yaml["colors"], theme_yaml["fonts"]
    presentation = Presentation(str(master_path))
    theme = etree.fromstring(presentation.slide_master.part.part_related_by(RT.THEME).blob)
    assert theme.get("name") == "Briefing"

    def slot(name: str) -> str:
        values = theme.xpath(f".//a:clrScheme/a:{name}/a:srgbClr/@val", namespaces=NS)
        assert len(values) == 1, f"a:{name} should hold one sRGB colour"
        return values[0]

    expected = {
        "dk1": colors["text"],
        "lt1": colors["background"],
        "dk2": colors["primary"],
        "lt2": colors["surface"],
        "accent1": colors["primary"],
        "accent2": colors["accent"],
        "accent3": colors["secondary"],
        "accent4": colors["highlight"],
        "accent5": colors["series"][4],
        "accent6": colors["series"][5],
        "hlink": colors["secondary"],
    }
    assert {name: slot(name) for name in expected} == {k: v.upper() for k, v in expected.items()}

    for tag, font in (("majorFont", fonts["heading"]), ("minorFont", fonts["body"])):
        scheme = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{tag}")
        assert scheme.find(f"{{{A}}}latin").get("typeface") == font
        assert scheme.find(f"{{{A}}}ea").get("typeface") == fonts.get("east_asian", "Microsoft YaHei")
        assert scheme.find(f"{{{A}}}cs").get("typeface") == ""
    # No gradients, shadows or bevels for shapes drawn with theme styles.
    assert not theme.xpath(".//a:gradFill | .//a:outerShdw | .//a:sp3d", namespaces=NS)


def test_no_autofit_and_explicit_text_frames(master_xml: dict[str, etree._Element]) -> None:
    for name, root in master_xml.items():
        autofit = root.xpath(".//a:normAutofit | .//a:spAutoFit", namespaces=NS)
        assert not autofit, f"{name} has autofit elements"
        for body_pr in root.xpath(".//p:sp[.//p:ph]/p:txBody/a:bodyPr", namespaces=NS):
            assert body_pr.get("wrap") == "square", name
            for inset in ("lIns", "tIns", "rIns", "bIns"):
                assert body_pr.get(inset) is not None, f"{name}: placeholder without {inset}"


def test_master_text_styles(master_path: Path) -> None:
    master = Presentation(str(master_path)).slide_master._element
    title = master.find(f".//{{{P}}}titleStyle/{{{A}}}lvl1pPr")
    title_run = title.find(f"{{{A}}}defRPr")
    assert (title.get("algn"), title_run.get("sz"), title_run.get("b")) == ("l", "3200", "1")

    body = master.find(f".//{{{P}}}bodyStyle")
    for level, size in ((1, "2000"), (2, "1800"), (3, "1600")):
        style = body.find(f"{{{A}}}lvl{level}pPr")
        assert style.find(f"{{{A}}}defRPr").get("sz") == size
        assert style.find(f"{{{A}}}buChar").get("char") in {"▪", "•", "–"}
        assert style.find(f"{{{A}}}buClr") is not None
        # A hanging indent: the bullet sits left of the text, and each level starts further in.
        margin, indent = int(style.get("marL")), int(style.get("indent"))
        assert indent < 0 < margin and margin + indent >= 0
        space_before = style.find(f"{{{A}}}spcBef/{{{A}}}spcPts")
        assert 400 <= int(space_before.get("val")) <= 800
    margins = [int(body.find(f"{{{A}}}lvl{n}pPr").get("marL")) for n in (1, 2, 3)]
    assert margins == sorted(margins)


def test_dark_layouts_hide_master_decoration(master_xml: dict[str, etree._Element]) -> None:
    by_name = {
        root.find(f"{{{P}}}cSld").get("name"): root
        for name, root in master_xml.items()
        if name.startswith("ppt/slideLayouts/")
    }
    for name in ("Title Slide", "Section Header"):
        layout = by_name[name]
        assert layout.get("showMasterSp") == "0"
        assert layout.xpath("p:cSld/p:bg/p:bgPr/a:solidFill/a:schemeClr/@val", namespaces=NS) == [
            "tx2"
        ]
    assert by_name["Title and Content"].get("showMasterSp") is None


def test_build_is_byte_identical(tmp_path: Path, master_path: Path) -> None:
    again = build_master(tmp_path / "again.pptx")
    assert again.read_bytes() == master_path.read_bytes()
    with zipfile.ZipFile(again) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert infos[0].filename == "[Content_Types].xml"
    core = Presentation(str(again)).core_properties
    assert core.title == "Briefing master"
    assert core.created == core.modified == FIXED_DATE


def test_committed_master_is_what_the_script_builds(master_path: Path) -> None:
    """The master in the default pack is reproducible: rebuild it after editing theme.yaml."""
    assert master_path.read_bytes() == DEFAULT_OUTPUT.read_bytes(), (
        "templates/default/master.pptx is not what its theme.yaml builds; run python -m generator.masters"
    )


def test_normalise_zip_fixes_dates_and_order(tmp_path: Path) -> None:
    path = tmp_path / "some.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("b.xml", "<b/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("a/c.xml", "<c/>")
    normalise_zip(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["[Content_Types].xml", "a/c.xml", "b.xml"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("b.xml") == b"<b/>"
    first = path.read_bytes()
    normalise_zip(path)
    assert path.read_bytes() == first


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "out.pptx")]) == 0
    assert (tmp_path / "out.pptx").is_file()

    bad_theme = tmp_path / "theme.yaml"
    bad_theme.write_text("colors: {primary: navy}\nfonts: {heading: Calibri}\n", encoding="utf-8")
    assert main([str(tmp_path / "bad.pptx"), "--theme", str(bad_theme)]) == 1
    message = capsys.readouterr().err
    assert "colors.primary: expected a colour written as six hex digits" in message
    assert "fonts.body: this field is required" in message
    assert not (tmp_path / "bad.pptx").exists()


def _soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice is not on PATH; CI must install LibreOffice (libreoffice-impress)")
        pytest.skip("LibreOffice (soffice) is not on PATH")
    return path


def test_libreoffice_opens_a_deck_made_from_the_master(tmp_path: Path, master_path: Path) -> None:
    soffice = _soffice()
    presentation = Presentation(str(master_path))
    for layout in presentation.slide_layouts:
        slide = presentation.slides.add_slide(layout)
        for ph in slide.placeholders:
            kind = ph.placeholder_format.type
            if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                ph.text_frame.text = f"China International Import Expo: {layout.name}"
            elif ph.has_text_frame:
                ph.text_frame.text = "Intended deals rose from US$57.8 billion in 2018"
    deck = tmp_path / "deck.pptx"
    presentation.save(str(deck))

    result = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=False,  # LibreOffice's exit status says little; the PDF it writes is the evidence
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file(), f"LibreOffice could not convert the deck:\n{result.stdout}{result.stderr}"
    assert len(PdfReader(pdf).pages) == 7


def test_a_projects_theme_restyles_the_built_in_master_at_build_time(tmp_path: Path) -> None:
    from conftest import ROOT

    from generator import build

    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "briefing.yaml", project)
    (project / "templates").mkdir()
    (project / "templates" / "theme.yaml").write_text(
        "colors:\n  primary: '7A1F2B'\nfonts:\n  heading: Cambria\n", encoding="utf-8")
    deck = next(p for p in build(project, formats=["pptx"]).outputs if p.suffix == ".pptx")
    prs = Presentation(str(deck))
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    assert theme.find(f".//{{{A}}}dk2/{{{A}}}srgbClr").get("val") == "7A1F2B"
    assert theme.find(f".//{{{A}}}majorFont/{{{A}}}latin").get("typeface") == "Cambria"
    assert theme.find(f".//{{{A}}}minorFont/{{{A}}}latin").get("typeface") == "Calibri"  # not set: the default's
    assert [s.slide_layout.name for s in prs.slides][:2] == ["Title Slide", "Title and Content"]

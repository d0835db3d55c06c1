"""The report's quicker fonts and page streams give exactly what reportlab gives: widths, codes, escapes, ASCII85."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.ttfonts import TTFont

from generator.renderers.report.ttf import Font, escape_pdf

FONTS = ROOT / "generator" / "fonts"

TEXTS = [
    "", " ", "Imports and market access", "Imports and market access", "café — “quoted” (x) \\ 5–10",
    "no\xa0break", "\xa0", "tab\there", "中国国际进口博览会", "mixed 中国 text", "\u0378 unassigned", "\x00", "é",
]


class _Doc:
    """What reportlab keys a font's per-document state by: any object that can be weakly referenced."""


@pytest.mark.parametrize("name", ["Carlito-Regular.ttf", "WenQuanYiMicroHei.ttf"])
def test_text_is_coded_and_measured_as_reportlab_does(name: str) -> None:
    path = str(FONTS / name)
    ours, theirs = Font("ours-" + name, path), TTFont("theirs-" + name, path)
    doc_ours, doc_theirs = _Doc(), _Doc()
    # Many characters, so that the Chinese font's codes run past the first subset of 256.
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600))
    for text in [*TEXTS, many, *TEXTS, many[::7], *TEXTS]:
        assert ours.splitString(text, doc_ours) == theirs.splitString(text, doc_theirs), text
        for size in (9, 10.5, 10.5):
            assert ours.stringWidth(text, size) == theirs.stringWidth(text, size)
    assert ours.splitString(b"bytes", doc_ours) == theirs.splitString(b"bytes", doc_theirs)


def test_a_new_document_gets_its_own_codes() -> None:
    path = str(FONTS / "Carlito-Regular.ttf")
    ours, theirs = Font("ours-fresh", path), TTFont("theirs-fresh", path)
    first, second = _Doc(), _Doc()
    ours.splitString("zebra ÿ", first)
    for text in ("Ω ÿ zebra", "zebra"):
        assert ours.splitString(text, second) == theirs.splitString(text, second)


@pytest.mark.parametrize("codes", [bytes(range(256)), b"", b"plain text", b"(x)", b"a\\b", b"tab\t", b"\x7f", b"\xe9"])
def test_codes_are_escaped_as_reportlab_escapes_them(codes: bytes) -> None:
    assert escape_pdf(codes) == escapePDF(codes)


def test_the_report_registers_the_quicker_font() -> None:
    from reportlab.pdfbase import pdfmetrics

    from generator.fonts import FontFiles
    from generator.renderers.report.fonts import _family

    regular = FONTS / "Carlito-Regular.ttf"
    family = _family(FontFiles("Carlito", regular, regular, regular, regular))
    assert isinstance(pdfmetrics.getFont(family.regular), Font)


@pytest.mark.parametrize("name", ["Carlito-Regular.ttf", "WenQuanYiMicroHei.ttf"])
def test_a_font_read_from_the_cache_is_the_font_reportlab_reads(name: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    path = FONTS / name
    theirs = TTFont("theirs", str(path))
    for _ in ("read", "from the cache"):
        ours = Font("ours", str(path))
        assert vars(ours.face).keys() == vars(theirs.face).keys()
        for key, value in vars(theirs.face).items():
            if key == "_pdfScale":
                assert ours.face._pdfScale(1234) == value(1234)
            else:
                assert getattr(ours.face, key) == value, key
                assert type(getattr(ours.face, key)) is type(value), key
        assert ours.face.name.ustr == theirs.face.name.ustr
        assert {k: v for k, v in vars(ours).items() if k not in ("face", "fontName", "state", "encoding", "_widths")} \
            == {k: v for k, v in vars(theirs).items() if k not in ("face", "fontName", "state", "encoding")}
        assert vars(ours).keys() - {"_widths"} == vars(theirs).keys()
    assert list(tmp_path.glob("ttfaces-*/*.pickle"))
    subset = list(range(32, 127))
    assert ours.face.makeSubset(subset) == theirs.face.makeSubset(subset)


@pytest.mark.parametrize("data", [b"", b"\0", b"\0" * 4, b"\0" * 5, b"abc", b"abcd", b"\xff" * 9, bytes(range(256)) * 3,
                                  b"\0\0\0\0abc\0\0\0"])
def test_page_streams_are_encoded_as_reportlab_encodes_them(data: bytes) -> None:
    from reportlab.pdfbase.pdfdoc import PDFBase85Encode

    from generator.renderers.report.ttf import _BASE85

    assert _BASE85.encode(data) == PDFBase85Encode.encode(data)


PLAIN = ["Imports and market access", "  spaced   out\n over lines  ", "tab\there", "no\xa0break", "é — “quoted” (x)",
         "中国国际进口博览会", "x", "a > b", "   "]


@pytest.mark.parametrize("text", PLAIN)
def test_text_without_markup_is_the_run_reportlab_parses(text: str) -> None:
    from reportlab.lib.colors import red
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from generator.renderers.report.cjk import Para

    base = ParagraphStyle("base", fontName="Helvetica-Bold", fontSize=9.5, textColor=red)
    for style in (base, ParagraphStyle("upper", parent=base, textTransform="uppercase"),
                  ParagraphStyle("bullet", parent=base, bulletText="•")):
        ours, theirs = Para(text, style), Paragraph(text, style)
        assert ours.text == theirs.text
        assert ours.bulletText == theirs.bulletText
        assert [list(vars(f).items()) for f in ours.frags] == [list(vars(f).items()) for f in theirs.frags]
        assert all(f.link is not g.link for f, g in zip(ours.frags, Para(text, style).frags, strict=True))


def test_a_style_changed_after_use_is_parsed_again() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from generator.renderers.report.cjk import Para

    style = ParagraphStyle("changing", fontSize=10)
    assert Para("before", style).frags[0].fontSize == 10
    style.fontSize = 8
    assert Para("after", style).frags[0].fontSize == 8

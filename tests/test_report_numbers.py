"""The report's page numbers, printed before the layout knows them: laid out once, right in print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from pypdf import PdfReader

from generator import build
from generator.renderers.report.pages import ReportDoc


def _links(page: Any) -> list[tuple[float, float, float, float]]:
    rects = []
    for annotation in page.get("/Annots", []):
        a = annotation.get_object()
        if a["/Subtype"] == "/Link":
            rects.append(tuple(float(v) for v in a["/Rect"]))
    return rects


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The CIIE report, and how many times its pages were laid out."""
    out = tmp_path_factory.mktemp("numbers")
    passes = 0
    original = ReportDoc.build

    def counted(self: ReportDoc, *args: Any, **kw: Any) -> None:
        nonlocal passes
        passes += 1
        original(self, *args, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ReportDoc, "build", counted)
        build(ROOT, out_dir=out, formats=["pdf"])
    return out / "ciie-briefing.pdf", passes


def test_the_report_with_its_contents_is_laid_out_once(laid_out: tuple[Path, int]) -> None:
    assert laid_out[1] == 1


def test_each_contents_number_links_exactly_its_width(laid_out: tuple[Path, int]) -> None:
    reader = PdfReader(laid_out[0])
    page = reader.pages[1]
    right = max(r[2] for r in _links(page))  # the page numbers' links end at the frame's edge
    at_edge = [r for r in _links(page) if abs(r[2] - right) < 0.5]
    widths = sorted({round(r[2] - r[0], 2) for r in at_edge})
    # Pages 3 to 9 and 10 on, in the chapters' size and the sections': the digits are of one width,
    # so each two-digit number's link is twice as wide as a one-digit one's of its size, as drawn
    # with the final numbers, not the stand-ins.
    assert len(widths) == 4, widths
    assert widths[2] == pytest.approx(2 * widths[0], abs=0.05)
    assert widths[3] == pytest.approx(2 * widths[1], abs=0.05)
    assert len(at_edge) >= 8


def test_a_long_handout_numbers_every_page_of_the_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = " ".join(["The delegation asks about market access and the pledges of each edition."] * 12)
    slides = "\n\n".join(f"## Slide {n}\n\n- A point\n- Another point\n\n::: notes\n{notes}\n:::" for n in range(1, 41))
    deck = tmp_path / "talk.md"
    deck.write_text(f"---\ntitle: Numbers\n---\n\n{slides}\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")
    build(deck, out_dir=tmp_path / "out", formats=["pdf"])
    reader = PdfReader(tmp_path / "out" / "talk.pdf")
    total = len(reader.pages)
    assert total >= 10
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()

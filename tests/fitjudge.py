"""The overflow judge: LibreOffice draws the deck; no word may fall outside its shape's box.

Every autofit flag is stripped first, so nothing can hide overflow behind "shrink on overflow":
what LibreOffice draws is what the tool laid out.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from conftest import need_program, soffice_to_pdf
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from generator.units import EMU_PER_PT

TOLERANCE_PT = 2.0  # a hair of rounding; more is overflow
# pdftotext reports a word's box from the font's ascent to its descent (about 1.28 em for Calibri),
# taller than the ink of any glyph; this much of the box's height at top and bottom is not ink.
FONT_BOX_PADDING = 0.14
_AUTOFIT = re.compile(rb"<a:(normAutofit|spAutoFit)(\s[^>]*)?/>|<a:normAutofit(\s[^>]*)?>.*?</a:normAutofit>", re.S)


@dataclass
class TextBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        t = TOLERANCE_PT
        return x0 >= self.x0 - t and x1 <= self.x1 + t and y0 >= self.y0 - t and y1 <= self.y1 + t


def strip_autofit(deck: Path, out: Path) -> Path:
    with zipfile.ZipFile(deck) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".xml"):
                data = _AUTOFIT.sub(b"", data)
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", info.filename) and _MC in data:
                data = _fallbacks(data)
            dst.writestr(info, data)
    return out


_MC = b"http://schemas.openxmlformats.org/markup-compatibility/2006"


def _fallbacks(data: bytes) -> bytes:
    """A slide with each ``mc:AlternateContent`` (an equation's shape) replaced by its fallback: what
    LibreOffice draws, and a shape python-pptx can read, so its words are judged against its box."""
    root = etree.fromstring(data)
    mc = "{" + _MC.decode() + "}"
    for holder in root.iter(f"{mc}AlternateContent"):
        fallback = holder.find(f"{mc}Fallback")
        for shape in list(fallback if fallback is not None else []):
            holder.addprevious(shape)
    for holder in list(root.iter(f"{mc}AlternateContent")):
        holder.getparent().remove(holder)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


CHART = "\x00chart"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_boxes(deck: Path) -> list[list[TextBox]]:
    """Per slide: every text-bearing shape's box in points, with its text."""
    slides: list[list[TextBox]] = []
    prs = Presentation(str(deck))

    def visit(shapes, out: list[TextBox]) -> None:  # type: ignore[no-untyped-def]
        for shape in shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                visit(shape.shapes, out)
                continue
            if shape.left is None:
                continue
            if getattr(shape, "has_chart", False) and shape.has_chart:
                # Chart text is drawn by the chart, inside its frame, and is no text frame's.
                x0, y0 = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
                out.append(TextBox(CHART, x0, y0, x0 + shape.width / EMU_PER_PT, y0 + shape.height / EMU_PER_PT))
                continue
            x0, y0 = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            x1, y1 = x0 + shape.width / EMU_PER_PT, y0 + shape.height / EMU_PER_PT
            if shape.has_text_frame and shape.text_frame.text.strip():
                out.append(TextBox(shape.text_frame.text, x0, y0, x1, y1))
            if getattr(shape, "has_table", False) and shape.has_table:
                # A table's rows may grow in the client; the frame's box is what was laid out.
                text = " ".join(c.text for row in shape.table.rows for c in row.cells)
                out.append(TextBox(text, x0, y0, x1, y1))

    for number, slide in enumerate(prs.slides, start=1):
        boxes: list[TextBox] = []
        visit(slide.shapes, boxes)
        for ph in slide.placeholders:  # the slide-number field is drawn as the number itself
            if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
                x0, y0 = ph.left / EMU_PER_PT, ph.top / EMU_PER_PT
                boxes.append(TextBox(str(number), x0, y0, x0 + ph.width / EMU_PER_PT, y0 + ph.height / EMU_PER_PT))
        slides.append(boxes)
    return slides


def words_on_pages(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    pdftotext = need_program("pdftotext")
    out = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[str, float, float, float, float]]] = []
    for page in re.split(r"<page ", out)[1:]:
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             page):
            words.append((html.unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5))))
        pages.append(words)
    return pages


def overflows(deck: Path, work: Path) -> list[str]:
    """Every word LibreOffice draws outside the box of the shape that holds it."""
    stripped = strip_autofit(deck, work / f"{deck.stem}-noautofit.pptx")
    pdf = soffice_to_pdf(stripped, work)
    pages = words_on_pages(pdf)
    slides = text_boxes(stripped)
    assert len(pages) == len(slides), f"LibreOffice drew {len(pages)} pages for {len(slides)} slides"
    problems: list[str] = []
    for number, (words, boxes) in enumerate(zip(pages, slides, strict=True), start=1):
        for word, x0, y0, x1, y1 in words:
            pad = (y1 - y0) * FONT_BOX_PADDING
            y0, y1 = y0 + pad, y1 - pad
            key = _norm(word)
            if not key or all(ch in "▪–·•" for ch in key):
                continue  # bullets are drawn by the paragraph, not part of its text
            if any(b.text == CHART and b.holds(x0, y0, x1, y1) for b in boxes):
                continue  # drawn by a chart, inside its frame
            owners = [b for b in boxes if b.text != CHART and key in _norm(b.text)]
            if not owners:
                continue  # fields (slide numbers) and chart labels are not in any text frame
            if not any(b.holds(x0, y0, x1, y1) for b in owners):
                box = owners[0]
                problems.append(f"slide {number}: '{word}' at ({x0:.0f},{y0:.0f})–({x1:.0f},{y1:.0f}) is outside "
                                f"its box ({box.x0:.0f},{box.y0:.0f})–({box.x1:.0f},{box.y1:.0f})")
    return problems

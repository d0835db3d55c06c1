"""The PNG preview: a picture of every slide and page, and a contact sheet of them all.

A derived format: the pipeline writes the deck and the report first, then this module turns them
into pictures the way a person would see them, through programs nobody here wrote: LibreOffice
opens the deck and prints it to PDF, poppler's ``pdftoppm`` rasterises that PDF and the report.
So a preview shows what LibreOffice makes of the deck, not what the tool believes it wrote. The
output is a folder, ``<name>-preview/``, holding ``slide-01.png``…, ``page-01.png``… and
``contact-sheet.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from ..errors import Problems
from ..fonts import FONT_DIR
from . import register
from .base import DerivedRenderer

DPI = 60  # a 16:9 slide at 800 × 450 pixels, an A4 page at 496 × 702: enough to judge a layout
SHEET_COLUMNS = 4
SHEET_THUMB_W = 320
SHEET_PAD = 12
SHEET_BACKGROUND = (96, 96, 96)
TIMEOUT_S = 300


def _program(name: str, package: str, problems: Problems, out: Path) -> str | None:
    path = shutil.which(name)
    if path is None:
        problems.error(out.name, None, None, f"the PNG preview needs '{name}', which is not installed; "
                       f"install it (Debian and Ubuntu: apt-get install {package}) or build another format")
    return path


def _deck_to_pdf(soffice: str, deck: Path, work: Path) -> Path | None:
    # LibreOffice sees the fonts the tool ships (Carlito, WenQuanYi Micro Hei) besides the system's,
    # so the slides are drawn with the metrics the layout measured. A private profile keeps a
    # running LibreOffice of the user's out of the way.
    fonts_conf = work / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONT_DIR}</dir>\n  <cachedir>{work / 'fontcache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{work / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(work), str(deck)],
                   capture_output=True, timeout=TIMEOUT_S, env=env, check=False)
    pdf = work / f"{deck.stem}.pdf"
    return pdf if pdf.is_file() and pdf.stat().st_size else None


def _rasterise(pdftoppm: str, pdf: Path, out: Path, prefix: str) -> list[Path]:
    work = out / f".{prefix}"
    work.mkdir()
    subprocess.run([pdftoppm, "-r", str(DPI), "-png", str(pdf), str(work / prefix)], check=True,
                   capture_output=True, timeout=TIMEOUT_S)
    # pdftoppm numbers pages with as many digits as the last page needs; keep that, named by what it shows.
    pages = []
    for made in sorted(work.glob(f"{prefix}-*.png")):
        final = out / made.name
        made.replace(final)
        pages.append(final)
    work.rmdir()
    return pages


def contact_sheet(pictures: list[Path], out: Path) -> None:
    """Thumbnails of ``pictures`` in rows of four on a grey ground, in order."""
    thumbs = []
    for path in pictures:
        with Image.open(path) as image:
            thumb = image.convert("RGB")
            thumb.thumbnail((SHEET_THUMB_W, SHEET_THUMB_W * 2))
            thumbs.append(thumb)
    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = (len(thumbs) + columns - 1) // columns
    cell_w = max(t.width for t in thumbs)
    cell_h = max(t.height for t in thumbs)
    sheet = Image.new("RGB", (columns * (cell_w + SHEET_PAD) + SHEET_PAD, rows * (cell_h + SHEET_PAD) + SHEET_PAD),
                      SHEET_BACKGROUND)
    for k, thumb in enumerate(thumbs):
        sheet.paste(thumb, (SHEET_PAD + (k % columns) * (cell_w + SHEET_PAD),
                            SHEET_PAD + (k // columns) * (cell_h + SHEET_PAD)))
    sheet.save(out, optimize=True)


@register
class PreviewRenderer(DerivedRenderer):
    name = "png"
    suffix = "-preview"
    description = "PNG pictures of every slide and page, with a contact sheet"
    derives_from = ("pptx", "pdf")

    @classmethod
    def derive(cls, sources: dict[str, Path], out: Path, problems: Problems) -> None:
        soffice = _program("soffice", "libreoffice-impress", problems, out)
        pdftoppm = _program("pdftoppm", "poppler-utils", problems, out)
        if soffice is None or pdftoppm is None:
            return
        out.mkdir()
        pictures: list[Path] = []
        with tempfile.TemporaryDirectory(prefix="briefing-preview-") as scratch:
            deck_pdf = _deck_to_pdf(soffice, sources["pptx"], Path(scratch))
            if deck_pdf is None:
                problems.error(sources["pptx"].name, None, None, "LibreOffice could not open the deck to "
                               "preview it; build the pptx format alone and open it to see why")
                return
            pictures += _rasterise(pdftoppm, deck_pdf, out, "slide")
        pictures += _rasterise(pdftoppm, sources["pdf"], out, "page")
        contact_sheet(pictures, out / "contact-sheet.png")

"""Masters made by programs nobody here wrote, rebuilt for each test session (nothing is committed).

python-pptx's own 4:3 default, pandoc's reference.pptx, a LibreOffice template saved as .pptx
(placeholders without idx, several slide masters), the pandoc file saved as a .potx, a dark master
and one whose theme fonts are Georgia and Verdana (both edited from pandoc's file, as a designer
would in PowerPoint: background, colour map and theme fonts).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import need_program

MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
LIBREOFFICE_TEMPLATE = "/usr/lib/libreoffice/share/template/common/presnt/Focus.otp"


def _rewrite(src: Path, dst: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """A copy of a package with some of its XML parts edited as text."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dst


def python_pptx_default(out: Path) -> Path:
    from pptx import Presentation

    path = out / "python-pptx.pptx"
    Presentation().save(str(path))
    return path


def pandoc_reference(out: Path) -> Path:
    pandoc = need_program("pandoc")
    path = out / "pandoc.pptx"
    subprocess.run([pandoc, "-o", str(path), "--print-default-data-file", "reference.pptx"], check=True)
    return path


def libreoffice_saved(out: Path) -> Path:
    """One of LibreOffice's own templates, saved by LibreOffice as .pptx."""
    soffice = need_program("soffice")
    if not Path(LIBREOFFICE_TEMPLATE).is_file():
        import pytest

        pytest.skip(f"LibreOffice's template {LIBREOFFICE_TEMPLATE} is not installed")
    work = out / "lo"
    work.mkdir(exist_ok=True)
    odp = work / "libreoffice.odp"
    shutil.copy(LIBREOFFICE_TEMPLATE, odp)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{work / 'profile'}",
                    "--convert-to", "pptx", "--outdir", str(out), str(odp)],
                   check=True, capture_output=True, timeout=300)
    return out / "libreoffice.pptx"


def retype(src: Path, dst: Path, content_type: str) -> Path:
    """The same package with another content type for its main part."""
    return _rewrite(src, dst, {"[Content_Types].xml": lambda x: x.replace(MAIN, content_type)})


def as_template(src: Path, out: Path) -> Path:
    """The same package as a PowerPoint template (.potx): only the main part's content type differs."""
    return retype(src, out / (src.stem + ".potx"), TEMPLATE)


def dark(src: Path, out: Path) -> Path:
    """Pandoc's master with a near-black background and light text, the way dark masters map colours."""
    def master(xml: str) -> str:
        xml = re.sub(r"<p:bg>.*?</p:bg>", '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="111827"/></a:solidFill>'
                     "<a:effectLst/></p:bgPr></p:bg>", xml, flags=re.S)
        return xml.replace('bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2"', 'bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2"')

    def theme(xml: str) -> str:
        xml = re.sub(r'<a:dk1>.*?</a:dk1>', '<a:dk1><a:srgbClr val="111827"/></a:dk1>', xml, flags=re.S)
        xml = re.sub(r'<a:dk2>.*?</a:dk2>', '<a:dk2><a:srgbClr val="1F2937"/></a:dk2>', xml, flags=re.S)
        xml = re.sub(r'<a:lt1>.*?</a:lt1>', '<a:lt1><a:srgbClr val="F9FAFB"/></a:lt1>', xml, flags=re.S)
        return re.sub(r'<a:accent1>.*?</a:accent1>', '<a:accent1><a:srgbClr val="60A5FA"/></a:accent1>', xml,
                      flags=re.S)

    return _rewrite(src, out / "dark.pptx", {"ppt/slideMasters/slideMaster1.xml": master,
                                              "ppt/theme/theme1.xml": theme})


def other_fonts(src: Path, out: Path) -> Path:
    """Pandoc's master with Georgia headings and Verdana body text (Arial where East Asian text falls)."""
    def theme(xml: str) -> str:
        xml = re.sub(r'(<a:majorFont><a:latin typeface=")[^"]*', r"\1Georgia", xml)
        return re.sub(r'(<a:minorFont><a:latin typeface=")[^"]*', r"\1Verdana", xml)

    return _rewrite(src, out / "fonts.pptx", {"ppt/theme/theme1.xml": theme})


def all_masters(out: Path) -> dict[str, Path]:
    """Every foreign master, by a short name."""
    pandoc = pandoc_reference(out)
    return {
        "python-pptx": python_pptx_default(out),
        "pandoc": pandoc,
        "libreoffice": libreoffice_saved(out),
        "potx": as_template(pandoc, out),
        "dark": dark(pandoc, out),
        "fonts": other_fonts(pandoc, out),
    }

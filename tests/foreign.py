"""Masters made by programs nobody here wrote, rebuilt for each test session (nothing is committed).

python-pptx's own 4:3 default, pandoc's reference.pptx, a LibreOffice template saved as .pptx
(placeholders without idx, several slide masters), the pandoc file saved as a .potx, a dark master
and one whose theme fonts are Georgia and Verdana (both edited from pandoc's file, as a designer
would in PowerPoint: background, colour map and theme fonts); and a corporate template as
communications teams are handed one: a .potx with a photograph on its cover layout (light text
on it, through the layout's own colour map), a gradient on its content layouts, a second slide
master, and placeholders without idx.
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


PNG = "image/png"
# The corporate template's content layouts: white at the top, a pale tint of accent1 at the foot.
GRADIENT = ('<p:bg><p:bgPr><a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:schemeClr val="bg1"/></a:gs>'
            '<a:gs pos="100000"><a:schemeClr val="accent1"><a:lumMod val="20000"/><a:lumOff val="80000"/>'
            '</a:schemeClr></a:gs></a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill><a:effectLst/>'
            '</p:bgPr></p:bg>')
COVER = ('<p:bg><p:bgPr><a:blipFill dpi="0" rotWithShape="1"><a:blip r:embed="rIdCover"/><a:srcRect/><a:stretch>'
         '<a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>')
LIGHT_ON_DARK = ('<p:clrMapOvr><a:overrideClrMapping bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" '
                 'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" '
                 'hlink="hlink" folHlink="folHlink"/></p:clrMapOvr>')
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.presentationml"


def cover_photo() -> bytes:
    """A dark navy "photograph" for the cover: a diagonal gradient with a lighter band and some grain."""
    import io
    import random

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 270))
    draw = ImageDraw.Draw(image)
    for x in range(480):
        share = x / 479
        draw.line([(x, 0), (x, 269)], fill=(int(11 + 18 * share), int(31 + 32 * share), int(58 + 52 * share)))
    draw.polygon([(300, 0), (380, 0), (200, 270), (120, 270)], fill=(38, 74, 128))
    grain = random.Random(7)
    for _ in range(3000):
        x, y = grain.randrange(480), grain.randrange(270)
        r, g, b = image.getpixel((x, y))  # type: ignore[misc]
        image.putpixel((x, y), (min(r + 12, 255), min(g + 12, 255), min(b + 12, 255)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def corporate(src: Path, out: Path, *, light_cover_text: bool = True, name: str = "corporate.potx") -> Path:
    """Pandoc's master made into a corporate template, as PowerPoint would save one (see the module)."""
    with zipfile.ZipFile(src) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    text = {k: v.decode("utf-8") for k, v in parts.items() if k.endswith((".xml", ".rels"))}
    layouts = sorted((k for k in text if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", k)),
                     key=lambda k: int(re.findall(r"\d+", k)[-1]))
    # A second slide master with its own copies of the cover, content and two-column layouts.
    copies = {"ppt/slideLayouts/slideLayout1.xml": "Cover (second master)",
              "ppt/slideLayouts/slideLayout2.xml": "Text (second master)",
              "ppt/slideLayouts/slideLayout4.xml": "Two texts (second master)"}
    ids: list[str] = []
    rels: list[str] = []
    for k, (original, title) in enumerate(copies.items(), start=len(layouts) + 1):
        part = f"ppt/slideLayouts/slideLayout{k}.xml"
        text[part] = re.sub(r'<p:cSld name="[^"]*"', f'<p:cSld name="{title}"', text[original])
        text[f"ppt/slideLayouts/_rels/slideLayout{k}.xml.rels"] = text[original.replace(
            "slideLayouts/", "slideLayouts/_rels/") + ".rels"].replace("slideMaster1.xml", "slideMaster2.xml")
        ids.append(f'<p:sldLayoutId id="{2147483661 + len(ids)}" r:id="rId{len(ids) + 1}"/>')
        rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{_RELS}/slideLayout" '
                    f'Target="../slideLayouts/slideLayout{k}.xml"/>')
        layouts.append(part)
    master = text["ppt/slideMasters/slideMaster1.xml"]
    text["ppt/slideMasters/slideMaster2.xml"] = re.sub(r"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>",
                                                       f"<p:sldLayoutIdLst>{''.join(ids)}</p:sldLayoutIdLst>",
                                                       master, flags=re.S)
    rels.append(f'<Relationship Id="rIdTheme" Type="{_RELS}/theme" Target="../theme/theme3.xml"/>')
    text["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>')
    text["ppt/theme/theme3.xml"] = text["ppt/theme/theme1.xml"]
    text["ppt/presentation.xml"] = text["ppt/presentation.xml"].replace(
        "</p:sldMasterIdLst>", '<p:sldMasterId id="2147483660" r:id="rIdMaster2"/></p:sldMasterIdLst>')
    text["ppt/_rels/presentation.xml.rels"] = text["ppt/_rels/presentation.xml.rels"].replace(
        "</Relationships>", f'<Relationship Id="rIdMaster2" Type="{_RELS}/slideMaster" '
        'Target="slideMasters/slideMaster2.xml"/></Relationships>')
    overrides = [f'<Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="{_TYPES}.slideMaster+xml"/>',
                 '<Override PartName="/ppt/theme/theme3.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>',
                 *(f'<Override PartName="/{part}" ContentType="{_TYPES}.slideLayout+xml"/>' for part in layouts[-3:]),
                 f'<Default Extension="png" ContentType="{PNG}"/>']
    types = text["[Content_Types].xml"].replace(MAIN, TEMPLATE)
    text["[Content_Types].xml"] = types.replace("</Types>", "".join(overrides) + "</Types>")
    parts["ppt/media/cover.png"] = cover_photo()
    for part in layouts:
        xml = re.sub(r'(<p:ph\b[^>]*?) idx="\d+"', r"\1", text[part])  # as LibreOffice and some suites save them
        named = re.search(r'<p:cSld name="([^"]*)"', xml)
        title = named.group(1) if named else ""
        if title.startswith(("Title Slide", "Cover")):
            xml = xml.replace("<p:spTree>", COVER + "<p:spTree>", 1)
            if light_cover_text:
                xml = xml.replace("<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>", LIGHT_ON_DARK)
            rels_part = part.replace("slideLayouts/", "slideLayouts/_rels/") + ".rels"
            picture = f'<Relationship Id="rIdCover" Type="{_RELS}/image" Target="../media/cover.png"/>'
            text[rels_part] = text[rels_part].replace("</Relationships>", picture + "</Relationships>")
        elif "Content" in title or "Title Only" in title or "text" in title:
            xml = xml.replace("<p:spTree>", GRADIENT + "<p:spTree>", 1)
        text[part] = xml
    for master_part in ("ppt/slideMasters/slideMaster1.xml", "ppt/slideMasters/slideMaster2.xml"):
        text[master_part] = re.sub(r'(<p:ph\b[^>]*?) idx="\d+"', r"\1", text[master_part])
    parts.update({k: v.encode("utf-8") for k, v in text.items()})
    path = out / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for part_name, data in parts.items():
            zout.writestr(part_name, data)
    return path


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
        "corporate": corporate(pandoc, out),
    }

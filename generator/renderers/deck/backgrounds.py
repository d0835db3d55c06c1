"""What a layout's slides sit on: its background as the colours text must be readable against.

Read by :mod:`.mastertheme` when a deck is planned on a foreign master, so that what the tool
draws is coloured for the background it lands on. A layout's own background wins over its
slide master's; either may be a colour, a gradient (every stop counts: text may fall anywhere
on it), a picture (sampled with Pillow: its average, darkest and lightest parts) or a reference
into the theme's background styles. The master's own colour map (with a layout's override)
turns scheme names such as ``bg1`` into colours. Raw XML is read here and in :mod:`.oxml` only.
"""

from __future__ import annotations

import colorsys
import functools
import io
import re
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.slide import SlideLayout, SlideMaster

from ...figures.rules import luminance

_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
          "hlink", "folHlink")
SAMPLE_PX = 32  # a picture is shrunk to this many pixels a side before it is sampled: specks do not count
EDGE_SHARE = 0.05  # its darkest and lightest parts: this share of the pixels in from either end


@dataclass(frozen=True)
class Background:
    """A background as text sees it: the colours it shows, the first the one most of it has."""

    kind: str  # "colour", "gradient" or "picture"
    colours: tuple[str, ...]

    @property
    def main(self) -> str:
        return self.colours[0]

    def describe(self) -> str:
        """As a message names it: ``111827``, ``a gradient from 1F2937 to 4B5563``, ``a picture from … to …``."""
        if self.kind == "colour" or len(self.colours) < 2:
            return self.main
        darkest, lightest = (self.colours[1], self.colours[2]) if self.kind == "picture" else \
            (self.colours[0], self.colours[-1])
        return f"a {self.kind} from {darkest} to {lightest}"


def _find(element: Any, path: str) -> list[Any]:
    # lxml's own xpath: python-pptx's elements take no namespace map of their own.
    return cast("list[Any]", etree.ElementBase.xpath(element, path, namespaces=_NS))


def scheme_slots(master: SlideMaster) -> dict[str, str]:
    """The theme's colour scheme of a slide master: slot (``dk1``, ``accent1``…) → colour."""
    return dict(_scheme_slots(master.part.part_related_by(RT.THEME).blob))


@functools.lru_cache(maxsize=16)
def _scheme_slots(blob: bytes) -> tuple[tuple[str, str], ...]:
    # By the theme part's bytes: asked for each layout a deck uses, in every build of `watch`,
    # and parsing the theme each time was a tenth of a rebuild's choosing of colours.
    theme = etree.fromstring(blob)
    slots: dict[str, str] = {}
    for slot in _SLOTS:
        found = _find(theme, f".//a:clrScheme/a:{slot}/*")
        if found:
            value = found[0].get("val") if found[0].tag == qn("a:srgbClr") else found[0].get("lastClr")
            if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                slots[slot] = value.upper()
    return tuple(slots.items())


def colour_map(master: SlideMaster, layout: SlideLayout | None = None) -> dict[str, str]:
    """Role (``bg1``, ``tx1``…) → scheme slot, the layout's override where it has one."""
    mapping = master._element.find(qn("p:clrMap"))
    roles = {str(k): str(v) for k, v in (mapping.attrib.items() if mapping is not None else ())}
    if layout is not None:
        override = _find(layout._element, "./p:clrMapOvr/a:overrideClrMapping")
        if override:
            roles = {str(k): str(v) for k, v in override[0].attrib.items()}
    return roles


def scheme_colours(layout: SlideLayout) -> dict[str, str]:
    """A layout's colours by role (``tx1``, ``bg1``…, through its own colour map where it overrides
    its slide master's) and its slide master's accents: what the deck's colours are taken from."""
    colours = Colours(layout.slide_master, layout)
    out = {role: colours.slots[slot] for role, slot in colours.roles.items() if slot in colours.slots}
    out.update({slot: value for slot, value in colours.slots.items() if slot.startswith("accent")})
    return out


class Colours:
    """Turns DrawingML colour elements into hex colours, through one master's scheme and map."""

    def __init__(self, master: SlideMaster, layout: SlideLayout | None = None):
        self.slots = scheme_slots(master)
        self.roles = colour_map(master, layout)

    def named(self, name: str) -> str | None:
        return self.slots.get(self.roles.get(name, name))

    def of(self, element: Any, placeholder: str | None = None) -> str | None:
        """The colour an ``a:srgbClr``/``a:schemeClr``/``a:sysClr`` element shows, its shading applied."""
        tag = etree.QName(element).localname
        value: str | None
        if tag == "srgbClr":
            value = str(element.get("val", "")).upper()
        elif tag == "schemeClr":
            name = str(element.get("val"))
            value = placeholder if name == "phClr" else self.named(name)
        elif tag == "sysClr":
            value = str(element.get("lastClr", "")).upper()
        else:
            return None
        if not value or not re.fullmatch(r"[0-9A-F]{6}", value):
            return None
        return _shaded(value, element)


def _number(element: Any, name: str, default: int) -> int:
    """An integer attribute, ``default`` where it is missing or not a number (a hand-edited file)."""
    try:
        return int(element.get(name, default))
    except (TypeError, ValueError):
        return default


def _shaded(value: str, element: Any) -> str:
    """A colour with DrawingML's luminance, tint and shade changes applied (as PowerPoint does, near enough)."""
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    for change in element:
        name, amount = etree.QName(change).localname, _number(change, "val", 100000) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = min(max(lum * amount if name == "lumMod" else lum + amount, 0.0), 1.0)
            r, g, b = colorsys.hls_to_rgb(h, lum, s)
        elif name == "tint":  # towards white
            r, g, b = (c + (1 - c) * (1 - amount) for c in (r, g, b))
        elif name == "shade":  # towards black
            r, g, b = (c * amount for c in (r, g, b))
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in (r, g, b))


def background_of(owner: SlideLayout | SlideMaster) -> Background | None:
    """The background of a layout's (or a slide master's) slides; None: one this tool cannot read,
    such as a pattern."""
    layout = owner if isinstance(owner, SlideLayout) else None
    master = layout.slide_master if layout is not None else cast("SlideMaster", owner)
    colours = Colours(master, layout)
    for holder in (layout, master) if layout is not None else (master,):
        bg = _find(holder._element, "./p:cSld/p:bg")
        if bg:
            return _read(bg[0], holder, master, colours)
    white = colours.named("bg1") or "FFFFFF"
    return Background("colour", (white,))  # no background set anywhere: PowerPoint shows bg1


_STYLE_FILL = "./a:lvl1pPr/a:defRPr/a:solidFill/*"


def own_text_colours(layout: SlideLayout) -> dict[str, str]:
    """The colours the master itself gives a layout's titles and body text (which the tool leaves to
    it): the layout's placeholder style, else the slide master's text styles, else ``tx1``."""
    master = layout.slide_master
    colours = Colours(master, layout)
    out: dict[str, str] = {}
    for what, types, style in (("titles", ("title", "ctrTitle"), "p:titleStyle"),
                               ("body text", ("body", "obj", "subTitle", ""), "p:bodyStyle")):
        found: list[Any] = []
        for ph in _find(layout._element, ".//p:sp[p:nvSpPr/p:nvPr/p:ph]"):
            kind = _find(ph, "./p:nvSpPr/p:nvPr/p:ph/@type")
            if (kind[0] if kind else "") in types:
                found = _find(ph, "./p:txBody/a:lstStyle" + _STYLE_FILL[1:])
                break
        found = found or _find(master._element, f"./p:txStyles/{style}" + _STYLE_FILL[1:])
        colour = colours.of(found[0]) if found else None
        colour = colour or colours.named("tx1")
        if colour:
            out[what] = colour
    return out


def _read(bg: Any, owner: SlideLayout | SlideMaster, master: SlideMaster, colours: Colours) -> Background | None:
    props = _find(bg, "./p:bgPr/*")
    if props:
        return _fill(props[0], owner, colours, None)
    ref = _find(bg, "./p:bgRef")
    if not ref:
        return None
    index = _number(ref[0], "idx", 0)
    colour = next((c for c in (colours.of(e) for e in ref[0]) if c), None)
    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    styles = _find(theme, ".//a:fmtScheme/a:bgFillStyleLst/*" if index > 1000 else ".//a:fmtScheme/a:fillStyleLst/*")
    position = index - 1001 if index > 1000 else index - 1
    if not 0 <= position < len(styles):
        return Background("colour", (colour,)) if colour else None
    # A picture in a theme style lives in the theme's part, not the layout's.
    return _fill(styles[position], None, colours, colour)


def _fill(fill: Any, owner: SlideLayout | SlideMaster | None, colours: Colours, placeholder: str | None
          ) -> Background | None:
    tag = etree.QName(fill).localname
    if tag == "solidFill":
        solid = next((c for c in (colours.of(e, placeholder) for e in fill) if c), None)
        return Background("colour", (solid,)) if solid else None
    if tag == "gradFill":
        stops = sorted(_find(fill, "./a:gsLst/a:gs"), key=lambda gs: _number(gs, "pos", 0))
        found = tuple(c for gs in stops for c in (colours.of(e, placeholder) for e in gs) if c)
        return Background("gradient", found) if found else None
    if tag == "blipFill" and owner is not None:
        embed = _find(fill, "./a:blip/@r:embed")
        if not embed:
            return None
        try:
            blob = owner.part.related_part(str(embed[0])).blob
        except (KeyError, AttributeError):
            return None
        return picture_background(blob)
    return None


def picture_background(blob: bytes) -> Background | None:
    """A picture as text sees it: its average colour, then its darkest and lightest parts."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as image:
            image.draft("RGB", (SAMPLE_PX * 4, SAMPLE_PX * 4))  # a large photograph decodes small (JPEG)
            small = image.convert("RGB").resize((SAMPLE_PX, SAMPLE_PX), Image.Resampling.BOX)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None  # a picture Pillow cannot read (an EMF, say): the colours are not checked against it
    raw = small.tobytes()  # RGB triples (getdata is going away in Pillow 14)
    pixels = [raw[i:i + 3].hex().upper() for i in range(0, len(raw), 3)]
    n = len(pixels)
    average = "".join(f"{round(sum(int(p[i:i + 2], 16) for p in pixels) / n):02X}" for i in (0, 2, 4))
    by_light = sorted(pixels, key=luminance)
    edge = int(n * EDGE_SHARE)
    return Background("picture", (average, by_light[edge], by_light[n - 1 - edge]))

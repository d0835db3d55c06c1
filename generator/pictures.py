"""Pictures for both renderers: their size, a raster for the deck, an SVG read for the PDF.

The parse stage resolves a ``![alt](path)`` picture to a file; the layout stage asks
:func:`picture_size` for its aspect ratio to fit it into a box; then the deck renderer inserts
:func:`raster_for_deck` (PowerPoint takes PNG, JPEG and GIF; an SVG is rasterised at slide
resolution) and the report renderer draws what :func:`read_svg` reads from an SVG
(:mod:`generator.renderers.report.assets`), so its lines and text stay vectors in the PDF.
reportlab and svglib load only when an SVG is read that way (or rasterised without CairoSVG). A
picture that cannot be read raises ``ValueError`` with a message the user can act on; the caller
puts the file and line in front of it.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotations: the deck imports this module and must not load reportlab
    from PIL import Image
    from reportlab.graphics.shapes import Drawing

DECK_PIXELS = 2000  # longer side of a rasterised SVG: sharp on a 16:9 slide even at full width
_DECK_FORMATS = {"PNG", "JPEG", "GIF"}  # what every PowerPoint version and LibreOffice show as is
_CSS_PX = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}


MAX_PIXELS = 50_000_000  # a 50-megapixel photo is larger than any slide or page shows
MAX_PICTURE_BYTES = 50_000_000
_REFERENCE = re.compile(rb"""(?:href\s*=\s*["']|url\(\s*["']?)([^"')#\s][^"')\s]*)""", re.IGNORECASE)


def check_picture(path: Path, allowed: Path | None) -> None:
    """Refuse, with a message for the author, a picture that would harm or leak the build: one
    too large, a decompression bomb, an SVG with entity declarations, or an SVG that refers to a
    file outside ``allowed`` (the project) or on the web."""
    size = path.stat().st_size
    if size > MAX_PICTURE_BYTES:
        raise ValueError(f"the picture {path.name} is {size / 1e6:.0f} MB; make it smaller than "
                         f"{MAX_PICTURE_BYTES // 1_000_000} MB")
    if is_svg(path):
        data = path.read_bytes()
        if path.suffix.lower() == ".svgz" or data[:2] == b"\x1f\x8b":
            import gzip

            data = gzip.decompress(data)
        if b"<!ENTITY" in data:
            raise ValueError(f"the SVG picture {path.name} declares XML entities, which can read other files; "
                             "export it again as plain SVG")
        for ref in _REFERENCE.findall(data):
            target = ref.decode("utf-8", "replace")
            if target.startswith("data:"):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) and not target.startswith("file:"):
                raise ValueError(f"the SVG picture {path.name} refers to '{target}' on the web; embed it instead")
            local = (path.parent / target.removeprefix("file://")).resolve()
            if allowed is not None and not local.is_relative_to(allowed.resolve()):
                raise ValueError(f"the SVG picture {path.name} refers to '{target}', outside the project; "
                                 "embed it or copy it into the project")
        return
    with _open_image(path, load=False):
        pass


def is_svg(path: Path) -> bool:
    return Path(path).suffix.lower() in (".svg", ".svgz")


def picture_size(path: Path) -> tuple[float, float]:
    """Width and height: pixels for a raster picture (as displayed, after its EXIF rotation),
    user units for an SVG. Only their ratio matters to the layout."""
    path = Path(path)
    if is_svg(path):
        return _svg_size(path)
    with _open_image(path) as img:
        w, h = img.size
        if _exif_turned(img):
            w, h = h, w
    return float(w), float(h)


def raster_for_deck(path: Path) -> Path | io.BytesIO:
    """What to hand to ``add_picture``: the file itself when PowerPoint shows it as it is,
    otherwise a PNG (or JPEG) made from it in memory."""
    path = Path(path)
    if is_svg(path):
        return _rasterise_svg(path)
    with _open_image(path) as img:
        if img.format in _DECK_FORMATS and not _exif_turned(img):
            return path
        # A phone photo stores "rotate me" in EXIF, which PowerPoint ignores: turn the pixels.
        from PIL import ImageOps

        upright = ImageOps.exif_transpose(img)
        out = io.BytesIO()
        if img.format == "JPEG":
            upright.save(out, "JPEG", quality=92, optimize=True)
        else:  # BMP, TIFF, WebP…: PNG keeps every pixel and transparency
            if upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                upright = upright.convert("RGBA")
            upright.save(out, "PNG", optimize=True)
    out.seek(0)
    return out


# --- internals ----------------------------------------------------------------------------------


def _open_image(path: Path, *, load: bool = True) -> Image.Image:
    # Pillow is loaded by the first picture: a deck or report without one does without it.
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        raise ValueError(f"picture not found: {path}")
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, past its own limit; ours is lower, and said as a problem.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)  # reads the header only
        if img.width * img.height > MAX_PIXELS:
            img.close()
            raise ValueError(f"the picture {path.name} is {img.width} × {img.height} pixels, more than the "
                             f"{MAX_PIXELS // 1_000_000} megapixels a slide or page can use; make it smaller")
        if load:
            img.load()  # a truncated file fails here, not later inside PowerPoint
    except UnidentifiedImageError:
        raise ValueError(f"{path.name} is not a picture this tool can read; use PNG, JPEG, GIF or SVG") from None
    except Image.DecompressionBombError:
        raise ValueError(f"the picture {path.name} has more pixels than it can be safe to open; "
                         "make it smaller") from None
    except (OSError, SyntaxError) as exc:
        raise ValueError(f"the picture {path.name} is damaged or cut short ({exc}); export it again") from None
    return img


def _exif_turned(img: Image.Image) -> bool:
    try:
        return img.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # orientations that swap width and height
    except Exception:  # a broken EXIF block is no reason to refuse the picture
        return False


def _svg_root(path: Path) -> dict[str, str]:
    """The ``<svg>`` element's attributes, read without resolving entities or fetching anything."""
    from lxml import etree

    if not path.is_file():
        raise ValueError(f"picture not found: {path}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".svgz" or data[:2] == b"\x1f\x8b":
            import gzip

            data = gzip.decompress(data)
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, OSError, EOFError) as exc:
        raise ValueError(f"the SVG picture {path.name} is not well-formed XML ({exc}); "
                         "open it in an editor and save it again") from None
    tag = etree.QName(root).localname
    if tag != "svg":
        raise ValueError(f"{path.name} is not an SVG picture: its root element is <{tag}>, not <svg>")
    return {k: v for k, v in root.attrib.items() if isinstance(k, str) and isinstance(v, str)}


def _length(value: str | None) -> float | None:
    """An SVG length in CSS pixels; None for a missing or relative (%) length."""
    if not value:
        return None
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z%]*)\s*", value)
    if not m or m.group(2) == "%":
        return None
    unit = m.group(2).lower() or "px"
    if unit in ("em", "ex"):
        return float(m.group(1)) * 16 * (0.5 if unit == "ex" else 1.0)
    return float(m.group(1)) * _CSS_PX.get(unit, 1.0)


def _svg_size(path: Path) -> tuple[float, float]:
    attrs = _svg_root(path)
    w, h = _length(attrs.get("width")), _length(attrs.get("height"))
    box = [float(x) for x in re.split(r"[\s,]+", attrs.get("viewBox", "").strip()) if x] \
        if attrs.get("viewBox") else []
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        vw, vh = box[2], box[3]
        w, h = _aspect(w, h, vw, vh) if w or h else (vw, vh)
    if not w or not h or w <= 0 or h <= 0:
        raise ValueError(f"the SVG picture {path.name} has no size: give its <svg> element width and height, "
                         "or a viewBox")
    return w, h


def _rasterise_svg(path: Path) -> io.BytesIO:
    w, h = _svg_size(path)
    scale = DECK_PIXELS / max(w, h)
    px_w, px_h = max(1, round(w * scale)), max(1, round(h * scale))
    try:  # CairoSVG: a pure-Python wheel over the system's libcairo2 (Debian: apt-get install libcairo2)
        import cairosvg  # no type hints: see [tool.mypy] in pyproject.toml
    except (ImportError, OSError):
        cairosvg = None
    if cairosvg is not None:
        try:
            png = cairosvg.svg2png(url=str(path), output_width=px_w, output_height=px_h)
        except Exception as exc:  # CairoSVG raises many kinds of errors on odd SVGs
            raise ValueError(f"the SVG picture {path.name} could not be drawn ({exc}); "
                             "export it again, or use a PNG") from None
        return io.BytesIO(png)
    # Without CairoSVG: svglib's drawing through reportlab's renderPM, which needs rlPyCairo.
    try:
        from reportlab.graphics import renderPM

        graphic = read_svg(path)
        graphic.scale(px_w / graphic.width, px_h / graphic.height)
        graphic.width, graphic.height = px_w, px_h
        out = io.BytesIO()
        renderPM.drawToFile(graphic, out, fmt="PNG", dpi=72)
        out.seek(0)
        return out
    except ValueError:
        raise
    except Exception:
        raise ValueError(f"the SVG picture {path.name} needs CairoSVG to go on a slide: "
                         "pip install cairosvg (it uses the system's cairo library, Debian package libcairo2), "
                         "or use a PNG") from None


def read_svg(path: Path) -> Drawing:
    """svglib's reading of an SVG file as a reportlab drawing (in the SVG's own units)."""
    _svg_root(path)  # a clear message for a file that is not an SVG at all
    import logging

    from svglib.svglib import svg2rlg

    # svglib logs what it skips (filters, some CSS) as errors; the drawing is still good.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        graphic = svg2rlg(str(path))
    except Exception as exc:
        raise ValueError(f"the SVG picture {path.name} could not be read ({exc}); "
                         "export it again as plain SVG") from None
    if graphic is None:
        raise ValueError(f"the SVG picture {path.name} could not be read; export it again as plain SVG")
    return graphic


def attr_length(value: str | None, room_pt: float) -> float | None:
    """A picture's ``width=``/``height=`` attribute in points: a share of ``room_pt`` for ``50%``, else
    CSS units as pandoc reads them (a bare number is pixels); None when absent or unreadable."""
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*%\s*", value or "")
    if m:
        return room_pt * float(m.group(1)) / 100
    px = _length(value)
    return None if px is None else px * 0.75


def _aspect(w: float | None, h: float | None, ratio_w: float, ratio_h: float) -> tuple[float | None, float | None]:
    """Width and height, the missing one of them from the other in the ratio ``ratio_w:ratio_h``."""
    if w and not h:
        return w, w * ratio_h / ratio_w
    if h and not w:
        return h * ratio_w / ratio_h, h
    return w, h


def sized(picture_w: float, picture_h: float, box_w: float, box_h: float, width: str | None,
          height: str | None) -> tuple[float, float]:
    """The size a picture is drawn at in a box: as its attributes ask (one of them keeps the aspect
    ratio), never beyond the box; without attributes, as large as fits."""
    w, h = _aspect(attr_length(width, box_w), attr_length(height, box_h), picture_w, picture_h)
    if not w or not h:
        scale = min(box_w / picture_w, box_h / picture_h)
        return picture_w * scale, picture_h * scale
    shrink = min(1.0, box_w / w, box_h / h)
    return w * shrink, h * shrink

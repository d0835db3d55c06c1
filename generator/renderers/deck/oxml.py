"""The deck's raw XML: the edits python-pptx has no public API for, beside the modules that write
whole elements.

The drawing modules of :mod:`generator.renderers.deck` work through python-pptx's proxy objects;
where the file format needs something those do not offer (slide-number fields, chart details,
alt text, a shape's place, removing or copying shapes, the package's files), they call a function
here. Text (:mod:`.textxml`), tables (:mod:`.tablecells`), new slides (:mod:`.newslides`), the
timing tree of build-up (:mod:`.animation`) and equations (:mod:`.equations`) are written as XML
in modules of their own, for speed or because they are whole structures; no other module of the
deck touches lxml or python-pptx's private members, so a change in python-pptx is found in these.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from lxml import etree
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.chart import ChartPart
from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.placeholder import LayoutPlaceholder, SlidePlaceholder
from pptx.shapes.shapetree import GroupShapes
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame, _Run

from ...output import Deflated

Element = etree._Element
_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
_RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"

# --- the schema's child order ---------------------------------------------------------------------

# Children that follow c:numFmt in CT_DLbl.
_AFTER_NUMFMT = ("c:spPr", "c:txPr", "c:dLblPos", "c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName",
                 "c:showPercent", "c:showBubbleSize", "c:separator", "c:extLst")
# Children that follow c:spPr in CT_ChartSpace, and in CT_PlotArea.
_AFTER_SPACE_SPPR = ("c:txPr", "c:externalData", "c:printSettings", "c:userShapes", "c:extLst")
_AFTER_PLOT_SPPR = ("c:extLst",)


def insert_in_order(parent: Element, successors: Sequence[str], *children: Element) -> None:
    """Insert ``children`` into ``parent`` where the schema wants them: before the first child
    whose tag is one of ``successors`` (the tags the schema puts after them), else at the end."""
    anchor = next((el for tag in successors if (el := parent.find(qn(tag))) is not None), None)
    for child in children:
        if anchor is not None:
            anchor.addprevious(child)
        else:
            parent.append(child)


def remove_all(parent: Element, tags: Sequence[str]) -> None:
    for tag in tags:
        for el in parent.findall(qn(tag)):
            parent.remove(el)


# --- text frames, paragraphs and runs -------------------------------------------------------------



_DEFAULT_INSETS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}  # the file format's


def inherited_insets(placeholder: LayoutPlaceholder) -> tuple[int, int, int, int]:
    """The insets a layout placeholder's text would get: its own, else its master placeholder's,
    else the file format's defaults, as PowerPoint resolves them (left, top, right, bottom)."""
    found: dict[str, int] = {}
    chain: list[BaseShape] = [placeholder]
    base = placeholder._base_placeholder  # the master's placeholder of the same type, if any
    if base is not None:
        chain.append(base)
    for shape in chain:
        body_pr = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
        if body_pr is None:
            continue
        for name in _DEFAULT_INSETS:
            value = body_pr.get(name)
            if name not in found and value is not None and value.lstrip("-").isdigit():
                found[name] = int(value)
    left, top, right, bottom = ({**_DEFAULT_INSETS, **found}[n] for n in _DEFAULT_INSETS)
    return left, top, right, bottom


def raw_runs(paragraph: Any, xml: str, size: float) -> None:
    """A ``{=openxml}`` block's runs (checked by the parse stage) into a paragraph, at ``size``."""
    from lxml import etree

    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wrapped = f'<raw xmlns:a="{_NS["a"]}" xmlns:r="{relationships}">{xml}</raw>'
    for element in etree.fromstring(wrapped.encode()):
        if element.tag != qn("a:br"):
            rpr = element.find(qn("a:rPr"))
            if rpr is None:
                rpr = etree.Element(qn("a:rPr"))
                element.insert(0, rpr)
            rpr.set("sz", str(round(size * 100)))
        paragraph._p.insert_element_before(element, "a:endParaRPr")


def ensure_slide_number_field(frame: TextFrame) -> None:
    """A slide-number placeholder must hold the field, or clients show nothing."""
    if frame._txBody.find(".//" + qn("a:fld")) is not None:
        return
    p = frame.paragraphs[0]._p
    fld = etree.SubElement(p, qn("a:fld"))
    fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    fld.set("type", "slidenum")
    t = etree.SubElement(fld, qn("a:t"))
    t.text = "‹#›"


# --- shapes ---------------------------------------------------------------------------------------


def alt_text(shape: BaseShape, description: str, title: str | None) -> None:
    """What a screen reader says for a picture, chart or group: the shape's own ``p:cNvPr``."""
    c_nv_pr = shape._element.find(".//" + qn("p:cNvPr"))
    assert c_nv_pr is not None
    c_nv_pr.set("descr", description)
    if title:
        c_nv_pr.set("title", title)


@contextmanager
def group_extents_once(shapes: GroupShapes) -> Iterator[None]:
    """Inside the block, shapes added to a group leave its extents alone; they are measured once,
    at its end. python-pptx measures every shape of a group again after each one is added (time
    quadratic in the shapes); the group's final position and size are the same."""
    remeasure = shapes._recalculate_extents
    shapes._recalculate_extents = lambda: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        del shapes._recalculate_extents  # the class's own again
        remeasure()


def place(shape: BaseShape, x: int, y: int, cx: int, cy: int) -> None:
    """A shape's position and size, written as python-pptx's left, top, width and height do
    (``a:xfrm`` first in ``p:spPr``, its offset before its extent), without its lookups."""
    sp_pr = shape._element.find(qn("p:spPr"))
    assert sp_pr is not None  # every p:sp has one
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = sp_pr.makeelement(qn("a:xfrm"), {})
        sp_pr.insert(0, xfrm)
    for tag, names, values in (("a:off", ("x", "y"), (x, y)), ("a:ext", ("cx", "cy"), (cx, cy))):
        el = xfrm.find(qn(tag))
        if el is None:
            el = xfrm.makeelement(qn(tag), {})
            xfrm.insert(0 if tag == "a:off" else len(xfrm), el)
        for name, value in zip(names, values, strict=True):
            el.set(name, str(int(value)))


def remove_shape(shape: BaseShape) -> None:
    element = shape._element
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)


def copy_placeholder(slide: Slide, layout_shape: BaseShape) -> SlidePlaceholder:
    """A copy of a layout's placeholder on the slide (python-pptx skips footers and numbers)."""
    slide.shapes._spTree.append(copy.deepcopy(layout_shape._element))
    return cast(SlidePlaceholder, slide.shapes[-1])


def shows_master_shapes(layout: SlideLayout) -> bool:
    return layout._element.get("showMasterSp") != "0"


def refers_to_parts(shape: BaseShape) -> bool:
    """Whether a shape points at another part of the package (an image), so it cannot be copied alone."""
    return bool(shape._element.xpath(".//@r:embed | .//@r:link | .//@r:id"))


def show_own_copies(slide: Slide, shapes: list[BaseShape]) -> None:
    """Hide the master's graphics on a slide and carry copies of ``shapes`` instead, behind the
    slide's own shapes and in order, each with a fresh shape id."""
    slide._element.set("showMasterSp", "0")
    tree = slide.shapes._spTree
    used = {int(i) for i in tree.xpath(".//p:cNvPr/@id")}
    anchor = tree.find(qn("p:grpSpPr"))
    assert anchor is not None
    for shape in reversed(shapes):
        element = copy.deepcopy(shape._element)
        for c_nv_pr in element.iter(qn("p:cNvPr")):
            new_id = max(used, default=1) + 1
            used.add(new_id)
            c_nv_pr.set("id", str(new_id))
        anchor.addnext(element)


_UNNUMBERED = ("title", "ctrTitle")  # a title needs no idx: PowerPoint matches it by its type


def number_placeholders(prs: Presentation) -> None:
    """Give every layout placeholder an idx of its own, as PowerPoint does when it saves.

    Files saved by LibreOffice write no idx, so every body and subtitle of a layout reads as
    idx 0, the title's: a slide made from the layout could then not tell its title from its
    columns. A slide's placeholder inherits from the layout's by idx, and a layout's from the
    master's by type, so numbering the layouts' placeholders changes nothing that is inherited.
    """
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            phs = _find(layout._element, "./p:cSld/p:spTree/*/*/p:nvPr/p:ph")
            used: set[int] = set()
            for ph in phs:
                if ph.get("idx") is not None and int(ph.get("idx")) not in used:
                    used.add(int(ph.get("idx")))
                elif ph.get("type") in _UNNUMBERED and 0 not in used:
                    used.add(0)
                else:
                    ph.set("idx", "")  # numbered below, after every kept idx is known
            free = (n for n in range(1, 1 << 16) if n not in used)
            for ph in (ph for ph in phs if ph.get("idx") == ""):
                ph.set("idx", str(next(free)))


def package_entries(prs: Presentation, finished: dict[str, Deflated] | None = None
                    ) -> Iterator[tuple[str, bytes | Deflated]]:
    """Every file of the deck's package, by its name in the zip: what python-pptx's ``save``
    writes (the content types, the package's relationships, each part and its relationships),
    so that the zip is written once, reproducibly, by :func:`generator.output.write_zip`, which
    compresses each while the next is serialised. A part in ``finished`` (by part name) is
    stored as it was finished, compressed."""
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from pptx.opc.serialized import _ContentTypesItem

    package = prs.part.package
    parts = tuple(package.iter_parts())
    yield CONTENT_TYPES_URI.membername, serialize_part_xml(_ContentTypesItem.xml_for(parts))
    yield PACKAGE_URI.rels_uri.membername, package._rels.xml
    for part in parts:
        name = part.partname
        done = finished.get(name) if finished else None
        yield name[1:], done or part.blob
        if part._rels:
            yield _rels_name(name), relationships_xml(part._rels)


_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_EXTERNAL = "External"  # a relationship's target mode when its target is outside the package
_PLAIN = re.compile(r"[\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]*")  # printable ASCII that XML writes as it is
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NO_RELATIONSHIPS = etree.tostring(etree.Element(f"{{{_RELATIONSHIPS}}}Relationships",
                                                 nsmap=cast(Any, {None: _RELATIONSHIPS})),
                                   encoding="UTF-8", standalone=True)


def relationships_xml(rels: Any) -> bytes:
    """A part's relationships as python-pptx saves them (in the order of their numbers).

    python-pptx parses a new element from text for each relationship, sets its attributes one
    by one and works out each target's path with posixpath, which was most of the time a long
    deck took to be packaged. Here the relationships are read from python-pptx's private fields,
    and the file is written as text where no value needs escaping (the usual case: part names
    and relationship types), else with lxml; both give lxml's bytes."""
    by_id = rels._rels
    listed: list[tuple[str, str, str, bool]] = []
    for _, r_id in sorted((int(r_id[3:]) if r_id.startswith("rId") and r_id[3:].isdigit() else 0, r_id)
                          for r_id in by_id):
        rel = by_id[r_id]
        external = rel._target_mode == _EXTERNAL
        target = rel._target if external else _relative(rel._target.partname, rel._base_uri)
        listed.append((r_id, rel._reltype, target, external))
    if not all(_PLAIN.fullmatch(value) for entry in listed for value in entry[:3]):
        return _relationships_by_lxml(listed)
    body = "".join(f'<Relationship Id="{r_id}" Type="{kind}" Target="{target}"'
                   + (' TargetMode="External"/>' if external else "/>") for r_id, kind, target, external in listed)
    if not body:
        return _NO_RELATIONSHIPS
    return f'{_XML_DECLARATION}<Relationships xmlns="{_RELATIONSHIPS}">{body}</Relationships>'.encode()


def _relationships_by_lxml(listed: list[tuple[str, str, str, bool]]) -> bytes:
    root = etree.Element(f"{{{_RELATIONSHIPS}}}Relationships", nsmap=cast(Any, {None: _RELATIONSHIPS}))
    tag = f"{{{_RELATIONSHIPS}}}Relationship"
    for r_id, kind, target, external in listed:
        attrs = {"Id": r_id, "Type": kind, "Target": target}
        if external:
            attrs["TargetMode"] = _EXTERNAL
        etree.SubElement(root, tag, attrs)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _rels_name(partname: str) -> str:
    """The zip member holding a part's relationships (python-pptx's ``rels_uri.membername``)."""
    folder, _, name = partname.rpartition("/")
    return f"{folder}/_rels/{name}.rels"[1:]


def _relative(partname: str, base: str) -> str:
    """``partname`` relative to the folder ``base``, as python-pptx's ``PackURI.relative_ref``
    gives it (both are absolute and normalised, so this is posixpath.relpath without its checks)."""
    if base == "/":
        return partname[1:]
    target, start = partname.split("/")[1:], base.split("/")[1:]
    common = 0
    for a, b in zip(target, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def main_content_type(blob: bytes) -> str | None:
    """The content type a package's ``[Content_Types].xml`` gives its main part, if it has one."""
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        types = etree.fromstring(archive.read("[Content_Types].xml"))
    for override in types:
        if override.get("PartName") in ("/ppt/presentation.xml", "/word/document.xml", "/xl/workbook.xml"):
            return override.get("ContentType")
    return None


def as_presentation(blob: bytes, template_type: str, presentation_type: str) -> bytes:
    """A template package (.potx) as a presentation: only its main part's content type changes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(template_type.encode(), presentation_type.encode())
            dst.writestr(info, data)
    return out.getvalue()


def _find(element: Element, path: str) -> list[Any]:
    """Elements or attribute values at ``path`` (lxml's xpath, with the deck's namespaces)."""
    return cast("list[Any]", etree.ElementBase.xpath(element, path, namespaces=_NS))


def master_scheme(prs: Presentation) -> tuple[dict[str, str], dict[str, str]]:
    """The first slide master's colours by role (``tx1``, ``bg1``, ``accent1``…, through its colour
    map) and fonts (``major``, ``minor``, ``major_ea``, ``minor_ea``, where the theme names them)."""
    from .backgrounds import colour_map, scheme_slots

    master = prs.slide_masters[0]
    theme = etree.fromstring(master.part.part_related_by(_RT_THEME).blob)
    slots = scheme_slots(master)
    colours = {role: slots[slot] for role, slot in colour_map(master).items() if slot in slots}
    colours.update({slot: slots[slot] for slot in slots if slot.startswith("accent")})
    fonts: dict[str, str] = {}
    for which in ("major", "minor"):
        for script, key in (("latin", which), ("ea", f"{which}_ea")):
            face = _find(theme, f".//a:fontScheme/a:{which}Font/a:{script}/@typeface")
            if face and face[0] and not face[0].startswith("+"):
                fonts[key] = face[0]
    return colours, fonts


def masters_fingerprint(prs: Presentation) -> bytes:
    """A hash of every slide master's and layout's XML: equal for the same master file."""
    import hashlib

    digest = hashlib.sha256()
    for master in prs.slide_masters:
        for part in (master, *master.slide_layouts):
            digest.update(etree.tostring(part._element))
    return digest.digest()


def drop_slides(prs: Presentation) -> None:
    """Remove every slide a master file came with (a corporate template usually has samples)."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def name_parts_without_walking(prs: Presentation) -> None:
    """Give new parts (notes slides, charts, their workbooks) their names without walking the package.

    python-pptx's ``OpcPackage.next_partname`` walks every part of the package for each new part,
    so a deck with a notes page per slide costs time quadratic in its slides (python-pptx issue
    644). This replaces it, on this one package, by the same rule (the highest free number up to
    one more than the names taken, searched downward) over names gathered once per template and
    kept up to date as parts are named. Call it after the sample slides are dropped: from here on,
    parts are only added, as the deck is drawn.
    """
    package = prs.part.package
    taken: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = taken.get(prefix)
        if names is None:
            names = taken[prefix] = {str(p.partname) for p in package.iter_parts() if p.partname.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):
            if (candidate := tmpl % n) not in names:
                names.add(candidate)
                return PackURI(candidate)
        raise AssertionError(f"no free part name for {tmpl}")  # as python-pptx: cannot happen

    package.next_partname = next_partname  # type: ignore[method-assign]


# --- charts ---------------------------------------------------------------------------------------


def axis_crosses_at_max(axis: Any) -> None:
    """Cross the other axis at this one's maximum (python-pptx offers it only the other way)."""
    crosses = axis._element.find(qn("c:crosses"))
    if crosses is not None:
        crosses.set("val", "max")


def doughnut_shape(plot: Any, hole: int, first_angle: int) -> None:
    """A doughnut's hole size and first slice angle (python-pptx always writes both elements)."""
    el = plot._element
    for tag, value in (("c:holeSize", hole), ("c:firstSliceAng", first_angle)):
        found = el.find(qn(tag))
        if found is not None:
            found.set("val", str(value))


def point_label_number_format(data_label: Any, fmt: str) -> None:
    """A per-point label has its own number format, or clients fall back to the cell's."""
    d_lbl = data_label._get_or_add_dLbl()
    num = d_lbl.find(qn("c:numFmt"))
    if num is None:
        num = etree.Element(qn("c:numFmt"))
        insert_in_order(d_lbl, _AFTER_NUMFMT, num)
    num.set("formatCode", fmt)
    num.set("sourceLinked", "0")


def no_chart_border(chart: Any) -> None:
    """No frame around the chart and no fill behind the plot: the slide is the background."""
    space = chart._chartSpace
    c_chart = space.find(qn("c:chart"))
    for parent, successors in ((space, _AFTER_SPACE_SPPR), (c_chart.find(qn("c:plotArea")), _AFTER_PLOT_SPPR)):
        sp_pr = parent.find(qn("c:spPr"))
        if sp_pr is None:
            sp_pr = etree.Element(qn("c:spPr"))
            insert_in_order(parent, successors, sp_pr)
        for child in list(sp_pr):
            sp_pr.remove(child)
        etree.SubElement(sp_pr, qn("a:noFill"))
        ln = etree.SubElement(sp_pr, qn("a:ln"))
        etree.SubElement(ln, qn("a:noFill"))


def pin_workbook(frame: GraphicFrame, created: dt.datetime) -> None:
    """Rewrite the embedded workbook's creation and modification dates, which XlsxWriter takes
    from the clock, so the same inputs give the same deck bytes."""
    stamp = created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    chart_part = cast(ChartPart, frame.chart.part)
    xlsx_part = chart_part.chart_workbook.xlsx_part
    if xlsx_part is None:
        return
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_part.blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<3>", content)
            dst.writestr(info, content)
    chart_part.chart_workbook.update_from_xlsx_blob(out.getvalue())


def slide_jump(run: _Run, source: Slide, target: Part) -> None:
    """Make a run a link that jumps to another slide of the deck (its part), as PowerPoint writes one."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    r_id = source.part.relate_to(target, RT.SLIDE)
    r_pr = run._r.get_or_add_rPr()
    remove_all(r_pr, ["a:hlinkClick"])
    link = etree.Element(qn("a:hlinkClick"))
    link.set(qn("r:id"), r_id)
    link.set("action", "ppaction://hlinksldjump")
    insert_in_order(r_pr, ["a:hlinkMouseOver", "a:rtl", "a:extLst"], link)

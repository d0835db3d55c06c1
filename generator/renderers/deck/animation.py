"""Build-up on slides as PowerPoint writes it: the timing tree and build list of a slide.

The raw XML of the deck's animations, beside :mod:`.oxml` (which holds every other edit
python-pptx has no API for) because the timing tree is a world of its own: :mod:`.slide`
collects what appears on each click and calls :func:`appear_on_click` once per slide.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import Slide

from .oxml import Element, insert_in_order, remove_all

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def appear_on_click(slide: Slide, clicks: list[list[tuple[int, int | None]]]) -> None:
    """Make parts of a slide appear click by click: PowerPoint's "Appear" entrance effect, in the
    timing tree and build list it writes (``p:timing``). Each click shows its targets together
    (the first "on click", the others "with previous"); a target is a shape id and the index of one
    of its paragraphs (built by paragraph), or None for the whole shape."""
    ids = iter(range(3, 100_000))

    def el(parent: Element, tag: str, **attrs: str) -> Element:
        child = etree.SubElement(parent, f"{{{_P}}}{tag}")
        for key, value in attrs.items():
            child.set(key, value)
        return child

    def start(ctn: Element, delay: str) -> None:
        el(el(ctn, "stCondLst"), "cond", delay=delay)

    timing = etree.Element(f"{{{_P}}}timing")
    root = el(el(el(timing, "tnLst"), "par"), "cTn", id="1", dur="indefinite", restart="never", nodeType="tmRoot")
    seq = el(el(root, "childTnLst"), "seq", concurrent="1", nextAc="seek")
    steps = el(el(seq, "cTn", id="2", dur="indefinite", nodeType="mainSeq"), "childTnLst")
    for targets in clicks:
        outer = el(el(steps, "par"), "cTn", id=str(next(ids)), fill="hold")
        start(outer, "indefinite")
        inner = el(el(el(outer, "childTnLst"), "par"), "cTn", id=str(next(ids)), fill="hold")
        start(inner, "0")
        together = el(inner, "childTnLst")
        for k, (spid, index) in enumerate(targets):
            effect = el(el(together, "par"), "cTn", id=str(next(ids)), presetID="1", presetClass="entr",
                        presetSubtype="0", fill="hold", grpId="0", nodeType="withEffect" if k else "clickEffect")
            start(effect, "0")
            setter = el(el(effect, "childTnLst"), "set")
            behaviour = el(setter, "cBhvr")
            start(el(behaviour, "cTn", id=str(next(ids)), dur="1", fill="hold"), "0")
            target = el(el(behaviour, "tgtEl"), "spTgt", spid=str(spid))
            if index is not None:
                el(el(target, "txEl"), "pRg", st=str(index), end=str(index))
            el(el(behaviour, "attrNameLst"), "attrName").text = "style.visibility"
            el(el(setter, "to"), "strVal", val="visible")
    for event, lst in (("onPrev", "prevCondLst"), ("onNext", "nextCondLst")):
        el(el(el(seq, lst), "cond", evt=event, delay="0"), "tgtEl").append(etree.Element(f"{{{_P}}}sldTgt"))
    entries = _build_list(slide, [t for targets in clicks for t in targets])
    if entries:
        el(timing, "bldLst").extend(entries)
    slide_el = slide._element
    remove_all(slide_el, ["p:timing"])
    insert_in_order(slide_el, ["p:extLst"], timing)


def _build_list(slide: Slide, targets: list[tuple[int, int | None]]) -> list[Element]:
    """The build list PowerPoint keeps beside the timing tree: a text shape built by paragraph or
    as one, a table or chart as one graphic; pictures and groups have no entry."""
    built: list[Element] = []
    tags = {int(e.get("id", "0")): etree.QName(e.getparent()).localname
            for e in slide._element.iter(qn("p:cNvPr")) if e.getparent() is not None}
    done: set[int] = set()
    for spid, index in targets:
        if spid in done:
            continue
        done.add(spid)
        tag = tags.get(spid, "")
        if tag == "nvSpPr":
            entry = etree.Element(f"{{{_P}}}bldP", spid=str(spid), grpId="0")
            built.append(entry)
            if index is not None:
                entry.set("build", "p")
            else:
                entry.set("animBg", "1")
        elif tag == "nvGraphicFramePr":
            graphic = etree.Element(f"{{{_P}}}bldGraphic", spid=str(spid), grpId="0")
            etree.SubElement(graphic, f"{{{_P}}}bldAsOne")
            built.append(graphic)
    return built

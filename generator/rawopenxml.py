"""``{=openxml}`` blocks: PowerPoint's own XML, passed into the slide as pandoc's pptx writer does.

A block holds DrawingML runs (``<a:r>``, ``<a:br/>``, ``<a:fld>``), bare or inside ``<a:p>``
paragraphs; each paragraph becomes a :class:`~generator.document.Paragraph` whose first span carries
the XML for the deck; its spans give the text for measuring and for the handout. The runs' own font sizes are
dropped, so the fit sets them like all text and they never leave their box. Anything else (shapes,
XML that is not well formed) is left out with a warning at its line: the slide's own XML must stay
valid whatever a deck says.
"""

from __future__ import annotations

from lxml import etree

from .document import Paragraph, Span
from .errors import Problems

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NAMESPACES = {"a": A, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
               "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
DRAWN = "drawn"  # a span whose runs an earlier span of the paragraph already wrote
_RUN_LEVEL = {f"{{{A}}}r", f"{{{A}}}br", f"{{{A}}}fld"}
# No entities, no network, no DTDs: the block is data, never instructions to the parser.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def raw_openxml(xml: str, path: str, line: int, problems: Problems) -> list[Paragraph]:
    """The paragraphs of a raw block; problems say what was left out."""
    declared = " ".join(f'xmlns:{p}="{uri}"' for p, uri in _NAMESPACES.items())
    try:
        root = etree.fromstring(f"<raw {declared}>{xml}</raw>".encode(), _PARSER)
    except etree.XMLSyntaxError as exc:
        problems.warn(path, line, 1, f"openxml block left out: its XML is not well formed ({exc.msg}); write "
                      "DrawingML runs such as <a:r><a:t>text</a:t></a:r>")
        return []
    groups: list[list[etree._Element]] = []
    loose: list[etree._Element] = []
    for child in root:
        if not isinstance(child.tag, str):
            continue  # comments
        if child.tag == f"{{{A}}}p":
            groups.append([c for c in child if isinstance(c.tag, str) and c.tag in _RUN_LEVEL])
        elif child.tag in _RUN_LEVEL:
            loose.append(child)
        else:
            problems.warn(path, line, 1, f"openxml element <{etree.QName(child).localname}> left out: only text "
                          "runs (<a:r>, <a:br/>, <a:fld>), bare or in <a:p>, go into a slide's text")
    if loose:
        groups.insert(0, loose)
    paragraphs = []
    for runs in groups:
        for run in runs:
            for rpr in run.iterfind("a:rPr", _NAMESPACES):
                if "sz" in rpr.attrib:
                    del rpr.attrib["sz"]  # the fit sets the size
        if not runs:
            continue
        for run in runs:
            run.tail = None
        xml_text = "".join(etree.tostring(r, encoding="unicode") for r in runs)
        # The first span carries the XML; the rest (marked DRAWN) give the text and its breaks,
        # for measuring and for the handout, and are not drawn again.
        spans: list[Span] = []
        for run in runs:
            mark = xml_text if not spans else DRAWN
            spans.append(Span("", line_break=True, openxml=mark) if run.tag == f"{{{A}}}br"
                         else Span("".join(str(t) for t in run.itertext()), openxml=mark))
        paragraphs.append(Paragraph(spans, line))
    return paragraphs

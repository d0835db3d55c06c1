"""File surgery on the package python-pptx starts from: slide size, layouts kept, metadata.

The designs in :mod:`.scheme`, :mod:`.master` and :mod:`.layouts` rewrite parts' XML; what is
left is the package around them. python-pptx's bundled Office template brings eleven layouts,
a thumbnail, a Macintosh printer's settings and its own metadata; this module removes what the
default master does not use and fixes the rest, so that the file is the same on every build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation
from pptx.util import Emu

from .drawingml import child, drop_attribute, serialise
from .geometry import SLIDE_H, SLIDE_W

# Fixed metadata: the file must not change when nothing in its sources did.
FIXED_DATE = dt.datetime(2018, 11, 5)

_APP_NAMESPACES = {
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}


def set_slide_size(presentation: Presentation) -> None:
    presentation.slide_width = Emu(SLIDE_W)
    presentation.slide_height = Emu(SLIDE_H)
    # The template says type="screen4x3"; 13.333 × 7.5 in has no preset name to claim.
    drop_attribute(child(presentation.element, "p:sldSz"), "type")


def remove_other_layouts(presentation: Presentation, keep: Iterable[str]) -> None:
    """Delete every layout not named in ``keep``: its id, its relationship and so its part."""
    keep = set(keep)
    for master in presentation.slide_masters:
        for layout in list(master.slide_layouts):
            if layout.name not in keep:
                # Removes the p:sldLayoutId and drops the master's relationship; a part that no
                # relationship reaches is not written, so the layout leaves the package too.
                master.slide_layouts.remove(layout)


def tidy_package(presentation: Presentation) -> None:
    """Fixed metadata, and no leftovers of the Office template (thumbnail, printer settings)."""
    core = presentation.core_properties
    core.title = "Briefing master"
    core.subject = "Default slide master of the briefing tool"
    core.author = ""
    core.keywords = ""
    core.category = ""
    core.comments = "Rebuild with: python -m generator.masters"
    core.last_modified_by = "briefing"
    core.revision = 1
    core.created = FIXED_DATE
    core.modified = FIXED_DATE

    package = presentation.part.package
    # python-pptx has no public view of the package's own relationships (iter_rels walks the
    # whole graph); this is the one private attribute the build reads.
    for rel in list(package._rels.values()):
        # The thumbnail shows the Office template's old look; it is optional, so it goes.
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part.blob = app_properties(rel.target_part.blob)
    for rel in list(presentation.part.rels.values()):
        # A Macintosh printer's settings from the template: meaningless on anyone else's machine.
        if rel.reltype == RT.PRINTER_SETTINGS:
            presentation.part.drop_rel(rel.rId)


def app_properties(blob: bytes) -> bytes:
    """The template's docProps/app.xml, describing this file instead of the Office template."""
    root = etree.fromstring(blob)
    for path in ("ep:Application", "ep:AppVersion"):
        for element in root.findall(path, _APP_NAMESPACES):
            root.remove(element)
    for path, text in (
        ("ep:TotalTime", "0"),
        ("ep:PresentationFormat", "Widescreen"),
        ("ep:TitlesOfParts//vt:lpstr", "Briefing"),
    ):
        for element in root.findall(path, _APP_NAMESPACES):
            element.text = text
    return serialise(root)

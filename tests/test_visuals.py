"""Charts, timelines and pictures, as the renderers draw them: native and editable in the deck,
vector graphics in the PDF, read back from the saved files and opened by LibreOffice."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT, soffice_to_pdf
from lxml import etree
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader
from reportlab.graphics.shapes import Circle, Rect, String, UserNode
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Spacer
from ruamel.yaml import YAML

from generator.errors import Problems
from generator.figures.axes import axis_format, axis_scale, nice_scale
from generator.figures.numfmt import format_number
from generator.figures.rules import color_of, legend_shown, text_on
from generator.figures.timeline import plan_timeline
from generator.fonts import FontSet, find_font, resolve_fonts
from generator.pictures import picture_size, raster_for_deck
from generator.renderers.deck.charts import draw_chart
from generator.renderers.deck.timeline import DECK_TIMELINE, draw_timeline
from generator.renderers.report.assets import svg_drawing
from generator.renderers.report.charts import chart_drawing
from generator.renderers.report.timeline import timeline_drawing
from generator.theme import Theme
from generator.units import Box
from generator.visuals import Chart, Timeline

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

YEARS = [str(y) for y in range(2018, 2026)]
DEALS = [57.83, 71.13, 72.62, 70.72, 73.52, 78.41, 80.01, 83.49]
EXHIBITORS = [3617, 3893, 2600, 2900, 2800, 3400, 3496, 4108]

CHARTS = {
    "column": Chart(type="column", title="Intended deals per edition", categories=YEARS,
                    series=[{"name": "Intended deals (US$ bn)", "values": DEALS}], number_format="0.0",
                    y_title="US$ billion"),
    "stacked": Chart(type="column", stacked=True, title="Exhibitors by kind", categories=YEARS[-4:],
                     series=[{"name": "Fortune 500 firms", "values": [284, 289, 297, 290]},
                             {"name": "Other exhibitors", "values": [2516, 3111, 3199, 3818]}],
                     number_format="#,##0", x_title="Edition"),
    "bar": Chart(type="bar", title="Exhibitors per edition", categories=[f"Edition {y}" for y in YEARS],
                 series=[{"name": "Exhibitors", "values": EXHIBITORS}], number_format="#,##0"),
    "line": Chart(type="line", title="Deals and new products", categories=YEARS,
                  series=[{"name": "Intended deals (US$ bn)", "values": DEALS},
                          {"name": "New products (tens)", "values": [57.0, 39.1, 41.1, 42.2, 43.8, None, 45.0,
                                                                     46.1]}],
                  number_format="0.0"),
    "pie": Chart(type="pie", title="Keynote speakers", categories=["Xi Jinping", "Li Qiang"],
                 series=[{"name": "Opening keynotes", "values": [0.625, 0.375]}], number_format="0%"),
    "doughnut": Chart(type="doughnut", categories=["In person", "By video", "Letter"],
                      series=[{"name": "Keynotes", "values": [3, 3, 2]}], number_format="0"),
}

CIIE = Timeline(title="Eight editions of the CIIE", events=[
    {"date": 2018, "label": "1st CIIE", "detail": "US$57.83 bn intended deals"},
    {"date": 2019, "label": "2nd CIIE", "detail": "US$71.13 bn intended deals"},
    {"date": 2020, "label": "3rd CIIE", "detail": "Held in person amid the pandemic"},
    {"date": 2021, "label": "4th CIIE", "detail": "20 years of WTO membership"},
    {"date": 2022, "label": "5th CIIE", "detail": "US$73.52 bn intended deals"},
    {"date": 2023, "label": "6th CIIE", "detail": "Premier Li Qiang's first keynote"},
    {"date": 2024, "label": "7th CIIE", "detail": "Zero tariffs for LDCs pledged"},
    {"date": 2025, "label": "8th CIIE", "detail": "Record 4,108 exhibitors"},
])

BODY = Box(548640, 1600200, 11094720, 4389120)  # the default master's body area, in EMU


@pytest.fixture(scope="module")
def theme() -> Theme:
    data = YAML(typ="safe", pure=True).load((ROOT / "templates" / "default" / "theme.yaml").read_text("utf-8"))
    return Theme.model_validate(data)


@pytest.fixture(scope="module")
def font_set(theme: Theme) -> FontSet:
    return resolve_fonts(theme, Problems())


@pytest.fixture(scope="module")
def deck(theme: Theme, font_set: FontSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One slide per chart and one for the timeline, saved and to be read back from disk."""
    prs = Presentation(str(ROOT / "templates" / "default" / "master.pptx"))
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)  # the workbooks then carry the fixed 1980 date
        for name, chart in CHARTS.items():
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            slide.shapes.title.text = name
            frame = draw_chart(slide, chart, BODY, theme, font_set)
            assert frame.has_chart
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Timeline"
    draw_timeline(slide, CIIE, BODY, theme, font_set)
    out = tmp_path_factory.mktemp("visuals") / "visuals.pptx"
    prs.save(str(out))
    return out


def _charts(deck: Path) -> list[tuple[str, object]]:
    """(slide title, graphic frame) for every chart in the saved deck, in slide order."""
    prs = Presentation(str(deck))
    found = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if getattr(shape, "has_chart", False) and shape.has_chart:
                found.append((slide.shapes.title.text, shape))
    return found


# --- the deck -----------------------------------------------------------------------------------


def test_every_chart_is_native_and_carries_its_numbers_and_number_format(deck: Path) -> None:
    charts = _charts(deck)
    assert [name for name, _ in charts] == list(CHARTS)
    for name, frame in charts:
        spec = CHARTS[name]
        xml = frame.chart.part.blob.decode("utf-8")
        root = etree.fromstring(frame.chart.part.blob)
        assert root.find(f".//{C}ser/{C}cat") is not None, name
        for category in spec.categories:
            assert f"<c:v>{category}</c:v>" in xml, (name, category)
        values = [float(v.text) for ser in root.iter(f"{C}ser") for v in ser.find(f"{C}val").iter(f"{C}v")]
        expected = [v for s in spec.series for v in s.values if v is not None]
        assert values == pytest.approx(expected), name
        # The cached values carry the format, and so do the labels and the value axis.
        assert all(n.text == spec.number_format for n in root.iter(f"{C}formatCode")), name
        assert spec.number_format in {n.get("formatCode") for n in root.iter(f"{C}numFmt")}, name


def test_every_chart_embeds_a_workbook_that_opens_with_the_values(deck: Path) -> None:
    for name, frame in _charts(deck):
        spec = CHARTS[name]
        xlsx = frame.chart.part.chart_workbook.xlsx_part
        assert xlsx is not None, f"{name}: no embedded workbook, so Edit Data would not work"
        with zipfile.ZipFile(io.BytesIO(xlsx.blob)) as book:
            assert book.testzip() is None
            sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
            strings = book.read("xl/sharedStrings.xml").decode("utf-8")
            core = book.read("docProps/core.xml").decode("utf-8")
        cells = [float(v) for v in re.findall(r"<v>([-0-9.eE]+)</v>", sheet)]
        for s in spec.series:
            assert s.name in strings.replace("&amp;", "&"), name
            for v in s.values:
                if v is not None:
                    assert any(abs(c - v) < 1e-9 for c in cells), (name, v)
        for category in spec.categories:
            assert category in strings, (name, category)
        # XlsxWriter stamps the clock; the deck must not change from run to run.
        for stamp in ("created", "modified"):
            assert re.search(rf"<dcterms:{stamp}[^>]*>1980-01-01T00:00:00Z<", core), core


def test_the_same_chart_gives_the_same_bytes(theme: Theme, font_set: FontSet) -> None:
    blobs = []
    for _ in range(2):
        prs = Presentation(str(ROOT / "templates" / "default" / "master.pptx"))
        frame = draw_chart(prs.slides.add_slide(prs.slide_layouts[5]), CHARTS["stacked"], BODY, theme, font_set)
        blobs.append((frame.chart.part.blob, frame.chart.part.chart_workbook.xlsx_part.blob))
    assert blobs[0] == blobs[1]


def test_series_and_slices_take_the_theme_colours_in_order(deck: Path, theme: Theme) -> None:
    for name, frame in _charts(deck):
        root = etree.fromstring(frame.chart.part.blob)
        sers = list(root.iter(f"{C}ser"))
        if CHARTS[name].type in ("pie", "doughnut"):
            points = sers[0].findall(f"{C}dPt")
            got = [p.find(f"{C}spPr/{A}solidFill/{A}srgbClr").get("val") for p in points]
            assert got == [color_of(theme, i) for i in range(len(CHARTS[name].categories))], name
            continue
        for i, ser in enumerate(sers):
            path = f"{C}spPr/{A}ln/{A}solidFill/{A}srgbClr" if CHARTS[name].type == "line" else \
                f"{C}spPr/{A}solidFill/{A}srgbClr"
            assert ser.find(path).get("val") == theme.colors.series[i], (name, i)


def test_charts_have_alt_text_titles_legends_and_no_border(deck: Path) -> None:
    for name, frame in _charts(deck):
        spec = CHARTS[name]
        c_nv_pr = frame._element.nvGraphicFramePr.cNvPr
        assert c_nv_pr.get("descr") == spec.alt_text() and c_nv_pr.get("descr")
        assert c_nv_pr.get("title") == spec.title
        chart = frame.chart
        assert chart.has_title == bool(spec.title)
        if spec.title:
            assert chart.chart_title.text_frame.text == spec.title
        assert chart.has_legend == legend_shown(spec), name
        root = etree.fromstring(chart.part.blob)
        space_pr = root.find(f"{C}spPr")
        assert space_pr is not None and space_pr.find(f"{A}ln/{A}noFill") is not None, name
        # Every label and axis has an explicit size: clients otherwise scale text with the frame.
        sizes = {int(r.get("sz")) for r in root.iter(f"{A}defRPr") if r.get("sz")}
        assert sizes and min(sizes) >= 1100, (name, sizes)


def test_column_charts_start_at_zero_with_a_60_percent_gap(deck: Path) -> None:
    for name, frame in _charts(deck):
        if CHARTS[name].type not in ("column", "bar"):
            continue
        root = etree.fromstring(frame.chart.part.blob)
        assert root.find(f".//{C}valAx/{C}scaling/{C}min").get("val") in ("0", "0.0")
        assert root.find(f".//{C}gapWidth").get("val") == "60"


def test_the_timeline_is_a_group_of_editable_shapes_with_alt_text(deck: Path) -> None:
    prs = Presentation(str(deck))
    slide = prs.slides[len(CHARTS)]
    groups = [s for s in slide.shapes if s.shape_type is not None and s.name == "Timeline"]
    assert len(groups) == 1
    group = groups[0]
    c_nv_pr = group._element.nvGrpSpPr.cNvPr
    assert c_nv_pr.get("descr") == CIIE.alt_text()
    shapes = list(group.shapes)
    markers = [s for s in shapes if s.name.startswith("Marker")]
    labels = [s for s in shapes if s.name.startswith("Event")]
    dates = [s for s in shapes if s.name.startswith("Date")]
    assert len(markers) == len(labels) == len(dates) == len(CIIE.events)
    text = " ".join(s.text_frame.text for s in labels + dates)
    for event in CIIE.events:
        assert event.date in text and event.label in text and (event.detail or "") in text
    for box in labels + dates:
        body = box.text_frame._txBody.bodyPr
        assert body.get("wrap") == "square"
        assert body.find(f"{A}normAutofit") is None and body.find(f"{A}spAutoFit") is None
        assert all(r.font.size is not None for p in box.text_frame.paragraphs for r in p.runs)
    # Each event's text keeps to its own slot: neighbours never overlap.
    for a, b in zip(labels, labels[1:], strict=False):
        assert a.left + a.width <= b.left + Emu(1)
    assert labels[0].left >= BODY.x - 1 and labels[-1].left + labels[-1].width <= BODY.x + BODY.w + 1


def test_the_timeline_plan_fits_eight_editions_without_shrinking(font_set: FontSet) -> None:
    plan = plan_timeline(CIIE, BODY.w_pt, BODY.h_pt, font_set.body_width, DECK_TIMELINE, grow=1.3)
    assert plan.fits and plan.height <= BODY.h_pt
    assert plan.label_size >= DECK_TIMELINE.label
    assert all(len(ev.detail_lines) <= 3 for ev in plan.events)
    # In a strip too small even at the smallest size, details go, then labels are shortened.
    tight = plan_timeline(CIIE, 300, 110, font_set.body_width, DECK_TIMELINE)
    assert not tight.fits  # for the caller to warn about
    assert tight.height <= 110 and all(not ev.detail_lines for ev in tight.events)


def test_libreoffice_opens_the_deck_with_one_page_per_slide(deck: Path, tmp_path: Path) -> None:
    pdf = soffice_to_pdf(deck, tmp_path)
    assert len(PdfReader(str(pdf)).pages) == len(CHARTS) + 1


# --- the PDF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fonts() -> tuple[str, str]:
    files = find_font("Calibri")
    assert files is not None
    pdfmetrics.registerFont(TTFont("Carlito-Visuals", str(files.regular)))
    pdfmetrics.registerFont(TTFont("Carlito-Visuals-Bold", str(files.bold)))
    return "Carlito-Visuals", "Carlito-Visuals-Bold"


@pytest.fixture(scope="module")
def report(theme: Theme, fonts: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    width = A4[0] - 144
    story: list[object] = []
    for chart in CHARTS.values():
        story += [chart_drawing(chart, width, 250, theme, *fonts), Spacer(1, 12)]
    story.append(timeline_drawing(CIIE, width, 150, theme, *fonts))
    out = tmp_path_factory.mktemp("visuals") / "visuals.pdf"
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return out


def test_pdf_charts_are_vector_graphics_not_pictures(report: Path) -> None:
    reader = PdfReader(str(report))
    for page in reader.pages:
        stream = page.get_contents().get_data()
        assert re.search(rb"\d (re|l|c)\s", stream), "no path operators"
        assert re.search(rb"\s(f|f\*|B)\s", stream), "no fill operators"
        xobjects = page["/Resources"].get("/XObject")
        images = [x for x in (xobjects.get_object().values() if xobjects else [])
                  if x.get_object().get("/Subtype") == "/Image"]
        assert not images


def test_pdf_charts_show_categories_and_formatted_values(report: Path) -> None:
    text = " ".join(page.extract_text() for page in PdfReader(str(report)).pages)
    for year in YEARS:
        assert year in text
    for value in ("57.8", "83.5", "3,617", "4,108", "2,516", "63%", "38%"):
        assert value in text, value
    for title in ("Intended deals per edition", "US$ billion", "Edition", "Fortune 500 firms"):
        assert title in text
    for event in CIIE.events:
        assert event.label in text


def test_nothing_is_drawn_outside_the_drawing(theme: Theme, fonts: tuple[str, str]) -> None:
    many = Chart(type="column", categories=[f"Country number {i}" for i in range(24)],
                 series=[{"name": "n", "values": [i * 1.5 - 10 for i in range(24)]}], number_format="0.0",
                 y_title="Change")
    for chart in [*CHARTS.values(), many]:
        for width, height in ((451, 250), (230, 180)):
            x0, y0, x1, y1 = chart_drawing(chart, width, height, theme, *fonts).getBounds()
            assert x0 >= -0.5 and y0 >= -0.5 and x1 <= width + 0.5 and y1 <= height + 0.5, (chart.type, width)
    x0, y0, x1, y1 = timeline_drawing(CIIE, 451, 150, theme, *fonts).getBounds()
    assert x0 >= 0 and y0 >= 0 and x1 <= 451 and y1 <= 150


def test_bars_start_at_zero_on_a_nice_scale_with_plain_axis_labels() -> None:
    assert axis_scale(CHARTS["column"], 200, 8.5) == (0.0, 90.0, 10.0)
    assert axis_scale(CHARTS["bar"], 400, 8.5) == (0.0, 4500.0, 500.0)
    assert nice_scale(-0.8, 1.4, 200, 8.5)[0] < -0.8
    vmin, vmax, step = nice_scale(0, 83.49, 60, 8.5)  # a short axis gets fewer, wider steps
    assert (vmax - vmin) / step <= 3
    assert axis_format("0.00", 10) == "0" and axis_format("#,##0.0", 2.5) == "#,##0.0"
    assert axis_format("0.0%", 0.1) == "0%" and axis_format('"US$"0.0" bn"', 20) == '"US$"0" bn"'


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (57.83, "General", "57.83"), (3617, "General", "3617"), (57.83, "0", "58"), (57.83, "0.0", "57.8"),
    (0.125, "0.00", "0.13"), (3617, "#,##0", "3,617"), (1234567.89, "#,##0.0", "1,234,567.9"),
    (0.245, "0%", "25%"), (0.2456, "0.0%", "24.6%"), (-3.5, "0.0", "-3.5"), (-3.5, "0.0;(0.0)", "(3.5)"),
    (57.83, '"US$"0.0" bn"', "US$57.8 bn"), (1234567, '#,##0,"k"', "1,235k"), (1.5, "0.0#", "1.5"),
    (None, "0.0", ""),
])
def test_value_labels_read_as_the_excel_number_format_shows_them(value: float | None, fmt: str,
                                                                  shown: str) -> None:
    assert format_number(value, fmt) == shown


# --- pictures -----------------------------------------------------------------------------------

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
  <rect x="10" y="10" width="380" height="180" fill="#12284C"/>
  <circle cx="200" cy="100" r="60" fill="#C8102E"/>
</svg>
"""


def test_an_svg_is_rasterised_for_the_deck_and_kept_as_vectors_for_the_pdf(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.graphics import renderPDF

    svg = tmp_path / "logo.svg"
    svg.write_text(SVG, encoding="utf-8")
    assert picture_size(svg) == (400.0, 200.0)
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):
        if IN_CI:
            pytest.fail("cairosvg (and Debian's libcairo2) is required in CI to put SVG pictures on slides")
        pytest.skip("cairosvg is not installed: pip install cairosvg")
    raster = raster_for_deck(svg)
    assert not isinstance(raster, Path)
    with Image.open(raster) as img:
        assert img.format == "PNG" and img.size == (2000, 1000)
        assert img.convert("RGB").getpixel((1000, 500)) == (0xC8, 0x10, 0x2E)

    out = tmp_path / "logo.pdf"
    renderPDF.drawToFile(svg_drawing(svg, 300, 300), str(out))
    page = PdfReader(str(out)).pages[0]
    stream = page.get_contents().get_data()
    assert re.search(rb"\d (re|c)\s", stream) and re.search(rb"\s(f|f\*)\s", stream) and b" Do" not in stream


def test_pictures_the_deck_takes_as_they_are_and_errors_a_user_can_act_on(tmp_path: Path) -> None:
    from PIL import Image

    png = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), "#0E7C86").save(png)
    assert raster_for_deck(png) == png
    assert picture_size(png) == (30.0, 20.0)
    bmp = tmp_path / "scan.bmp"
    Image.new("RGB", (30, 20), "#0E7C86").save(bmp)
    converted = raster_for_deck(bmp)
    assert isinstance(converted, io.BytesIO) and converted.getvalue().startswith(b"\x89PNG")

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture at all")
    with pytest.raises(ValueError, match="PNG, JPEG, GIF or SVG"):
        raster_for_deck(broken)
    bad_svg = tmp_path / "bad.svg"
    bad_svg.write_text("<svg><g></svg>", encoding="utf-8")
    with pytest.raises(ValueError, match="not well-formed"):
        picture_size(bad_svg)
    with pytest.raises(ValueError, match="not found"):
        picture_size(tmp_path / "missing.jpg")


# --- the PDF's charts, shape by shape -----------------------------------------------------------


def _shapes(drawing: object, kind: type) -> list:
    """Every shape of one kind in a drawing, the chart widgets' own shapes included."""
    found: list = []

    def walk(node: object) -> None:
        if isinstance(node, UserNode):  # a chart widget: the shapes it draws
            node = node.provideNode()
        if isinstance(node, kind):
            found.append(node)
        for child in getattr(node, "contents", ()):
            walk(child)

    walk(drawing)
    return found


def _widgets(drawing: object, name: str) -> list:
    """reportlab's chart widgets (Pie, Doughnut …) in a drawing, before they are drawn as shapes."""
    return [n for n in getattr(drawing, "contents", ()) if type(n).__name__ == name]


def _filled(drawing: object, color: str) -> list:
    return [r for r in _shapes(drawing, Rect) if r.fillColor is not None and r.fillColor.hexval()[2:].upper() == color
            and r.width > 8 and r.height > 8]  # bars, not the legend's swatches


@pytest.mark.parametrize("kind", ["column", "bar"])
def test_stacked_series_stack_from_the_axis_in_order_as_in_the_deck(kind: str, theme: Theme,
                                                                     fonts: tuple[str, str]) -> None:
    chart = Chart(type=kind, stacked=True, categories=["First", "Second"],
                  series=[{"name": "bottom", "values": [10, 20]}, {"name": "top", "values": [30, 40]}])
    drawing = chart_drawing(chart, 400, 250, theme, *fonts)
    first, second = _filled(drawing, color_of(theme, 0)), _filled(drawing, color_of(theme, 1))
    assert len(first) == len(second) == 2
    if kind == "column":  # categories left to right; the first series sits on the baseline
        baseline = min(r.y for r in first + second)
        a = min(first, key=lambda r: r.x)
        b = min(second, key=lambda r: r.x)
        assert a.y == pytest.approx(baseline) and b.y == pytest.approx(a.y + a.height)
    else:  # categories top to bottom; the first series starts at the value axis, on the left
        baseline = min(r.x for r in first + second)
        a = max(first, key=lambda r: r.y)
        b = max(second, key=lambda r: r.y)
        assert a.x == pytest.approx(baseline) and b.x == pytest.approx(a.x + a.width)
        assert a.width < b.width  # 10 before 30, in the first category


def test_doughnut_labels_read_on_their_slice_or_sit_outside(theme: Theme, fonts: tuple[str, str]) -> None:
    chart = Chart(type="doughnut", categories=["Most", "Some", "Few"],
                  series=[{"name": "Share", "values": [0.97, 0.02, 0.01]}], number_format="0%")
    drawing = chart_drawing(chart, 300, 220, theme, *fonts)
    ring = _widgets(drawing, "Doughnut")[0]
    radius = ring.width / 2
    cx, cy = ring.x + radius, ring.y + radius
    labels = {s.text: s for s in _shapes(drawing, String) if s.text.endswith("%")}
    assert set(labels) == {"97%", "2%", "1%"}
    for i, text in enumerate(("97%", "2%", "1%")):
        s = labels[text]
        distance = ((s.x - cx) ** 2 + (s.y - cy) ** 2) ** 0.5
        color = s.fillColor.hexval()[2:].upper()
        if distance < radius:  # on the ring: in the colour that reads on the slice
            assert color == text_on(color_of(theme, i), theme.colors.text).upper(), text
        else:  # beside it, on the page
            assert color == theme.colors.text.upper(), text
    # The big slice's label fits on it, in white on the dark fill; the thin slices' labels cannot.
    assert ((labels["97%"].x - cx) ** 2 + (labels["97%"].y - cy) ** 2) ** 0.5 < radius
    assert labels["97%"].fillColor.hexval()[2:].upper() == "FFFFFF"


@pytest.mark.parametrize("kind", ["pie", "doughnut"])
def test_a_pie_of_zeros_draws_an_empty_outline_that_says_so(kind: str, theme: Theme,
                                                             fonts: tuple[str, str]) -> None:
    chart = Chart(type=kind, categories=["A", "B"], series=[{"name": "s", "values": [0, 0]}])
    drawing = chart_drawing(chart, 300, 200, theme, *fonts)
    assert not _widgets(drawing, "Pie") and not _widgets(drawing, "Doughnut")
    assert not [w for w in _shapes(drawing, object) if type(w).__name__ == "Wedge"]
    texts = [s.text for s in _shapes(drawing, String)]
    assert "no data" in texts
    assert "A" not in texts and "B" not in texts  # no legend for slices that are not there
    circles = _shapes(drawing, Circle)
    assert len(circles) == (2 if kind == "doughnut" else 1)
    assert all(c.fillColor is None for c in circles)

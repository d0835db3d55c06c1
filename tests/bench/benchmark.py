"""Speed and memory of `briefing`, side by side with its peers, in one run, as ratios against targets.

Run from the repository root:

    python tests/bench/benchmark.py             # 3 runs of each case
    python tests/bench/benchmark.py --runs 5
    python tests/bench/benchmark.py --quick     # skip the 2,000-slide deck and the 500-page report

Every case runs in a fresh process, as a user would run it: the table shows the median wall time of
the whole process and the peak resident memory of its child (``getrusage(RUSAGE_CHILDREN)`` of a
wrapper process made for that one run). The cases a ratio compares run in turn, one run of each
per round, so that a slow spell of a shared machine falls on both. The peers, on inputs this
script generates:

- ``pandoc deck.md -o deck.pptx`` on the same 1,000-slide hand-written deck with speaker notes
  (Pandoc measures and fits nothing: it is the floor for "Markdown to .pptx", not an equal);
- the *import floor*, a process that only imports python-pptx and reportlab: no build of the
  default project can be faster than loading its two writers;
- a plain reportlab build (platypus, the same TrueType font) of the same text as the 500-page
  report.

The watch case starts ``briefing watch`` on a copy of the default project, changes one line of
wording, and times from the save until the new deck, then the new report, is in place.
Each target prints PASS or FAIL; the exit status is 1 when any target failed.

Before timing, the tool's modules are compiled to bytecode, as installing a package does: python-pptx
and reportlab are timed with theirs, and a checkout run under ``PYTHONDONTWRITEBYTECODE`` would
otherwise compile every module of the tool again in every run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "generator" / "fonts" / "Carlito-Regular.ttf"
WORDS = ("intended deals exhibitors new products market access trade imports opening pledges visitors "
         "countries regions editions Shanghai services goods tariffs agriculture technology").split()


def _sentence(n: int, words: int) -> str:
    return " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(words)).capitalize() + "."


def synthetic_deck(slides: int) -> str:
    """A long hand-written deck: six bullets, a table and speaker notes on every slide."""
    parts = ["---", "title: Benchmark deck", "date: 2025-11-28", "---", ""]
    for n in range(slides):
        parts += [f"## Slide {n + 1}: market access and trade", ""]
        parts += [f"- Point {k}: {_sentence(n + k, 8)}" for k in range(6)]
        parts += ["", "| Year | Deals | Exhibitors |", "|---|--:|--:|", "| 2024 | 80.01 | 3,496 |",
                  "| 2025 | 83.49 | 4,108 |", "", "::: notes", _sentence(n, 20), ":::", ""]
    return "\n".join(parts)


def report_sections(sections: int) -> list[tuple[str, list[str]]]:
    """Headings and paragraphs of prose: the text of the long report, for both builds."""
    return [(f"Section {n + 1}: imports and market access",
             [" ".join(_sentence(n * 5 + p + s, 14) for s in range(9)) for p in range(5)])
            for n in range(sections)]


def report_markdown(sections: int) -> str:
    parts = ["---", "title: Benchmark report", "date: 2025-11-28", "---", ""]
    for heading, paragraphs in report_sections(sections):
        parts += [f"## {heading}", ""]
        for paragraph in paragraphs:
            parts += [paragraph, ""]
    return "\n".join(parts)


# The plain reportlab build: the same text in the same font, a heading and paragraphs, no more.
_PLAIN_REPORTLAB = """
import json, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
pdfmetrics.registerFont(TTFont("Carlito", sys.argv[1]))
styles = getSampleStyleSheet()
for name in ("Heading2", "BodyText"):
    styles[name].fontName = "Carlito"
story = []
for heading, paragraphs in json.load(open(sys.argv[2])):
    story.append(Paragraph(heading, styles["Heading2"]))
    story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    story.append(PageBreak())
SimpleDocTemplate(sys.argv[3], pagesize=A4).build(story)
"""

# A fresh wrapper per run reports the peak memory of its one child: RUSAGE_CHILDREN of this
# process would keep the largest child of all earlier runs.
_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


@dataclass
class Timing:
    seconds: float  # median wall time
    peak_mib: float  # largest peak resident memory of any run


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, Timing]:
    """Median wall seconds and peak resident memory of ``runs`` fresh runs of each command.

    The commands of one comparison run in turn, once each per round, rather than each ``runs``
    times in a row: a spell of the machine being slower then falls on both sides of a ratio."""
    times: dict[str, list[float]] = {key: [] for key in commands}
    peaks: dict[str, list[float]] = {key: [] for key in commands}
    for _ in range(runs):
        for key, command in commands.items():
            out = subprocess.run([sys.executable, "-c", _WRAPPER, *command], cwd=ROOT, check=True, env=env,
                                 stdout=subprocess.PIPE, text=True).stdout.split()
            times[key].append(float(out[0]))
            peaks[key].append(float(out[1]) / 1024)
    return {key: Timing(statistics.median(times[key]), max(peaks[key])) for key in commands}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def _wait_for(paths: list[Path], before: dict[Path, tuple[int, int] | None], start: float, limit: float,
              ) -> dict[Path, float]:
    """Seconds from ``start`` until each path was replaced (its inode or time changed)."""
    done: dict[Path, float] = {}
    while len(done) < len(paths) and time.perf_counter() - start < limit:
        for path in paths:
            if path not in done and _stamp(path) != before[path]:
                done[path] = time.perf_counter() - start
        time.sleep(0.002)
    return done


def watch_edit(edits: int, env: dict[str, str]) -> tuple[float, float] | None:
    """Median seconds from a one-line wording edit until the deck, and the report, are replaced."""
    work = Path(tempfile.mkdtemp(prefix="briefing-watch-"))
    project, out = work / "project", work / "out"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", "output", "tests", "docs", "*.pyc"))
    deck, report = out / "ciie-briefing.pptx", out / "ciie-briefing.pdf"
    content = project / "content" / "briefing.yaml"
    original = content.read_text(encoding="utf-8")
    watcher = subprocess.Popen([sys.executable, "-m", "generator", "watch", str(project), "-o", str(out), "--quiet"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = _wait_for([deck, report], {deck: None, report: None}, time.perf_counter(), 120)
        if len(first) < 2:
            return None
        time.sleep(0.5)  # let the watcher settle after its first build
        decks, reports = [], []
        for n in range(edits):
            before = {deck: _stamp(deck), report: _stamp(report)}
            start = time.perf_counter()
            # A takeaway's wording: on a slide of the deck and a page of the report.
            content.write_text(original.replace("Exhibitor numbers fell from",
                                                f"Exhibitor numbers ({n}) fell from"), encoding="utf-8")
            done = _wait_for([deck, report], before, start, 30)
            if len(done) < 2:
                return None
            decks.append(done[deck])
            reports.append(done[report])
            time.sleep(0.3)
        return statistics.median(decks), statistics.median(reports)
    finally:
        watcher.terminate()
        watcher.wait(10)
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Target:
    name: str
    ratio: Callable[[], float | None]
    limit: float
    what: str  # what the ratio is of


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh runs of each case (the median is shown)")
    parser.add_argument("--quick", action="store_true", help="leave out the 2,000-slide deck and the 500-page report")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1764288000"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True,
                   stdout=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    briefing = [sys.executable, "-m", "generator", "build", "--quiet"]
    results: dict[str, Timing] = {}

    def cases(*compared: tuple[str, str, list[str]]) -> None:
        """The cases of one comparison, measured in turn (see :func:`measure`)."""
        measured = measure({key: command for key, _, command in compared}, args.runs, env)
        for key, label, _ in compared:
            results[key] = t = measured[key]
            print(f"{label:58} {t.seconds:9.2f} {t.peak_mib:9.0f}", flush=True)

    sizes = [1000] if args.quick else [1000, 2000]
    for slides in sizes:
        (work / f"deck{slides}.md").write_text(synthetic_deck(slides), encoding="utf-8")
    sections = 355
    (work / "report.md").write_text(report_markdown(sections), encoding="utf-8")
    import json

    (work / "report.json").write_text(json.dumps(report_sections(sections)), encoding="utf-8")

    print(f"{'case':58} {'median s':>9} {'peak MiB':>9}")
    have_pandoc = shutil.which("pandoc") is not None
    decks = [("pandoc", "pandoc deck1000.md -o deck.pptx",
              ["pandoc", str(work / "deck1000.md"), "-o", str(work / "pandoc.pptx")])] if have_pandoc else []
    if not have_pandoc:
        print("pandoc is not installed (apt-get install pandoc): its targets are left out")
    decks += [(f"deck{slides}", f"briefing build deck{slides}.md --format pptx",
               [*briefing, str(work / f"deck{slides}.md"), "-o", str(work), "--format", "pptx"]) for slides in sizes]
    cases(*decks)
    cases(("floor", "import floor (python -c 'import pptx, reportlab.platypus')",
           [sys.executable, "-c", "import pptx, reportlab.platypus"]),
          ("default", "briefing build (default project: deck + report)",
           [*briefing, str(ROOT), "-o", str(work / "default")]))
    pages: int | str = "500"
    if not args.quick:
        cases(("report", f"briefing build report.md --format pdf ({sections} sections)",
               [*briefing, str(work / "report.md"), "-o", str(work), "--format", "pdf"]),
              ("plain", "plain reportlab build of the same text",
               [sys.executable, "-c", _PLAIN_REPORTLAB, str(FONT), str(work / "report.json"),
                str(work / "plain.pdf")]))
        pages = _pages(work / "report.pdf")
        print(f"{'':58} the report has {pages} pages; the plain build {_pages(work / 'plain.pdf')}")
    watched = watch_edit(5, env)
    if watched is None:
        print("briefing watch: no rebuild seen (is `briefing watch` there?)")
    else:
        print(f"{'briefing watch: one-line edit → deck in place':58} {watched[0]:9.3f}")
        print(f"{'briefing watch: one-line edit → report in place':58} {watched[1]:9.3f}")

    def ratio(a: str, b: str) -> Callable[[], float | None]:
        return lambda: results[a].seconds / results[b].seconds if a in results and b in results else None

    def memory(a: str, b: str) -> Callable[[], float | None]:
        return lambda: results[a].peak_mib / results[b].peak_mib if a in results and b in results else None

    targets = [
        Target("1,000 slides, time", ratio("deck1000", "pandoc"), 0.1, "× pandoc's wall time"),
        Target("1,000 slides, memory", memory("deck1000", "pandoc"), 1.0, "× pandoc's peak memory"),
        Target("2,000 slides, time", ratio("deck2000", "deck1000"), 2.2, "× the 1,000-slide time"),
        Target("default project (deck + report)", ratio("default", "floor"), 4.0, "× the import floor"),
        Target(f"{pages}-page report", ratio("report", "plain"), 1.5, "× plain reportlab"),
        Target("watch: deck after an edit", lambda: watched[0] if watched else None, 0.150, "s"),
        Target("watch: report after an edit", lambda: watched[1] if watched else None, 1.0, "s"),
    ]
    print(f"\n{'target':34} {'measured':>9} {'limit':>7}")
    failed = False
    for target in targets:
        value = target.ratio()
        if value is None:
            print(f"{target.name:34} {'—':>9} {target.limit:7.3g} {target.what}  (not measured)")
            continue
        ok = value <= target.limit
        failed |= not ok
        print(f"{target.name:34} {value:9.3f} {target.limit:7.3g} {target.what}  {'PASS' if ok else 'FAIL'}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def _pages(pdf: Path) -> int | str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return len(PdfReader(pdf).pages) if pdf.exists() else 0


if __name__ == "__main__":
    sys.exit(main())

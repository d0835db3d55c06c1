"""Speed and memory of `briefing build`, against Pandoc where it is installed.

Run from the repository root:

    python tests/bench/benchmark.py            # 5 runs each
    python tests/bench/benchmark.py --runs 10

Each case runs in a fresh process, as a user would run it; the table shows the median wall time
and the peak resident memory of the child process. Pandoc (`apt-get install pandoc`) converts the
same hand-written deck to PowerPoint for comparison: it does no measuring, fitting or charts, so
it is the floor for "Markdown to .pptx", not an equal.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def synthetic_deck(slides: int) -> str:
    """A long hand-written deck: bullets, a table and notes on every slide."""
    parts = ["---", "title: Benchmark deck", "date: 2025-11-28", "---", ""]
    for n in range(slides):
        parts += [f"## Slide {n + 1}: market access and trade", ""]
        parts += [f"- Point {k}: intended deals, exhibitors and new products all grew" for k in range(6)]
        parts += ["", "| Year | Deals | Exhibitors |", "|---|--:|--:|", "| 2024 | 80.01 | 3,496 |",
                  "| 2025 | 83.49 | 4,108 |", "", "::: notes", "Say this.", ":::", ""]
    return "\n".join(parts)


# A fresh wrapper per run reports the peak memory of its one child: RUSAGE_CHILDREN of this
# process would keep the largest child of all earlier runs.
_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one run of ``command``."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *command], cwd=cwd, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    deck = work / "bench.md"
    deck.write_text(synthetic_deck(100), encoding="utf-8")
    briefing = [sys.executable, "-m", "generator"]
    cases: list[tuple[str, list[str], Path]] = [
        ("briefing build (CIIE deck)", [*briefing, "build", str(ROOT), "-o", str(work), "--format", "pptx"], ROOT),
        ("briefing build (CIIE deck + report)", [*briefing, "build", str(ROOT), "-o", str(work)], ROOT),
        ("briefing build bench.md (100 slides, .pptx)", [*briefing, "build", str(deck), "--format", "pptx"], ROOT),
    ]
    if shutil.which("pandoc"):
        cases.append(("pandoc bench.md -o bench.pptx (100 slides)",
                      ["pandoc", str(deck), "-o", str(work / "pandoc.pptx")], ROOT))
    else:
        print("pandoc is not installed (apt-get install pandoc); its row is left out\n")
    print(f"{'case':50} {'median s':>9} {'min s':>7} {'peak MiB':>9}")
    for name, command, cwd in cases:
        times, peaks = [], []
        for _ in range(args.runs):
            seconds, peak = measure(command, cwd)
            times.append(seconds)
            peaks.append(peak)
        print(f"{name:50} {statistics.median(times):9.2f} {min(times):7.2f} {max(peaks):9.0f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

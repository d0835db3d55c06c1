"""`briefing watch`: it rebuilds after a save, and a broken save keeps the last good outputs.

The watch runs as a user runs it, in its own process, with the hidden ``--max-builds`` so that it
ends by itself; these tests check what it does, not how fast (tests/bench/benchmark.py times it).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT
from pptx import Presentation

from generator.watch import Watch

DECK = "---\ntitle: Watched\ndate: 2025-11-28\n---\n\n## First wording\n\n- a point\n"


class Watcher:
    """`briefing watch` in a process of its own; its output read line by line as it comes."""

    def __init__(self, *args: str):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "watch", *args], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(10)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 90) -> list[str]:
        """Every line up to the first that contains ``text``."""
        end = time.monotonic() + timeout
        got: list[str] = []
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            got.append(line)
            self.seen.append(line)
            if text in line:
                return got
        raise AssertionError(f"no line with {text!r} in {timeout} s; the watch printed: {self.seen}")


def _titles(deck: Path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title is not None]


def test_watch_rebuilds_after_a_save_and_recovers_from_an_error(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(DECK, encoding="utf-8")
    deck, handout = tmp_path / "talk.pptx", tmp_path / "talk.pdf"
    watcher = Watcher(str(talk), "--max-builds", "4")
    try:
        watcher.wait_for("watching")
        assert "First wording" in _titles(deck) and handout.exists()

        talk.write_text(DECK.replace("First wording", "Second wording"), encoding="utf-8")
        watcher.wait_for("talk.pdf")
        assert "Second wording" in _titles(deck)
        good = deck.read_bytes(), handout.read_bytes()

        # A save with a mistake: named at its line, and the last good outputs stay.
        talk.write_text(DECK + "\n```metrics\ntiles: [unclosed\n```\n", encoding="utf-8")
        told = watcher.wait_for("not rebuilt")
        assert any(f"{talk}:12:1: YAML syntax error" in line for line in told), told
        assert (deck.read_bytes(), handout.read_bytes()) == good

        # Put right, it builds again: the watch went on after the error.
        talk.write_text(DECK.replace("First wording", "Third wording"), encoding="utf-8")
        watcher.wait_for("talk.pdf")
        assert watcher.process.wait(60) == 0
        assert "Third wording" in _titles(deck)
    finally:
        watcher.close()


def test_an_edit_of_one_formats_template_rebuilds_that_format_alone(tmp_path: Path) -> None:
    session = Watch(ROOT)
    formats = ["pptx", "pdf"]
    assert session.touched([ROOT / "templates" / "report.md.j2"], formats) == ["pdf"]
    assert session.touched([ROOT / "templates" / "deck.md.j2"], formats) == ["pptx"]
    assert session.touched([ROOT / "content" / "editions.yaml"], formats) == formats
    assert session.touched([ROOT / "templates" / "macros.md.j2"], formats) == formats
    assert session.touched([ROOT / "templates" / "report.md.j2"], ["pptx", "pdf", "png"]) == ["pdf", "png"]


def test_saves_of_the_outputs_themselves_build_nothing(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(DECK, encoding="utf-8")
    session = Watch(talk)
    session._planned()
    assert session.ignored(tmp_path / "talk.pptx") and session.ignored(tmp_path / "talk-preview" / "slide-1.png")
    assert session.ignored(tmp_path / ".talk.pdf.abc.tmp")
    assert not session.ignored(talk) and not session.ignored(tmp_path / "venue.png")

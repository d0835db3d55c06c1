"""Progress on stderr: plain lines when stderr is not a terminal, nothing with --quiet, no colour
with NO_COLOR. ``BRIEFING_PROGRESS_AFTER=0`` shows progress from the start, so these tests do not
depend on how fast the machine is."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator import progress

DECK = "---\ntitle: Progress\ndate: 2025-11-28\n---\n\n" + "".join(
    f"## Slide {n}\n\n- point {n}\n\n::: notes\nSay {n}.\n:::\n\n" for n in range(12))


def _build(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    talk = tmp_path / "talk.md"
    talk.write_text(DECK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEFING_PROGRESS_AFTER": "0"}
    return subprocess.run([sys.executable, "-m", "generator", "build", str(talk), *flags], env=env,
                          capture_output=True, text=True, check=True)


def test_progress_is_plain_lines_on_a_pipe(tmp_path: Path) -> None:
    run = _build(tmp_path)
    lines = run.stderr.splitlines()
    assert lines and all(line.startswith("briefing: ") for line in lines), lines
    assert any(line.endswith("reading the content and templates") for line in lines)
    assert any("drawing talk.pptx's slides 0/13" in line for line in lines)  # a title slide and 12
    assert "\x1b[" not in run.stderr  # no terminal codes in a file or a pipe
    assert "wrote" in run.stdout


def test_quiet_prints_nothing_at_all(tmp_path: Path) -> None:
    run = _build(tmp_path, "--quiet")
    assert run.stderr == "" and run.stdout == ""
    assert (tmp_path / "talk.pptx").exists()


def test_a_quick_build_shows_no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_PROGRESS_AFTER", "60")
    out = io.StringIO()
    with progress.shown(stream=out):
        progress.step("drawing slides", 3)
        progress.tick()
    assert out.getvalue() == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_colour_on_a_terminal_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_PROGRESS_AFTER", "0")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _Terminal()
    with progress.shown(stream=out):
        progress.step("drawing slides", 3)
        progress.tick(2)
    shown = out.getvalue()
    assert "drawing slides" in shown
    assert not any(f"\x1b[{code}" in shown for code in ("31m", "32m", "33m", "34m", "35m", "36m", "38;")), shown

"""The code stays lint-clean: CI fails on a style problem, not just a reviewer."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, need_program


def test_ruff_finds_nothing() -> None:
    need_program("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

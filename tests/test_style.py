"""The code stays lint-clean and type-checked: CI fails on a style or type problem, not just a reviewer."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import IN_CI, ROOT, type_check


def _need_module(name: str) -> None:
    # The test extras install both; without them the check is skipped, except in CI.
    if importlib.util.find_spec(name) is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI but is not installed (pip install -e '.[test]')")
        pytest.skip(f"{name} is not installed")


def test_ruff_finds_nothing() -> None:
    _need_module("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    _need_module("mypy")
    status, report = type_check()
    assert status == 0, report

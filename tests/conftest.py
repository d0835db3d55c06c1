"""Shared fixtures: the repository's own CIIE project, small inline projects, outside programs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
# Builds in the tests keep their compiled templates and font metrics in a cache of their own, new
# for each run, never in the user's (tests that need an empty one set their own).
os.environ["BRIEFING_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefing-test-cache-")


def need_program(name: str) -> str:
    """The path of an outside program; skip without it, except in CI, where it must be there."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI but is not installed (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path


def soffice_to_pdf(deck: Path, out_dir: Path) -> Path:
    """Convert a deck with LibreOffice, a program nobody here wrote: it must open the file."""
    soffice = need_program("soffice")
    profile = out_dir / "lo-profile"
    # LibreOffice sees the fonts the tool ships (Carlito, WenQuanYi Micro Hei) besides the system's,
    # so it draws text with the metrics the layout measured, on any machine.
    fonts_conf = out_dir / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{ROOT / 'generator' / 'fonts'}</dir>\n"
        f"  <cachedir>{out_dir / 'fontcache'}</cachedir>\n"
        "</fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(deck)],
        check=True, capture_output=True, timeout=300, env=env,
    )
    pdf = out_dir / (deck.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice could not convert {deck}"
    return pdf


@pytest.fixture(scope="session")
def ciie_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in CIIE deck, built once for the whole session."""
    from generator import build

    out = tmp_path_factory.mktemp("ciie")
    result = build(ROOT, out_dir=out, formats=["pptx"])
    return next(p for p in result.outputs if p.suffix == ".pptx")


def run_briefing(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The ``briefing`` command as a user types it, run in this process (much faster than a new one)."""
    from click.testing import CliRunner

    from generator.cli import main

    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), prog_name="briefing")
    finally:
        os.chdir(old)
    return subprocess.CompletedProcess(["briefing", *args], result.exit_code, result.stdout, result.stderr)


MakeProject = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a small project: a copy of the CIIE content unless ``content`` is given, plus files."""

    def make(files: dict[str, str] | None = None, *, copy_content: bool = True) -> Path:
        project = tmp_path / "project"
        project.mkdir(exist_ok=True)
        if copy_content:
            shutil.copytree(ROOT / "content", project / "content", dirs_exist_ok=True)
            # The CIIE content is the ciie pack's; a test's own briefing.yaml replaces this one.
            (project / "briefing.yaml").write_text("pack: ciie\n", encoding="utf-8")
        for name, text in (files or {}).items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = textwrap.dedent(text).lstrip("\n")
            if name == "briefing.yaml" and copy_content and not any(t.startswith("pack:") for t in text.splitlines()):
                text = text + ("" if text.endswith("\n") or not text else "\n") + "pack: ciie\n"
            path.write_text(text, encoding="utf-8")
        return project

    return make


def type_check() -> tuple[int, str]:
    """mypy's exit status and report on the package (configured in pyproject.toml)."""
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr

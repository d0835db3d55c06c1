"""`briefing new`: a project that builds as it is, and the folder it will not write into."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_briefing, soffice_to_pdf
from pptx import Presentation
from pypdf import PdfReader

from generator import check
from generator.document import plain, slides_of


def test_a_new_project_checks_strictly_and_builds_without_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "my-briefing"
    made = run_briefing("new", str(folder))
    assert made.returncode == 0, made.stderr
    first_line = (folder / "content" / "briefing.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../briefing.schema.json"
    schema = json.loads((folder / "briefing.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(run_briefing("schema", str(folder)).stdout)
    assert (folder / "templates" / "theme.yaml").read_text(encoding="utf-8").startswith("#")
    assert run_briefing("check", "--strict", str(folder)).returncode == 0

    built = run_briefing("build", "--quiet", str(folder))  # problems only: no progress lines
    assert built.returncode == 0 and built.stderr == "", built.stderr
    deck = folder / "output" / "my-briefing.pptx"
    slides = len(Presentation(str(deck)).slides)
    assert len(PdfReader(soffice_to_pdf(deck, tmp_path)).pages) == slides
    titles = [plain(s.title) for s in slides_of(check(folder, formats=["pptx"]).documents["pptx"])]
    assert "What to watch next" in titles  # the project's example override of one slide
    assert {"Key takeaways", "Key figures", "Timeline", "In their words", "Sources"} <= set(titles)
    report = " ".join(p.extract_text() for p in PdfReader(folder / "output" / "my-briefing.pdf").pages)
    assert "≈180,000" in report and "95,000+" in report  # qualified figures keep their marks


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_briefing("new", str(tmp_path))
    assert done.returncode == 1
    assert "is not an empty folder" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]

"""The `briefing` command as a user runs it: messages, exit status, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, MakeProject, run_briefing

from generator import __version__

run = run_briefing


def test_the_installed_command_answers() -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"briefing, version {__version__}"


def test_the_command_ends_with_its_status_and_all_it_printed(tmp_path: Path) -> None:
    # The process leaves without tearing its heap down: what it printed must be out first.
    talk = tmp_path / "talk.md"
    talk.write_text("# Talk\n\n## A slide\n\n- a point[^1]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(talk), "--format", "pptx"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "talk.md:5:10: footnote [^1] is cited but never defined" in done.stderr
    assert done.stderr.rstrip().endswith("nothing was written")
    talk.write_text("# Talk\n\n## A slide\n\n- a point\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(talk), "--format", "pptx"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout == f"wrote {tmp_path / 'talk.pptx'}\n"


def test_version_and_help_everywhere() -> None:
    assert run("--version").stdout.strip() == f"briefing, version {__version__}"
    for command in ([], ["build"], ["check"], ["schema"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "Usage: briefing" in result.stdout


def test_bad_usage_exits_with_status_2() -> None:
    assert run("build", "--nosuchflag").returncode == 2
    result = run("build", "--format", "docx")
    assert result.returncode == 2 and "unknown format 'docx'" in result.stderr
    assert run("build", "does-not-exist").returncode == 2


def test_build_writes_the_deck(tmp_path: Path) -> None:
    result = run("build", str(ROOT), "-o", str(tmp_path), "--format", "pptx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ciie-briefing.pptx").is_file()
    assert f"wrote {tmp_path / 'ciie-briefing.pptx'}" in result.stdout


def test_bad_input_gives_one_line_per_problem_and_status_1(make_project: MakeProject) -> None:
    project = make_project()
    editions = project / "content" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8").replace("value: 71.13", 'value: "about 70"')
                        .replace("year: 2020", "year: 2020\n    yaer: 2020"), encoding="utf-8")
    result = run("build", str(project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("content/editions.yaml:") and 'expected a number, got "about 70"' in line
               for line in lines), lines
    assert any(line.startswith("content/editions.yaml:") and "yaer: unknown field" in line for line in lines), lines
    assert lines[-1] == "briefing: 2 error(s); nothing was written"
    debug = run("build", str(project), "--debug")
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_check_writes_nothing(make_project: MakeProject) -> None:
    project = make_project()
    result = run("check", str(project))
    assert result.returncode == 0, result.stderr
    assert "ok: content and templates are valid" in result.stdout
    assert not (project / "output").exists()
    # Nor when a template makes bad Markdown: the copy that messages point to goes to a temporary folder.
    (project / "templates").mkdir()
    (project / "templates" / "deck.md.j2").write_text("## A\n\n```metrics\ntiles: [oops\n```\n", encoding="utf-8")
    result = run("check", str(project))
    assert result.returncode == 1
    assert not (project / "output").exists()
    assert "briefing-check" in result.stderr


def test_a_file_that_is_not_markdown_is_bad_usage(tmp_path: Path) -> None:
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG")
    result = run("build", str(picture))
    assert result.returncode == 2 and "not a Markdown file" in result.stderr
    assert run("build", str(ROOT), "--format", "").returncode == 2


def test_a_bad_config_file_is_reported_at_its_line(make_project: MakeProject) -> None:
    project = make_project({"briefing.yaml": "name: ok\nformats: [pptx, docx]\n"})
    result = run("check", str(project))
    assert result.returncode == 1
    assert any(line.startswith("briefing.yaml:2:") and "formats[1]" in line
               for line in result.stderr.splitlines()), result.stderr


def test_schema_is_json_schema_with_field_descriptions() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    edition = schema["$defs"]["Edition"]["properties"]
    assert "Intended one-year deals" in edition["deals_usd_bn"]["description"]
    assert "extra" in schema["properties"]


@pytest.mark.parametrize("which", ["--config", "--theme"])
def test_schema_of_the_other_files(which: str) -> None:
    result = run("schema", which)
    assert result.returncode == 0 and json.loads(result.stdout)["type"] == "object"


def test_a_bug_is_an_internal_error_with_status_3_and_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(generator.pipeline, "_run", broken)
    result = run("check", str(ROOT))
    assert result.returncode == 3
    assert result.stderr.startswith("briefing: internal error: RuntimeError: a bug.")
    assert "Traceback" not in result.stderr
    assert "--debug" in result.stderr


def test_a_command_loads_the_renderers_and_keeps_the_collector_off() -> None:
    # The command turns the collector off while the pipeline and renderers load, freezes them,
    # and leaves it off for the build.
    code = ("import gc; from generator.cli import _loaded; from generator.renderers import _REGISTRY; "
            "before = gc.get_freeze_count(); p = _loaded(); "
            "print(gc.isenabled(), gc.get_freeze_count() > before, p.__name__, sorted(_REGISTRY))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "True", "generator.pipeline", "['pdf',", "'png',", "'pptx']"]

"""Bad, hostile and huge input: every fault is the user's problem at its line, never a crash or a hang.

Each fault below is a small edit to a real project or a hand-written deck. A build of it either
succeeds (the tool cleaned or fitted the input, saying so in a warning where it changed
something) or fails with located problems; any other exception, or a build that runs longer than
its time limit, fails the test. The count of faults tried is printed.
"""

from __future__ import annotations

import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT

import generator
from generator import BuildFailed, UsageError
from generator.errors import Problems
from generator.yamlfile import parse_yaml

LIMIT_S = 30  # far more than any of these takes; a hang ends here
LONG_WORD = "x" * 10_000
BRIEFING = "content/briefing.yaml"


class _Hang(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise _Hang(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the fault's anchor {old!r} is not in the file"
        return text.replace(old, new, 1)

    return edit


# Faults in a project: (file, edit of its text, or the bytes to write).
PROJECT_FAULTS: dict[str, tuple[str, Callable[[str], str | bytes]]] = {
    "an impossible date": (BRIEFING, _replace("date: 2025-11-28", "date: 2025-02-30")),
    "deeply nested YAML": (BRIEFING, lambda s: s + "deep: " + "[" * 3000 + "]" * 3000 + "\n"),
    "deeply indented YAML": (BRIEFING, lambda s: s + "deep:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 90))
                             + "  " * 90 + "x: 1\n"),
    "a !!python tag": (BRIEFING, lambda s: s + "bad: !!python/object/apply:os.system ['true']\n"),
    "a custom tag": (BRIEFING, lambda s: s + "bad: !secret 3\n"),
    "a merge key": (BRIEFING, lambda s: s + "base: &b {x: 1}\nother:\n  <<: *b\n"),
    "binary data": (BRIEFING, lambda s: s + "blob: !!binary aGVsbG8=\n"),
    "a negative count": ("content/editions.yaml", _replace("value: 172,", "value: -172,")),
    "a huge integer": ("content/editions.yaml", _replace("value: 172,", "value: " + "9" * 400 + ",")),
    "a template not in UTF-8": ("templates/deck.md.j2", lambda s: b'{% extends "ciie/deck.md.j2" %}\n\xff\xfe'),
    "a theme not in UTF-8": ("templates/theme.yaml", lambda s: b"colors:\n  primary: \xff\n"),
    "content not in UTF-8": (BRIEFING, lambda s: s.encode("utf-8") + b"\nnote: \xff\n"),
    "30 nested loops": ("templates/deck.md.j2", lambda s: "".join(f"{{% for i{i} in range(2) %}}" for i in range(30))
                        + "x" + "{% endfor %}" * 30),
    "300 nested ifs": ("templates/deck.md.j2", lambda s: "{% if true %}" * 300 + "x" + "{% endif %}" * 300),
    "break outside a loop": ("templates/deck.md.j2", lambda s: "{% break %}"),
    "a master that is not a presentation": ("templates/theme.yaml", lambda s: "deck:\n  master: fake.pptx\n"),
    "a template that loops forever in macros": ("templates/deck.md.j2",
                                                lambda s: "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"),
}

# Hand-written decks.
DECK_FAULTS: dict[str, str] = {
    "an impossible date in front matter": "---\ntitle: T\ndate: 2025-02-30\n---\n\n## A\n\n- b\n",
    "a 300-character title": "---\ntitle: " + "word " * 70 + "\n---\n\n## A\n\nb\n",
    "control characters": "## T\n\n- a\x01b\x0bc\x7f\n\nText \ufffe here.\n",
    "a 60-column table": "## T\n\n|" + "|".join(f"c{i}" for i in range(60)) + "|\n|" + "---|" * 60 + "\n|"
                         + "|".join("1" for _ in range(60)) + "|\n",
    "a long word in a list": f"## T\n\n- {LONG_WORD}\n",
    "a long word in a table": f"## T\n\n| a | b |\n|---|---|\n| {LONG_WORD} | 1 |\n",
    "a long word in a quote": f"## T\n\n> {LONG_WORD}\n>\n> — Someone\n",
    "a long word in the notes": f"## T\n\n- a\n\n::: notes\n{LONG_WORD}\n:::\n",
    "a long code line": f"## T\n\n```\n{LONG_WORD}\n```\n",
    "a long chart category": f"## T\n\n```chart\ntype: column\ncategories: [{LONG_WORD}, b]\nseries:\n"
                             "  - name: s\n    values: [1, 2]\n```\n",
    "a long metric": f"## T\n\n```metrics\ntiles:\n  - value: '{LONG_WORD}'\n    label: x\n```\n",
    "a long word in a timeline": f"## T\n\n```timeline\nevents:\n  - date: '2018'\n    label: {'y' * 2000}\n"
                                 "  - date: '2019'\n    label: b\n```\n",
    "a picture outside the project": "## T\n\n![x](/etc/passwd)\n",
    "a deck not in UTF-8": "",  # written as bytes below
    "a huge deck": "",  # written below
}


def _outcome(target: Path, out: Path) -> str:
    try:
        with _time_limit(LIMIT_S):
            generator.build(target, out_dir=out)
    except BuildFailed as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        assert errors, "a failed build names at least one error"
        for problem in errors:
            assert problem.path and problem.message, problem
        return "refused"
    except UsageError:
        return "refused"
    return "built"


@pytest.mark.parametrize("fault", sorted(PROJECT_FAULTS))
def test_a_fault_in_a_project_is_handled(fault: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    (project / "templates").mkdir()
    (project / "templates" / "fake.pptx").write_bytes(b"PK\x03\x04 not really a zip")
    name, edit = PROJECT_FAULTS[fault]
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    new = edit(path.read_text(encoding="utf-8") if path.exists() else "")
    if isinstance(new, bytes):
        path.write_bytes(new)
    else:
        path.write_text(new, encoding="utf-8")
    assert _outcome(project, tmp_path / "out") == "refused"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.pptx"))


@pytest.mark.parametrize("fault", sorted(DECK_FAULTS))
def test_a_fault_in_a_deck_is_handled(fault: str, tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    if fault == "a deck not in UTF-8":
        talk.write_bytes(b"## T\n\n- caf\xe9\n")
    elif fault == "a huge deck":
        talk.write_text("## T\n\n" + "word " * 1_200_000, encoding="utf-8")
    else:
        talk.write_text(DECK_FAULTS[fault], encoding="utf-8")
    _outcome(talk, tmp_path / "out")


def test_text_no_output_can_hold_is_cleaned_with_a_warning_at_its_key() -> None:
    problems = Problems()
    doc = parse_yaml('title: "A\\x01B\\uFFFEC"\nok: fine\n', "content/x.yaml", problems)
    assert doc is not None and doc.data == {"title": "ABC", "ok": "fine"}
    assert [str(p) for p in problems.warnings] == [
        "content/x.yaml:1:1: warning: title: control characters or Unicode noncharacters were removed from the "
        "text; no deck or report can show them"]


def test_how_many_faults_were_tried() -> None:
    tried = len(PROJECT_FAULTS) + len(DECK_FAULTS) + 1
    print(f"\n{tried} faults tried; each is tested above to be handled without a crash or a hang")
    assert tried >= 30

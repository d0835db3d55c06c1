"""Faults while writing: the last good outputs survive, no temporary file stays, builds never mix.

And the same inputs give the same bytes whatever the time zone, locale, hash seed or folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

import generator
from generator import BuildFailed

TALK = """---
title: {title}
date: 2025-11-05
---

## First slide

- One point, and [a source][^a]

## Second slide

| Year | Deals |
|------|------:|
| 2024 | 80.01 |
| 2025 | 83.49 |

[^a]: A source.
"""


def _talk(folder: Path, title: str = "A short talk") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    talk = folder / "talk.md"
    talk.write_text(TALK.format(title=title), encoding="utf-8")
    return talk


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _good_build(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A deck built once: its source, its output folder, and the digests of its good outputs."""
    talk = _talk(tmp_path / "deck")
    out = tmp_path / "out"
    generator.build(talk, out_dir=out)
    return talk, out, _digests(out)


def test_a_full_disk_keeps_the_last_good_outputs_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    talk, out, good = _good_build(tmp_path)
    talk.write_text(TALK.format(title="A changed talk"), encoding="utf-8")

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(BuildFailed) as failed:
        generator.build(talk, out_dir=out)
    assert any("No space left on device" in str(p) and "last good outputs are unchanged" in str(p)
               for p in failed.value.problems)
    assert _digests(out) == good  # no temporary file, and both files as they were


def test_a_build_interrupted_while_writing_keeps_the_last_good_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    talk, out, good = _good_build(tmp_path)
    from generator.renderers.report import ReportRenderer

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ReportRenderer, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generator.build(talk, out_dir=out)
    assert _digests(out) == good


def test_a_temporary_file_left_by_a_killed_build_is_cleared_by_the_next(tmp_path: Path) -> None:
    talk = _talk(tmp_path / "deck")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".talk.pptx.abc123.tmp").write_bytes(b"half a deck")
    generator.build(talk, out_dir=out)
    assert sorted(p.name for p in out.iterdir()) == ["talk.pdf", "talk.pptx"]


def test_a_terminated_build_leaves_no_temporary_file(tmp_path: Path) -> None:
    talk = _talk(tmp_path / "deck")
    out = tmp_path / "out"
    for delay in (1.0,):  # while planning or writing, on most machines
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(talk), "-o", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        left = sorted(p.name for p in out.iterdir()) if out.exists() else []
        assert all(not name.startswith(".") for name in left), left
        assert left in ([], ["talk.pdf", "talk.pptx"]), left


def test_two_builds_at_once_never_mix_their_outputs(tmp_path: Path) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    out = tmp_path / "out"
    first = _talk(tmp_path / "a", "Version A")
    second = _talk(tmp_path / "b", "Version B")
    for _ in range(1):
        runs = [subprocess.Popen([sys.executable, "-m", "generator", "build", str(t), "-o", str(out)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for t in (first, second)]
        for run in runs:
            assert run.wait(timeout=120) == 0
        deck_title = Presentation(str(out / "talk.pptx")).core_properties.title
        metadata = PdfReader(str(out / "talk.pdf")).metadata
        report_title = metadata.title if metadata else None
        assert deck_title == report_title, (deck_title, report_title)


def test_same_inputs_give_the_same_bytes_in_any_time_zone_locale_hash_seed_or_folder(tmp_path: Path) -> None:
    results = []
    settings = [
        {"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"},
        {"TZ": "Asia/Shanghai", "LC_ALL": "C", "PYTHONHASHSEED": "12345"},
    ]
    for k, env in enumerate(settings):
        talk = _talk(tmp_path / f"folder-{k}" / ("deep " * k).strip().replace(" ", "/") if k else tmp_path / "x")
        out = talk.parent / "out"
        done = subprocess.run([sys.executable, "-m", "generator", "build", str(talk), "-o", str(out)],
                              env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        results.append(_digests(out))
    assert results[0] == results[1]


def test_zips_are_written_as_zipfile_writes_them_with_entries_compressed_anywhere(tmp_path: Path) -> None:
    import zipfile

    from generator.output import ZIP_DATE, Deflated, write_zip

    deck = generator.build(ROOT, out_dir=tmp_path / "ciie", formats=["pptx"]).outputs[0]
    with zipfile.ZipFile(deck) as z:
        entries: list[tuple[str, bytes | Deflated]] = [(i.filename, z.read(i)) for i in z.infolist()]
    entries += [("ppt/media/äpfel.png", b"\x89PNG" * 300), ("empty.xml", b"")]
    # Some entries come compressed already, as a second process sends a deck's slides.
    mixed = [(name, Deflated.of(data) if k % 3 == 0 else data) for k, (name, data) in enumerate(entries)]
    write_zip(tmp_path / "ours.zip", mixed)
    with zipfile.ZipFile(tmp_path / "theirs.zip", "w") as target:
        for name, data in sorted(entries, key=lambda e: (e[0] != "[Content_Types].xml", e[0])):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0o644 << 16
            assert isinstance(data, bytes)
            target.writestr(info, data, compresslevel=6)
    assert (tmp_path / "ours.zip").read_bytes() == (tmp_path / "theirs.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "ours.zip") as z:
        assert z.testzip() is None and z.read("ppt/media/äpfel.png") == b"\x89PNG" * 300

"""What one build can leave for the next: compiled templates, font metrics and parsed YAML, on disk.

The folder is the user's cache folder (``$XDG_CACHE_HOME/briefing`` on Linux, through
platformdirs), or ``$BRIEFING_CACHE_DIR``; never the project, which holds only what its author
wrote and what the build was asked to write. Entries are keyed by a hash of the file they were
made from, so an edited font or template is simply a new entry. The cache is only ever a shortcut:
an entry that cannot be read (cut short, written by another version, a folder that cannot be
written) is made again from the file, and the build goes on.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import __version__

# Bumped when what is stored changes shape; with the tool's version it names the folder.
_FORMAT = 1


def cache_dir(kind: str) -> Path:
    """The folder of one kind of entry (``fonts``, ``templates``), for this version of the tool."""
    root = os.environ.get("BRIEFING_CACHE_DIR")
    if not root and sys.platform.startswith("linux"):  # platformdirs' rule, without loading it each build
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        root = os.path.join(xdg if xdg.strip() else os.path.expanduser("~/.cache"), "briefing")
    if not root:
        from platformdirs import user_cache_dir

        root = user_cache_dir("briefing", appauthor=False)
    return Path(root) / f"{kind}-{__version__}-{_FORMAT}"


def file_key(path: Path) -> str:
    """A hash of the file's bytes: the same file anywhere has the same entry."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_key(text: str) -> str:
    """A hash of a text (a YAML file's, a template's): the same text has the same entry."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load(kind: str, key: str) -> Any | None:
    """The entry stored under ``key``, or None when there is none or it cannot be read."""
    entry = cache_dir(kind) / f"{key}.pickle"
    try:
        with entry.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt or foreign entry: drop it and make it again
        entry.unlink(missing_ok=True)
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``key``, written whole or not at all (another build may be reading)."""
    folder = cache_dir(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, folder / f"{key}.pickle")
    except OSError:  # a read-only or full disk costs speed, never the build
        return


def template_cache() -> Any | None:
    """Jinja2's own on-disk cache of compiled templates (keyed by each template's source), or None
    when the folder cannot be made."""
    import jinja2

    folder = cache_dir("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


_between_builds = False


def keep_between_builds(on: bool = True) -> None:
    """Let the renderers keep what they drew for the next build of this process, in memory (the
    deck's slides, :mod:`generator.renderers.deck.reuse`). ``briefing watch`` turns it on; a
    one-off build leaves it off, as keeping would only cost it time."""
    global _between_builds
    _between_builds = on


def keeping_between_builds() -> bool:
    return _between_builds

"""The last stage: outputs move into place together, or not at all.

Every renderer writes into a private scratch folder. Only when every requested output has been
written does :class:`OutputSet` copy each one beside its final place under a hidden temporary name
and rename it over the old file, so a failed or interrupted build leaves the last good deck and
report untouched and no half-written file. A format whose output is a folder of files (the PNG
preview) is swapped in the same way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class OutputSet:
    """Finished outputs waiting to replace the last good ones in ``folder``."""

    folder: Path
    _staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary beside it, final)

    def stage(self, scratch: Path, final: Path) -> None:
        """Copy a finished output next to its final place, under a name no reader will open."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if scratch.is_dir():
            tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=self.folder))
            shutil.copytree(scratch, tmp, dirs_exist_ok=True)
            os.chmod(tmp, 0o755)  # mkdtemp makes folders private; outputs are for sharing
        else:
            fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=self.folder)
            os.close(fd)
            tmp = Path(name)
            shutil.copyfile(scratch, tmp)
            os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are for sharing
        self._staged.append((tmp, final))

    def commit(self) -> list[Path]:
        """Move every staged output into place; the renames are atomic for files."""
        done: list[Path] = []
        for tmp, final in self._staged:
            if tmp.is_dir():
                _replace_folder(tmp, final)
            else:
                os.replace(tmp, final)
            done.append(final)
        self._staged.clear()
        return done

    def discard(self) -> None:
        """Remove whatever was staged and not committed."""
        for tmp, _ in self._staged:
            if tmp.is_dir():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
        self._staged.clear()


def _replace_folder(new: Path, final: Path) -> None:
    # A folder cannot be renamed over a non-empty one: move the old one aside first, so that at
    # every moment either the old or the new folder is complete under the final name or beside it.
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        if old.exists():
            shutil.rmtree(old)
        os.replace(final, old)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

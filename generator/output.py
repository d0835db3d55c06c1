"""Where outputs are written: atomically, so a failure keeps the last good file, and reproducibly.

Every file the tool writes (the deck, the report, the default master) is written beside its final
place and moved over it in one step, so a reader never sees half a file and a failed build never
destroys a good one. Zip-based outputs (``.pptx``) are then rewritten by :func:`normalise_zip`, so
that the same contents always give the same bytes. This module imports only the standard
library, so any stage can use it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def write_atomically(target: Path, write: Callable[[Path], None], *, mode: int | None = None) -> None:
    """Call ``write`` with a temporary path beside ``target``, then move the result over ``target``.

    ``mode`` sets the written file's permissions; without it the file keeps ``target``'s (which
    must then exist). The temporary file is deleted if anything fails, so ``target`` is either
    the old file or the complete new one.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    path = Path(temporary)
    try:
        write(path)
        # mkstemp makes files private; outputs are shared like any other file.
        if mode is None:
            shutil.copymode(target, path)
        else:
            os.chmod(path, mode)
        os.replace(path, target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def normalise_zip(path: Path) -> None:
    """Rewrite the zip archive at ``path`` so that equal contents give equal bytes.

    Zip entries carry the time they were written, and python-pptx stamps the current time, so
    two builds of the same deck would differ. Every entry gets the same date (1980-01-01, the
    earliest a zip can hold), the same attributes and compression, and a fixed order:
    ``[Content_Types].xml`` first, as Office writes it, then by name. The file is replaced
    atomically, so a failure leaves the original untouched.
    """
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    entries.sort(key=lambda entry: (entry[0] != "[Content_Types].xml", entry[0]))

    def write(temporary: Path) -> None:
        with zipfile.ZipFile(temporary, "w") as target:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0  # the default depends on the platform that writes it
                info.external_attr = 0o644 << 16
                target.writestr(info, data, compresslevel=6)

    write_atomically(path, write)

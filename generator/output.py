"""The last stage: outputs are written atomically, together, and reproducibly.

Every renderer writes into a private scratch folder. Only when every requested output has been
written does :class:`OutputSet` copy each one beside its final place under a hidden temporary name
and rename it over the old file, so a failed or interrupted build leaves the last good deck and
report untouched and no half-written file; a format whose output is a folder of files (the PNG
preview) is swapped in the same way. Zip-based outputs (``.pptx``) are rewritten by
:func:`normalise_zip`, so that the same contents always give the same bytes. This module imports
only the standard library, so any stage can use it.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

try:  # advisory locks; on systems without them two simultaneous builds are the user's to avoid
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
_UMASK = os.umask(0o022)  # read once, while the process has one thread: reading it means setting it
os.umask(_UMASK)


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
    """Rewrite the zip archive at ``path`` so that equal contents give equal bytes (see
    :func:`write_zip`); atomically, so a failure leaves the original untouched."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    write_zip(path, entries)


@dataclass(frozen=True)
class Deflated:
    """An entry's content compressed as :func:`write_zip` compresses it, ready to be written:
    made where the content is (a process drawing slides), so the zip is not compressed in one."""

    crc: int
    size: int  # of the content before compression
    data: bytes

    @classmethod
    def of(cls, content: bytes) -> Deflated:
        # Raw deflate at level 6: what zipfile writes for ZIP_DEFLATED at compresslevel 6.
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())

    def content(self) -> bytes:
        return zlib.decompress(self.data, -15)


_INLINE = 4096  # a smaller entry is compressed at once: handing it to the thread costs more than that
_ZIP_VERSION = 20  # the version a reader needs for deflated entries (and the one that made them)
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_ZIP_LIMIT = 0xFFFF  # entries, and below 2 GiB of sizes and offsets: beyond them, zip64 and zipfile


def write_zip(path: Path, entries: Iterable[tuple[str, bytes | Deflated]]) -> None:
    """Write a zip archive (a deck, a master) of ``(name, content)`` entries so that equal
    contents give equal bytes.

    Zip entries carry the time they were written, so two builds of the same deck would differ.
    Every entry gets the same date (1980-01-01, the earliest a zip can hold), the same attributes
    and compression, and a fixed order: ``[Content_Types].xml`` first, as Office writes it, then
    by name. An entry may come compressed already (:class:`Deflated`). The bytes are those
    zipfile writes with these settings (a test compares them), written here because zipfile
    cannot take an entry compressed elsewhere. The file is replaced atomically, so a failure
    leaves any earlier one untouched.
    """
    # Compressed in a thread as the entries come (zlib lets go of the interpreter while it
    # compresses), so a deck's parts are compressed while the rest of them are still serialised.
    with ThreadPoolExecutor(max_workers=1) as pool:
        coming = [(name, content if isinstance(content, Deflated) else
                   Deflated.of(content) if len(content) < _INLINE else pool.submit(Deflated.of, content))
                  for name, content in entries]
        deflated = [(name, entry if isinstance(entry, Deflated) else entry.result())
                    for name, entry in sorted(coming, key=lambda e: (e[0] != "[Content_Types].xml", e[0]))]
    if len(deflated) >= _ZIP_LIMIT or sum(len(d.data) + d.size for _, d in deflated) >= 1 << 31:
        write: Callable[[Path], None] = partial(_write_with_zipfile, deflated)
    else:
        write = partial(_write_zip, deflated)
    # A new file gets the permissions any new file of the user's gets (its umask), an old one keeps its own.
    write_atomically(path, write, mode=None if path.exists() else 0o666 & ~_UMASK)


def _name(name: str) -> tuple[bytes, int]:
    """The entry's name as stored, and its flags: UTF-8 (flag bit 11) only where ASCII will not do."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def _write_zip(entries: list[tuple[str, Deflated]], temporary: Path) -> None:
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, entry in entries:
        encoded, flags = _name(name)
        fields = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, entry.crc, len(entry.data), entry.size,
                  len(encoded))
        header = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _ZIP_VERSION, 0, *fields, 0) + encoded
        central.append(struct.pack("<4s4B4HL2L5HLL", b"PK\x01\x02", _ZIP_VERSION, 0, _ZIP_VERSION, 0, *fields,
                                   0, 0, 0, 0, 0o644 << 16, offset) + encoded)
        local += (header, entry.data)
        offset += len(header) + len(entry.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    with temporary.open("wb") as out:
        out.write(b"".join(local))
        out.write(directory)
        out.write(end)


def _write_with_zipfile(entries: list[tuple[str, Deflated]], temporary: Path) -> None:
    """A zip too large for the plain format's fields, in zipfile's zip64."""
    with zipfile.ZipFile(temporary, "w") as target:
        for name, entry in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the default depends on the platform that writes it
            info.external_attr = 0o644 << 16
            target.writestr(info, entry.content(), compresslevel=6)


@dataclass
class OutputSet:
    """Finished outputs waiting to replace the last good ones in ``folder``.

    Used as a context manager, it holds a lock on the folder while outputs are staged and moved
    in, so two builds of one project at once never mix their files, and it clears temporary files
    an earlier build left when it was killed (they can only be stale while the lock is held).
    """

    folder: Path
    _staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary beside it, final)
    _lock: int | None = None

    def __enter__(self) -> OutputSet:
        self.folder.mkdir(parents=True, exist_ok=True)
        if fcntl is not None:
            self._lock = os.open(self.folder, os.O_RDONLY)
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        for stale in self.folder.glob(".*.tmp"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def stage(self, scratch: Path, final: Path) -> None:
        """Copy a finished output next to its final place, under a name no reader will open."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if scratch.is_dir():
            tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=self.folder))
        else:
            fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=self.folder)
            os.close(fd)
            tmp = Path(name)
        self._staged.append((tmp, final))  # from here on, discard() removes it whatever happens
        if scratch.is_dir():
            shutil.copytree(scratch, tmp, dirs_exist_ok=True)
            os.chmod(tmp, 0o755)  # mkdtemp makes folders private; outputs are for sharing
        else:
            shutil.copyfile(scratch, tmp)
            os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are for sharing

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

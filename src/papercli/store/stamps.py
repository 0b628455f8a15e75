"""Cheap change detection for the entry folder: one ``stat`` per file, compared as a whole.

Every command checks the index against the files before it answers, so that a hand edit is
never missed; at 100,000 papers this check is most of a ``list`` or ``search``. The
folder is listed once through a directory descriptor, the files are statted in one list
comprehension, and the whole snapshot is hashed from its ``marshal`` bytes rather than
compared file by file. (Splitting the stats over two threads measured no faster: the
time is in the kernel's path lookups.)
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import NamedTuple

from papercli.store.files import is_entry_name


class FileStamp(NamedTuple):
    """What the index remembers about an entry file to notice it changed."""

    mtime_ns: int
    size: int


class Snapshot(NamedTuple):
    """Every entry file's name (sorted) and stamp, as one value."""

    names: list[str]
    stamps: list[tuple[int, int]]

    def signature(self) -> str:
        """A digest of the snapshot: equal signatures mean no file changed."""
        import hashlib  # here: a read answered by the watcher never signs a scan

        data = marshal.dumps((self.names, self.stamps), 4)
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def as_dict(self) -> dict[str, FileStamp]:
        """Name -> stamp."""
        return {n: FileStamp(*s) for n, s in zip(self.names, self.stamps, strict=True)}


def scan(entries_dir: Path) -> Snapshot:
    """A snapshot of every entry file in ``entries_dir`` (empty if the folder is missing)."""
    if os.stat not in os.supports_dir_fd or os.listdir not in os.supports_fd:
        return _scan_by_path(entries_dir)
    try:
        fd = os.open(entries_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (FileNotFoundError, NotADirectoryError):
        return Snapshot([], [])
    try:
        names = sorted(n for n in os.listdir(fd) if is_entry_name(n))
        return _stat_chunk(names, fd)
    finally:
        os.close(fd)


def _stat_chunk(names: list[str], fd: int) -> Snapshot:
    stat = os.stat
    try:
        results = [stat(n, dir_fd=fd) for n in names]
    except FileNotFoundError:  # a file went away between listing and stat: go carefully
        return _stat_carefully(names, fd)
    return Snapshot(names, [(s.st_mtime_ns, s.st_size) for s in results])


def _stat_carefully(names: list[str], fd: int) -> Snapshot:
    kept, stamps = [], []
    for name in names:
        try:
            st = os.stat(name, dir_fd=fd)
        except FileNotFoundError:
            continue
        kept.append(name)
        stamps.append((st.st_mtime_ns, st.st_size))
    return Snapshot(kept, stamps)


def _scan_by_path(entries_dir: Path) -> Snapshot:
    if not entries_dir.is_dir():
        return Snapshot([], [])
    kept, stamps = [], []
    for name in sorted(n for n in os.listdir(entries_dir) if is_entry_name(n)):
        try:
            st = os.stat(entries_dir / name)
        except FileNotFoundError:
            continue
        kept.append(name)
        stamps.append((st.st_mtime_ns, st.st_size))
    return Snapshot(kept, stamps)

"""Atomic file writes: temp file in the same folder, flush, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

TEMP_PREFIX = ".papercli-"
TEMP_SUFFIX = ".tmp"


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so readers see the old or the new file, never half."""
    atomic_write_chunks(path, [text])


def atomic_write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Like ``atomic_write_text`` for text made piece by piece (never all in memory)."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


class WriteCancelled(Exception):
    """``stage_many`` stopped because its caller asked it to."""


class StagedWrites:
    """Complete temp files, already on disk, each waiting to be renamed over its target."""

    def __init__(self, pending: list[tuple[str, Path]]) -> None:
        self._pending = list(reversed(pending))  # renamed in order, popped from the end
        self._folders = {path.parent for _, path in pending}
        self.renamed = 0  # how many are in place (an interrupted import reports it)

    def commit(self) -> None:
        """Rename every temp file into place, then sync the folders (Ctrl-C safe)."""
        try:
            while self._pending:
                tmp_name, path = self._pending[-1]
                os.replace(tmp_name, path)
                self._pending.pop()
                self.renamed += 1
        except BaseException:
            self._count_a_rename_that_landed()
            self.discard()
            raise
        for folder in self._folders:
            fsync_dir(folder)

    def _count_a_rename_that_landed(self) -> None:
        """Ctrl-C can strike after ``os.replace`` returned and before it was counted: the
        temp file is gone then, so that file is in place and counts as renamed."""
        if self._pending and not os.path.lexists(self._pending[-1][0]):
            self._pending.pop()
            self.renamed += 1

    def discard(self) -> None:
        """Delete the temp files not renamed yet."""
        while self._pending:
            tmp_name, _ = self._pending.pop()
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def stage_many(
    items: list[tuple[Path, str]], cancelled: Callable[[], bool] = lambda: False
) -> StagedWrites:
    """Write each text to a temp file beside its target, then ``os.sync()`` once.

    ``cancelled`` is asked before each file; when it says yes, the temp files are removed
    and WriteCancelled raised (how a writer thread honours Ctrl-C in the main thread).
    """
    pending: list[tuple[str, Path]] = []
    try:
        for path, text in items:
            if cancelled():
                raise WriteCancelled
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
            pending.append((tmp_name, path))
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.sync()
    except BaseException:
        StagedWrites(pending).discard()
        raise
    return StagedWrites(pending)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_dir(folder: Path) -> None:
    """Persist a rename by syncing its folder (a no-op where the OS does not allow it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

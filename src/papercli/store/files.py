"""The YAML library on disk: where it is, reading entry files, atomic writes.

Layout::

    <root>/papercli.yaml        library metadata (format version)
    <root>/entries/<key>.yaml   one file per paper: the single source of truth
    <root>/.papercli/           derived data (lock, index); safe to delete
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from papercli.citekeys import is_valid_key, key_rule
from papercli.entry_yaml import (
    dump_yaml,
    entry_from_yaml,
    entry_to_yaml,
    load_simple_yaml,
    yaml_error,
    yaml_problem,
)
from papercli.errors import LibraryError, NotFoundError
from papercli.model import Entry, EntryFormatError
from papercli.store.atomic import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    StagedWrites,
    atomic_write_text,
    stage_many,
)
from papercli.store.keyfiles import filename_for_key, key_for_filename
from papercli.store.lock import library_lock

FORMAT_VERSION = 1
META_FILE = "papercli.yaml"
ENTRIES_DIR = "entries"
HIDDEN_DIR = ".papercli"
FULLTEXT_FILE = "fulltext.sqlite"  # the full-text index of the PDFs (``store.fulltext``)


def library_fulltext_path(root: Path) -> Path:
    """The full-text index of the library at ``root`` (here, not in ``store.fulltext``:
    asking whether it exists must not load the full-text store)."""
    return root / HIDDEN_DIR / FULLTEXT_FILE


ENTRY_SUFFIX = ".yaml"


class EntryFileError(LibraryError):
    """An entry file that cannot be used; ``reason`` says why, without the path."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class FileProblem:
    """An entry file that could not be used, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class LoadedEntries:
    """Every readable entry, plus the files that were skipped."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)


class Library:
    """A library folder. Reading never creates it; ``ensure()`` does, on first write."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries_dir = root / ENTRIES_DIR
        self.meta_path = root / META_FILE
        self.hidden_dir = root / HIDDEN_DIR

    def exists(self) -> bool:
        """True once the library has been created by a first import."""
        return self.meta_path.is_file() or self.entries_dir.is_dir()

    def check_format(self) -> None:
        """Refuse a library written by a newer papercli, or a folder that is not a library."""
        if self.root.exists() and not self.root.is_dir():
            raise LibraryError(f"library path {self.root} is not a folder")
        if not self.meta_path.is_file():
            return
        try:
            meta = load_simple_yaml(self.meta_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise LibraryError(f"cannot read {self.meta_path}: {_short(exc)}") from None
        except yaml_error() as exc:
            raise LibraryError(f"cannot read {self.meta_path}: {_short(exc)}") from None
        version = meta.get("format_version") if isinstance(meta, dict) else None
        if not isinstance(version, int):
            raise LibraryError(
                f"{self.meta_path} has no format_version; is this a papercli library?"
            )
        if version > FORMAT_VERSION:
            raise LibraryError(
                f"library format {version} is newer than this papercli understands "
                f"({FORMAT_VERSION}); upgrade papercli"
            )

    def ensure(self) -> None:
        """Create the library folders and metadata file if missing."""
        self.check_format()
        try:
            self.entries_dir.mkdir(parents=True, exist_ok=True)
            self.hidden_dir.mkdir(exist_ok=True)
            if not self.meta_path.exists():
                atomic_write_text(self.meta_path, dump_yaml({"format_version": FORMAT_VERSION}))
        except OSError as exc:
            raise LibraryError(f"cannot create library at {self.root}: {_short(exc)}") from None

    def lock(self) -> AbstractContextManager[None]:
        """The writer lock; hold it around every change to the library."""
        return library_lock(self.hidden_dir / "lock")

    def entry_path(self, key: str) -> Path:
        """Where the entry with ``key`` lives."""
        return self.entries_dir / file_name(key)

    def has_file(self, key: str) -> bool:
        """True when an entry file for ``key`` exists (``key`` is checked first)."""
        return is_valid_key(key) and self.entry_path(key).is_file()

    def entry_keys(self) -> list[str]:
        """The key of every entry file, sorted (from the file names, not the files)."""
        if not self.entries_dir.is_dir():
            return []
        try:
            names = sorted(os.listdir(self.entries_dir))
        except OSError as exc:
            raise LibraryError(f"cannot read {self.entries_dir}: {_short(exc)}") from None
        return [key_of_name(name) for name in names if is_entry_name(name)]

    def entry_files(self) -> Iterator[Path]:
        """Every entry file, in name order (temp files excluded)."""
        if not self.entries_dir.is_dir():
            return iter(())
        try:
            names = sorted(os.listdir(self.entries_dir))
        except OSError as exc:
            raise LibraryError(f"cannot read {self.entries_dir}: {_short(exc)}") from None
        return (self.entries_dir / name for name in names if is_entry_name(name))

    def temp_files(self) -> list[Path]:
        """Leftover temp files from interrupted writes."""
        if not self.entries_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.entries_dir.iterdir()
            if p.name.startswith(TEMP_PREFIX) and p.name.endswith(TEMP_SUFFIX)
        )

    def read_entry_file(self, path: Path) -> Entry:
        """Read one entry file; EntryFileError (with the reason) if it is unusable."""
        try:
            text = path.read_text(encoding="utf-8")
            entry = entry_from_yaml(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise EntryFileError(path, f"cannot read: {_short(exc)}") from None
        except yaml_error() as exc:
            raise EntryFileError(path, f"not valid YAML ({yaml_problem(exc)})") from None
        except EntryFormatError as exc:
            raise EntryFileError(path, str(exc)) from None
        if not is_valid_key(entry.key):
            raise EntryFileError(
                path,
                f"key '{entry.key}' is not a citation key BibTeX and biber accept ({key_rule()})",
            )
        if key_for_filename(path.name) != entry.key:
            raise EntryFileError(
                path,
                f"key '{entry.key}' does not match the file name (expected {file_name(entry.key)})",
            )
        return entry

    def load(self) -> LoadedEntries:
        """Every readable entry; unusable files are listed in ``problems``, never touched."""
        self.check_format()
        loaded = LoadedEntries()
        for path in self.entry_files():
            try:
                loaded.entries.append(self.read_entry_file(path))
            except EntryFileError as exc:
                loaded.problems.append(FileProblem(path, exc.reason))
        return loaded

    def get(self, key: str) -> Entry:
        """The entry with ``key``; NotFoundError when there is none."""
        if not self.has_file(key):
            raise NotFoundError(f"no paper with key '{key}'")
        return self.read_entry_file(self.entry_path(key))

    def write(self, entry: Entry) -> None:
        """Write ``entry`` atomically to its file (the caller holds the lock)."""
        if not is_valid_key(entry.key):
            raise LibraryError(f"refusing to write an entry with invalid key {entry.key!r}")
        try:
            atomic_write_text(self.entry_path(entry.key), entry_to_yaml(entry))
        except OSError as exc:
            raise LibraryError(
                f"cannot write {self.entry_path(entry.key)}: {_short(exc)}"
            ) from None

    def stage_many(
        self,
        entries: list[Entry],
        texts: list[str],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> StagedWrites:
        """Put ``entries`` (``texts``: their ``entry_to_yaml``) on disk as temp files.

        ``commit`` renames them into place; see ``atomic.stage_many`` for ``cancelled``.
        """
        for entry in entries:
            if not is_valid_key(entry.key):
                raise LibraryError(f"refusing to write an entry with invalid key {entry.key!r}")
        items = [(self.entry_path(e.key), t) for e, t in zip(entries, texts, strict=True)]
        try:
            return stage_many(items, cancelled)
        except OSError as exc:
            raise LibraryError(f"cannot write to {self.entries_dir}: {_short(exc)}") from None

    def commit(self, staged: StagedWrites) -> None:
        """Rename staged entry files into place."""
        try:
            staged.commit()
        except OSError as exc:
            raise LibraryError(f"cannot write to {self.entries_dir}: {_short(exc)}") from None

    def delete(self, key: str) -> None:
        """Remove the entry file for ``key`` (the caller holds the lock)."""
        try:
            self.entry_path(key).unlink()
        except FileNotFoundError:
            raise NotFoundError(f"no paper with key '{key}'") from None
        except OSError as exc:
            raise LibraryError(f"cannot delete {self.entry_path(key)}: {_short(exc)}") from None


def file_name(key: str) -> str:
    """The entry file name of ``key`` (``store.keyfiles``): never a path, never hidden."""
    try:
        return filename_for_key(key)
    except ValueError as exc:
        raise LibraryError(str(exc)) from None


def key_of_name(name: str) -> str:
    """The key stored under file ``name`` (its bare stem when no key encodes to it)."""
    return key_for_filename(name) or name.removesuffix(ENTRY_SUFFIX)


def is_entry_name(name: str) -> bool:
    """Entry files end in ``.yaml``; hidden and temp files (dot first) are not entries."""
    return name.endswith(ENTRY_SUFFIX) and not name.startswith(".")


def _short(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc).splitlines()[0]

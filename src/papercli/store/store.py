"""The store: the one way in to a library's entries.

Commands and ops ask the store; nothing else opens an entry file, takes the lock or talks
to sqlite. Reads come from the derived index, which the store keeps in step with the
files before it answers (``freshness``); every change goes lock -> fresh read of each file
-> change -> atomic write -> index update, in one place (``change``, ``add``, ``remove``).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercli.errors import LibraryError, NotFoundError
from papercli.model import Entry
from papercli.store.did_you_mean import closest_keys
from papercli.store.files import (
    ENTRIES_DIR,
    EntryFileError,
    FileProblem,
    Library,
    file_name,
    key_of_name,
)
from papercli.store.pdfs import PdfFiles
from papercli.store.query import Query
from papercli.store.watch_state import WatchSettings

if TYPE_CHECKING:
    from papercli.batches import LazySequence
    from papercli.store.corpus import Corpus
    from papercli.store.index import Index


class Store:
    """A library folder's entries: read them fresh, change them safely."""

    def __init__(self, root: Path, watch: WatchSettings | None = None) -> None:
        self._files = Library(root)
        self._watch = watch or WatchSettings()
        self.problems: list[FileProblem] = []
        # Keys whose files this store wrote or deleted (for git auto-commit), in order.
        self.written: dict[str, None] = {}
        self.pdfs = PdfFiles(root)

    # -- the folder ---------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The library folder."""
        return self._files.root

    def exists(self) -> bool:
        """True once the library has been created."""
        return self._files.exists()

    def ensure(self) -> None:
        """Create the library if missing (refusing a folder of another format)."""
        self._files.ensure()

    def require(self) -> None:
        """NotFoundError when there is no library at ``root`` (nothing is created)."""
        self._files.check_format()
        if not self.exists():
            raise NotFoundError(
                f"no library at {self.root}; import a digest there first, or check --library"
            )

    def entry_path(self, key: str) -> Path:
        """The file of the entry with ``key`` (for messages and editors)."""
        return self._files.entry_path(key)

    def cache_dir(self, name: str) -> Path:
        """A folder for derived data called ``name`` inside the hidden ``.papercli/`` folder
        (not created here; whoever writes there creates it, and may delete it any time)."""
        return self._files.hidden_dir / "cache" / name

    def read_state(self, name: str) -> dict[str, Any]:
        """The library's local state ``name`` (``.papercli/state/<name>.json``; {} if none)."""
        from papercli.store.local_state import read_state, state_file

        return read_state(state_file(self._files.hidden_dir, name))

    def write_state(self, name: str, data: dict[str, Any]) -> None:
        """Save local state ``name`` atomically (creating the library if needed)."""
        from papercli.store.local_state import state_file, write_state

        self.ensure()
        write_state(state_file(self._files.hidden_dir, name), data)

    def written_paths(self) -> list[str]:
        """Entry files this store wrote or deleted, relative to the library (posix)."""
        return [f"{ENTRIES_DIR}/{file_name(key)}" for key in self.written]

    def relative(self, path: Path | str) -> str:
        """``path`` relative to the library folder, for messages."""
        with contextlib.suppress(ValueError):
            return str(Path(path).relative_to(self.root))
        return str(path)

    # -- reading ------------------------------------------------------------------------

    def reading(self) -> AbstractContextManager[Index]:
        """An index in step with the files, for several reads at one moment (search)."""
        return self._reading()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Index]:
        from papercli.store import freshness

        with freshness.fresh_index(self._files, self._watch) as index:
            self.problems = list(index.problems)
            yield index

    @contextlib.contextmanager
    def corpus(self) -> Iterator[Corpus]:
        """The library's text and decisions as ranking reads them, from a fresh index."""
        from papercli.store.corpus import Corpus

        with self._reading() as index:
            yield Corpus(index)

    def query(self, query: Query | None = None, brief: bool = False) -> list[Entry]:
        """Entries matching ``query`` (tags, status, dates, sort, limit), from the index;
        ``brief``: without abstract, note and comments (for tables and counts: faster)."""
        with self._reading() as index:
            return index.entries(query or Query(), brief)

    def query_lazy(self, query: Query | None = None, brief: bool = False) -> LazySequence[Entry]:
        """``query`` with every entry still packed, decoded when read: a large export or
        listing decodes them in its workers, and reads their keys without decoding
        (``batches``); ``brief`` as for ``query``."""
        with self._reading() as index:
            return index.packed_entries(query or Query(), brief)

    def count(self, query: Query | None = None) -> int:
        """How many entries match ``query``."""
        with self._reading() as index:
            return index.count(query or Query())

    def title_identities(self) -> dict[str, str]:
        """key -> title identity, as the index stored it (no entry decoded or re-folded)."""
        with self._reading() as index:
            return index.title_identities()

    def all_keys(self) -> list[str]:
        """Every entry's key, sorted."""
        return self._files.entry_keys()

    def key_candidates(self, prefix: str, exclude: Iterable[str] = ()) -> list[str]:
        """Keys starting with ``prefix`` (any case), for shell completion."""
        return key_candidates(self._files, prefix, exclude)

    def tag_candidates(self, prefix: str) -> list[str]:
        """Tags starting with ``prefix`` (any case), read-only from the index as it is."""
        return tag_candidates(self._files, prefix)

    def tag_counts(self) -> list[tuple[str, int]]:
        """(tag in its most used spelling, papers) for every tag."""
        with self._reading() as index:
            return index.tag_counts()

    def get(self, ref: str, outcome: str = "") -> Entry:
        """The entry named by ``ref``: a key, an arXiv id or a DOI; NotFoundError with hints."""
        return self.get_many([ref], outcome)[0]

    def get_many(self, refs: Sequence[str], outcome: str = "") -> list[Entry]:
        """The entries for ``refs`` (repeats dropped), each read fresh from its file.

        Any unknown reference raises one NotFoundError naming them all, with did-you-mean
        hints; ``outcome`` says what did not happen (``nothing was changed``).
        """
        keys = self.resolve(refs, outcome)
        return [self._read(key) for key in keys]

    def resolve(self, refs: Sequence[str], outcome: str = "") -> list[str]:
        """Keys for ``refs`` (keys, former keys, arXiv ids or DOIs in any form: see
        ``identifiers``), in order, repeats dropped."""
        unique = list(dict.fromkeys(refs))
        found = self.find_keys(unique)
        missing = [ref for ref in unique if ref not in found]
        if missing:
            raise self.unknown(missing, outcome)
        return list(dict.fromkeys(found[ref] for ref in unique))

    def find_keys(self, refs: Sequence[str]) -> dict[str, str]:
        """ref -> key for the refs (keys, former keys, identifiers) that name one paper;
        the others are left out (nothing is raised)."""
        if not self.exists():
            return {}
        found = {ref: ref for ref in refs if self._files.has_file(ref)}
        lookup = [ref for ref in refs if ref not in found]
        if lookup:
            with self._reading() as index:
                found.update(index.keys_for_refs(lookup))
        return found

    def unknown(self, missing: Sequence[str], outcome: str = "") -> NotFoundError:
        """``no paper with key 'x'; <outcome>; did you mean ...?`` for ``missing``."""
        if not self.exists():
            return NotFoundError(
                f"no library at {self.root}; import a digest there first, or check --library"
            )
        from papercli.identifiers import parse_identifier

        named = [parse_identifier(ref) for ref in missing]
        middle = f"; {outcome}" if outcome else ""
        if all(n is not None for n in named):  # identifiers: say which, no key hints
            held = ", ".join(str(n) for n in named)
            return NotFoundError(f"no paper holds {held}{middle}")
        keys = self.all_keys()
        hints = list(dict.fromkeys(k for key in missing for k in closest_keys(key, keys)))
        names = ", ".join(repr(k) for k in missing)
        suffix = f"; did you mean {', '.join(hints)}?" if hints else ""
        return NotFoundError(f"no paper with key {names}{middle}{suffix}")

    def _read(self, key: str) -> Entry:
        return self._files.read_entry_file(self._files.entry_path(key))

    def read_text(self, key: str) -> str:
        """The exact text of an entry file (for an editor), even when it is not valid."""
        if not self._files.has_file(key):
            raise self.unknown([key], "nothing was changed")
        try:
            return self._files.entry_path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise LibraryError(f"cannot read {self._files.entry_path(key)}: {reason}") from None

    def try_read(self, key: str) -> Entry | None:
        """The entry with ``key``, or None when its file is not a valid entry."""
        try:
            return self._read(key)
        except EntryFileError:
            return None

    def import_view(self, records: Sequence[Entry]) -> tuple[list[Entry], set[str]]:
        """What planning an import needs, from one fresh read of the index: the stored
        entries that may be ``records`` again (``matches``), and every key in use,
        lower-cased (unusable files' keys included: they are never handed out again)."""
        with self._reading() as index:
            candidates, taken = index.candidates_for(records), index.taken_keys()
        return candidates, taken | {key.lower() for key in self.problem_keys()}

    def taken_keys(self) -> set[str]:
        """Every key and alias in use, lower-cased, unusable files' keys included."""
        with self._reading() as index:
            taken = index.taken_keys()
        return taken | {key.lower() for key in self.problem_keys()}

    def matches(self, records: Sequence[Entry]) -> list[Entry]:
        """Stored entries sharing an identity (arXiv id, DOI, normalised title) with any of
        ``records``: what an import must compare against, without decoding the library."""
        with self._reading() as index:
            return index.candidates_for(records)

    def problem_keys(self) -> set[str]:
        """Keys of the files the last read found unusable: never handed out again."""
        return {key_of_name(p.path.name) for p in self.problems}

    def temp_files(self) -> list[Path]:
        """Leftover temp files of interrupted writes."""
        return self._files.temp_files()

    # -- changing -----------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the library's writer lock over several store calls (read, decide, write),
        so no other papercli process writes in between. ``change``/``remove`` hold it
        themselves; ``add`` and ``replace`` expect to run inside one."""
        self.ensure()
        return self._files.lock()

    def change(
        self,
        refs: Sequence[str],
        fn: Callable[[Entry], Entry | None],
        outcome: str = "nothing was changed",
    ) -> tuple[list[Entry], list[Entry]]:
        """Apply ``fn`` to each entry under the lock; returns (all entries, changed ones).

        Every reference is checked before anything is written; each file is read fresh,
        ``fn`` returns the new entry (None: unchanged), which is written atomically and
        recorded in the index in the same step.
        """
        self.require()
        with self._files.lock():
            entries = self.get_many(refs, outcome)
            changed = [new for new in map(fn, entries) if new is not None]
            self._write(changed)
        return entries, changed

    def change_all(
        self, query: Query, fn: Callable[[Entry], Entry | None]
    ) -> tuple[list[Entry], list[Entry]]:
        """``change`` for every entry matching ``query``."""
        self.require()
        with self._files.lock():
            keys = [e.key for e in self.query(query, brief=True)]
            entries = [self._read(k) for k in keys]
            changed = [new for new in map(fn, entries) if new is not None]
            self._write(changed)
        return entries, changed

    def replace(self, old_key: str, entry: Entry) -> None:
        """Write ``entry`` (inside ``transaction()``); a new key renames: the new file is
        written before the old one goes, so a crash in between leaves both, never neither.
        The entry's PDF follows the same way (linked under the new name first)."""
        linked = None
        if entry.key != old_key and entry.pdf is not None:
            linked = self.pdfs.link(old_key, entry.key)
        if linked:
            entry = dataclasses.replace(entry, pdf=self.pdfs.relative(entry.key))
        self._files.write(entry)
        self.written[entry.key] = None
        removed = []
        old_path, new_path = self._files.entry_path(old_key), self._files.entry_path(entry.key)
        if entry.key != old_key and not _same_file(old_path, new_path):
            self._files.delete(old_key)
            self.written[old_key] = None
            removed.append(old_key)
        if linked == "linked":
            self.pdfs.remove(old_key)
        refresh_index(self._files, [entry], removed=removed)

    def fold(self, survivor: Entry, folded: Sequence[str]) -> None:
        """Write ``survivor`` and delete the entries ``folded`` into it (inside
        ``transaction()``, all read fresh): the survivor lands first, so a crash in between
        leaves a duplicate, never a loss."""
        self._files.write(survivor)
        self.written[survivor.key] = None
        for key in folded:
            self._files.delete(key)
            self.written[key] = None
        refresh_index(self._files, [survivor], removed=list(folded))

    def move_pdf(self, old_key: str, new_key: str) -> str | None:
        """Rename ``old_key``'s PDF to ``new_key``'s (inside ``transaction()``), for a caller
        that writes the entries itself (a merge); what ``pdf`` to record, or None."""
        linked = self.pdfs.link(old_key, new_key)
        if linked is None:
            return None
        if linked == "linked":
            self.pdfs.remove(old_key)
        return self.pdfs.relative(new_key)

    def _write(self, entries: Sequence[Entry]) -> None:
        for entry in entries:
            self._files.write(entry)
            self.written[entry.key] = None
        if entries:
            refresh_index(self._files, entries)

    def write_one(self, entry: Entry) -> None:
        """Write ``entry`` and record it (inside ``transaction()``, having read it fresh)."""
        self._write([entry])

    def add(
        self,
        entries: Sequence[Entry],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Write new and merged entries of an import (inside ``transaction()``)."""
        self.ensure()
        if not entries:
            return
        self.written.update(dict.fromkeys(e.key for e in entries))
        # The index is brought in step the usual cheap way (the watcher, when running), and
        # what is written is recorded as it lands: no full check of the library after.
        with self._reading() as index:
            # Imported here: it loads multiprocessing and threads, which a read never needs
            # and every command would otherwise pay for at start-up.
            from papercli.store.bulk import write_and_record

            write_and_record(self._files, index, list(entries), progress)

    def remove(self, refs: Sequence[str]) -> list[Entry]:
        """Delete the entries for ``refs``; all are checked first, so an unknown one
        removes nothing."""
        self.require()
        with self._files.lock():
            entries = self.get_many(refs, "nothing was removed")
            for entry in entries:
                self._files.delete(entry.key)
                self.written[entry.key] = None
            refresh_index(self._files, removed=[e.key for e in entries])
        return entries

    # -- maintenance --------------------------------------------------------------------

    def rebuild_index(self) -> int:
        """Rebuild the index from the files (lock held); the entry count."""
        with self._files.lock():
            return rebuild(self._files)

    def index_drift(self) -> str | None:
        """How the on-disk index differs from the files, or None."""
        return drift(self._files)

    def remove_temp_files(self) -> list[Path]:
        """Delete leftover temp files under the lock; the ones removed."""
        done = []
        with self._files.lock():
            for path in self._files.temp_files():
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    raise LibraryError(f"cannot remove {path}: {exc.strerror or exc}") from None
                done.append(path)
        return done

    def check_format(self) -> None:
        """Refuse a library of a newer format or a path that is not a folder."""
        self._files.check_format()


def _same_file(a: Path, b: Path) -> bool:
    """True when two names are one file (a case-only rename on a case-blind disk)."""
    try:
        return a.samefile(b)
    except OSError:
        return False


# The index, its freshness check and sqlite load only when a command reads the index
# (``show KEY`` reads the entry's file and never does): start-up is most of a small command.


def refresh_index(*args: Any, **kwargs: Any) -> None:
    """``store.index.refresh_index``, imported on first use."""
    from papercli.store.index import refresh_index as refresh

    refresh(*args, **kwargs)


def rebuild(library: Library) -> int:
    """``store.index.rebuild``, imported on first use."""
    from papercli.store.index import rebuild as rebuild_now

    return rebuild_now(library)


def drift(library: Library) -> str | None:
    """``store.index.drift``, imported on first use."""
    from papercli.store.index import drift as drift_now

    return drift_now(library)


def key_candidates(library: Library, prefix: str, exclude: Iterable[str]) -> list[str]:
    """``store.completions.key_candidates``, imported on first use."""
    from papercli.store.completions import key_candidates as candidates

    return candidates(library, prefix, exclude)


def tag_candidates(library: Library, prefix: str) -> list[str]:
    """``store.completions.tag_candidates``, imported on first use."""
    from papercli.store.completions import tag_candidates as candidates

    return candidates(library, prefix)

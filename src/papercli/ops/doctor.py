"""Checking a library for problems, and repairing the ones that are safe to repair.

``diagnose(library)`` runs every check in ``CHECKS`` and returns plain ``Problem`` values;
``repair(library)`` applies only safe fixes (orphan temp files, index rebuild) under the
writer lock.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from papercli.errors import LibraryError
from papercli.model import Entry, normalise_title, year_of
from papercli.store.files import ENTRY_SUFFIX, Library, LoadedEntries

# Two normalised titles of one year at least this similar (rapidfuzz ratio, 0-100) are
# reported as likely the same paper.
FUZZY_CUTOFF = 92.0
# Titles are compared only within blocks sharing a year and a prefix (or a suffix) of this
# many characters, which keeps the check near-linear on large libraries.
BLOCK_CHARS = 6
_NUMBER = re.compile(r"\d+")


@dataclass
class Problem:
    """One thing wrong with the library. ``files`` are paths relative to the library."""

    kind: str
    message: str
    files: list[str] = field(default_factory=list)
    fixable: bool = False

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "kind": self.kind,
            "message": self.message,
            "files": self.files,
            "fixable": self.fixable,
        }


Check = Callable[[Library, LoadedEntries], list[Problem]]
Repair = Callable[[Library], list[str]]


def _rel(library: Library, path: os.PathLike[str] | str) -> str:
    try:
        return os.path.relpath(path, library.root)
    except ValueError:  # pragma: no cover - different drives on Windows
        return str(path)


def check_files(library: Library, loaded: LoadedEntries) -> list[Problem]:
    """Entry files that cannot be used (not YAML, not a mapping, no title, bad key...)."""
    return [
        Problem("invalid-file", f"{_rel(library, p.path)}: {p.reason}", [_rel(library, p.path)])
        for p in loaded.problems
    ]


def check_key_clashes(library: Library, loaded: LoadedEntries) -> list[Problem]:
    """Entry file names that differ only in case (one paper hides the other on macOS/Windows)."""
    by_folded: dict[str, list[str]] = defaultdict(list)
    for path in library.entry_files():
        by_folded[path.name[: -len(ENTRY_SUFFIX)].lower()].append(_rel(library, path))
    return [
        Problem(
            "duplicate-key",
            f"keys differ only in case: {', '.join(files)}; rename all but one",
            files,
        )
        for files in by_folded.values()
        if len(files) > 1
    ]


def check_duplicate_papers(library: Library, loaded: LoadedEntries) -> list[Problem]:
    """Groups of entries that are probably the same paper."""
    problems = []
    for group in likely_duplicates(loaded.entries):
        keys = ", ".join(e.key for e in group)
        problems.append(
            Problem(
                "duplicate-paper",
                f"likely the same paper: {keys} ({group[0].title[:60]!r})",
                [_rel(library, library.entry_path(e.key)) for e in group],
            )
        )
    return problems


def check_temp_files(library: Library, loaded: LoadedEntries) -> list[Problem]:
    """Temp files left by interrupted writes (removed by ``doctor --fix``)."""
    return [
        Problem("temp-file", f"leftover temp file {_rel(library, p)}", [_rel(library, p)], True)
        for p in library.temp_files()
    ]


def check_index(library: Library, loaded: LoadedEntries) -> list[Problem]:
    """The derived index out of step with the files (every command refreshes it anyway)."""
    from papercli.store.index import INDEX_FILE, drift

    found = drift(library)
    if found is None:
        return []
    where = _rel(library, library.hidden_dir / INDEX_FILE)
    return [Problem("index-drift", f"{found}; commands refresh it themselves", [where], True)]


CHECKS: list[Check] = [
    check_files,
    check_key_clashes,
    check_duplicate_papers,
    check_temp_files,
    check_index,
]


def diagnose(library: Library) -> list[Problem]:
    """Every problem found in ``library`` (nothing is changed)."""
    library.check_format()
    loaded = library.load()
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(library, loaded))
    return problems


def remove_temp_files(library: Library) -> list[str]:
    """Delete leftover temp files; the caller holds the lock, so no live writer owns one."""
    done = []
    for path in library.temp_files():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise LibraryError(f"cannot remove {path}: {exc.strerror or exc}") from None
        done.append(f"removed leftover temp file {_rel(library, path)}")
    return done


def rebuild_index(library: Library) -> list[str]:
    """Rebuild the derived index when it has drifted from the files."""
    from papercli.store.index import drift, rebuild

    if drift(library) is None:
        return []
    return [f"rebuilt the index ({rebuild(library)} papers)"]


REPAIRS: list[Repair] = [remove_temp_files, rebuild_index]


def repair(library: Library) -> list[str]:
    """Apply every safe repair under the writer lock; returns what was done, one line each."""
    library.check_format()
    if not library.exists():
        return []
    done: list[str] = []
    with library.lock():
        for fix in REPAIRS:
            done.extend(fix(library))
    return done


class _Groups:
    """Union-find over entry positions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _blocks(titles: list[str], years: list[int | None]) -> Iterable[list[int]]:
    """Positions sharing a year and a title prefix, then those sharing a year and a suffix."""
    for cut in (lambda t: t[:BLOCK_CHARS], lambda t: t[-BLOCK_CHARS:]):
        blocks: dict[tuple[int | None, str], list[int]] = defaultdict(list)
        for i, title in enumerate(titles):
            if title:
                blocks[(years[i], cut(title))].append(i)
        yield from (b for b in blocks.values() if len(b) > 1)


def likely_duplicates(entries: list[Entry]) -> list[list[Entry]]:
    """Groups of entries with the same normalised title, or near-equal titles and one year.

    Exact matches are found by hashing; fuzzy ones only within blocks of one year and a
    shared title prefix or suffix, so large libraries are not compared pair by pair. Titles
    whose numbers differ (``Llama 2`` and ``Llama 3``) are never fuzzy matches.
    """
    from rapidfuzz import fuzz, process

    titles = [normalise_title(e.title) for e in entries]
    years = [year_of(e) for e in entries]
    groups = _Groups(len(entries))
    first_with: dict[str, int] = {}
    for i, title in enumerate(titles):
        if title:
            groups.join(first_with.setdefault(title, i), i)
    for block in _blocks(titles, years):
        choices = [titles[i] for i in block]
        for pos, i in enumerate(block[:-1]):
            rest = choices[pos + 1 :]
            for _, _, offset in process.extract(
                titles[i], rest, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                j = block[pos + 1 + offset]
                if _NUMBER.findall(titles[i]) == _NUMBER.findall(titles[j]):
                    groups.join(i, j)
    members: dict[int, list[Entry]] = defaultdict(list)
    for i, entry in enumerate(entries):
        members[groups.find(i)].append(entry)
    found = [sorted(g, key=lambda e: e.key) for g in members.values() if len(g) > 1]
    return sorted(found, key=lambda g: g[0].key)

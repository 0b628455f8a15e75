"""Checking a library for problems, and repairing the ones that are safe to repair.

``diagnose(store)`` runs every check in ``CHECKS`` and returns plain ``Problem`` values;
``repair(store)`` applies only safe fixes (orphan temp files, index rebuild) under the
writer lock.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from papercli.errors import PapercliError
from papercli.model import Entry, normalise_title, year_of
from papercli.ops.rekeying import key_year, stale_keys
from papercli.store import Store
from papercli.store.files import LoadedEntries, key_of_name

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


Check = Callable[[Store, LoadedEntries], list[Problem]]
Repair = Callable[[Store], list[str]]


def _rel(store: Store, path: os.PathLike[str] | str) -> str:
    return store.relative(os.fspath(path))


def check_files(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Entry files that cannot be used (not YAML, not a mapping, no title, bad key...)."""
    conflicted = set(_conflicts(store, loaded))
    return [
        Problem("invalid-file", f"{_rel(store, p.path)}: {p.reason}", [_rel(store, p.path)])
        for p in loaded.problems
        if p.path.name not in conflicted
    ]


def check_merge_conflicts(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Entry files a git merge left with both versions of a field (``papercli sync``)."""
    problems = []
    for name, fields in _conflicts(store, loaded).items():
        key = name.removesuffix(".yaml")
        rel = _rel(store, store.entry_path(key))
        which = ", ".join(fields) or "some fields"
        problems.append(
            Problem(
                "merge-conflict",
                f"{rel}: changed differently on two machines ({which}); keep one version "
                f"of each with 'papercli edit {key}'",
                [rel],
            )
        )
    return problems


def _conflicts(store: Store, loaded: LoadedEntries) -> dict[str, list[str]]:
    """File name -> conflicting fields, for unusable entry files holding conflict markers."""
    from papercli.ops.entry_merge import conflict_lines, conflicting_fields

    found = {}
    for problem in loaded.problems:
        key = key_of_name(problem.path.name)
        try:
            text = store.read_text(key)
        except PapercliError:
            continue
        if conflict_lines(text):
            found[problem.path.name] = conflicting_fields(text)
    return found


def check_key_clashes(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Entry file names that differ only in case (one paper hides the other on macOS/Windows)."""
    by_folded: dict[str, list[str]] = defaultdict(list)
    for key in store.all_keys():
        by_folded[key.lower()].append(key)
    problems = []
    for keys in by_folded.values():
        if len(keys) > 1:
            files = [_rel(store, store.entry_path(key)) for key in keys]
            problems.append(
                Problem(
                    "duplicate-key",
                    f"keys differ only in case: {', '.join(files)}; rename all but one",
                    files,
                )
            )
    return problems


def check_duplicate_papers(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Groups of entries that are probably the same paper."""
    problems = []
    for group in likely_duplicates(loaded.entries):
        keys = ", ".join(e.key for e in group)
        problems.append(
            Problem(
                "duplicate-paper",
                f"likely the same paper: {keys} ({group[0].title[:60]!r})",
                [_rel(store, store.entry_path(e.key)) for e in group],
            )
        )
    return problems


# More leftover temp files than this in one folder (a killed import leaves hundreds) are
# reported as one problem, and their removal as one line.
GROUP_TEMP_FILES = 5


def _by_folder(store: Store, paths: Iterable[os.PathLike[str] | str]) -> dict[str, list[str]]:
    folders: dict[str, list[str]] = {}
    for path in paths:
        rel = _rel(store, path)
        folders.setdefault(rel.rsplit("/", 1)[0] + "/" if "/" in rel else "./", []).append(rel)
    return folders


def check_temp_files(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Temp files left by interrupted writes (removed by ``doctor --fix``); many in one
    folder are one problem naming how many."""
    problems = []
    for folder, files in _by_folder(store, store.temp_files()).items():
        if len(files) > GROUP_TEMP_FILES:
            message = (
                f"{len(files)} leftover temp files in {folder} from an interrupted write "
                f"({files[0]} …); 'papercli doctor --fix' removes them"
            )
            problems.append(Problem("temp-file", message, files, True))
        else:
            problems += [Problem("temp-file", f"leftover temp file {f}", [f], True) for f in files]
    return problems


def check_key_years(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Keys whose year disagrees with the paper's date ('papercli rekey' renames them)."""
    return [
        Problem(
            "key-year",
            f"key {e.key!r} shows {key_year(e.key)} but the paper is dated {e.date}; "
            f"'papercli rekey {e.key}' renames it (then update your \\cite commands)",
            [_rel(store, store.entry_path(e.key))],
        )
        for e in stale_keys(loaded.entries)
    ]


CHECKS: list[Check] = [
    check_files,
    check_merge_conflicts,
    check_key_clashes,
    check_duplicate_papers,
    check_key_years,
    check_temp_files,
]


def diagnose(store: Store) -> list[Problem]:
    """Every problem found in the library (nothing is changed).

    Entries come from the index, which the store brings up to date with the files first;
    an index that had drifted is therefore not a problem: reading it heals it.
    """
    store.check_format()
    if not store.exists():
        return []
    loaded = LoadedEntries(store.query(brief=True), [])
    loaded.problems = list(store.problems)
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(store, loaded))
    return problems


def remove_temp_files(store: Store) -> list[str]:
    """Delete leftover temp files (under the lock, so no live writer owns one)."""
    done = []
    for folder, files in _by_folder(store, store.remove_temp_files()).items():
        if len(files) > GROUP_TEMP_FILES:
            done.append(f"removed {len(files)} leftover temp files from {folder}")
        else:
            done += [f"removed leftover temp file {f}" for f in files]
    return done


REPAIRS: list[Repair] = [remove_temp_files]


def repair(store: Store) -> list[str]:
    """Apply every safe repair; returns what was done, one line each."""
    store.check_format()
    if not store.exists():
        return []
    done: list[str] = []
    for fix in REPAIRS:
        done.extend(fix(store))
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

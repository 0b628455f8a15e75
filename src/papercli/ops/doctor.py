"""Checking a library for problems, and repairing the ones that are safe to repair.

``diagnose(store)`` runs every check in ``CHECKS`` and returns plain ``Problem`` values;
``repair(store)`` applies only safe fixes (orphan temp files, index rebuild) under the
writer lock.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable

from papercli.errors import PapercliError
from papercli.ops.problems import Problem
from papercli.ops.rekeying import key_year, stale_keys
from papercli.store import Store
from papercli.store.files import LoadedEntries, key_of_name

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
    from papercli.ops.field_merge import conflict_lines, conflicting_fields

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
    """Groups of entries that are likely the same paper (``ops.duplicates``)."""
    from papercli.ops.duplicates import find_duplicates

    problems = []
    for group in find_duplicates(loaded.entries, store.title_identities()):
        keys = ", ".join(group.keys)
        problems.append(
            Problem(
                "duplicate-paper",
                f"likely the same paper ({group.reason}): {keys} ({group.entries[0].title[:60]!r})",
                [_rel(store, store.entry_path(key)) for key in group.keys],
                details={"keys": group.keys, "reason": group.reason},
            )
        )
    return problems


def check_kept_removals(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Papers a sync kept though removed on another machine, until someone decides
    (``ops.git_sync.pending_removals``; read from the git history, so every clone agrees)."""
    from papercli.ops.git_sync import kept_hint, pending_removals

    return [
        Problem(
            "removal-kept",
            f"{key} was removed on one machine and changed on another, so sync kept it: "
            + kept_hint([key]),
            [_rel(store, store.entry_path(key))],
            details={"keys": [key]},
        )
        for key in pending_removals(store)
    ]


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


def check_pdfs(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """PDFs missing, owned by no entry, changed since attached, or without text."""
    from papercli.ops.pdf_doctor import pdf_problems

    return pdf_problems(store, loaded)


CHECKS: list[Check] = [
    check_files,
    check_merge_conflicts,
    check_key_clashes,
    check_duplicate_papers,
    check_key_years,
    check_kept_removals,
    check_temp_files,
    check_pdfs,
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


def watcher_status(store: Store) -> dict[str, object]:
    """The library's file watcher: running (pid, since when) and its last failed start
    (when, why, and until when no new one is tried). Times are local ISO text."""
    from papercli.store.files import HIDDEN_DIR
    from papercli.store.watch_client import watcher_pid, watcher_since
    from papercli.store.watch_state import read_state

    hidden = store.root / HIDDEN_DIR
    state = read_state(hidden)
    pid = watcher_pid(hidden)
    return {
        "running": pid is not None,
        "pid": pid,
        "since": _when(watcher_since(hidden)),
        "failures": state.failures,
        "last_failure": _when(state.last_failure),
        "reason": state.reason or None,
        "retry_after": _when(state.retry_after) if state.backing_off() else None,
    }


def _when(seconds: float | None) -> str | None:
    import datetime as dt

    if not seconds:
        return None
    return dt.datetime.fromtimestamp(seconds).isoformat(sep=" ", timespec="seconds")


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

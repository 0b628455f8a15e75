"""Small checks and hints for the commands that name papers: limits and did-you-mean keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from papercli.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from papercli.library import Library
    from papercli.model import Entry


def check_limit(limit: int | None) -> None:
    """Raise InputError for a negative limit."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more")


def closest_keys(key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """Keys that look most like ``key`` (for 'did you mean' hints)."""
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        key, list(keys), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
    )
    return [m[0] for m in matches if m[1] >= 50]


def library_keys(library: Library) -> list[str]:
    """The key of every entry file (read from the file names, not the files)."""
    from papercli.library import ENTRY_SUFFIX

    return [p.name[: -len(ENTRY_SUFFIX)] for p in library.entry_files()]


def unknown_keys_error(
    library: Library, missing: Sequence[str], outcome: str = ""
) -> NotFoundError:
    """``no paper with key 'x'; <outcome>; did you mean ...?`` for every key in ``missing``."""
    keys = library_keys(library)
    hints = list(dict.fromkeys(k for key in missing for k in closest_keys(key, keys)))
    names = ", ".join(repr(k) for k in missing)
    middle = f"; {outcome}" if outcome else ""
    suffix = f"; did you mean {', '.join(hints)}?" if hints else ""
    return NotFoundError(f"no paper with key {names}{middle}{suffix}")


def entries_for_keys(library: Library, keys: Sequence[str], outcome: str = "") -> list[Entry]:
    """The entries for ``keys`` (repeats dropped), or NotFoundError naming every unknown key.

    ``outcome`` tells the user what did not happen (``nothing was changed``). An entry
    file that exists but cannot be read raises its own error with the reason.
    """
    entries, missing = [], []
    for key in dict.fromkeys(keys):
        try:
            entries.append(library.get(key))
        except NotFoundError:
            missing.append(key)
    if missing:
        raise unknown_keys_error(library, missing, outcome)
    return entries

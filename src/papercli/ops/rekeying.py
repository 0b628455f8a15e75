"""Citation keys that no longer fit their paper, and renaming them on request only.

A key made from a year papercli guessed (``Sep 28`` read in 2026) is wrong once the real
date is known. Keys are never changed silently, since every ``\\cite`` uses them: ``doctor``
reports the keys whose year disagrees with the date, and ``rekey`` renames the papers the
user names (or all of those reported), returning ``old -> new`` for the user's .tex files;
the old key stays an alias of the paper, so documents that cite it keep working.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from papercli.citekeys import DEFAULT_PATTERN, unique_key
from papercli.errors import InputError
from papercli.model import Entry, year_of
from papercli.store import Store

_KEY_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def key_year(key: str) -> int | None:
    """The year a key shows (``vaswani2017attention`` -> 2017), or None."""
    years = _KEY_YEAR.findall(key)
    return int(years[0]) if len(years) == 1 else None


def stale_keys(entries: Iterable[Entry]) -> list[Entry]:
    """Entries whose key shows a year other than their date's."""
    stale = []
    for entry in entries:
        shown, actual = key_year(entry.key), year_of(entry)
        if shown is not None and actual is not None and shown != actual:
            stale.append(entry)
    return stale


def rekey(
    store: Store, refs: Sequence[str], every_stale: bool, pattern: str = DEFAULT_PATTERN
) -> list[tuple[str, str]]:
    """Rename the named papers (or every stale one) to the key ``pattern`` gives them now.

    Returns ``(old, new)`` for each paper renamed; papers whose key is already what the
    pattern gives are left alone. Everything is checked before the first rename.
    """
    if bool(refs) == every_stale:
        raise InputError("give the keys to rename, or --all for every key doctor reports")
    store.require()
    renamed: list[tuple[str, str]] = []
    with store.transaction():
        entries = store.get_many(refs) if refs else stale_keys(store.query())
        taken = store.taken_keys()
        for entry in entries:
            taken.difference_update(k.lower() for k in (entry.key, *entry.aliases))
            new_key = unique_key(entry, taken, pattern)
            if new_key == entry.key:
                continue
            # The old key stays an alias: \cite{old} in a paper still resolves.
            aliases = [a for a in entry.aliases if a.lower() != new_key.lower()]
            aliases.append(entry.key)
            store.replace(entry.key, dataclasses.replace(entry, key=new_key, aliases=aliases))
            renamed.append((entry.key, new_key))
    return renamed

"""Removing papers: every key is checked first, then the files go under the lock."""

from __future__ import annotations

from collections.abc import Sequence

from papercli.model import Entry
from papercli.store.files import Library


def remove_entries(library: Library, keys: Sequence[str]) -> list[Entry]:
    """Delete the entry files of ``keys``; the removed entries, in the order given.

    All keys are checked under the lock before the first file goes, so an unknown key
    (NotFoundError with did-you-mean hints) or an unreadable entry file removes nothing.
    """
    from papercli.columns import entries_for_keys
    from papercli.store.index import refresh_index

    with library.lock():
        entries = entries_for_keys(library, keys, "nothing was removed")
        for entry in entries:
            library.delete(entry.key)
        refresh_index(library)
    return entries

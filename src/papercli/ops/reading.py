"""Reading status: marking papers ``new``, ``to-read``, ``read`` or ``skipped``.

Imported papers start as ``new`` (the inbox); triage moves them on. Entries stored before
statuses existed have no ``status`` field and count as ``to-read`` (``model.status_of``):
a user upgrading papercli has already looked at what is in the library, and an inbox of
the whole library would be useless. Marking such an entry writes the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from papercli.errors import InputError
from papercli.model import STATUSES, Entry, status_of
from papercli.store import Store


def check_status(status: str) -> str:
    """``status`` if it is a known reading status, else InputError listing them."""
    if status not in STATUSES:
        raise InputError(f"unknown status '{status}'; use one of: {', '.join(STATUSES)}")
    return status


def with_status(entry: Entry, status: str | None) -> Entry | None:
    """A copy of ``entry`` with ``status`` (None: no field), or None when that is no change."""
    if entry.status == status:
        return None
    return dataclasses.replace(entry, status=status)


def mark_papers(store: Store, keys: Sequence[str], status: str) -> tuple[list[Entry], list[Entry]]:
    """Set the reading status of the papers ``keys`` name: (all of them, the changed ones).

    A paper already counting as ``status`` (``to-read`` without the field) is left as is.
    Every key is checked before anything is written.
    """
    check_status(status)

    def change(entry: Entry) -> Entry | None:
        return None if status_of(entry) == status else with_status(entry, status)

    return store.change(keys, change)


def set_status(store: Store, key: str, status: str | None) -> tuple[Entry, Entry | None]:
    """Write ``status`` exactly (None removes the field, as undo needs): (before, after).

    ``after`` is None when the file already had that status.
    """
    if status is not None:
        check_status(status)
    entries, changed = store.change([key], lambda entry: with_status(entry, status))
    return entries[0], (changed[0] if changed else None)

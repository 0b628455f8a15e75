"""A paper's ``note``: the user's own free text, edited as plain text (not YAML).

Notes are cleaned like imported text (NFC, no control characters); trailing spaces and
blank lines at either end are dropped, and an empty note removes the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from papercli.model import Entry
from papercli.ops.editing import EditConflict, draft_file, keep_copy, read_draft
from papercli.ops.importing import clean_text
from papercli.store import Store

_ANY = object()


def clean_note(text: str) -> str | None:
    """The note to store for ``text``, or None when it is blank."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in clean_text(text).split("\n")]
    return "\n".join(lines).strip("\n") or None


def draft_text(entry: Entry) -> str:
    """What the editor opens: the note and a final newline, or nothing."""
    return f"{entry.note}\n" if entry.note else ""


def save_note(store: Store, key: str, text: str, expected: object = _ANY) -> Entry | None:
    """Set the note of ``key`` to ``text``; the written entry, or None when unchanged.

    With ``expected`` (the note an edit started from), a note changed meanwhile by someone
    else is an EditConflict and ``text`` is kept in a temp file instead.
    """
    note = clean_note(text)
    with store.transaction():
        (entry,) = store.get_many([key], "nothing was changed")
        if expected is not _ANY and entry.note != expected:
            kept = keep_copy(text, f"{key}-note-", ".txt")
            raise EditConflict(
                f"the note of {key} changed while you were editing it; nothing was written, "
                f"your text is kept in {kept}"
            )
        if entry.note == note:
            return None
        updated = dataclasses.replace(entry, note=note)
        store.write_one(updated)
    return updated


def edit_note(store: Store, key: str, run_editor: Callable[[Path], None]) -> Entry | None:
    """Open the note of ``key`` in the editor and save it; None when it did not change."""
    (entry,) = store.get_many([key], "nothing was changed")
    with draft_file(draft_text(entry), f"{key}-note.txt") as path:
        run_editor(path)
        text = read_draft(path)
    if clean_note(text) == entry.note:
        return None
    return save_note(store, entry.key, text, expected=entry.note)

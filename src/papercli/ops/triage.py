"""What the triage screen does, without the screen: the list it shows, each action written
through the store at once, and undo.

``Session`` is what ``papercli triage`` (the inbox) and ``papercli browse`` (the whole
library) drive from their keys; tests drive it directly too. Every action is one
``store.change`` (lock, fresh read, atomic write, index update), so a crash loses nothing
and another papercli process sees it at once. Undo writes back the value the action
replaced, read fresh when the action ran.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from papercli.errors import InputError
from papercli.model import Entry, match_key
from papercli.ops.notes import save_note
from papercli.ops.reading import set_status
from papercli.ops.tagging import tag_papers, validate
from papercli.store import Query, Store

LIST_LIMIT = 500  # papers in the list at once: the screen shows ~10, a search narrows it


@dataclass(frozen=True)
class Undo:
    """How to take back one action: the field of ``key`` and the value it had."""

    key: str
    field: str
    value: object
    done: str  # what the action did, for the message after undoing it


@dataclass
class Session:
    """The papers on screen (the inbox, or the library) and the actions taken on them."""

    store: Store
    inbox: bool = True
    limit: int = LIST_LIMIT
    history: list[Undo] = field(default_factory=list)
    # The ranked inbox's scores (key -> 0..1) of the papers listed; {} when not ranked.
    scores: dict[str, float] = field(default_factory=dict)

    def base_query(self) -> Query:
        """The inbox (new papers, newest import first) or the library (newest first)."""
        if self.inbox:
            return Query(status=("new",), sort="added", limit=self.limit)
        return Query(sort="date", limit=self.limit)

    def papers(self, text: str = "") -> tuple[list[Entry], int]:
        """The papers to list (at most ``limit``) and how many match in all.

        With ``text``, the best search hits among the same papers (the inbox or all).
        """
        query = self.base_query()
        if text.strip():
            from papercli.search.finder import find

            result = find(self.store, text, query)
            return [h.entry for h in result.hits], result.total
        if not self.store.exists():
            return [], 0
        self.scores = {}
        if self.inbox:
            from papercli.ops.ranking import ranked_inbox

            ranking, entries = ranked_inbox(self.store, limit=self.limit)
            if ranking.ranked:  # the most promising first, as ``papercli inbox``
                self.scores = dict(ranking.order[: self.limit])
                return entries, len(ranking.order)
        entries = self.store.query(query)
        total = len(entries) if len(entries) < self.limit else self.store.count(query)
        return entries, total

    def count(self) -> int:
        """How many papers the list's query finds now (the inbox shrinks as papers are marked)."""
        if not self.store.exists():
            return 0
        return self.store.count(dataclasses.replace(self.base_query(), limit=None))

    def fresh(self, key: str) -> Entry | None:
        """``key``'s entry as its file holds it now (None when gone or unreadable)."""
        return self.store.try_read(key) if self.store.exists() else None

    def related(self, key: str, limit: int = 10) -> list[tuple[Entry, float]]:
        """The papers nearest to ``key`` by text (``ops.related``)."""
        from papercli.ops.related import related

        return related(self.store, key, limit)

    def mark(self, key: str, status: str) -> Entry:
        """Set ``key``'s status; the entry as written (or as it was, when unchanged)."""
        before, after = set_status(self.store, key, status)
        if after is not None:
            self.history.append(Undo(key, "status", before.status, f"marked {status}"))
        return after or before

    def add_tag(self, key: str, tag: str) -> Entry:
        """Add ``tag`` to ``key`` (InputError for a tag that is not allowed)."""
        cleaned = validate(tag)
        entries, changed = tag_papers(self.store, [key], [cleaned])
        if changed:
            old = list(entries[0].tags)
            self.history.append(Undo(key, "tags", old, f"tagged {cleaned}"))
            return changed[0]
        return entries[0]

    def set_note(self, key: str, text: str) -> Entry:
        """Replace ``key``'s note with ``text`` (blank removes it)."""
        before = self.store.get(key)
        after = save_note(self.store, key, text)
        if after is None:
            return before
        self.history.append(Undo(key, "note", before.note, "note saved"))
        return after

    def undo(self) -> tuple[str, Entry]:
        """Take back the last action: (what was undone, the entry as written now)."""
        if not self.history:
            raise InputError("nothing to undo")
        last = self.history.pop()

        def restore(entry: Entry) -> Entry | None:
            if getattr(entry, last.field) == last.value:
                return None
            value = list(last.value) if isinstance(last.value, list) else last.value
            return dataclasses.replace(entry, **{last.field: value})

        entries, changed = self.store.change([last.key], restore)
        return f"undone: {last.done} ({last.key})", (changed or entries)[0]

    def tag_names(self) -> list[str]:
        """Every tag of the library, most used first (for completion)."""
        return [tag for tag, _ in self.store.tag_counts()] if self.store.exists() else []


def complete_tag(prefix: str, tags: list[str]) -> str | None:
    """The first of ``tags`` (most used first) starting with ``prefix``, any case."""
    wanted = match_key(prefix)
    if not wanted:
        return None
    return next((t for t in tags if match_key(t).startswith(wanted)), None)

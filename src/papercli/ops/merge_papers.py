"""``papercli merge``: fold duplicate papers into one, keeping everything the user added.

The first paper named survives; each other one is folded into it with the rules of the git
merge driver (``ops.entry_merge``) where they apply:

- tags, URLs, categories and aliases are united (tags compared ignoring case and spacing);
- notes are both kept, the survivor's first, each folded one under a marker line;
- an explicit date beats a guessed one (``merge_into``); ``added`` is the earliest; upvotes
  the largest;
- the more complete author list wins; identifiers and other empty fields are filled in;
- the furthest reading status wins: new < skipped < to-read < read;
- every folded key (and its aliases) becomes an alias of the survivor, so ``\\cite{old}``
  still resolves.

Two papers whose arXiv ids or DOIs differ are two papers: merging them is refused.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from papercli.errors import InputError
from papercli.model import Entry, match_key
from papercli.ops.entry_merge import NOTE_MARKER
from papercli.ops.merge import identifiers_decide, merge_into
from papercli.store import Store

_STATUS_ORDER = ("new", "skipped", "to-read", "read")


@dataclass
class Folded:
    """The merged paper and the keys folded into it."""

    entry: Entry
    folded: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "key": self.entry.key,
            "folded": self.folded,
            "dry_run": self.dry_run,
            "entry": self.entry.to_dict(),
        }


def fold_into(survivor: Entry, other: Entry) -> Entry:
    """``survivor`` with ``other`` folded in (a new Entry; neither argument changes)."""
    merged = copy.deepcopy(survivor)
    incoming = copy.deepcopy(other)
    incoming.key = ""
    merge_into(merged, incoming)
    if len(other.authors) > len(survivor.authors):
        merged.authors = list(other.authors)
    counts = [c for c in (survivor.author_count, other.author_count) if c is not None]
    merged.author_count = max([*counts, len(merged.authors)]) if counts or merged.authors else None
    merged.note = _notes(survivor.note, other.note, other.key)
    merged.status = _furthest(survivor.status, other.status)
    merged.upvotes = max(
        (v for v in (survivor.upvotes, other.upvotes) if v is not None), default=None
    )
    if survivor.added and other.added:
        merged.added = min(survivor.added, other.added)
    merged.tags = _united(survivor.tags, other.tags)
    aliases = [*survivor.aliases, other.key, *other.aliases]
    merged.aliases = [a for a in dict.fromkeys(aliases) if a.lower() != merged.key.lower()]
    return merged


def _notes(kept: str | None, folded: str | None, key: str) -> str | None:
    if not folded or folded == kept:
        return kept
    if not kept:
        return folded
    return f"{kept}\n{NOTE_MARKER} ({key})\n{folded}"


def _furthest(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else -1)


def _united(first: list[str], second: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in [*first, *second]:
        seen.setdefault(match_key(tag), tag)
    return list(seen.values())


def merge_papers(store: Store, refs: Sequence[str], dry_run: bool = False) -> Folded:
    """Fold the papers ``refs`` names into the first; ``dry_run`` writes nothing.

    InputError for fewer than two distinct papers or papers whose identifiers differ.
    """
    store.require()
    with store.transaction():
        keys = store.resolve(refs, "nothing was merged")
        if len(keys) < 2:
            raise InputError("merge needs two or more different papers; nothing was merged")
        entries = [store.get(key) for key in keys]
        survivor = entries[0]
        for other in entries[1:]:
            if identifiers_decide(survivor, other) is False:
                raise InputError(
                    f"{survivor.key} and {other.key} have different arXiv ids or DOIs: they "
                    "are two papers; nothing was merged"
                )
            survivor = fold_into(survivor, other)
        result = Folded(survivor, keys[1:], dry_run)
        if not dry_run:
            store.fold(survivor, keys[1:])
    return result

"""``papercli merge``: fold duplicate papers into one, keeping everything the user added.

The first paper named survives; each other one is folded into it with the rules of the git
merge driver (``ops.field_merge``) where they apply:

- tags, URLs, categories and aliases are united (tags compared ignoring case and spacing);
- notes are both kept, the survivor's first, each folded one under a marker line;
- an explicit date beats a guessed one (``merge_into``); ``added`` is the earliest; upvotes
  the largest;
- the more complete author list wins; identifiers and other empty fields are filled in;
- the furthest reading status wins: new < skipped < to-read < read;
- every folded key (and its aliases) becomes an alias of the survivor, so ``\\cite{old}``
  still resolves;
- a PDF moves to the survivor when it had none (``pdfs/<survivor>.pdf``); a folded paper's
  second PDF stays where it is, and ``doctor`` lists it as owned by no entry.

Two papers whose arXiv ids or DOIs differ are two papers: merging them is refused.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from papercli.errors import InputError
from papercli.model import Entry, match_key
from papercli.ops.import_merge import identifiers_decide, merge_into, same_paper
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
    return f"{kept}\n----- merged from {key} -----\n{folded}"


def _furthest(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else -1)


def _united(first: list[str], second: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in [*first, *second]:
        seen.setdefault(match_key(tag), tag)
    return list(seen.values())


def merge_papers(
    store: Store, refs: Sequence[str], dry_run: bool = False, force: bool = False
) -> Folded:
    """Fold the papers ``refs`` names into the first; ``dry_run`` writes nothing.

    InputError for fewer than two distinct papers or papers whose identifiers differ, and,
    unless ``force``, for papers that do not look like one (neither an identifier nor the
    title rule says so).
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
            if not force and not same_paper(survivor, other):
                raise InputError(
                    f"{survivor.key} and {other.key} do not look like one paper (no shared "
                    "identifier; title, year or first author differ); check them, then add "
                    "--force to merge anyway; nothing was merged"
                )
            survivor = fold_into(survivor, other)
        owner = _pdf_owner(entries, survivor)
        result = Folded(survivor, keys[1:], dry_run)
        if not dry_run:
            if owner is not None:
                survivor.pdf = store.move_pdf(owner, survivor.key)
            store.fold(survivor, keys[1:])
    return result


def _pdf_owner(entries: Sequence[Entry], survivor: Entry) -> str | None:
    """The folded paper whose PDF the survivor takes (when it had none of its own)."""
    if entries[0].pdf or not survivor.pdf:
        return None
    return next((e.key for e in entries[1:] if e.pdf == survivor.pdf), None)

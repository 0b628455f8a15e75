"""Choosing and ordering entries for ``list`` (filters, sort orders, limits)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from papercli.errors import InputError
from papercli.model import Entry
from papercli.tagging import has_tags  # one rule for tag matching, shared with `tag`

SORTS = ("date", "added", "title")


def newest_first_key(entry: Entry) -> tuple[str, str, str]:
    """Sort key for newest-first order; undated entries go last (ties: newest added)."""
    return (entry.date or "", entry.added or "", entry.key)


def check_sort(sort: str) -> None:
    """Raise InputError for an unknown sort order."""
    if sort not in SORTS:
        raise InputError(f"unknown sort order '{sort}'; use one of: {', '.join(SORTS)}")


def check_limit(limit: int | None) -> None:
    """Raise InputError for a negative limit."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more")


def sort_entries(entries: Sequence[Entry], sort: str = "date") -> list[Entry]:
    """Entries in ``sort`` order: date and added newest first, title A-Z."""
    if sort == "date":
        return sorted(entries, key=newest_first_key, reverse=True)
    if sort == "added":
        return sorted(entries, key=lambda e: (e.added or "", e.key), reverse=True)
    check_sort(sort)
    return sorted(entries, key=lambda e: (e.title.casefold(), e.key))


def select(
    entries: Sequence[Entry],
    tags: Sequence[str] = (),
    sort: str = "date",
    limit: int | None = None,
) -> list[Entry]:
    """Entries carrying all ``tags``, sorted, at most ``limit`` of them."""
    check_limit(limit)
    chosen = [e for e in entries if has_tags(e, tags)] if tags else list(entries)
    ordered = sort_entries(chosen, sort)
    return ordered if limit is None else ordered[:limit]


def closest_keys(key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """Keys that look most like ``key`` (for 'did you mean' hints)."""
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        key, list(keys), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
    )
    return [m[0] for m in matches if m[1] >= 50]

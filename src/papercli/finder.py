"""Searching a library through its index: filters, then ranked retrieval."""

from __future__ import annotations

from collections.abc import Sequence

from papercli.index import Index
from papercli.search import Hit, in_date_range, search


def find(
    index: Index,
    query: str,
    *,
    tags: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """Entries of ``index`` matching ``query`` with every tag and within the ISO date bounds."""
    entries = index.entries(tags=tags)
    if since or until:
        entries = [e for e in entries if in_date_range(e, since, until)]
    return search(entries, query, limit=limit)

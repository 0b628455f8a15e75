"""Choosing which entries an export writes, and checking their keys can coexist."""

from __future__ import annotations

from collections.abc import Sequence

from papercli.model import Entry
from papercli.store import Query, Store


def select_entries(
    store: Store,
    keys: Sequence[str] = (),
    tags: Sequence[str] = (),
    hits: Sequence[str] | None = None,
    statuses: Sequence[str] = (),
) -> list[Entry]:
    """The entries to export, in output order.

    ``keys`` (keys, arXiv ids or DOIs; given order, repeats dropped) or, without keys, the
    whole library in key order; then only those carrying every tag in ``tags``; then, when
    ``hits`` (keys found by a search, best first) is given, only those hits, in hit order.
    ``statuses`` keeps only papers with one of those reading statuses.
    """
    from papercli.model import status_of
    from papercli.ops.tagging import has_tags

    if keys:
        chosen = store.get_many(keys, "nothing exported")
        if tags:
            chosen = [e for e in chosen if has_tags(e, tags)]
        if statuses:
            chosen = [e for e in chosen if status_of(e) in statuses]
    elif hits is not None:
        chosen = store.get_many(hits) if hits else []
    else:
        chosen = store.query(Query(tags=tuple(tags), status=tuple(statuses)))
        chosen.sort(key=lambda e: (e.key.casefold(), e.key))
    if hits is not None:
        rank = {key: i for i, key in enumerate(hits)}
        chosen = sorted((e for e in chosen if e.key in rank), key=lambda e: rank[e.key])
    return chosen


def check_unique_keys(store: Store, entries: Sequence[Entry]) -> None:
    """Refuse entries whose keys are equal ignoring case, naming both files."""
    from papercli.exporters.bibtex import ExportError, find_duplicate_keys

    for group in find_duplicate_keys(entries):
        files = " and ".join(str(store.entry_path(e.key)) for e in group)
        raise ExportError(
            f"{files} have the same citation key ignoring case ('{group[0].key}'); "
            "BibTeX keys ignore case, so rename one file and its key: field"
        )

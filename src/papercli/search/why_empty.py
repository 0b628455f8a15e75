"""Why a search found nothing: no paper matches the words, or a filter emptied the result."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from papercli.store import Query, Store


def _count(store: Store, text: str, query: Query) -> int:
    from papercli.search.finder import find

    result = find(store, text, query)
    return max(result.total, len(result.hits))


def _label(query: Query, name: str) -> str:
    if name == "tags":
        return "tagged " + " and ".join(repr(t) for t in query.tags)
    if name == "status":
        return "with status " + " or ".join(query.status)
    bounds = [
        f"from {query.since}" if query.since else "",
        f"to {query.until}" if query.until else "",
    ]
    return "dated " + " ".join(b for b in bounds if b)


def why_empty(store: Store, text: str, query: Query) -> str:
    """The message for a search of ``text`` under ``query`` that found nothing: which
    filter (tags, status, dates) emptied a result that the words alone would have had."""
    bare = Query(limit=0)
    matched = _count(store, text, bare)
    if not matched or not query.filtered:
        return f"no papers match '{text}'"
    steps: list[tuple[str, dict[str, Any]]] = [
        ("tags", {"tags": query.tags}),
        ("status", {"status": query.status}),
        ("dates", {"since": query.since, "until": query.until}),
    ]
    current = bare
    for name, change in steps:
        if not any(change.values()):
            continue
        current = replace(current, **change)
        if not _count(store, text, current):
            plural = "s" if matched != 1 else ""
            return f"'{text}' matches {matched} paper{plural}, but none {_label(query, name)}"
    return f"no papers match '{text}'"

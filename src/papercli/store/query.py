"""Which entries a read wants: tags, reading status, date bounds, order and limit.

One value that ``list``, ``search``, ``export``, ``inbox`` and ``tag --search`` share, so
each filter and the meaning of ``limit`` (None or 0: all) are written once, and every
filter runs inside the index's SQL instead of over decoded entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from papercli.errors import InputError
from papercli.model import match_key

ORDERS = {
    "date": "date DESC, added DESC, key DESC",
    "added": "added DESC, key DESC",
    "title": "title_fold ASC, key ASC",
}


@dataclass(frozen=True)
class Query:
    """A filter over entries. ``since``/``until`` are ISO dates (``search.date_bounds``)."""

    tags: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "date"
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.sort not in ORDERS:
            raise InputError(f"unknown sort order '{self.sort}'; use one of: {', '.join(ORDERS)}")
        if self.limit is not None and self.limit < 0:
            raise InputError("--limit must be 0 or more (0 shows all)")

    @property
    def filtered(self) -> bool:
        """True when the query narrows the entries (not just orders or limits them)."""
        return bool(self.tags or self.status or self.since or self.until)

    def where(self, table: str = "") -> tuple[str, list[object]]:
        """The SQL ``WHERE`` clause (or '') and its parameters, over ``entries``."""
        prefix = f"{table}." if table else ""
        parts: list[str] = []
        params: list[object] = []
        for tag in dict.fromkeys(match_key(t) for t in self.tags):
            parts.append(f"{prefix}key IN (SELECT key FROM tags WHERE tag_fold = ?)")
            params.append(tag)
        if self.status:
            parts.append(f"{prefix}status IN ({','.join('?' * len(self.status))})")
            params.extend(self.status)
        if self.since:
            parts.append(f"{prefix}date_last >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{prefix}date_first <= ?")
            params.append(self.until)
        return ("WHERE " + " AND ".join(parts) if parts else ""), params

    def order(self, table: str = "") -> str:
        """The SQL ``ORDER BY`` terms of ``sort``."""
        if not table:
            return ORDERS[self.sort]
        return ", ".join(f"{table}.{term}" for term in ORDERS[self.sort].split(", "))

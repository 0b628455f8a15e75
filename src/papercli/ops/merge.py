"""Recognising the same paper twice, and merging a newly seen copy into a stored entry."""

from __future__ import annotations

import re
from dataclasses import fields

from papercli.model import Entry, normalise_title, year_of

# Fields the merge never touches: identity and the user's own organisation. ``status`` is
# the user's triage: a re-imported paper keeps it, and an entry stored before statuses
# existed stays without one (read as ``to-read``) rather than turning ``new``.
_KEEP = frozenset({"key", "title", "added", "source", "type", "status"})
_UNION = ("urls", "categories", "tags")
_YEAR = re.compile(r"\d{4}")


def year_is_explicit(entry: Entry) -> bool:
    """False when the year was inferred (a digest date such as ``Sep 28``)."""
    return entry.date_raw is None or bool(_YEAR.search(entry.date_raw))


def same_year(a: Entry, b: Entry) -> bool:
    """Years agree closely enough for two records with one title to be one paper."""
    ya, yb = year_of(a), year_of(b)
    if ya is None or yb is None or not (year_is_explicit(a) and year_is_explicit(b)):
        return True
    return abs(ya - yb) <= 1


def identities(entry: Entry) -> list[str]:
    """Identity strings: arXiv id, DOI and normalised title (in that order of strength)."""
    ids = []
    if entry.arxiv_id:
        ids.append("arxiv:" + entry.arxiv_id.lower())
    if entry.doi:
        ids.append("doi:" + entry.doi.lower())
    title = normalise_title(entry.title)
    if title:
        ids.append("title:" + title)
    return ids


class IdentityIndex:
    """Finds the stored entry that an incoming record is a copy of."""

    def __init__(self) -> None:
        self._by_id: dict[str, list[Entry]] = {}

    def add(self, entry: Entry) -> None:
        """Make ``entry`` findable by each of its identities."""
        for ident in identities(entry):
            bucket = self._by_id.setdefault(ident, [])
            if entry not in bucket:
                bucket.append(entry)

    def find(self, entry: Entry) -> Entry | None:
        """The entry ``entry`` duplicates, or None."""
        for ident in identities(entry):
            for candidate in self._by_id.get(ident, ()):
                if not ident.startswith("title:") or same_year(candidate, entry):
                    return candidate
        return None


def merge_into(stored: Entry, incoming: Entry) -> bool:
    """Fill ``stored``'s empty fields from ``incoming``; union lists; latest upvotes.

    Never overwrites a value the user or an earlier import set (upvotes excepted: they are
    a live count). Returns True when ``stored`` changed.
    """
    before = stored.to_dict()
    for f in fields(Entry):
        name = f.name
        if name in _KEEP or name in _UNION:
            continue
        new = getattr(incoming, name)
        old = getattr(stored, name)
        if name == "upvotes":
            if new is not None:
                stored.upvotes = new
        elif name == "extra":
            for k, v in new.items():
                stored.extra.setdefault(k, v)
        elif old in (None, "", []) and new not in (None, "", []):
            setattr(stored, name, list(new) if isinstance(new, list) else new)
    for name in _UNION:
        merged = getattr(stored, name)
        seen = {v.casefold() for v in merged}
        for value in getattr(incoming, name):
            if value.casefold() not in seen:
                merged.append(value)
                seen.add(value.casefold())
    if stored.authors and stored.author_count is None:
        stored.author_count = len(stored.authors)
    return stored.to_dict() != before

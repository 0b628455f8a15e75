"""Small helpers for the commands that name or show papers: limits, did-you-mean keys,
list columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from papercli.errors import InputError, NotFoundError
from papercli.model import Entry, year_of

if TYPE_CHECKING:
    from papercli.store.files import Library


def check_limit(limit: int | None) -> None:
    """Raise InputError for a negative limit."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more")


def closest_keys(key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """Keys that look most like ``key`` (for 'did you mean' hints)."""
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        key, list(keys), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
    )
    return [m[0] for m in matches if m[1] >= 50]


def unknown_keys_error(
    library: Library, missing: Sequence[str], outcome: str = ""
) -> NotFoundError:
    """``no paper with key 'x'; <outcome>; did you mean ...?`` for every key in ``missing``."""
    keys = library.entry_keys()
    hints = list(dict.fromkeys(k for key in missing for k in closest_keys(key, keys)))
    names = ", ".join(repr(k) for k in missing)
    middle = f"; {outcome}" if outcome else ""
    suffix = f"; did you mean {', '.join(hints)}?" if hints else ""
    return NotFoundError(f"no paper with key {names}{middle}{suffix}")


def entries_for_keys(library: Library, keys: Sequence[str], outcome: str = "") -> list[Entry]:
    """The entries for ``keys`` (repeats dropped), or NotFoundError naming every unknown key.

    ``outcome`` tells the user what did not happen (``nothing was changed``). An entry
    file that exists but cannot be read raises its own error with the reason.
    """
    entries, missing = [], []
    for key in dict.fromkeys(keys):
        try:
            entries.append(library.get(key))
        except NotFoundError:
            missing.append(key)
    if missing:
        raise unknown_keys_error(library, missing, outcome)
    return entries


# Columns ``list`` and ``search`` can show (``--columns``, config ``list_columns``).
COLUMNS = (
    "key",
    "date",
    "title",
    "tags",
    "authors",
    "year",
    "source",
    "added",
    "upvotes",
    "categories",
    "arxiv_id",
    "doi",
)
DEFAULT_COLUMNS = ("key", "date", "title", "tags")
MAX_AUTHORS_SHOWN = 3


def parse_columns(text: str) -> list[str]:
    """Column names from ``"key,title"`` (commas and/or spaces); InputError for unknown ones."""
    names = [n.strip().lower() for n in text.replace(",", " ").split()]
    if not names:
        raise InputError(f"name at least one column: {', '.join(COLUMNS)}")
    for name in names:
        if name not in COLUMNS:
            raise InputError(f"unknown column '{name}'; choose from {', '.join(COLUMNS)}")
    if len(set(names)) != len(names):
        raise InputError(f"column '{next(n for n in names if names.count(n) > 1)}' is repeated")
    return names


def _authors(entry: Entry) -> str:
    if len(entry.authors) > MAX_AUTHORS_SHOWN:
        return f"{entry.authors[0]} et al."
    return "; ".join(entry.authors)


def _year(entry: Entry) -> str:
    year = year_of(entry)
    return "" if year is None else str(year)


def _field(name: str) -> Callable[[Entry], str]:
    def get(entry: Entry) -> str:
        value = getattr(entry, name)
        return "" if value is None else str(value)

    return get


_GETTERS: dict[str, Callable[[Entry], str]] = {
    **{name: _field(name) for name in COLUMNS},
    "tags": lambda entry: ", ".join(entry.tags),
    "categories": lambda entry: ", ".join(entry.categories),
    "authors": _authors,
    "year": _year,
}


def column_getter(name: str) -> Callable[[Entry], str]:
    """The function giving column ``name``'s plain text for an entry ('' when unknown)."""
    return _GETTERS[name]


def column_text(entry: Entry, name: str) -> str:
    """What column ``name`` shows for ``entry`` (plain text, '' when unknown)."""
    return _GETTERS[name](entry)

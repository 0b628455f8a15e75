"""The columns ``list`` and ``search`` can show, and each column's plain text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from papercli.errors import InputError
from papercli.model import Entry, status_of, year_of

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
    "status",
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
    "status": status_of,
}


def column_getter(name: str) -> Callable[[Entry], str]:
    """The function giving column ``name``'s plain text for an entry ('' when unknown)."""
    return _GETTERS[name]


def column_text(entry: Entry, name: str) -> str:
    """What column ``name`` shows for ``entry`` (plain text, '' when unknown)."""
    return _GETTERS[name](entry)


def tsv_lines(
    entries: Sequence[Entry], columns: Sequence[str], numbers: Sequence[str] | None = None
) -> str:
    """``columns`` of ``entries`` as tab-separated lines, each led by its ``numbers`` item
    when given; tabs and line breaks inside a value become single spaces."""
    getters = [_GETTERS[name] for name in columns]
    lines = []
    for row, entry in enumerate(entries):
        cells = [" ".join(get(entry).split()) for get in getters]
        if numbers is not None:
            cells.insert(0, numbers[row])
        lines.append("\t".join(cells) + "\n")
    return "".join(lines)

"""FTS5 match expressions for the index's ``terms`` table, built from candidate terms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

PREFIX_MARK = "*"  # a candidate term ending in it stands for every term with that prefix
ROWIDS = "SELECT rowid FROM terms WHERE terms MATCH ?"
COUNT = "SELECT count(*) FROM terms WHERE terms MATCH ?"
# The rowids as one text: one sqlite step, run without Python's lock (a thread beside it
# keeps running), where a row each would hand the lock back and forth thousands of times.
ROWID_LIST = "SELECT group_concat(rowid) FROM terms WHERE terms MATCH ?"


def phrase(term: str) -> str:
    """One term (or ``prefix*``) as an FTS5 query string."""
    if term.endswith(PREFIX_MARK):
        return '"' + term[:-1].replace('"', '""') + '"*'
    return '"' + term.replace('"', '""') + '"'


def any_of(terms: Sequence[str], columns: Sequence[str] = ()) -> str:
    """Any of ``terms``, in ``columns`` when given."""
    scope = "{" + " ".join(columns) + "} : " if columns else ""
    return scope + "(" + " OR ".join(phrase(term) for term in terms) + ")"


def every_word(words: Sequence[Sequence[str]], columns: Sequence[str] = ()) -> str:
    """Every word (one of its terms), in ``columns`` when given."""
    return " AND ".join(any_of(terms, columns) for terms in words)


def rowids(rows: Iterable[tuple[str | None]]) -> list[int]:
    """The rowids of a ``ROWID_LIST`` answer."""
    text = next(iter(rows), (None,))[0]
    return [int(part) for part in text.split(",")] if text else []

"""What the index stores for each entry, prepared on every core for large batches.

Reading an entry file and cutting its text into search terms is pure Python and the bulk
of an import or an index rebuild at 100,000 papers. For large batches it runs in worker
processes (forked, so they see the inputs without copying them through a pipe) a few
batches ahead of the parent, which meanwhile writes files and fills sqlite. Small batches,
and platforms without ``fork``, run in-process: the result is the same either way.
"""

from __future__ import annotations

import marshal
from collections.abc import Generator, Iterator, Sequence
from typing import NamedTuple

from papercli.batches import batched, source
from papercli.entry_yaml import entry_to_yaml
from papercli.identifiers import entry_arxiv, entry_doi
from papercli.model import Entry, entry_from_index, match_key, normalise_title, status_of
from papercli.store.files import EntryFileError, Library
from papercli.terms import identifier_terms, key_terms, tokenize


class EntryRow(NamedTuple):
    """One entry as the index stores it."""

    key: str
    date: str
    added: str
    title_fold: str
    data: bytes  # the entry, packed (``pack``)
    tags: tuple[tuple[str, str], ...]  # (tag, folded tag)
    terms: tuple[str, ...]  # search terms per FTS column
    arxiv_id: str | None
    doi: str | None
    title_norm: str
    status: str
    date_first: str | None
    date_last: str | None
    brief: bytes  # the entry without its long texts (``pack_brief``)
    aliases: tuple[str, ...] = ()  # keys the paper was known by before
    named: bool = True  # any author name known

    def columns(self) -> tuple[object, ...]:
        """The values of the index's ``entries`` table, in column order."""
        return (
            self.key,
            self.date,
            self.added,
            self.title_fold,
            self.arxiv_id,
            self.doi,
            self.title_norm,
            self.status,
            self.date_first,
            self.date_last,
            self.named,
            self.brief,
            self.data,
        )


def pack(entry: Entry) -> bytes:
    """The entry as the index stores it: ``marshal`` of its dict, several times faster to
    read back than JSON (the index records the Python version that wrote it)."""
    return marshal.dumps(entry.to_dict())


# Long free texts a table never shows: a brief copy leaves them empty.
_LONG_TEXTS = {"abstract": "", "note": None, "comments": None}


def pack_brief(entry: Entry) -> bytes:
    """``pack`` of the entry with its long texts left out (``_LONG_TEXTS``)."""
    return marshal.dumps({**entry.to_dict(), **_LONG_TEXTS})


def unpack(data: bytes) -> Entry:
    """The entry ``pack`` stored."""
    return entry_from_index(marshal.loads(data))


def search_terms_row(entry: Entry) -> tuple[str, ...]:
    """The entry's search terms per FTS column: title, key (with the arXiv id and DOI),
    tags, authors (with the organisation), abstract, note."""
    return (
        " ".join(tokenize(entry.title)),
        " ".join(key_terms(entry.key) | set(identifier_terms(entry))),
        " ".join(tokenize(" ".join(entry.tags))),
        " ".join(tokenize(" ".join(entry.authors)) | tokenize(entry.organization or "")),
        " ".join(tokenize(entry.abstract)),
        " ".join(tokenize(entry.note or "")),
    )


def entry_row(entry: Entry) -> EntryRow:
    """The index row of one entry."""
    return EntryRow(
        entry.key,
        entry.date or "",
        entry.added or "",
        entry.title.casefold(),
        pack(entry),
        tuple((t, match_key(t)) for t in entry.tags),
        search_terms_row(entry),
        entry_arxiv(entry),
        entry_doi(entry),
        normalise_title(entry.title),
        status_of(entry),
        *date_span(entry.date),
        pack_brief(entry),
        tuple(entry.aliases),
        any(name.strip() for name in entry.authors),
    )


def date_span(date: str | None) -> tuple[str | None, str | None]:
    """The first and last day a (possibly partial) ISO date covers: ``2024`` -> whole year."""
    if not date:
        return None, None
    known = len(date)
    if known >= 10:
        return date[:10], date[:10]
    return date + "-01-01"[known - 4 :], date + "-12-31"[known - 4 :]


def entry_files_and_rows(
    entries: Sequence[Entry], batch: int
) -> Generator[list[tuple[str, EntryRow]], None, None]:
    """(entry file text, row) for ``entries``, one list per ``batch`` entries, in order."""
    return batched(_file_text_chunk, entries, len(entries), batch)


def file_rows(
    library: Library, names: Sequence[str], batch: int
) -> Iterator[list[tuple[str, EntryRow | str]]]:
    """(file name, row or the reason the file is unusable), ``batch`` files at a time."""
    return batched(_file_chunk, (library, names), len(names), batch)


def _file_text_chunk(span: tuple[int, int]) -> list[tuple[str, EntryRow]]:

    return [(entry_to_yaml(e), entry_row(e)) for e in source()[span[0] : span[1]]]


def _file_chunk(span: tuple[int, int]) -> list[tuple[str, EntryRow | str]]:
    library, names = source()
    out: list[tuple[str, EntryRow | str]] = []
    for name in names[span[0] : span[1]]:
        try:
            out.append((name, entry_row(library.read_entry_file(library.entries_dir / name))))
        except EntryFileError as exc:
            out.append((name, exc.reason))
    return out

"""Choosing which entries an export writes, and checking their keys can coexist."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from papercli.errors import InputError, NotFoundError
from papercli.exporters.bibtex import ExportError, find_duplicate_keys
from papercli.latex.citations import keys_from_aux, keys_from_tex
from papercli.model import Entry, status_of
from papercli.ops.tagging import has_tags
from papercli.store import Query, Store


def select_entries(
    store: Store,
    keys: Sequence[str] = (),
    tags: Sequence[str] = (),
    hits: Sequence[str] | None = None,
    statuses: Sequence[str] = (),
    lazy: bool = False,
) -> Sequence[Entry]:
    """The entries to export, in output order.

    ``keys`` (keys, arXiv ids or DOIs; given order, repeats dropped) or, without keys, the
    whole library in key order; then only those carrying every tag in ``tags``; then, when
    ``hits`` (keys found by a search, best first) is given, only those hits, in hit order.
    ``statuses`` keeps only papers with one of those reading statuses. ``lazy``: the whole
    library comes still packed, decoded when read (an export decodes it in its workers).
    """
    if keys:
        chosen = store.get_many(keys, "nothing exported")
        if tags:
            chosen = [e for e in chosen if has_tags(e, tags)]
        if statuses:
            chosen = [e for e in chosen if status_of(e) in statuses]
    elif hits is not None:
        chosen = store.get_many(hits) if hits else []
    elif lazy:
        query = Query(tags=tuple(tags), status=tuple(statuses))
        return store.query_lazy(query).sorted_by_key(lambda key: (key.casefold(), key))
    else:
        chosen = store.query(Query(tags=tuple(tags), status=tuple(statuses)))
        chosen.sort(key=lambda e: (e.key.casefold(), e.key))
    if hits is not None:
        rank = {key: i for i, key in enumerate(hits)}
        chosen = sorted((e for e in chosen if e.key in rank), key=lambda e: rank[e.key])
    return chosen


def check_unique_keys(store: Store, entries: Sequence[Entry]) -> None:
    """Refuse entries whose keys are equal ignoring case, naming both files."""
    for group in find_duplicate_keys(entries):
        files = " and ".join(str(store.entry_path(e.key)) for e in group)
        raise ExportError(
            f"{files} have the same citation key ignoring case ('{group[0].key}'); "
            "BibTeX keys ignore case, so rename one file and its key: field"
        )


def cited_keys(path: Path) -> list[str]:
    """The keys the LaTeX document ``path`` cites: an ``.aux`` file's ``\\citation`` lines,
    or the ``\\cite``-family commands of any other (``.tex``) file. InputError if unreadable.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    keys = keys_from_aux(text) if path.suffix.lower() == ".aux" else keys_from_tex(text)
    if not keys:
        raise InputError(f"{path} cites no papers; give the .aux file LaTeX wrote, or a .tex file")
    return keys


def select_cited(store: Store, keys: Sequence[str], where: Path) -> list[Entry]:
    """The entries for ``keys`` in citation order; NotFoundError listing every unknown key.

    Keys match exactly, else ignoring case (as BibTeX matches them); ``*`` (``\\nocite{*}``)
    stands for every paper, in key order, after the papers cited before it.
    """
    known = set(store.all_keys())
    if "*" in keys:
        cited = [k for k in keys[: keys.index("*")] if k != "*"]
        rest = sorted(known - set(cited), key=lambda k: (k.casefold(), k))
        keys = [*cited, *rest]
    folded = {k.casefold(): k for k in known}
    found, unknown = [], []
    for key in keys:
        stored = key if key in known else folded.get(key.casefold())
        if stored is None:
            unknown.append(key)
        elif stored not in found:
            found.append(stored)
    if unknown:
        raise NotFoundError(
            f"{where} cites {len(unknown)} key{'s' if len(unknown) != 1 else ''} not in the "
            f"library: {', '.join(unknown)}; nothing exported"
        )
    return store.get_many(found)

"""Choosing which entries an export writes, and checking their keys can coexist."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from papercli.errors import InputError, NotFoundError
from papercli.model import Entry
from papercli.store.files import Library


def select_entries(
    library: Library,
    entries: Sequence[Entry],
    keys: Sequence[str] = (),
    tags: Sequence[str] = (),
    hits: Sequence[str] | None = None,
) -> list[Entry]:
    """The entries to export, in output order.

    ``keys`` (given order, repeats dropped) or, without keys, the whole library in key
    order; then only those carrying every tag in ``tags``; then, when ``hits`` (keys
    found by a search, best first) is given, only those hits, in hit order.
    """
    from papercli.ops.tagging import has_tags

    by_key = {e.key: e for e in entries}
    if keys:
        chosen = [_entry_for_key(library, by_key, key) for key in dict.fromkeys(keys)]
    else:
        chosen = sorted(entries, key=lambda e: (e.key.casefold(), e.key))
    if tags:
        chosen = [e for e in chosen if has_tags(e, tags)]
    if hits is not None:
        rank = {key: i for i, key in enumerate(hits)}
        chosen = sorted((e for e in chosen if e.key in rank), key=lambda e: rank[e.key])
    return chosen


def _entry_for_key(library: Library, by_key: dict[str, Entry], key: str) -> Entry:
    if key in by_key:
        return by_key[key]
    if library.entry_path(key).is_file():
        return library.read_entry_file(library.entry_path(key))  # raises with the reason
    from papercli.columns import closest_keys

    hint = closest_keys(key, by_key)
    suffix = f"; did you mean {', '.join(hint)}?" if hint else ""
    raise NotFoundError(f"no paper with key '{key}'; nothing exported{suffix}")


def check_unique_keys(library: Library, entries: Sequence[Entry]) -> None:
    """Refuse entries whose keys are equal ignoring case, naming both files."""
    from papercli.exporters.bibtex import ExportError, find_duplicate_keys

    for group in find_duplicate_keys(entries):
        files = " and ".join(str(library.entry_path(e.key)) for e in group)
        raise ExportError(
            f"{files} have the same citation key ignoring case ('{group[0].key}'); "
            "BibTeX keys ignore case, so rename one file and its key: field"
        )


def cited_keys(path: Path) -> list[str]:
    """The keys the LaTeX document ``path`` cites: an ``.aux`` file's ``\\citation`` lines,
    or the ``\\cite``-family commands of any other (``.tex``) file. InputError if unreadable.
    """
    from papercli.latex.citations import keys_from_aux, keys_from_tex

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    keys = keys_from_aux(text) if path.suffix.lower() == ".aux" else keys_from_tex(text)
    if not keys:
        raise InputError(f"{path} cites no papers; give the .aux file LaTeX wrote, or a .tex file")
    return keys


def select_cited(entries: Sequence[Entry], keys: Sequence[str], where: Path) -> list[Entry]:
    """The entries for ``keys`` in citation order; NotFoundError listing every unknown key.

    Keys match exactly, else ignoring case (as BibTeX matches them).
    """
    by_key = {e.key: e for e in entries}
    folded = {e.key.casefold(): e for e in entries}
    chosen, unknown = [], []
    for key in keys:
        entry = by_key.get(key) or folded.get(key.casefold())
        if entry is None:
            unknown.append(key)
        elif entry not in chosen:
            chosen.append(entry)
    if unknown:
        raise NotFoundError(
            f"{where} cites {len(unknown)} key{'s' if len(unknown) != 1 else ''} not in the "
            f"library: {', '.join(unknown)}; nothing exported"
        )
    return chosen

"""``papercli export``: write papers as BibTeX to stdout or a file (atomically)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papercli import output
from papercli.cli.app import command, library_of
from papercli.errors import InputError, NoMatchError, NotFoundError

if TYPE_CHECKING:
    from papercli.library import Library
    from papercli.model import Entry


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
    from papercli.listing import has_tags

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
    from papercli.listing import closest_keys

    hint = closest_keys(key, by_key)
    suffix = f"; did you mean {', '.join(hint)}?" if hint else ""
    raise NotFoundError(f"no paper with key '{key}'; nothing exported{suffix}")


def _check_unique_keys(library: Library, entries: Sequence[Entry]) -> None:
    from papercli.bibtex import ExportError, find_duplicate_keys

    for group in find_duplicate_keys(entries):
        files = " and ".join(str(library.entry_path(e.key)) for e in group)
        raise ExportError(
            f"{files} have the same citation key ignoring case ('{group[0].key}'); "
            "BibTeX keys ignore case, so rename one file and its key: field"
        )


@command("export")
def export_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(help="Citation keys to export (default: every paper).", show_default=False),
    ] = None,
    bibtex: Annotated[
        bool, typer.Option("--bibtex", help="Write BibTeX (the default and, for now, only format).")
    ] = False,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Only papers with this tag (repeatable)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to FILE (atomically) instead of stdout.", show_default=False
        ),
    ] = None,
    ascii_only: Annotated[
        bool,
        typer.Option("--ascii", help="Pure ASCII: LaTeX macros for accents (classic bibtex)."),
    ] = False,
) -> None:
    """Export papers as BibTeX (UTF-8 for biber; --ascii for classic bibtex).

    Example: papercli export --tag diffusion --out refs.bib
    """
    library = library_of(ctx)
    loaded = library.load()
    for problem in loaded.problems:
        output.warn(f"skipped {problem}")
    # --search QUERY plugs in here: pass the ranked keys of the search as ``hits``.
    chosen = select_entries(library, loaded.entries, keys or (), tag or ())
    if not chosen:
        raise NoMatchError("no papers to export" + (" with that tag" if tag else ""))
    _check_unique_keys(library, chosen)

    from papercli.bibtex import render_bibtex

    result = render_bibtex(chosen, ascii=ascii_only)
    for warning in result.warnings:
        output.warn(warning)
    if out is None:
        sys.stdout.write(result.text)
    else:
        _write_out(out, result.text)
        output.info(f"{len(chosen)} paper{'s' if len(chosen) != 1 else ''} written to {out}")


def _write_out(path: Path, text: str) -> None:
    """Replace ``path`` atomically; a clear error if its folder is missing or unwritable."""
    from papercli.atomic import atomic_write_text

    if path.is_dir():
        raise InputError(f"--out {path} is a folder; give a file name such as refs.bib")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

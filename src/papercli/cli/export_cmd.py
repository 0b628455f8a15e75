"""``papercli export``: write papers as BibTeX to stdout or a file (atomically)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from papercli import output
from papercli.cli.app import command, library_of
from papercli.errors import InputError, NoMatchError


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
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Only papers matching this search, best first."),
    ] = None,
    ascii_only: Annotated[
        bool,
        typer.Option("--ascii", help="Pure ASCII: LaTeX macros for accents (classic bibtex)."),
    ] = False,
) -> None:
    """Export papers as BibTeX (UTF-8 for biber; --ascii for classic bibtex).

    Example: papercli export --tag diffusion --out refs.bib
    """
    from papercli.finder import find
    from papercli.index import open_index
    from papercli.selection import check_unique_keys, select_entries

    library = library_of(ctx)
    with open_index(library) as index:
        output.warn_problems(index.problems)
        entries = index.entries()
        hits = [h.entry.key for h in find(index, search, tags=tag or ())] if search else None
    chosen = select_entries(library, entries, keys or (), tag or (), hits)
    if not chosen:
        raise NoMatchError("no papers to export" + (" with that tag" if tag else ""))
    check_unique_keys(library, chosen)

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

"""``papercli export``: write papers as BibTeX, BibLaTeX, CSL-JSON, RIS, YAML or Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.browse import StatusFilter, check_statuses
from papercli.cli.complete import TagFilter, complete_format, complete_key
from papercli.cli.core import command, settings_of, store_of
from papercli.errors import InputError, NoMatchError

FORMAT_HELP = (
    "bibtex, biblatex, csl-json, ris, yaml or markdown "
    "(default: export_format from the config file, else bibtex)."
)


@command("export")
def export_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(
            help="Citation keys, arXiv ids or DOIs to export (default: every paper).",
            show_default=False,
            autocompletion=complete_key,
        ),
    ] = None,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=FORMAT_HELP,
            show_default=False,
            autocompletion=complete_format,
        ),
    ] = None,
    bibtex: Annotated[bool, typer.Option("--bibtex", help="Short for --format bibtex.")] = False,
    tag: TagFilter = None,
    status: StatusFilter = None,
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
    aux: Annotated[
        Path | None,
        typer.Option(
            "--aux", help="Only the papers this LaTeX .aux file cites.", show_default=False
        ),
    ] = None,
    tex: Annotated[
        Path | None,
        typer.Option(
            "--tex",
            help="Only the papers this .tex file cites (\\cite, \\citep, \\parencite...).",
            show_default=False,
        ),
    ] = None,
    ascii_only: Annotated[
        bool,
        typer.Option(
            "--ascii",
            help="bibtex/biblatex in pure ASCII: LaTeX macros for accents (classic bibtex).",
        ),
    ] = False,
) -> None:
    """Export papers as BibTeX (default), BibLaTeX, CSL-JSON, RIS, YAML or Markdown.

    Example: papercli export --tag diffusion --format csl-json --out refs.json
    """
    from papercli.exporters import render, resolve_format
    from papercli.ops.selection import check_unique_keys, cited_keys, select_cited, select_entries
    from papercli.search.finder import find
    from papercli.store import Query

    if bibtex and format_name and format_name.strip().lower() != "bibtex":
        raise InputError(f"--bibtex is short for --format bibtex; it cannot go with {format_name}")
    document = _document(keys, aux, tex, search, tag)
    requested = "bibtex" if bibtex else format_name
    configured = None if requested else settings_of(ctx).value("export_format")
    fmt = resolve_format(requested, configured)
    fmt.check_options(ascii_only)
    statuses = check_statuses(status)
    store = store_of(ctx)
    store.require()
    filters = Query(tags=tuple(tag or ()), status=statuses)
    hits = [h.entry.key for h in find(store, search, filters).hits] if search else None
    if document is not None:
        chosen = select_cited(store, cited_keys(document), document)
    else:
        chosen = select_entries(store, keys or (), tag or (), hits, statuses, lazy=True)
    output.warn_problems(store.problems)
    if not chosen:
        raise NoMatchError("no papers to export" + (" with those filters" if tag or status else ""))
    if fmt.latex:
        check_unique_keys(store, chosen)
    warnings: list[str] = []
    chunks = render(fmt, chosen, warnings, ascii=ascii_only)
    if out is None:
        output.print_lines(chunks)
    else:
        _write_out(out, chunks)
    for warning in warnings:
        output.warn(warning)
    if out is not None:
        output.info(f"{len(chosen)} paper{'s' if len(chosen) != 1 else ''} written to {out}")


def _document(
    keys: list[str] | None, aux: Path | None, tex: Path | None, search: str | None, tag: object
) -> Path | None:
    """The LaTeX file whose citations choose the papers, if any; InputError on a clash."""
    if aux is not None and tex is not None:
        raise InputError("give --aux or --tex, not both")
    document = aux or tex
    if document is not None and (keys or search or tag):
        raise InputError(
            f"--{'aux' if aux else 'tex'} chooses the papers; drop the keys, --tag and --search"
        )
    return document


def _write_out(path: Path, chunks: Iterable[str]) -> None:
    """Replace ``path`` atomically; a clear error if its folder is missing or unwritable."""
    from papercli.store.atomic import atomic_write_chunks

    if path.is_dir():
        raise InputError(f"--out {path} is a folder; give a file name such as refs.bib")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        atomic_write_chunks(path, chunks)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

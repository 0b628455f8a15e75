"""``papercli export``: write papers as BibTeX, BibLaTeX, CSL-JSON, RIS, YAML or Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output
from papercli.cli.browse import StatusFilter, check_statuses
from papercli.cli.complete import TagFilter, complete_format, complete_key
from papercli.cli.core import command, settings_of, store_of
from papercli.errors import InputError, NoMatchError

if TYPE_CHECKING:
    from papercli.exporters import ExportFormat
    from papercli.store import Store

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
            "--aux",
            help="Only the papers this LaTeX .aux file cites, with the .aux files it \\@inputs"
            " (exit 5 when the library lacks some; the others are still written).",
            show_default=False,
        ),
    ] = None,
    tex: Annotated[
        Path | None,
        typer.Option(
            "--tex",
            help="Only the papers this .tex file cites (\\cite, \\citep, \\parencite...),"
            " with the files it \\input, \\include, \\subfile or \\import.",
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
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="With --aux or --tex and --out: rewrite the file whenever the document or"
            " the library changes, until Ctrl-C.",
        ),
    ] = False,
) -> None:
    """Export papers as BibTeX (default), BibLaTeX, CSL-JSON, RIS, YAML or Markdown.

    Example: papercli export --tag diffusion --format csl-json --out refs.json
    """
    from papercli.exporters import render, resolve_format
    from papercli.ops.selection import check_unique_keys, select_entries
    from papercli.search.finder import find
    from papercli.store import Query

    if bibtex and format_name and format_name.strip().lower() != "bibtex":
        raise InputError(f"--bibtex is short for --format bibtex; it cannot go with {format_name}")
    document = _document(keys, aux, tex, search, tag)
    _check_watch(watch, document, out)
    requested = "bibtex" if bibtex else format_name
    configured = None if requested else settings_of(ctx).value("export_format")
    fmt = resolve_format(requested, configured)
    fmt.check_options(ascii_only)
    statuses = check_statuses(status)
    store = store_of(ctx)
    store.require()
    if document is not None:
        if watch and out is not None:
            _watch(store, document, aux is not None, fmt, ascii_only, out)
        else:
            _export_document(store, document, aux is not None, fmt, ascii_only, out)
        return
    filters = Query(tags=tuple(tag or ()), status=statuses)
    hits = [h.entry.key for h in find(store, search, filters).hits] if search else None
    chosen = select_entries(store, keys or (), tag or (), hits, statuses)
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


def _check_watch(watch: bool, document: Path | None, out: Path | None) -> None:
    """--watch needs a document to follow and a file to keep in step."""
    if watch and (document is None or out is None):
        raise InputError("--watch needs --out FILE and --aux or --tex: it keeps FILE in step")
    if out is not None and document is not None and _same_file(out, document):
        raise InputError(f"--out {out} is the document itself; give a .bib file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and a.samefile(b)
    except OSError:
        return False


def _export_document(
    store: Store, document: Path, aux: bool, fmt: ExportFormat, ascii_only: bool, out: Path | None
) -> None:
    """Write what ``document`` cites; exit 5 (after writing) when the library lacks keys."""
    from papercli.ops.document_export import export_document

    done = export_document(store, document, aux, fmt, ascii_only)
    output.warn_problems(store.problems)
    papers = len(done.cited.entries)
    if papers == 0 and done.missing is None:
        raise NoMatchError("no papers to export")
    if out is None:
        output.print_lines(done.chunks)
    else:
        _write_out(out, done.chunks)
    for warning in done.warnings:
        output.warn(warning)
    if out is not None:
        output.info(f"{papers} paper{'s' if papers != 1 else ''} written to {out}")
    if done.missing is not None:
        raise done.missing


def _watch(
    store: Store, document: Path, aux: bool, fmt: ExportFormat, ascii_only: bool, out: Path
) -> None:
    """Keep ``out`` in step with ``document`` and the library until Ctrl-C (exit 0)."""
    from papercli.ops.document_export import export_document, watch_document

    _check_out(out)
    written = rounds = 0
    shown: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    output.info(f"watching {document} and {store.root}; Ctrl-C to stop")
    try:
        for event in watch_document(
            lambda: export_document(store, document, aux, fmt, ascii_only), out, [document]
        ):
            rounds += 1
            if event.problems != problems:  # unreadable entry files, once until they change
                output.warn_problems(event.problems)
                problems = event.problems
            if event.kind == "failed":
                output.error(f"{event.messages[0]}; {out} left as it was, still watching")
                shown = ()
                continue
            if event.messages != shown:  # the same warnings every round would drown the rest
                for message in event.messages:
                    output.warn(message)
                shown = event.messages
            papers = f"{event.papers} paper{'s' if event.papers != 1 else ''}"
            if event.kind == "wrote":
                written += 1
                output.info(f"{papers} written to {out}")
            elif rounds == 1:
                output.info(f"{out} is up to date ({papers})")
    except KeyboardInterrupt:
        times = f"{written} time{'s' if written != 1 else ''}"
        output.info(f"stopped watching; {out} rewritten {times}")


def _check_out(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"--out {path} is a folder; give a file name such as refs.bib")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: folder {path.parent} does not exist")


def _write_out(path: Path, chunks: Iterable[str]) -> None:
    """Replace ``path`` atomically; a clear error if its folder is missing or unwritable."""
    from papercli.store.atomic import atomic_write_chunks

    _check_out(path)
    try:
        atomic_write_chunks(path, chunks)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

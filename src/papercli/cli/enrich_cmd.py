"""``papercli enrich``: complete entries from the arXiv API and Crossref; ``--venue``: cite
the peer-reviewed version Semantic Scholar and DBLP know."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import Offline, TagFilter, complete_key
from papercli.cli.core import command, sources_of, store_of


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when stderr is a terminal; else no callback."""
    err = output.console(stderr=True)
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@command("enrich")
def enrich_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Keys, arXiv ids or DOIs (default: every paper missing authors or an id).",
            show_default=False,
            autocompletion=complete_key,
        ),
    ] = None,
    tag: TagFilter = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Only papers matching this search."),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Also papers that already have authors and an identifier."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Report what would be filled; change nothing.")
    ] = False,
    venue: Annotated[
        bool,
        typer.Option(
            "--venue",
            help="Find the published version (conference or journal) on Semantic Scholar "
            "and DBLP instead; default: papers naming no venue.",
        ),
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Ask the sources again instead of using saved answers."),
    ] = False,
    offline: Offline = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fill missing authors, arXiv ids, DOIs, venues and dates from arXiv and Crossref.

    By id when the paper has one, else by title; a title is accepted only when it is surely
    the same paper (near misses are reported, never applied). Never changes what you set.

    With --venue, a preprint whose peer-reviewed version exists becomes @inproceedings or
    @article with the venue's name, year, pages and DOI, keeping its key and arXiv id.

    Example: papercli enrich --tag to-cite --dry-run
    """
    from papercli.errors import InputError
    from papercli.ops.enriching import enrich_entries, select_for_enrichment
    from papercli.ops.online import cache_dir_for, open_sources
    from papercli.ops.venues import open_venue_sources, select_for_venues, venue_entries
    from papercli.search.finder import find
    from papercli.store import Query

    store = store_of(ctx)
    store.require()
    hits = None
    if search:
        hits = [h.entry.key for h in find(store, search, Query(tags=tuple(tag or ()))).hits]
    select = select_for_venues if venue else select_for_enrichment
    entries = select(store, refs or (), tag or (), hits, everything)
    output.warn_problems(store.problems)
    if not entries:
        if as_json:
            output.print_json({"dry_run": dry_run, "requests": 0, "entries": [], "warnings": []})
        done = "names a venue" if venue else "has authors and an identifier"
        output.info(f"nothing to enrich: every paper chosen {done}")
        return
    if refresh and offline:
        raise InputError("--refresh asks the sources again; it cannot be used with --offline")
    cache = cache_dir_for(store, dry_run)
    with progress_bar("looking up papers") as progress:
        if venue:
            venue_sources = open_venue_sources(sources_of(ctx), cache, offline, refresh)
            report = venue_entries(store, entries, venue_sources, dry_run, progress)
        else:
            sources = open_sources(sources_of(ctx), cache, offline)
            sources.client.refresh = refresh
            report = enrich_entries(store, entries, sources, dry_run, progress)
    for warning in report.warnings:
        output.warn(warning)
    if as_json:
        output.print_json(report.to_dict())
    else:
        output.print_lines(f"{o.key}\t{o.status}\t{o.reason}\n" for o in report.outcomes)
    output.info(("dry run: " if dry_run else "") + report.summary())

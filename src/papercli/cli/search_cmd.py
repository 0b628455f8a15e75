"""``papercli search QUERY``: ranked, typo-tolerant search of the library."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import TagFilter
from papercli.cli.core import command, store_of
from papercli.cli.list_cmd import (
    COLUMNS_HELP,
    NO_PAGER_HELP,
    StatusFilter,
    check_statuses,
    table_settings,
)
from papercli.errors import NoMatchError

if TYPE_CHECKING:
    from papercli.store import Query, Store


@command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to look for (typos are forgiven).")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show at most N papers (0: all).")
    ] = 20,
    tag: TagFilter = None,
    status: StatusFilter = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only papers dated on/after YYYY[-MM[-DD]].")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only papers dated on/before YYYY[-MM[-DD]] (inclusive)."),
    ] = None,
    columns: Annotated[str | None, typer.Option("--columns", "-c", help=COLUMNS_HELP)] = None,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of entries with a score.")
    ] = False,
    fulltext: Annotated[
        bool,
        typer.Option(
            "--fulltext", "-F", help="Search the PDFs' text only; print pages and snippets."
        ),
    ] = False,
) -> None:
    """Search titles, abstracts, tags, authors, keys, notes and the PDFs' text (a body
    match weighs less than any other); best matches first.

    Example: papercli search "difusion modle" --since 2024 --limit 5
    """
    from papercli.search.fulltext import find_all
    from papercli.search.ranking import date_bounds, highlight_spans
    from papercli.store import Query

    lo, hi = date_bounds(since, until)
    filters = Query(
        tags=tuple(tag or ()), status=check_statuses(status), since=lo, until=hi, limit=limit
    )
    shown, pager = table_settings(ctx, columns, no_pager) if not as_json else ([], False)
    store = store_of(ctx)
    store.require()
    _sync_text(store)
    if fulltext:
        _fulltext(store, query, filters, as_json)
        return
    result = find_all(store, query, filters)
    hits = result.hits
    output.warn_problems(store.problems)
    if as_json:
        output.print_json([{**h.entry.to_dict(), "score": h.score} for h in hits])
        if not hits:
            raise typer.Exit(NoMatchError.exit_code)
        return
    if not hits and result.identifier:
        raise NoMatchError(f"no paper holds {result.identifier}")
    if not hits:
        from papercli.search.why_empty import why_empty

        raise NoMatchError(why_empty(store, query, filters))
    if result.total > len(hits):
        output.info(f"{len(hits)} of {result.total} shown; --limit 0 for all")
    terms = {h.entry.key: h.terms for h in hits}
    output.entries_table(
        [h.entry for h in hits],
        extra_first=("#", [str(i) for i in range(1, len(hits) + 1)]),
        highlight_spans=lambda entry, text: highlight_spans(text, terms[entry.key]),
        columns=shown,
        pager=pager,
    )


def _sync_text(store: Store) -> None:
    """Index the text of PDFs added since the last search (one stat when there are none)."""
    from papercli.errors import LibraryError
    from papercli.ops.fulltext import sync_fulltext

    try:
        sync_fulltext(store)
    except LibraryError as exc:  # a read-only library: search what is indexed
        output.warn(f"the PDFs' text was not brought up to date: {exc}")


def _fulltext(store: Store, query: str, filters: Query, as_json: bool) -> None:
    """``search --fulltext``: papers whose PDF text matches, with pages and snippets."""
    from papercli.search.fulltext import find_bodies

    hits = find_bodies(store, query, filters)
    if as_json:
        output.print_json([h.to_dict() for h in hits])
        if not hits:
            raise typer.Exit(NoMatchError.exit_code)
        return
    if not hits:
        raise NoMatchError(f"no PDF text matches '{query}'")
    lines = []
    for hit in hits:
        lines.append(f"{hit.entry.key}\t{hit.entry.title}\n")
        lines.extend(f"  p. {p.page}: {p.snippet}\n" for p in hit.pages)
    output.print_lines(lines)

"""``papercli list`` and ``papercli show``: reading the library."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import TagFilter, complete_key, complete_status
from papercli.cli.core import command, settings_of, store_of
from papercli.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercli.model import Entry
    from papercli.store.query import Query

STATUS_HELP = "Only papers with this reading status: new, to-read, read, skipped (repeatable)."
StatusFilter = Annotated[
    list[str] | None,
    typer.Option("--status", help=STATUS_HELP, autocompletion=complete_status),
]


def check_statuses(statuses: list[str] | None) -> tuple[str, ...]:
    """The statuses asked for, each checked against the known ones."""
    from papercli.model import STATUSES

    for status in statuses or ():
        if status not in STATUSES:
            raise InputError(f"unknown status '{status}'; use one of: {', '.join(STATUSES)}")
    return tuple(dict.fromkeys(statuses or ()))


COLUMNS_HELP = (
    "Columns to show, comma-separated (default: list_columns in the config, else "
    "key,date,title,tags); see README for all."
)
NO_PAGER_HELP = "Never page; by default a table taller than the terminal goes to $PAGER."


def table_settings(
    ctx: typer.Context, columns: str | None, no_pager: bool
) -> tuple[list[str], bool]:
    """The columns (``--columns``, else config) and whether to page (``--no-pager``, config)."""
    from papercli.columns import parse_columns

    settings = settings_of(ctx)
    shown = parse_columns(columns) if columns is not None else settings.value("list_columns")
    pager = not no_pager and output.is_terminal() and settings.value("pager")
    return shown, pager


@command("list")
def list_command(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Show at most N papers (0: all).")
    ] = None,
    tag: TagFilter = None,
    status: StatusFilter = None,
    sort: Annotated[
        str, typer.Option("--sort", help="Order: date (newest first), added, or title.")
    ] = "date",
    columns: Annotated[str | None, typer.Option("--columns", "-c", help=COLUMNS_HELP)] = None,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of entries.")] = False,
) -> None:
    """List papers, newest first.

    Example: papercli list --tag rl --limit 10
    """
    from papercli.store import Query

    query = Query(tags=tuple(tag or ()), status=check_statuses(status), sort=sort, limit=limit)
    empty = "no papers match those filters" if query.filtered else "no papers yet"
    print_query(ctx, query, columns, no_pager, as_json, empty)


def print_query(
    ctx: typer.Context,
    query: Query,
    columns: str | None,
    no_pager: bool,
    as_json: bool,
    empty: str,
) -> None:
    """The entries ``query`` finds: JSON, or a table (saying when the limit cut it short)."""
    shown, pager = table_settings(ctx, columns, no_pager) if not as_json else ([], False)
    store = store_of(ctx)
    store.require()
    # A table shows no abstract; piped, a large listing is decoded in worker processes.
    entries: Sequence[Entry]
    if as_json:
        entries = store.query(query)
    elif output.is_terminal():
        entries = store.query(query, brief=True)
    else:
        entries = store.query_lazy(query, brief=True)
    output.warn_problems(store.problems)
    if as_json:
        output.print_json([e.to_dict() for e in entries])
        return
    if not entries:
        output.info(empty)
        return
    if query.limit and len(entries) == query.limit:
        total = store.count(query)
        if total > len(entries):
            output.info(f"{len(entries)} of {total} shown; --limit 0 for all")
    output.entries_table(entries, columns=shown, pager=pager)


@command("show")
def show_command(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="Citation key, arXiv id or DOI of the paper.", autocompletion=complete_key
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Show one paper in full.

    Example: papercli show conda2025column
    """
    entry = store_of(ctx).get(key)
    if as_json:
        output.print_json(entry.to_dict())
    else:
        output.entry_detail(entry)

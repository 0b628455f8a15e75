"""``papercli list`` and ``papercli show``: reading the library."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.app import command, library_of, settings_of
from papercli.cli.complete import TagFilter, complete_key
from papercli.errors import NotFoundError


def load_entries(ctx: typer.Context) -> list:
    """Every readable entry (from the index), warning once per unreadable file."""
    from papercli.store.index import open_index

    with open_index(library_of(ctx)) as index:
        output.warn_problems(index.problems)
        return index.entries()


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
    pager = not no_pager and output.console().is_terminal and settings.value("pager")
    return shown, pager


@command("list")
def list_command(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Show at most N papers.")
    ] = None,
    tag: TagFilter = None,
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
    from papercli.columns import check_limit
    from papercli.store.freshness import answer_fresh

    check_limit(limit)
    shown, pager = table_settings(ctx, columns, no_pager) if not as_json else ([], False)
    entries, problems = answer_fresh(
        library_of(ctx), lambda index: index.entries(tags=tag or (), sort=sort, limit=limit)
    )
    output.warn_problems(problems)
    if as_json:
        output.print_json([e.to_dict() for e in entries])
        return
    if not entries:
        output.info("no papers" + (" with that tag" if tag else " in the library yet"))
        return
    output.entries_table(entries, columns=shown, pager=pager)


@command("show")
def show_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Citation key of the paper.", autocompletion=complete_key)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Show one paper in full.

    Example: papercli show conda2025column
    """
    library = library_of(ctx)
    try:
        entry = library.get(key)
    except NotFoundError:
        from papercli.columns import closest_keys

        keys = [p.name.removesuffix(".yaml") for p in library.entry_files()]
        hint = closest_keys(key, keys)
        suffix = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise NotFoundError(f"no paper with key '{key}'{suffix}") from None
    if as_json:
        output.print_json(entry.to_dict())
    else:
        output.entry_detail(entry)

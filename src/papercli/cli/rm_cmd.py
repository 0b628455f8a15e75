"""``papercli rm``: removing papers from the library."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output, targets
from papercli.cli.complete import complete_key
from papercli.cli.core import command, describe, store_of
from papercli.errors import InputError

if TYPE_CHECKING:
    from papercli.model import Entry

SHOW_AT_MOST = 10


def _papers(count: int) -> str:
    return f"{count} paper{'s' if count != 1 else ''}"


def _confirm_removal(entries: list[Entry]) -> None:
    """List what would go on stderr, then ask (or refuse without a terminal)."""
    for entry in entries[:SHOW_AT_MOST]:
        output.info(f"  {entry.key}  {' '.join(entry.title.split())}")
    if len(entries) > SHOW_AT_MOST:
        output.info(f"  ... and {len(entries) - SHOW_AT_MOST} more")
    targets.confirm(
        f"Remove {_papers(len(entries))}?",
        refusal=f"refusing to remove {_papers(len(entries))} without a terminal to confirm; "
        "add --yes",
        declined="nothing was removed",
    )


@command("rm")
def rm_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(help="Citation keys of the papers to remove.", autocompletion=complete_key),
    ] = None,
    query: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Remove every paper matching this query instead."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of the removed entries.")
    ] = False,
) -> None:
    """Remove papers from the library; asks first unless --yes.

    Their entry files are deleted; --json prints the removed entries (a copy to keep).

    Example: papercli rm conda2025column matern2025priors
    """
    if keys and query is not None:
        raise InputError("give paper keys or --search QUERY, not both")
    if not keys and query is None:
        raise InputError("which papers? give their keys or --search QUERY")
    store = store_of(ctx)
    store.require()
    chosen = targets.search_keys(ctx, query, "nothing was removed") if query is not None else keys
    entries = store.get_many(chosen or [], "nothing was removed")
    if not yes:
        _confirm_removal(entries)
    removed = store.remove([e.key for e in entries])
    if as_json:
        output.print_json([e.to_dict() for e in removed])
    keys_shown = ", ".join(e.key for e in removed[:SHOW_AT_MOST])
    describe(ctx, f"rm: {_papers(len(removed))} ({keys_shown})")
    shown = ": " + ", ".join(e.key for e in removed) if len(removed) <= SHOW_AT_MOST else ""
    output.info(f"removed {_papers(len(removed))}{shown}")

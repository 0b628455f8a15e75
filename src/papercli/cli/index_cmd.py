"""``papercli reindex``: rebuild the derived index from the YAML files."""

from __future__ import annotations

import typer

from papercli.cli import output
from papercli.cli.app import command, library_of


@command("reindex")
def reindex_command(ctx: typer.Context) -> None:
    """Rebuild the search/list index from the entry files (always safe).

    Example: papercli reindex
    """
    from papercli.store.index import rebuild

    library = library_of(ctx)
    if not library.exists():
        output.info("no library yet; nothing to index")
        return
    with library.lock():
        count = rebuild(library)
    output.info(f"indexed {count} papers")

"""``papercli reindex``: rebuild the derived index from the YAML files."""

from __future__ import annotations

import typer

from papercli.cli import output
from papercli.cli.core import command, store_of


@command("reindex")
def reindex_command(ctx: typer.Context) -> None:
    """Rebuild the search/list index from the entry files (always safe).

    Example: papercli reindex
    """
    store = store_of(ctx)
    store.require()
    count = store.rebuild_index()
    output.info(f"indexed {count} papers")

"""``papercli sync``: share the library through its git remote."""

from __future__ import annotations

import typer

from papercli.cli import output
from papercli.cli.core import command, store_of


@command("sync")
def sync_command(ctx: typer.Context) -> None:
    """Commit pending changes, merge the remote's, push, and refresh the index.

    Pulls by merging (never rebasing), so papercli's merge driver combines entries edited
    on two machines. Without a remote, or offline, the commit stays local (exit 0). A
    conflict in a paper's field stops with exit 4: resolve with 'papercli edit KEY'.

    Example: papercli sync
    """
    from papercli.ops.git_sync import sync

    output.info(sync(store_of(ctx)).summary())

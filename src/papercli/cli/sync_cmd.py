"""``papercli sync``: share the library through its git remote."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, store_of


@command("sync")
def sync_command(
    ctx: typer.Context,
    keep: Annotated[
        list[str] | None,
        typer.Option(
            "--keep",
            metavar="KEY",
            help="Keep a paper a sync kept though it was removed on another machine "
            "(recorded for every clone; repeat for more).",
        ),
    ] = None,
) -> None:
    """Commit pending changes, merge the remote's, push, and refresh the index.

    Pulls by merging (never rebasing), so papercli's merge driver combines entries edited
    on two machines. A paper removed on one machine and changed on another is kept, and
    named (here and on every clone the merge reaches) until 'papercli rm KEY' removes it
    again or 'papercli sync --keep KEY' keeps it. Without a remote, or offline, the commit
    stays local (exit 0). A conflict in a paper's field stops with exit 4: resolve with
    'papercli edit KEY'.

    Example: papercli sync
    """
    from papercli.ops.git_sync import sync

    report = sync(store_of(ctx), keep)
    output.info(report.summary())
    if report.kept:
        output.warn(report.kept_message())

"""``papercli triage`` and ``papercli browse``: the full-screen UI (Textual, loaded only here)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from papercli.cli.core import command, store_of
from papercli.errors import InputError

LIMIT_HELP = "Papers in the list at once (a search still finds the rest)."


def _run(ctx: typer.Context, browse: bool, limit: int) -> None:
    name = "browse" if browse else "triage"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        hint = "'papercli list' / 'search'" if browse else "'papercli inbox' and 'papercli mark'"
        raise InputError(f"papercli {name} needs a terminal; in scripts use {hint}")
    if limit < 1:
        raise InputError("--limit must be 1 or more")
    store = store_of(ctx)
    store.require()
    from papercli.cli.tui.app import TriageApp
    from papercli.ops.triage import Session

    TriageApp(Session(store, inbox=not browse, limit=limit), browse=browse).run()


@command("triage")
def triage_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help=LIMIT_HELP)] = 500,
) -> None:
    """Go through the inbox (new papers) full-screen: read, keep, tag or skip each.

    Keys: t to-read, r read, s skip, a tag, e note, o open, c/C copy key or \\cite,
    u undo, / search, ? help, q quit. Every key is saved at once.

    Example: papercli triage
    """
    _run(ctx, browse=False, limit=limit)


@command("browse")
def browse_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help=LIMIT_HELP)] = 500,
) -> None:
    """Browse the whole library full-screen, searching as you type.

    The same keys as 'papercli triage'.

    Example: papercli browse
    """
    _run(ctx, browse=True, limit=limit)

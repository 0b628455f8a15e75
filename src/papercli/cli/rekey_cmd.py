"""``papercli rekey``: rename papers to the key the citation-key pattern gives them now."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import complete_key
from papercli.cli.core import command, describe, settings_of, store_of


@command("rekey")
def rekey_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(help="Keys of the papers to rename.", autocompletion=complete_key),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Every paper whose key shows a year other than its date's."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of {old, new}.")
    ] = False,
) -> None:
    """Rename papers to the key citekey_pattern gives them now; prints old -> new.

    Keys never change by themselves: 'papercli doctor' reports keys whose year disagrees
    with the paper's date. Update your \\cite commands with the printed pairs.

    Example: papercli rekey --all
    """
    from papercli.ops.rekeying import rekey

    pattern = settings_of(ctx).value("citekey_pattern")
    renamed = rekey(store_of(ctx), keys or [], every, pattern)
    if as_json:
        output.print_json([{"old": old, "new": new} for old, new in renamed])
    else:
        output.print_lines(f"{old} -> {new}\n" for old, new in renamed)
    output.info(f"renamed {len(renamed)} paper{'s' if len(renamed) != 1 else ''}")
    if renamed:
        describe(ctx, f"rekey: {', '.join(f'{old} -> {new}' for old, new in renamed[:5])}")

"""``papercli merge``: fold duplicate papers into the first one named."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import complete_key
from papercli.cli.core import command, describe, store_of


@command("merge")
def merge_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str],
        typer.Argument(
            help="The paper to keep, then the duplicates to fold into it (keys, ids, DOIs).",
            autocompletion=complete_key,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show the merged paper; change nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Merge papers that do not look like one paper."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print {key, folded, dry_run, entry} as JSON.")
    ] = False,
) -> None:
    """Fold duplicates into the first paper; their keys stay aliases of it.

    Tags are united, notes both kept, an explicit date beats a guessed one, the fuller
    author list and identifiers win, the furthest reading status wins. 'papercli doctor'
    lists likely duplicates.

    Example: papercli merge smith2024scaling smith2024scalinga
    """
    from papercli.ops.merge_papers import merge_papers

    result = merge_papers(store_of(ctx), keys, dry_run, force)
    folded = ", ".join(result.folded)
    if as_json:
        output.print_json(result.to_dict())
    elif dry_run:
        output.entry_detail(result.entry)
    if dry_run:
        output.info(f"would fold {folded} into {result.entry.key}; nothing was changed")
        return
    describe(ctx, f"merge: {folded} -> {result.entry.key}")
    output.info(f"folded {folded} into {result.entry.key}; the old keys are its aliases")

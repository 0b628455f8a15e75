"""``papercli edit`` and ``papercli note``: changing a paper by hand in a text editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output, targets
from papercli.cli.complete import complete_key
from papercli.cli.core import command, describe, store_of

if TYPE_CHECKING:
    from papercli.ops.editing import InvalidEdit


def _ask_reopen(error: InvalidEdit) -> bool:
    """Say what is wrong with the saved file; True to open the editor again."""
    output.info(f"Not saved: {error.reason}")
    return typer.confirm(
        "Re-open the editor to fix it? (no keeps the old version)", default=True, err=True
    )


@command("edit")
def edit_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Citation key of the paper.", autocompletion=complete_key)
    ],
) -> None:
    """Edit a paper's entry in $EDITOR; only a valid save is kept.

    The editor ($VISUAL, else $EDITOR, else vi) opens a copy of entries/KEY.yaml. A
    save that is not valid YAML or has a wrong field can be re-opened or dropped (the
    old version stays). Changing the key: field renames the paper.

    Example: papercli edit conda2025column
    """
    from papercli.cli.editor import run_editor
    from papercli.ops.editing import EditAbandoned, edit_entry

    store = store_of(ctx)
    store.require()
    ask = _ask_reopen if targets.interactive() else None
    try:
        result = edit_entry(store, key, ask, run_editor)
    except EditAbandoned as exc:
        output.info(str(exc))
        raise typer.Exit(1) from None
    describe(ctx, f"edit {key}" + (f" -> {result.entry.key}" if result and result.renamed else ""))
    for warning in result.warnings if result else ():
        output.warn(warning)
    if result is None or not result.changed:
        output.info(f"no changes to {key}; nothing was written")
    elif result.renamed:
        output.info(f"saved {result.entry.key} (renamed from {key})")
    else:
        output.info(f"saved {key}")


@command("note")
def note_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Citation key of the paper.", autocompletion=complete_key)
    ],
    text: Annotated[
        str | None,
        typer.Option(
            "--set", metavar="TEXT", help="Set the note to TEXT without an editor ('' removes it)."
        ),
    ] = None,
) -> None:
    """Write your own note on a paper, in $EDITOR.

    The note is plain text, not YAML. An empty note removes it. Notes are shown by
    'papercli show' and found by 'papercli search'.

    Example: papercli note conda2025column --set "Check the appendix proofs"
    """
    from papercli.cli.editor import run_editor
    from papercli.ops.notes import edit_note, save_note

    store = store_of(ctx)
    store.require()
    updated = save_note(store, key, text) if text is not None else edit_note(store, key, run_editor)
    key = updated.key if updated is not None else store.resolve([key])[0]
    describe(ctx, f"note {key}")
    if updated is None:
        output.info(f"no changes to the note of {key}")
    elif updated.note is None:
        output.info(f"removed the note of {key}")
    else:
        output.info(f"saved the note of {key}")

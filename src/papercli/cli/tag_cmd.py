"""``papercli tag`` and ``papercli tags``: organising papers with tags."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output, targets
from papercli.cli.complete import complete_key, complete_tag
from papercli.cli.core import command, describe, store_of
from papercli.cli.targets import CONFIRM_ABOVE
from papercli.errors import InputError


def _search_keys(ctx: typer.Context, query: str, yes: bool) -> list[str]:
    """Keys of every hit for ``query``, after confirmation when there are many."""
    keys = targets.search_keys(ctx, query, "nothing was changed")
    if len(keys) > CONFIRM_ABOVE and not yes:
        targets.confirm(
            f"Tag all {len(keys)} papers?",
            refusal=f"{len(keys)} papers match; refusing to tag more than {CONFIRM_ABOVE} "
            "without a terminal to confirm; add --yes or narrow the query",
            declined="nothing was changed",
        )
    return keys


@command("tag")
def tag_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(
            help="Citation keys, arXiv ids or DOIs of the papers to tag.",
            autocompletion=complete_key,
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", "-a", help="Tag to add (repeatable).", autocompletion=complete_tag),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove", "-r", help="Tag to remove (repeatable).", autocompletion=complete_tag
        ),
    ] = None,
    query: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Tag every paper matching this query instead."),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help=f"Do not ask before tagging more than {CONFIRM_ABOVE} hits."
        ),
    ] = False,
) -> None:
    """Add or remove tags on papers named by key or found by a search.

    Tags use letters, digits, spaces and - _ . : / + and match case-insensitively.

    Example: papercli tag conda2025column --add optimisers --remove to-read
    """
    from papercli.ops.tagging import tag_papers, validate

    for tag in add or ():
        validate(tag)
    if query is not None and not query.strip():
        raise InputError("the search query is empty; give words to look for")
    if not add and not remove:
        raise InputError("nothing to do; give --add TAG and/or --remove TAG")
    if keys and query is not None:
        raise InputError("give paper keys or --search QUERY, not both")
    if not keys and query is None:
        raise InputError("which papers? give their keys or --search QUERY")
    store_of(ctx).require()
    chosen = _search_keys(ctx, query, yes) if query is not None else keys or []
    entries, changed = tag_papers(store_of(ctx), chosen, add or (), remove or ())
    unchanged = len(entries) - len(changed)
    signs = [f"+{t}" for t in add or ()] + [f"-{t}" for t in remove or ()]
    describe(ctx, f"tag {' '.join(signs)}: {len(changed)} paper{'s' if len(changed) != 1 else ''}")
    output.info(
        f"changed {len(changed)} paper{'s' if len(changed) != 1 else ''}"
        + (f" ({unchanged} already as asked)" if unchanged else "")
    )


@command("tags")
def tags_command(
    ctx: typer.Context,
    rename: Annotated[
        tuple[str, str] | None,
        typer.Option("--rename", metavar="OLD NEW", help="Rename tag OLD to NEW on every paper."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of {tag, count}.")
    ] = False,
) -> None:
    """List every tag with the number of papers carrying it, or rename one.

    Example: papercli tags --rename ml machine-learning
    """
    from papercli.ops.tagging import library_tag_counts, rename_tag_everywhere

    if rename:
        old, new = rename
        changed = rename_tag_everywhere(store_of(ctx), old, new)
        describe(ctx, f"tags --rename {old} {new}: {len(changed)} papers")
        if as_json:
            output.print_json({"old": old, "new": new, "changed": [e.key for e in changed]})
        output.info(
            f"renamed '{old}' to '{new}' on {len(changed)} paper{'s' if len(changed) != 1 else ''}"
        )
        return
    store = store_of(ctx)
    store.require()
    counts = library_tag_counts(store)
    output.warn_problems(store.problems)
    if as_json:
        output.print_json([c.to_dict() for c in counts])
        return
    if not counts:
        output.info("no tags yet; add some with 'papercli tag KEY --add TAG'")
        return
    output.tags_table([(c.tag, c.count) for c in counts])

"""``papercli mark`` and ``papercli inbox``: reading status from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output, targets
from papercli.cli.browse import COLUMNS_HELP, NO_PAGER_HELP, print_query
from papercli.cli.complete import complete_key, complete_tag
from papercli.cli.core import command, store_of
from papercli.cli.targets import CONFIRM_ABOVE
from papercli.errors import InputError, NoMatchError


def _chosen_keys(
    ctx: typer.Context, query: str | None, tags: list[str], status: str, yes: bool
) -> list[str]:
    """Keys of every paper found by ``--search`` and/or ``--tag``, confirmed when many."""
    from papercli.store import Query

    if query is not None:
        if tags:
            from papercli.search.finder import find

            hits = find(store_of(ctx), query, Query(tags=tuple(tags))).hits
            if not hits:
                raise NoMatchError(
                    f"no papers with those tags match '{query}'; nothing was changed"
                )
            keys = [h.entry.key for h in hits]
        else:
            keys = targets.search_keys(ctx, query, "nothing was changed")
    else:
        keys = [e.key for e in store_of(ctx).query(Query(tags=tuple(tags)))]
        if not keys:
            raise NoMatchError(f"no paper has the tag(s) {', '.join(tags)}; nothing was changed")
    if len(keys) > CONFIRM_ABOVE and not yes:
        targets.confirm(
            f"Mark all {len(keys)} papers {status}?",
            refusal=f"{len(keys)} papers match; refusing to mark more than {CONFIRM_ABOVE} "
            "without a terminal to confirm; add --yes or narrow the query",
            declined="nothing was changed",
        )
    return keys


@command("mark", options_metavar="[OPTIONS]")
def mark_command(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[KEY]... STATUS",
            help="Citation keys (or arXiv ids, DOIs), then the status: new, to-read, read "
            "or skipped.",
            show_default=False,
            autocompletion=complete_key,
        ),
    ],
    query: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Mark every paper matching this query instead."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            help="Mark every paper with this tag (repeatable: all of them; with --search: "
            "only hits with it).",
            autocompletion=complete_tag,
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help=f"Do not ask before marking more than {CONFIRM_ABOVE} papers."
        ),
    ] = False,
) -> None:
    """Set the reading status of papers named by key, or found by --search / --tag.

    Example: papercli mark conda2025column matern2025priors read
    """
    from papercli.ops.reading import check_status, mark_papers

    *keys, status = args
    check_status(status)
    if query is not None and not query.strip():
        raise InputError("the search query is empty; give words to look for")
    if keys and (query is not None or tag):
        raise InputError("give paper keys or --search QUERY / --tag TAG, not both")
    if not keys and query is None and not tag:
        raise InputError("which papers? give their keys, --search QUERY or --tag TAG")
    store = store_of(ctx)
    store.require()
    chosen = keys if keys else _chosen_keys(ctx, query, tag or [], status, yes)
    entries, changed = mark_papers(store, chosen, status)
    unchanged = len(entries) - len(changed)
    output.info(
        f"marked {len(changed)} paper{'s' if len(changed) != 1 else ''} {status}"
        + (f" ({unchanged} already {status})" if unchanged else "")
    )


@command("inbox")
def inbox_command(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Show at most N papers (0: all).")
    ] = None,
    columns: Annotated[str | None, typer.Option("--columns", "-c", help=COLUMNS_HELP)] = None,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of entries.")] = False,
) -> None:
    """List the papers not looked at yet (status new), newest import first.

    Triage them with 'papercli triage', or mark them with 'papercli mark'.

    Example: papercli inbox --limit 20
    """
    from papercli.store import Query

    query = Query(status=("new",), sort="added", limit=limit)
    print_query(ctx, query, columns, no_pager, as_json, "the inbox is empty: no new papers")

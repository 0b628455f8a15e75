"""``papercli mark`` and ``papercli inbox``: reading status from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output, targets
from papercli.cli.browse import COLUMNS_HELP, NO_PAGER_HELP, print_query
from papercli.cli.complete import complete_key, complete_tag
from papercli.cli.core import command, store_of
from papercli.cli.targets import CONFIRM_ABOVE
from papercli.errors import InputError, NoMatchError

if TYPE_CHECKING:
    from papercli.ops.ranking import Reason


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


SORTS = ("score", "date")


@command("inbox")
def inbox_command(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Show at most N papers (0: all).")
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            help="score: most promising first (once there are enough decisions); "
            "date: newest import first. Default: score when ranked.",
        ),
    ] = None,
    like: Annotated[
        str | None,
        typer.Option(
            "--like",
            help="Rank by one tag: its papers are the positives.",
            autocompletion=complete_tag,
        ),
    ] = None,
    why: Annotated[
        bool, typer.Option("--why", help="Add the words that raised or lowered each score.")
    ] = False,
    columns: Annotated[str | None, typer.Option("--columns", "-c", help=COLUMNS_HELP)] = None,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of entries.")] = False,
) -> None:
    """List the papers not looked at yet (status new), most promising first.

    The order is learnt from your decisions: read and to-read papers (and tagged ones)
    are what you keep, skipped ones what you do not. Until there are enough decisions,
    and with --sort date, the newest import comes first.

    Example: papercli inbox --limit 20
    """
    from papercli.store import Query

    if sort is not None and sort not in SORTS:
        raise InputError(f"unknown sort order {sort!r}; use score or date")
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more (0 shows all)")
    empty = "the inbox is empty: no new papers"
    ranked = sort != "date" or like is not None
    if ranked and _print_ranked(ctx, limit, like, why, sort, columns, no_pager, as_json, empty):
        return
    query = Query(status=("new",), sort="added", limit=limit)
    print_query(ctx, query, columns, no_pager, as_json, empty)


def _print_ranked(
    ctx: typer.Context,
    limit: int | None,
    like: str | None,
    why: bool,
    sort: str | None,
    columns: str | None,
    no_pager: bool,
    as_json: bool,
    empty: str,
) -> bool:
    """Print the inbox in the model's order; False (after saying why) when not ranked."""
    from papercli.cli.browse import table_settings
    from papercli.ops.ranking import explain_many, ranked_inbox

    store = store_of(ctx)
    store.require()
    ranking, entries = ranked_inbox(store, like, limit or 0)
    if not ranking.ranked:
        if like is not None or sort == "score":
            output.info(ranking.not_ranked_reason() + "; showing the newest first")
        return False
    output.warn_problems(store.problems)
    scores = dict(ranking.order)
    reasons = {}
    if why:
        explained = explain_many(store, [e.key for e in entries], like)
        reasons = {key: _strongest(found[1]) for key, found in explained.items()}
    if as_json:
        rows = [{**e.to_dict(), "score": scores[e.key]} for e in entries]
        for row in rows:
            if why:
                row["why"] = [r.to_dict() for r in reasons[row["key"]]]
        output.print_json(rows)
        return True
    if not entries:
        output.info(empty)
        return True
    if limit and len(ranking.order) > len(entries):
        output.info(f"{len(entries)} of {len(ranking.order)} shown; --limit 0 for all")
    shown, pager = table_settings(ctx, columns, no_pager)
    output.entries_table(
        entries,
        extra_first=("score", [f"{scores[e.key]:.2f}" for e in entries]),
        columns=shown,
        pager=pager,
    )
    if why:
        output.print_lines(
            f"{e.key}: " + " ".join(f"{r.effect:+.2f} {r.word}" for r in reasons[e.key]) + "\n"
            for e in entries
        )
    return True


def _strongest(reasons: list[Reason]) -> list[Reason]:
    """The three words raising and the three lowering a score most."""
    return [r for r in reasons if r.effect > 0][:3] + [r for r in reasons if r.effect < 0][:3]

"""``papercli stats``: the library in numbers, as bar charts or JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, store_of

MONTHS_HELP = "How many months up to the newest paper to chart (0: every month)."


@command("stats")
def stats_command(
    ctx: typer.Context,
    months: Annotated[int, typer.Option("--months", "-m", help=MONTHS_HELP)] = 12,
    top: Annotated[
        int, typer.Option("--top", help="How many tags and categories to show (0: all).")
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count papers by reading status, year, month, tag, source format and arXiv category.

    Example: papercli stats --months 24 --top 5
    """
    from papercli.ops.stats import check_options, compute_stats

    check_options(months, top)
    store = store_of(ctx)
    store.require()
    entries = store.query(brief=True)
    output.warn_problems(store.problems)
    stats = compute_stats(entries, months=months, top=top)
    stats.pdf_bytes = sum(path.stat().st_size for path in store.pdfs.files())
    if as_json:
        output.print_json(stats.to_dict())
        return
    if not stats.total:
        output.info("no papers in the library yet")
        return
    from papercli.cli.stats_view import render_stats

    render_stats(stats)

"""``papercli pull``: the daily papers of Hugging Face and arXiv categories, into the inbox."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, describe, settings_of, sources_of, store_of
from papercli.cli.enrich_cmd import progress_bar
from papercli.errors import InputError

TODAY_ENV = "PAPERCLI_TODAY"  # the day taken as today (tests, replays); default: UTC today


def today() -> dt.date:
    """``$PAPERCLI_TODAY``, else today's date in UTC (the day the lists are named by)."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if value:
        return _day(value, f"${TODAY_ENV}")
    return dt.datetime.now(dt.timezone.utc).date()


def _day(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} wants a date as YYYY-MM-DD, not {value!r}") from None


@command("pull")
def pull_command(
    ctx: typer.Context,
    what: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[hf | arxiv CATEGORY...]",
            help="What to pull: 'hf' (Hugging Face daily papers) or 'arxiv cs.LG stat.ML'. "
            "Default: the sources of the 'pull' setting.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Pull this day only (YYYY-MM-DD).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Pull every day from this one to today.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be added; write nothing.")
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="Use saved answers only; make no request.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Pull the day's papers from Hugging Face and arXiv into the inbox (status new).

    Without a day, each source continues from the day after the last one pulled, up to
    today, so a daily cron job that missed days catches up.

    Example: papercli pull arxiv cs.LG --since 2026-06-01
    """
    from papercli.ops.pull import day_range, pending_days, pull
    from papercli.sources.feeds import parse_sources

    if date and since:
        raise InputError("give --date or --since, not both")
    sources = parse_sources(_source_names(what or [], settings_of(ctx).value("pull")))
    store = store_of(ctx)
    now_day = today()
    if date:
        days = [_day(date, "--date")]
    elif since:
        days = day_range(_day(since, "--since"), now_day)
    plan = [(s, days if date or since else pending_days(store, s, now_day)) for s in sources]
    now = dt.datetime.now(dt.timezone.utc).astimezone()
    pattern = settings_of(ctx).value("citekey_pattern")
    with progress_bar("pulling days") as progress:
        report = pull(
            store,
            plan,
            sources_of(ctx),
            today=now_day,
            now=now,
            dry_run=dry_run,
            offline=offline,
            key_pattern=pattern,
            progress=progress,
        )
    for warning in [*report.warnings, *report.imported.warnings]:
        output.warn(warning)
    for day in report.days:
        count = f"{day.papers} papers" if day.papers else "no papers (yet)"
        output.info(f"{day.source} {day.day}: {count}")
    if as_json:
        output.print_json(report.to_dict())
    elif dry_run:
        rows = [("add", k, report.imported.titles.get(k, "")) for k in report.imported.added]
        rows += [("merge", m.into, m.title) for m in report.imported.merges]
        output.plain_table(("action", "paper", "title"), rows)
    summary = report.imported.summary()
    output.info(f"dry run, nothing written: would be {summary}" if dry_run else summary)
    if not dry_run:
        first, last = min(d.day for d in report.days), max(d.day for d in report.days)
        span = first if first == last else f"{first}..{last}"
        describe(ctx, f"pull {', '.join(s.name for s in sources)} {span}: {summary}")


def _source_names(args: list[str], configured: list[str]) -> list[str]:
    """Source names from the arguments (``hf``; ``arxiv cs.LG stat.ML``) or the setting."""
    if not args:
        return configured
    kind, *rest = args
    if kind == "hf" and not rest:
        return ["hf"]
    if kind == "arxiv":
        if not rest:
            raise InputError("which arXiv categories? e.g. 'papercli pull arxiv cs.LG stat.ML'")
        return [f"arxiv:{category}" for category in rest]
    if kind.startswith(("hf", "arxiv:")):
        return args
    raise InputError(f"unknown source {kind!r}; pull hf, or pull arxiv CATEGORY...")

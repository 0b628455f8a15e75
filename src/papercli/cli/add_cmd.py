"""``papercli add``: papers by arXiv id, DOI or paper URL, looked up and imported."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import Offline
from papercli.cli.core import command, settings_of, sources_of, store_of


def read_ids(args: list[str]) -> list[str]:
    """The arguments, with ``-`` replaced by stdin's lines (blank and ``#`` lines skipped)."""
    texts: list[str] = []
    for arg in args:
        if arg == "-":
            lines = [line.strip() for line in sys.stdin.read().splitlines()]
            texts.extend(line for line in lines if line and not line.startswith("#"))
        else:
            texts.append(arg)
    return texts


@command("add")
def add_command(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            help="arXiv ids, DOIs, arXiv/doi.org/Hugging Face paper URLs; '-' reads them from "
            "stdin, one per line.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would be added; change nothing.")
    ] = False,
    offline: Offline = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Add papers by arXiv id or DOI: metadata from the arXiv API and Crossref, merged like
    an import (known papers are completed, not duplicated).

    Example: papercli add 2303.08867 10.1093/gji/ggz376 https://huggingface.co/papers/2509.24218
    """
    from papercli.errors import InputError
    from papercli.identifiers import parse_identifiers
    from papercli.ops.adding import add_papers
    from papercli.ops.online import cache_dir_for, open_sources

    papers = parse_identifiers(read_ids(ids))
    if not papers:
        raise InputError("no arXiv id or DOI given; try papercli add 2303.08867")
    store = store_of(ctx)
    sources = open_sources(sources_of(ctx), cache_dir_for(store, dry_run), offline)
    result = add_papers(
        store,
        papers,
        sources,
        dt.datetime.now(dt.timezone.utc).astimezone(),
        key_pattern=settings_of(ctx).value("citekey_pattern"),
        dry_run=dry_run,
    )
    for missing in result.missing:
        output.warn(missing)
    for named, key in result.held.items():
        output.info(f"{named} is already held as {key} ('papercli enrich {key}' refreshes it)")
    for warning in result.report.warnings:
        output.warn(warning)
    if as_json:
        output.print_json(result.to_dict())
    elif dry_run:
        report = result.report
        plan = [("add", k) for k in report.added] + [("update", k) for k in report.updated]
        output.print_lines(
            f"would {verb} {key}\t{result.titles.get(key, '')}\n" for verb, key in plan
        )
    prefix = "dry run: " if dry_run else ""
    output.info(prefix + result.report.summary())

"""``papercli import``: digests in, library entries out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, describe, settings_of, store_of
from papercli.errors import InputError

if TYPE_CHECKING:
    from papercli.ops.importing import ImportReport


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of wants a date as YYYY-MM-DD, not {value!r}") from None


def _plan_rows(report: ImportReport) -> list[tuple[str, str, str]]:
    """The dry run's table: one row per paper added, record merged and file refused."""
    rows = [("add", key, report.titles.get(key, "")) for key in report.added]
    rows += [("merge", m.into, m.title) for m in report.merges]
    rows += [("refuse", r.file, r.reason) for r in report.refused]
    return rows


@command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(help="Digest files to import; '-' reads stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Digest format (default: detected). See 'formats'."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Resolve dates without a year against this day (YYYY-MM-DD; default today).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            "-n",
            help="Show what would be added, merged (into which paper) and refused; write nothing.",
        ),
    ] = False,
) -> None:
    """Parse digests and merge their papers into the library.

    Example: papercli import examples/hf-daily-sample.txt
    """
    from papercli.ops.importing import import_entries, parse_digests, preview_import

    incoming, warnings, refused = parse_digests(files, _as_of(as_of), fmt, keep_going=dry_run)
    now = dt.datetime.now(dt.timezone.utc).astimezone()
    pattern = settings_of(ctx).value("citekey_pattern")
    if dry_run:
        report, _ = preview_import(store_of(ctx), incoming, now, key_pattern=pattern)
        report.refused = refused
    else:
        report = import_entries(store_of(ctx), incoming, now, key_pattern=pattern)
    for warning in [*warnings, *report.warnings]:
        output.warn(warning)
    if as_json:
        output.print_json({**report.to_dict(), "dry_run": dry_run})
    elif dry_run:
        output.plain_table(("action", "paper", "title or reason"), _plan_rows(report))
    if dry_run:
        output.info(f"dry run, nothing written: would be {report.summary()}")
        if refused:
            output.info(f"{len(refused)} file{'s' if len(refused) != 1 else ''} refused")
        return
    output.info(report.summary())
    describe(ctx, f"import {', '.join(Path(f).name for f in files)}: {report.summary()}")

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
    from papercli.ops.importing import ImportReport, Refusal


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


def _refused(refused: list[Refusal], dry_run: bool, summary: str) -> None:
    """Refused files end an import (dry run or not, JSON or not) with exit status 1."""
    for refusal in refused:
        output.error(refusal.reason)
    if dry_run:
        output.info(f"dry run, nothing written: would be {summary} without the refused")
    raise typer.Exit(InputError.exit_code)


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
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help="Import a digest whose few bad records the gate refuses, leaving those out.",
        ),
    ] = False,
) -> None:
    """Parse digests and merge their papers into the library.

    Example: papercli import examples/hf-daily-sample.txt
    """
    from papercli.ops.importing import (
        ImportReport,
        import_entries,
        parse_digests,
        preview_import,
    )

    parsed = parse_digests(
        files, _as_of(as_of), fmt, keep_going=dry_run or as_json, skip_bad=skip_bad
    )
    now = dt.datetime.now(dt.timezone.utc).astimezone()
    pattern = settings_of(ctx).value("citekey_pattern")
    if dry_run:
        report, _ = preview_import(store_of(ctx), parsed.incoming, now, key_pattern=pattern)
    elif parsed.refused:
        report = ImportReport()  # a refused file imports nothing, as without --json
    else:
        report = import_entries(store_of(ctx), parsed.incoming, now, key_pattern=pattern)
    report.refused, report.skipped = parsed.refused, parsed.skipped
    for warning in [*parsed.warnings, *report.warnings]:
        output.warn(warning)
    if as_json:
        output.print_json({**report.to_dict(), "dry_run": dry_run})
    elif dry_run:
        output.plain_table(("action", "paper", "title or reason"), _plan_rows(report))
    if parsed.refused:
        _refused(parsed.refused, dry_run, report.summary())
    if dry_run:
        output.info(f"dry run, nothing written: would be {report.summary()}")
        return
    output.info(report.summary())
    describe(ctx, f"import {', '.join(Path(f).name for f in files)}: {report.summary()}")

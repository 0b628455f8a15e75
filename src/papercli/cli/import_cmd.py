"""``papercli import``: digests in, library entries out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, describe, settings_of, store_of
from papercli.errors import InputError


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of wants a date as YYYY-MM-DD, not {value!r}") from None


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
) -> None:
    """Parse digests and merge their papers into the library.

    Example: papercli import examples/hf-daily-sample.txt
    """
    from papercli.ops.digest_input import read_digest
    from papercli.ops.importing import import_entries
    from papercli.parsers import parse

    reference = _as_of(as_of)
    incoming = []
    warnings: list[str] = []
    for name in files:
        origin, text = read_digest(name)
        parsed = parse(text, reference, fmt=fmt, origin=origin)
        incoming.extend(parsed.entries)
        warnings.extend(f"{origin}: {w}" for w in parsed.warnings)
    report = import_entries(
        store_of(ctx),
        incoming,
        dt.datetime.now(dt.timezone.utc).astimezone(),
        key_pattern=settings_of(ctx).value("citekey_pattern"),
    )
    for warning in [*warnings, *report.warnings]:
        output.warn(warning)
    if as_json:
        output.print_json(report.to_dict())
    output.info(report.summary())
    describe(ctx, f"import {', '.join(Path(f).name for f in files)}: {report.summary()}")

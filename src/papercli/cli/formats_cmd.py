"""``papercli formats``: the digest formats ``import`` understands."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command


@command("formats")
def formats_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the formats as JSON.")] = False,
) -> None:
    """List the digest formats, one per line, in detection order.

    Example: papercli import --format arxiv-email listing.txt
    """
    from papercli.parsers import FORMATS, format_module

    rows = [(name, format_module(name).DESCRIPTION) for name in FORMATS]
    if as_json:
        output.print_json([{"name": name, "description": text} for name, text in rows])
        return
    width = max(len(name) for name, _ in rows)
    output.print_lines(f"{name.ljust(width)}  {text}\n" for name, text in rows)

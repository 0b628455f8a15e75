"""``papercli open``: a paper's web page in the browser."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import complete_key
from papercli.cli.core import command, store_of


@command("open")
def open_command(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="Citation key, arXiv id or DOI of the paper.", autocompletion=complete_key
        ),
    ],
    print_only: Annotated[
        bool, typer.Option("--print", "-p", help="Print the URL instead of opening it.")
    ] = False,
) -> None:
    """Open a paper's web page in the browser.

    The page is the arXiv abstract page, else the paper's first URL, else its DOI. The
    browser is the one $BROWSER names, else the system's.

    Example: papercli open conda2025column --print
    """
    from papercli.ops.links import open_in_browser, require_url

    entry = store_of(ctx).get(key)
    url = require_url(entry)
    if print_only:
        sys.stdout.write(url + "\n")
        return
    output.info(f"opening {url}")
    open_in_browser(url)

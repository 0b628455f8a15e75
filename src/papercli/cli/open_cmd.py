"""``papercli open``: a paper's PDF in the viewer, or its web page in the browser."""

from __future__ import annotations

import os
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
        bool,
        typer.Option("--print", "-p", help="Print the file or URL instead of opening it."),
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Open the PDF (an error if none).")] = False,
    page: Annotated[
        bool, typer.Option("--page", help="Open the web page even when there is a PDF.")
    ] = False,
) -> None:
    """Open a paper's PDF when the library has one, else its web page.

    The page is the arXiv abstract page, else the paper's first URL, else its DOI. The PDF
    opens in the program $PAPERCLI_PDF_VIEWER names, else the system's viewer; the page in
    the browser $BROWSER names, else the system's.

    Example: papercli open conda2025column --print
    """
    from papercli.errors import InputError
    from papercli.ops.links import open_in_browser
    from papercli.ops.pdfs import open_pdf, open_target

    if pdf and page:
        raise InputError("--pdf and --page choose opposite things; give one")
    store = store_of(ctx)
    entry = store.get(key)
    kind, target = open_target(store, entry, "pdf" if pdf else "page" if page else "auto")
    if print_only:
        sys.stdout.write(target + "\n")
        return
    output.info(f"opening {target}")
    if kind == "pdf":
        open_pdf(target, os.environ.get("PAPERCLI_PDF_VIEWER", "").strip() or None)
    else:
        open_in_browser(target)

"""``papercli pdf``, ``attach`` and ``detach``: the papers' PDF files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import TagFilter, complete_key
from papercli.cli.core import command, describe, settings_of, sources_of, store_of
from papercli.cli.enrich_cmd import progress_bar
from papercli.cli.list_cmd import StatusFilter, check_statuses

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercli.model import Entry
    from papercli.ops.pdfs import Outcome
    from papercli.store import Store


@command("pdf")
def pdf_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Keys, arXiv ids or DOIs of the papers.",
            show_default=False,
            autocompletion=complete_key,
        ),
    ] = None,
    status: StatusFilter = None,
    tag: TagFilter = None,
    inbox: Annotated[bool, typer.Option("--inbox", help="Papers in the inbox (new).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcomes as JSON.")] = False,
) -> None:
    """Download the arXiv PDF of each paper that has none, one request at a time.

    Papers already holding a PDF are skipped, papers without an arXiv id are listed with
    the reason; a cancelled run keeps every PDF that finished. Then the new PDFs' text is
    indexed for search.

    Example: papercli pdf --inbox
    """
    from papercli.errors import InputError
    from papercli.store import Query

    store = store_of(ctx)
    store.require()
    statuses = check_statuses(status) or ()
    if inbox:
        statuses = (*statuses, "new")
    if refs:
        entries = store.get_many(refs, "nothing was fetched")
    elif statuses or tag:
        entries = store.query(Query(tags=tuple(tag or ()), status=tuple(statuses)))
    else:
        raise InputError("name the papers: keys, --status, --tag or --inbox")
    outcomes = fetch_and_index(ctx, store, entries)
    if as_json:
        output.print_json([o.to_dict() for o in outcomes])
    failed = sum(o.state == "failed" for o in outcomes)
    if failed:
        raise typer.Exit(1)


def fetch_and_index(ctx: typer.Context, store: Store, entries: Sequence[Entry]) -> list[Outcome]:
    """Fetch the PDFs of ``entries`` with progress on stderr, a line per paper that did
    not get one, a summary; then index the new files' text. Also used by ``add --pdf``."""
    from papercli.ops.pdfs import fetch

    settings = settings_of(ctx)
    client = sources_of(ctx).client()
    base, delay = settings.value("arxiv_pdf"), settings.value("arxiv_delay")
    with progress_bar("fetching PDFs") as advance:
        seen = 0

        def done(outcome: Outcome) -> None:
            nonlocal seen
            seen += 1
            if advance:
                advance(seen, len(entries))
            if outcome.state in ("failed", "skipped"):
                output.warn(f"{outcome.key}: {outcome.state}: {outcome.detail}")

        outcomes = fetch(store, entries, client, base, delay, done)
    counts = {s: sum(o.state == s for o in outcomes) for s in ("fetched", "present")}
    others = len(outcomes) - counts["fetched"] - counts["present"]
    output.info(
        f"{counts['fetched']} fetched, {counts['present']} already present, {others} without a PDF"
    )
    if counts["fetched"]:
        describe(ctx, f"pdf: fetched {counts['fetched']} PDFs")
        index_text(store)
    return outcomes


def index_text(store: Store) -> None:
    """Index the text of new PDFs, warning about any that have none."""
    from papercli.ops.fulltext import sync_fulltext

    with progress_bar("reading PDFs") as advance:
        report = sync_fulltext(store, progress=advance)
    for key, problem in report.problems:
        output.warn(f"{key}: the PDF {problem}; it will not be found by --fulltext")


@command("attach")
def attach_command(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(help="Key, arXiv id or DOI of the paper.", autocompletion=complete_key),
    ],
    file: Annotated[Path, typer.Argument(help="The PDF file.", show_default=False)],
    move: Annotated[
        bool, typer.Option("--move", help="Move the file into the library instead of copying.")
    ] = False,
) -> None:
    """Put a PDF from disk into the library as a paper's file (pdfs/<key>.pdf).

    Example: papercli attach vaswani2017attention ~/Downloads/1706.03762.pdf --move
    """
    from papercli.ops.pdfs import attach

    store = store_of(ctx)
    entry = attach(store, ref, file, move=move)
    describe(ctx, f"attach: {entry.key}")
    output.info(f"{'moved' if move else 'copied'} {file} to {entry.pdf}")
    index_text(store)


@command("detach")
def detach_command(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(help="Key, arXiv id or DOI of the paper.", autocompletion=complete_key),
    ],
) -> None:
    """Delete a paper's PDF from the library and forget it (the entry stays).

    Example: papercli detach vaswani2017attention
    """
    from papercli.ops.pdfs import detach

    store = store_of(ctx)
    entry, deleted = detach(store, ref)
    describe(ctx, f"detach: {entry.key}")
    output.info(f"{entry.key}: PDF {'deleted' if deleted else 'forgotten (no file was there)'}")
    index_text(store)

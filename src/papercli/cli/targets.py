"""Choosing the papers a changing command acts on, and asking before touching many.

Shared by ``tag`` and ``rm`` so both follow one rule: a search that hits more than
``CONFIRM_ABOVE`` papers (``rm``: any paper) is confirmed on a terminal unless ``--yes``;
without a terminal the command refuses instead of waiting for an answer.
"""

from __future__ import annotations

import sys

import typer

from papercli.cli import output
from papercli.cli.core import store_of
from papercli.errors import InputError, NoMatchError

CONFIRM_ABOVE = 20


def interactive() -> bool:
    """True when we can ask the user a question (stdin and stderr are terminals)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def search_keys(ctx: typer.Context, query: str, nothing_done: str) -> list[str]:
    """Keys of every hit for ``query``, best first; says how many matched on stderr."""
    from papercli.search.finder import find

    if not query.strip():
        raise InputError(f"the search query is empty; {nothing_done}")
    store = store_of(ctx)
    store.require()
    hits = find(store, query).hits
    if not hits:
        raise NoMatchError(f"no papers match '{query}'; {nothing_done}")
    output.info(f"{len(hits)} {'papers match' if len(hits) != 1 else 'paper matches'} '{query}'")
    return [h.entry.key for h in hits]


def confirm(question: str, refusal: str, declined: str) -> None:
    """Ask ``question`` (default no); refuse with ``refusal`` when nobody can answer.

    A "no" prints ``declined`` and exits with status 1.
    """
    if not interactive():
        raise InputError(refusal)
    if not typer.confirm(question, err=True):
        output.info(declined)
        raise typer.Exit(1)

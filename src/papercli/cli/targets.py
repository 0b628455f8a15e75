"""Choosing the papers a changing command acts on, and asking before touching many.

Shared by ``tag`` and ``rm`` so both follow one rule: a search that hits more than
``CONFIRM_ABOVE`` papers (``rm``: any paper) is confirmed on a terminal unless ``--yes``;
without a terminal the command refuses instead of waiting for an answer.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from papercli.cli import output
from papercli.cli.app import library_of
from papercli.errors import InputError, NoMatchError, NotFoundError

if TYPE_CHECKING:
    from papercli.store.files import Library

CONFIRM_ABOVE = 20


def interactive() -> bool:
    """True when we can ask the user a question (stdin and stderr are terminals)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def require_library(library: Library) -> None:
    """Refuse before taking the lock (which creates files) when there is no library."""
    if not library.exists():
        raise NotFoundError(f"no library at {library.root} yet; import a digest first")


def search_keys(ctx: typer.Context, query: str, nothing_done: str) -> list[str]:
    """Keys of every hit for ``query``, best first; says how many matched on stderr."""
    from papercli.search.finder import find
    from papercli.store.index import open_index

    with open_index(library_of(ctx)) as index:
        hits = find(index, query)
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

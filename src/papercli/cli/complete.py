"""Shell completion of citation keys and tags, for Typer's ``autocompletion=``.

Attach to a parameter::

    key: Annotated[str, typer.Argument(help="...", autocompletion=complete_key)]
    tag: Annotated[list[str] | None, typer.Option("--tag", autocompletion=complete_tag)]

Completion runs the command line with ``_PAPERCLI_COMPLETE`` set and without invoking any
callback, so ``--library`` is read from the parsed options. A multi-key argument named
``keys`` has the keys already typed left out. Typer keeps only candidates that start with
the typed text exactly (case-sensitive). Any failure (no library, a broken config file)
offers nothing rather than printing into the user's prompt.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

from papercli.cli.core import store_of
from papercli.errors import PapercliError

# Characters bash would split on or interpret in a completed word (tags allow space, + : /).
_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def complete_key(ctx: typer.Context, incomplete: str) -> list[str]:
    """Citation keys starting with what was typed, minus those already given to ``keys``."""
    typed = ctx.params.get("keys") or ()
    try:
        return store_of(ctx).key_candidates(incomplete, exclude=typed)
    except (PapercliError, OSError):
        return []


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags in the library starting with what was typed (case-insensitive)."""
    try:
        return store_of(ctx).tag_candidates(incomplete)
    except (PapercliError, OSError):
        return []


def escape_for_bash() -> None:
    """Make bash completion escape what it offers (a tag ``LLM agents`` -> ``LLM\\ agents``).

    bash inserts a candidate as it is, so a space would split the tag into two arguments.
    Typer's bash protocol prints values raw, and it compares them with the typed text
    unescaped, so the escaping happens here, as the candidates are printed, after the
    comparison. Call it after Typer has registered its completion classes."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete

    class EscapingBash(BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return _SHELL_SPECIAL.sub(r"\\\g<0>", str(item.value))

    add_completion_class(EscapingBash, "bash")


def complete_status(incomplete: str) -> list[str]:
    """Reading statuses starting with what was typed."""
    from papercli.model import STATUSES

    return [name for name in STATUSES if name.startswith(incomplete.lower())]


def complete_format(incomplete: str) -> list[str]:
    """Export format names starting with what was typed."""
    from papercli.config import EXPORT_FORMATS

    return [name for name in EXPORT_FORMATS if name.startswith(incomplete.lower())]


TagFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="Only papers with this tag (repeatable).",
        autocompletion=complete_tag,
    ),
]
"""The ``--tag`` filter of list, search and export (every tag given must be present)."""

Offline = Annotated[
    bool, typer.Option("--offline", help="Use saved answers only; never go online.")
]
"""``--offline`` of the commands that ask arXiv and Crossref (add, enrich)."""

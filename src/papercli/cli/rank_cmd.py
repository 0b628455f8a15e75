"""``papercli why`` and ``papercli related``: what the ranking sees in one paper."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.complete import complete_key, complete_tag
from papercli.cli.core import command, store_of
from papercli.errors import InputError

WORDS_SHOWN = 8


@command("why")
def why_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Citation key, arXiv id or DOI.", autocompletion=complete_key)
    ],
    like: Annotated[
        str | None,
        typer.Option(
            "--like", help="Explain the ranking by this tag.", autocompletion=complete_tag
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the score and words as JSON.")
    ] = False,
) -> None:
    """Show the words that raised or lowered a paper's score in the ranked inbox.

    Words are the index's search terms (lightly stemmed); 'by NAME' is an author.

    Example: papercli why conda2025column
    """
    from papercli.ops.ranking import explain

    store = store_of(ctx)
    store.require()
    entry_key = store.resolve([key])[0]
    score, reasons = explain(store, entry_key, like)
    ups = [r for r in reasons if r.effect > 0][:WORDS_SHOWN]
    downs = [r for r in reasons if r.effect < 0][:WORDS_SHOWN]
    if as_json:
        output.print_json(
            {
                "key": entry_key,
                "score": round(score, 4),
                "raised": [r.to_dict() for r in ups],
                "lowered": [r.to_dict() for r in downs],
            }
        )
        return
    lines = [f"{entry_key}: score {score:.2f}\n"]
    lines += [f"  + {r.to_dict()['word']:<24} {r.effect:+.3f}\n" for r in ups]
    lines += [f"  - {r.to_dict()['word']:<24} {r.effect:+.3f}\n" for r in downs]
    output.print_lines(lines)


@command("related")
def related_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Citation key, arXiv id or DOI.", autocompletion=complete_key)
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most N papers.")] = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print them as JSON, with a score.")
    ] = False,
) -> None:
    """List the library's papers nearest to one paper by their text.

    The paper's most distinctive words (title, abstract, authors) are looked up in the
    index and the papers holding them ranked by bm25.

    Example: papercli related conda2025column --limit 5
    """
    from papercli.ops.related import related

    if limit < 1:
        raise InputError("--limit must be 1 or more")
    store = store_of(ctx)
    store.require()
    entry_key = store.resolve([key])[0]
    hits = related(store, entry_key, limit)
    if as_json:
        output.print_json([{**e.to_dict(), "score": round(s, 4)} for e, s in hits])
        return
    if not hits:
        output.info(f"no paper shares enough words with {entry_key}")
        return
    output.entries_table([e for e, _ in hits], extra_first=("score", [f"{s:.2f}" for _, s in hits]))

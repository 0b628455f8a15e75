"""``papercli doctor``: report problems in the library, and repair the safe ones."""

from __future__ import annotations

from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, store_of


@command("doctor")
def doctor_command(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Repair what is safe (remove orphan temp files) first."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Check the library: unreadable files, clashing keys, duplicates, leftover temp files.

    Likely duplicates share an arXiv id or DOI in any form, or a title (TeX, Unicode and
    British/American spelling folded) with a compatible year and first author; --json gives
    each group's keys and reason. Papers a sync kept though removed on another machine are
    listed until 'papercli rm KEY' or 'papercli sync --keep KEY'.

    Exits 1 when problems remain, 0 when the library is clean.

    Example: papercli doctor --fix
    """
    from papercli.ops.doctor import diagnose, repair, watcher_status

    library = store_of(ctx)
    done = repair(library) if fix else []
    problems = diagnose(library)
    if as_json:
        output.print_json(
            {
                "library": str(library.root),
                "problems": [p.to_dict() for p in problems],
                "fixed": done,
                "watcher": watcher_status(library),
            }
        )
    else:
        for line in done:
            output.info(line)
        for problem in problems:
            output.print_lines([f"{problem.kind}: {problem.message}\n"])
    if library.exists() and not as_json:
        output.info(_watcher_line(watcher_status(library)))
    if not library.exists():
        output.info(f"no library at {library.root} yet; nothing to check")
    elif problems:
        hint = "; 'papercli doctor --fix' repairs some" if any(p.fixable for p in problems) else ""
        output.info(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found{hint}")
    else:
        output.info("no problems found")
    if problems:
        raise typer.Exit(1)


def _watcher_line(status: dict[str, object]) -> str:
    """``watcher: running (pid N since T)`` or ``watcher: not running``, and its last failure."""
    if status["running"]:
        line = f"watcher: running (pid {status['pid']}"
        line += f" since {status['since']})" if status["since"] else ")"
    else:
        line = "watcher: not running"
    if status["last_failure"]:
        line += f"; last failure {status['last_failure']}: {status['reason']}"
    if status["retry_after"]:
        line += f"; no new start before {status['retry_after']}"
    return line

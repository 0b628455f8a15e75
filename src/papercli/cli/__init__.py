"""The command line: a thin Typer layer that parses options, calls the core, and prints.

Typer turns every registered command into a Click command at each start, which with 27
commands cost about as much as the work of a ``show``. So ``main`` registers only the
module of the command being run (every module for ``--help``, completion or anything it
does not recognise); ``app``, asked for by name, always has every command.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

# command -> the module of papercli.cli that defines it
COMMANDS = {
    "add": "add_cmd",
    "attach": "pdf_cmd",
    "browse": "triage_cmd",
    "config": "config_cmd",
    "detach": "pdf_cmd",
    "doctor": "doctor_cmd",
    "edit": "edit_cmd",
    "enrich": "enrich_cmd",
    "export": "export_cmd",
    "formats": "formats_cmd",
    "git": "git_cmd",
    "git-setup": "git_cmd",
    "import": "import_cmd",
    "inbox": "mark_cmd",
    "init": "git_cmd",
    "list": "list_cmd",
    "mark": "mark_cmd",
    "merge": "merge_cmd",
    "merge-entry": "git_cmd",
    "note": "edit_cmd",
    "open": "open_cmd",
    "pull": "pull_cmd",
    "pdf": "pdf_cmd",
    "rekey": "rekey_cmd",
    "related": "rank_cmd",
    "reindex": "index_cmd",
    "rm": "rm_cmd",
    "search": "search_cmd",
    "show": "list_cmd",
    "stats": "stats_cmd",
    "sync": "sync_cmd",
    "tag": "tag_cmd",
    "tags": "tag_cmd",
    "triage": "triage_cmd",
    "why": "rank_cmd",
}
# Global options that take a value (see cli.core.main_options).
_VALUE_OPTIONS = ("-L", "--library")


def register(names: list[str] | None = None) -> None:
    """Import the modules defining ``names`` (every command when None), registering them."""
    modules = sorted(set(COMMANDS.values())) if names is None else [COMMANDS[n] for n in names]
    for module in modules:
        importlib.import_module(f"papercli.cli.{module}")
    from papercli.cli.core import app as the_app

    if names is not None:  # a module may define several commands: Typer builds each one
        the_app.registered_commands = [c for c in the_app.registered_commands if c.name in names]
    the_app.registered_commands.sort(key=lambda c: c.name or "")  # --help lists A-Z


def command_name(args: list[str]) -> str | None:
    """The subcommand in ``args`` (after the global options), or None."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        # Answered before Typer and Click load: they are most of the start-up.
        from papercli import __version__

        sys.stdout.write(f"papercli {__version__}\n")
        return
    from papercli.cli.core import app as the_app

    name = command_name(sys.argv[1:])
    completing = any(k.endswith("_COMPLETE") for k in os.environ)
    register([name] if name in COMMANDS and not completing else None)
    if completing:
        import typer

        from papercli.cli.complete import escape_for_bash

        command = typer.main.get_command(the_app)  # registers Typer's completion classes
        escape_for_bash()
        command(prog_name="papercli")
        return
    the_app(prog_name="papercli")


def __getattr__(name: str) -> Any:
    if name == "app":
        from papercli.cli.core import app as the_app

        register()
        return the_app
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "command_name", "main", "register"]

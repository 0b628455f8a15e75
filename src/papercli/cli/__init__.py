"""The command line: a thin Typer layer that parses options, calls the core, and prints."""

from __future__ import annotations

from papercli.cli import (  # noqa: F401 - registers commands
    add_cmd,
    browse,
    config_cmd,
    doctor_cmd,
    edit_cmd,
    enrich_cmd,
    export_cmd,
    formats_cmd,
    git_cmd,
    import_cmd,
    index_cmd,
    mark_cmd,
    open_cmd,
    rm_cmd,
    search_cmd,
    stats_cmd,
    sync_cmd,
    tag_cmd,
    triage_cmd,
)
from papercli.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app(prog_name="papercli")


__all__ = ["app", "main"]

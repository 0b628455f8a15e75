"""The command line: a thin Typer layer that parses options, calls the core, and prints."""

from __future__ import annotations

from papercli.cli import browse, doctor_cmd, import_cmd  # noqa: F401 - registers commands
from papercli.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app(prog_name="papercli")


__all__ = ["app", "main"]

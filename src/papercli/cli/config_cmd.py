"""``papercli config``: the effective settings and where each one came from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from papercli.cli import output
from papercli.cli.core import command, settings_of


def _shown(value: Any) -> str:
    """A setting's value as ``papercli config`` prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value)
    if value is None:
        return "(not set)"
    return str(value)


@command("config")
def config_command(
    ctx: typer.Context,
    path_only: Annotated[
        bool, typer.Option("--path", help="Print only where the config file is (or would be).")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print settings, values and sources as JSON.")
    ] = False,
) -> None:
    """Show the effective settings, each with its source: option, environment, file, default.

    Settings live in config.yaml in the user config folder, or in $PAPERCLI_CONFIG.

    Example: papercli config
    """
    from papercli.config import CONFIG_ENV

    settings = settings_of(ctx)
    if path_only:
        output.print_lines([f"{settings.path}\n"])
        return
    effective = settings.all()  # reads and checks the file: errors name file and setting
    file_source = f"${CONFIG_ENV}" if settings.environ.get(CONFIG_ENV) else "default location"
    exists = Path(settings.path).is_file()
    if as_json:
        where = {"path": str(settings.path), "exists": exists, "source": file_source}
        output.print_json(
            {"config_file": where, "settings": {s.name: s.to_dict() for s in effective}}
        )
        return
    rows = [(s.name, _shown(s.value), s.source) for s in effective]
    found = "" if exists else ", not found"
    rows.append(("config file", str(settings.path), file_source + found))
    name_width = max(len(name) for name, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows[:-1])
    output.print_lines(
        f"{name.ljust(name_width)}  {value.ljust(value_width)}  ({source})\n"
        for name, value, source in rows
    )

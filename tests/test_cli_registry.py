"""Every command is in the lazy registry, so ``main`` can load just the one being run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from papercli.cli import COMMANDS, app, command_name


def test_the_registry_names_every_command_and_its_module() -> None:
    registered = {c.name for c in app.registered_commands}
    assert registered == set(COMMANDS)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["show", "k"], "show"),
        (["-L", "lib", "list"], "list"),
        (["--library", "lib", "search", "x"], "search"),
        (["--library=lib", "tags"], "tags"),
        (["--version"], None),
        ([], None),
    ],
)
def test_command_name_skips_global_options(args: list[str], name: str | None) -> None:
    assert command_name(args) == name


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_runs_alone(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "papercli", command, "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout

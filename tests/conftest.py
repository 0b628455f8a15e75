"""Shared fixtures: every test gets its own library folder and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papercli.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_DIGEST = EXAMPLES / "hf-daily-sample.txt"
SAMPLE_AS_OF = "2025-11-20"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point papercli at a fresh library under tmp_path; fix width, no colour."""
    library = tmp_path / "library"
    monkeypatch.setenv("PAPERCLI_LIBRARY", str(library))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("PAPERCLI_LOCK_TIMEOUT", "2")
    monkeypatch.setenv("PAPERCLI_WATCH", "0")  # watcher tests turn it on themselves
    monkeypatch.delenv("PAPERCLI_DEBUG", raising=False)
    return library


@pytest.fixture
def library_path(isolated_env: Path) -> Path:
    """The library folder this test uses (not created until the first import)."""
    return isolated_env


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run papercli in-process: ``cli("list", "--json", input=None)``."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def filled_library(cli, library_path: Path) -> Path:
    """A library holding the shipped example digest's papers."""
    result = cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    assert result.exit_code == 0, result.stderr
    return library_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the library with its bytes, to prove a command changed nothing.

    The derived ``.papercli/`` folder (lock, index cache) is left out: it is not user data.
    """
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".papercli" not in p.relative_to(folder).parts
    }

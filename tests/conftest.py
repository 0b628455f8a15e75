"""Shared fixtures: every test gets its own library folder and a CLI runner."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from papercli.cli import app

# Property tests draw the same examples on every run ("repeatable"), so a suite that passed
# passes again; ``HYPOTHESIS_PROFILE=explore`` draws new, many more examples (run it after
# changing a parser or an exporter: it is how "](url)" titles were found).
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=3000, derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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


def daemons_under(folder: Path) -> list[int]:
    """Pids of live watcher processes whose command line names a path under ``folder``."""
    found = []
    needle = os.fsencode(folder)
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if b"papercli.store.watcher" in cmdline and needle in cmdline:
            found.append(int(entry))
    return found


def end_watchers(folder: Path) -> None:
    """Kill (and reap) every watcher daemon serving a library under ``folder``."""
    from papercli.store import watch_client

    for pid in daemons_under(folder):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # its own session: the group id is its pid
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    for process in watch_client.started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    watch_client.started.clear()


@pytest.fixture(autouse=True)
def watchers_end_with_the_test(tmp_path: Path) -> Iterator[None]:
    """Background processes a test started end with it: no watcher daemon outlives it."""
    yield
    end_watchers(tmp_path)


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


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch):
    """A scripted HTTP server on 127.0.0.1 that papercli's arXiv and Crossref settings point
    at (no pause between arXiv requests, no backoff sleeps): tests never touch the internet."""
    from papercli.sources.settings import SourceSettings
    from tests.fake_http import running_server

    original = SourceSettings.client

    def quick_client(self, cache_dir=None, offline=False):
        client = original(self, cache_dir=cache_dir, offline=offline)
        client.backoff = 0.0
        client.timeout = 0.5
        return client

    monkeypatch.setattr(SourceSettings, "client", quick_client)
    with running_server() as server:
        monkeypatch.setenv("PAPERCLI_ARXIV_API", server.url + "/api/query")
        monkeypatch.setenv("PAPERCLI_CROSSREF_API", server.url + "/crossref")
        monkeypatch.setenv("PAPERCLI_ARXIV_DELAY", "0")
        monkeypatch.setenv("PAPERCLI_EMAIL", "tester@example.org")
        yield server

"""The triage/browse screen, driven headless by Textual's Pilot: every key path."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import yaml

from papercli.cli.tui.app import TriageApp
from papercli.cli.tui.screens import HelpScreen
from papercli.model import Entry
from papercli.ops.triage import Session
from papercli.store import Store

PAPERS = [
    Entry(
        key="grokking2024",
        title="Grokking as Feature Emergence",
        abstract=r"We prove an $O(1/T)$ rate with $\alpha$-divergence; 5% faster.",
        authors=["Ada One", "Bo Two"],
        date="2024-05-01",
        upvotes=42,
        arxiv_id="2405.00001",
        tags=["reinforcement-learning"],
        status="new",
        added="2025-01-03T00:00:00+00:00",
    ),
    Entry(
        key="reward2025",
        title="Reward Models Drift",
        abstract="Reward models drift under multi-turn interaction.",
        author_count=7,
        status="new",
        added="2025-01-02T00:00:00+00:00",
    ),
    Entry(
        key="sparse2023",
        title="Sparse Mixture-of-Experts Gating",
        abstract="Gating is sample efficient.",
        status="new",
        added="2025-01-01T00:00:00+00:00",
    ),
    Entry(key="kept2022", title="An Old Paper on Rewards", status="read"),
]

Drive = Callable[..., Awaitable[None]]


@pytest.fixture
def store(library_path: Path) -> Store:
    store = Store(library_path)
    store.ensure()
    with store.transaction():
        store.add([Entry(**e.to_dict()) for e in PAPERS])
    return store


def on_disk(store: Store, key: str) -> dict:
    return yaml.safe_load(store.entry_path(key).read_text(encoding="utf-8"))


def run(store: Store, script: Callable[[TriageApp, object], Awaitable[None]], browse=False):
    """Run the app at 80x24 and ``script(app, pilot)`` inside it; the app afterwards."""
    app = TriageApp(Session(store, inbox=not browse), browse=browse)

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await script(app, pilot)

    asyncio.run(main())
    return app


def screen_text(app: TriageApp) -> str:
    return str(app.query_one("#paper").render()) + str(app.query_one("#status").render())


def test_opens_on_the_inbox_newest_import_first(store: Store) -> None:
    async def script(app, pilot) -> None:
        assert [e.key for e in app.entries] == ["grokking2024", "reward2025", "sparse2023"]
        text = screen_text(app)
        assert "inbox · 3 new papers" in text
        assert "Grokking as Feature Emergence" in text and "Ada One; Bo Two" in text
        assert "O(1/T) rate with α-divergence; 5% faster" in text  # TeX made readable
        assert "42" in text and "reinforcement-learning" in text
        await pilot.press("j")
        assert "7 authors" in screen_text(app)
        await pilot.press("k")
        assert app.selected().key == "grokking2024"

    run(store, script)


@pytest.mark.parametrize(("key", "status"), [("t", "to-read"), ("r", "read"), ("s", "skipped")])
def test_marking_writes_the_file_and_moves_on(store: Store, key: str, status: str) -> None:
    async def script(app, pilot) -> None:
        await pilot.press(key)
        assert on_disk(store, "grokking2024")["status"] == status
        assert app.selected().key == "reward2025"
        # another reader sees it at once
        assert [e.key for e in Store(store.root).query()] and Store(store.root).get(
            "grokking2024"
        ).status == status

    run(store, script)


def test_undo_restores_status_tags_and_note(store: Store) -> None:
    async def script(app, pilot) -> None:
        await pilot.press("r")
        await pilot.press("u")
        assert on_disk(store, "grokking2024")["status"] == "new"
        assert app.selected().key == "grokking2024"
        await pilot.press("a", *"theory", "enter")
        assert on_disk(store, "grokking2024")["tags"] == ["reinforcement-learning", "theory"]
        await pilot.press("e", *"check the proof", "ctrl+s")
        assert on_disk(store, "grokking2024")["note"] == "check the proof"
        await pilot.press("u")
        assert on_disk(store, "grokking2024")["note"] is None
        await pilot.press("u")
        assert on_disk(store, "grokking2024")["tags"] == ["reinforcement-learning"]
        await pilot.press("u")  # nothing left: a notice, no change
        assert on_disk(store, "grokking2024")["status"] == "new"

    run(store, script)


def test_tag_completion_from_existing_tags(store: Store) -> None:
    async def script(app, pilot) -> None:
        await pilot.press("j", "a", *"REI", "tab", "enter")
        assert on_disk(store, "reward2025")["tags"] == ["reinforcement-learning"]
        await pilot.press("a", *"bad,tag", "enter")  # refused with a notice
        assert on_disk(store, "reward2025")["tags"] == ["reinforcement-learning"]
        await pilot.press("a", *"ignored", "escape")
        assert on_disk(store, "reward2025")["tags"] == ["reinforcement-learning"]

    run(store, script)


def test_filter_by_search_and_clear(store: Store) -> None:
    async def script(app, pilot) -> None:
        await pilot.press("slash", *"reward", "enter")
        assert [e.key for e in app.entries] == ["reward2025"]  # the read one is not new
        assert "'reward'" in screen_text(app)
        await pilot.press("r")
        assert on_disk(store, "reward2025")["status"] == "read"
        await pilot.press("slash", *"nothingmatchesthis", "enter")
        assert app.entries == [] and "No paper matches" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause(0.3)

    run(store, script)


def test_browse_searches_the_whole_library_as_you_type(store: Store) -> None:
    async def script(app, pilot) -> None:
        assert len(app.entries) == 4 and "library · 4 papers" in screen_text(app)
        await pilot.press(*"reward")
        await pilot.pause(0.4)
        assert {e.key for e in app.entries} == {"reward2025", "kept2022"}
        await pilot.press("escape")
        await pilot.pause(0.4)
        assert len(app.entries) == 4

    run(store, script, browse=True)


def test_empty_inbox(library_path: Path) -> None:
    store = Store(library_path)
    store.ensure()

    async def script(app, pilot) -> None:
        assert app.entries == [] and "The inbox is empty" in screen_text(app)
        await pilot.press("r", "a", "e", "c", "u", "o")
        assert not app.screen_stack[1:]  # no dialog opened without a paper

    run(store, script)


def test_copy_open_help_and_quit(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)

    async def script(app, pilot) -> None:
        await pilot.press("c")
        assert app.clipboard == "grokking2024"
        await pilot.press("C")
        assert app.clipboard == r"\cite{grokking2024}"
        await pilot.press("o")
        assert opened == ["https://arxiv.org/abs/2405.00001"]
        await pilot.press("j", "o")  # no link: a notice, nothing opened
        assert len(opened) == 1
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("x")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")

    app = run(store, script)
    assert app.return_code == 0
    assert app.no_color  # conftest sets NO_COLOR


def test_commands_refuse_without_a_terminal(cli, store: Store) -> None:
    for name, hint in (("triage", "'papercli inbox'"), ("browse", "'papercli list'")):
        result = cli(name)
        assert result.exit_code == 1 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: papercli {name} needs a terminal")
        assert hint in lines[0]
    assert json.loads(cli("inbox", "--json").stdout)[0]["key"] == "grokking2024"


def test_starts_draws_and_quits_in_a_real_terminal(store: Store) -> None:
    import os

    from tests.pty_run import run_in_pty

    env = {**os.environ, "PAPERCLI_LIBRARY": str(store.root), "TERM": "xterm-256color"}
    status, screen = run_in_pty(
        "triage", rows=24, cols=80, env=env, timeout=60, keys=b"q", after="for keys"
    )
    assert status == 0, screen
    assert "inbox · 3 new papers" in screen
    assert "Grokking as Feature Emergence" in screen
    assert "Traceback" not in screen

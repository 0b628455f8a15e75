"""The triage screen as a new user found it at 60x20, 80x24 and 120x40 (issue 21): each
finding driven headless through Textual's Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from papercli.cli.tui.app import TriageApp
from papercli.cli.tui.screens import HelpScreen, RelatedScreen
from papercli.model import Entry
from papercli.ops.triage import Session
from papercli.store import Store
from tests.topic_library import topic_library

MATH = Entry(
    key="bounds2025",
    title=r"Tight $\mathcal{O}(\sqrt{T})$ Bounds for Bandits",
    abstract=r"We prove $\mathcal{O}(\sqrt{T})$ regret.",
    status="new",
    added="2025-01-05T00:00:00+00:00",
)
PLAIN = Entry(
    key="plain2025",
    title="A Plain Paper",
    tags=["old-tag"],
    status="new",
    added="2025-01-04T00:00:00+00:00",
)


@pytest.fixture
def store(library_path: Path) -> Store:
    store = Store(library_path)
    with store.transaction():
        store.add([Entry(**MATH.to_dict()), Entry(**PLAIN.to_dict())])
    return store


def run(
    store: Store, script: Callable[[TriageApp, object], Awaitable[None]], size=(80, 24)
) -> TriageApp:
    app = TriageApp(Session(store))

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(app, pilot)

    asyncio.run(main())
    return app


def footer_keys_in_view(app: TriageApp) -> list[str]:
    """The descriptions of the footer's keys drawn wholly inside the screen."""
    from textual.widgets import Footer

    width = app.size.width
    return [
        str(getattr(key, "description", ""))
        for key in app.query_one(Footer).children
        if key.region.width and key.region.right <= width
    ]


def test_ctrl_c_quits(store: Store) -> None:
    async def script(app, pilot) -> None:
        await pilot.press("ctrl+c")

    app = run(store, script)
    assert app.return_code == 0
    assert not app.is_running


def test_a_narrow_footer_keeps_help_and_quit(store: Store) -> None:
    async def script(app, pilot) -> None:
        shown = footer_keys_in_view(app)
        assert "help" in shown and "quit" in shown

    run(store, script, size=(60, 20))


def test_messages_do_not_cover_the_help_box(store: Store) -> None:
    async def script(app, pilot) -> None:
        await pilot.press("c")  # "copied ..." pops up
        assert app._notifications
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert not app._notifications

    run(store, script)


def test_a_failed_open_says_what_to_do_in_the_screen(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    entry = Entry(**MATH.to_dict())
    entry.arxiv_id = "2501.00001"
    store.change(["bounds2025"], lambda e: entry)

    async def script(app, pilot) -> None:
        await pilot.press("o")
        messages = [n.message for n in app._notifications]
        assert any("copied" in m and "2501.00001" in m for m in messages)
        assert not any("--print" in m for m in messages)
        assert app.clipboard == "https://arxiv.org/abs/2501.00001"

    run(store, script)


def test_the_detail_pane_follows_an_edit_made_outside(store: Store) -> None:
    async def script(app, pilot) -> None:
        await pilot.press("j")  # plain2025
        path = store.entry_path("plain2025")
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("A Plain Paper", "A Retitled Paper").replace("old-tag", "new-tag"),
            encoding="utf-8",
        )
        await pilot.pause(1.5)  # the check runs every second
        shown = str(app.query_one("#paper").render())
        assert "A Retitled Paper" in shown and "new-tag" in shown
        assert "old-tag" not in shown
        assert "A Retitled Paper" in str(app.query_one("#papers").get_option_at_index(1).prompt)

    run(store, script)


def test_the_header_count_follows_the_marks(store: Store) -> None:
    def header(app) -> str:
        return str(app.query_one("#status").render())

    async def script(app, pilot) -> None:
        assert "2 new papers" in header(app)
        await pilot.press("s")
        assert "1 new paper " in header(app)
        await pilot.press("u")
        assert "2 new papers" in header(app)

    run(store, script)


def test_a_tall_terminal_gives_the_list_more_rows(store: Store) -> None:
    heights = {}

    async def script(app, pilot) -> None:
        heights[app.size.height] = app.query_one("#papers").size.height

    run(store, script, size=(80, 24))
    run(store, script, size=(120, 40))
    assert heights[40] >= 14 > heights[24] >= 5


def test_list_rows_read_tex_as_the_detail_pane_does(store: Store) -> None:
    async def script(app, pilot) -> None:
        row = str(app.query_one("#papers").get_option_at_index(0).prompt)
        assert "\\mathcal" not in row and "$" not in row
        assert "𝒪" in row or "O(" in row

    run(store, script)


def test_triage_lists_the_ranked_inbox_with_scores_and_shows_related(
    library_path: Path,
) -> None:
    entries, topic_of = topic_library(papers=60, decided=30)
    store = Store(library_path)
    with store.transaction():
        store.add(entries)

    async def script(app, pilot) -> None:
        assert "ranked" in str(app.query_one("#status").render())
        top = [e.key for e in app.entries[:5]]
        assert sum(topic_of[k] == "rl" for k in top) >= 4
        first = str(app.query_one("#papers").get_option_at_index(0).prompt)
        assert first[:4].replace(".", "").isdigit()  # the score leads the row
        await pilot.press("R")
        assert isinstance(app.screen, RelatedScreen)
        assert app.screen.hits and app.entries[0].key not in [e.key for e, _ in app.screen.hits]
        await pilot.press("x")
        assert not isinstance(app.screen, RelatedScreen)

    run(store, script)

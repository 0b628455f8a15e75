"""README keeps its promises: every in-page link has its section, every option is described.

Options are read from the registered Typer app, so an option added by any change shows up
here until README describes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from papercli.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_in_page_link_has_its_section() -> None:
    anchors = {_anchor(h) for h in re.findall(r"^#{1,6}\s+(.+)$", README, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)\s]+)\)", README))
    assert links <= anchors, sorted(links - anchors)


def test_no_reference_to_a_section_that_does_not_exist() -> None:
    headings = {h.strip() for h in re.findall(r"^#{1,6}\s+(.+)$", README, re.MULTILINE)}
    named = set(re.findall(r"\bsee \*([A-Z][^*]+)\*", README))
    assert named <= headings, sorted(named - headings)
    assert "Sharing with git" not in README or "Sharing with git" in headings


def _options() -> list[tuple[str, str]]:
    click_app = typer.main.get_command(app)
    found = []
    for name, command in sorted(click_app.commands.items()):  # type: ignore[attr-defined]
        for param in command.params:
            longs = [o for o in param.opts if o.startswith("--")]
            if longs and longs[0] != "--help":
                found.append((name, longs[0]))
    return found


@pytest.mark.parametrize(("command", "option"), _options(), ids=lambda v: str(v))
def test_every_option_of_every_command_is_in_readme(command: str, option: str) -> None:
    assert re.search(rf"{re.escape(option)}(?![\w-])", README), f"{command} {option}"


def test_list_columns_names_every_column_it_accepts() -> None:
    from papercli.columns import COLUMNS

    section = README[README.index("**`list_columns`**") :][:600]
    assert all(f"`{name}`" in section for name in COLUMNS)

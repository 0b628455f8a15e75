"""``papercli note``: plain-text notes, set by --set or in the editor, and found by search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.ops.notes import clean_note
from papercli.store.files import Library
from tests.conftest import snapshot
from tests.fake_editor import FakeEditor


@pytest.fixture
def library(library_path: Path) -> Library:
    lib = Library(library_path)
    lib.ensure()
    with lib.lock():
        lib.write(Entry(key="kestrel2026sparse", title="Sparse Kestrel Attention"))
        lib.write(Entry(key="otter2026graphs", title="Otter Graphs", abstract="Graphs of rivers."))
    return lib


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = FakeEditor(tmp_path)
    monkeypatch.delenv("EDITOR", raising=False)

    def use(*steps: dict) -> FakeEditor:
        monkeypatch.setenv("VISUAL", fake.command(*steps))
        return fake

    return use


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("  \n\n \n", None),
        ("", None),
        ("\nfirst line   \n\n  indented  \n\n", "first line\n\n  indented"),
        ("windows\r\nline\r\n", "windows\nline"),
        ("Mate\u0301rn\x07 prior", "Matérn prior"),
    ],
)
def test_clean_note(text: str, note: str | None) -> None:
    assert clean_note(text) == note


def test_note_set_is_stored_and_found_by_search(cli, library: Library) -> None:
    assert cli("search", "capybara").exit_code == 1  # the index exists before the note
    result = cli("note", "otter2026graphs", "--set", "Compare with the capybara baseline")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "saved the note of otter2026graphs"
    assert library.get("otter2026graphs").note == "Compare with the capybara baseline"
    found = cli("search", "capybara", "--json")
    assert found.exit_code == 0, found.stderr
    assert [hit["key"] for hit in json.loads(found.stdout)] == ["otter2026graphs"]
    assert "capybara" in cli("show", "otter2026graphs").stdout


def test_empty_note_removes_the_field(cli, library: Library) -> None:
    cli("note", "otter2026graphs", "--set", "temporary")
    result = cli("note", "otter2026graphs", "--set", "")
    assert result.exit_code == 0
    assert "removed the note of otter2026graphs" in result.stderr
    assert library.get("otter2026graphs").note is None
    assert "note: null" in library.entry_path("otter2026graphs").read_text(encoding="utf-8")
    before = snapshot(library.root)
    again = cli("note", "otter2026graphs", "--set", "  ")
    assert "no changes to the note of otter2026graphs" in again.stderr
    assert snapshot(library.root) == before


def test_note_in_the_editor_is_plain_text(cli, library: Library, editor) -> None:
    cli("note", "otter2026graphs", "--set", "first thought")
    awkward = 'key: not yaml\n- a list?\n# not a comment\n"quotes" and: colons   \n\n'
    fake = editor({"expect": "first thought\n", "write": awkward})
    result = cli("note", "otter2026graphs")
    assert result.exit_code == 0, result.stderr
    assert "saved the note of otter2026graphs" in result.stderr
    expected = 'key: not yaml\n- a list?\n# not a comment\n"quotes" and: colons'
    assert library.get("otter2026graphs").note == expected
    assert Path(fake.runs()[0]["path"]).name == "otter2026graphs-note.txt"
    assert not Path(fake.runs()[0]["path"]).exists()


def test_note_editor_without_changes_writes_nothing(cli, library: Library, editor) -> None:
    fake = editor({"expect": ""})
    before = snapshot(library.root)
    result = cli("note", "kestrel2026sparse")
    assert result.exit_code == 0
    assert "no changes to the note of kestrel2026sparse" in result.stderr
    assert snapshot(library.root) == before
    assert len(fake.runs()) == 1


def test_note_editor_failing_keeps_the_note(cli, library: Library, editor) -> None:
    cli("note", "otter2026graphs", "--set", "keep me")
    editor({"exit": 2})
    before = snapshot(library.root)
    result = cli("note", "otter2026graphs")
    assert result.exit_code == 1
    assert "exited with status 2; nothing was changed" in result.stderr
    assert snapshot(library.root) == before


def test_note_unknown_key(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("note", "otter2025graphs", "--set", "x")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper with key 'otter2025graphs'; nothing was changed" in result.stderr
    assert "did you mean otter2026graphs?" in result.stderr
    assert snapshot(library.root) == before

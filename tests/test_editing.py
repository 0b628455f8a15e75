"""``papercli edit``: the editor round trip, validation of the saved copy, and renames."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from papercli.cli import targets
from papercli.cli.editor import editor_command
from papercli.errors import InputError
from papercli.model import Entry
from papercli.ops.editing import EditTarget, InvalidEdit, check_edit, parse_entry_text
from papercli.store import Store, WatchSettings
from tests.conftest import snapshot
from tests.fake_editor import FakeEditor

ADDED = "2026-01-05T09:00:00+00:00"


def paper(key: str, title: str, **fields: object) -> Entry:
    return Entry(key=key, title=title, added=ADDED, date="2026-01-05", **fields)  # type: ignore[arg-type]


@pytest.fixture
def library(library_path: Path) -> Store:
    """Three papers: one on arXiv, one with a URL, one with a DOI."""
    store = Store(library_path, WatchSettings(enabled=False))
    with store.transaction():
        store.add(
            [
                paper("kestrel2026sparse", "Sparse Kestrel Attention", arxiv_id="2601.01234"),
                paper("otter2026graphs", "Otter Graphs", urls=["https://example.org/otter"]),
                paper("heron2025tides", "Heron Tides", doi="10.1234/heron.5"),
            ]
        )
    return store


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``editor(*steps)`` makes $EDITOR run those steps; returns the FakeEditor."""
    fake = FakeEditor(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)

    def use(*steps: dict) -> FakeEditor:
        monkeypatch.setenv("EDITOR", fake.command(*steps))
        return fake

    return use


def text_of(lib: Store, key: str) -> str:
    return lib.entry_path(key).read_text(encoding="utf-8")


# --- validation (core) ------------------------------------------------------------------


def target_for(lib: Store, key: str) -> EditTarget:
    return EditTarget(key, text_of(lib, key), lib.get(key))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("title: Otter Graphs", "title: [Otter"), "not valid YAML"),
        (("upvotes: null", "upvotes: many"), "field 'upvotes' must be a whole number or null"),
        (("tags: []", "tags: ml"), "field 'tags' must be a list of strings"),
        (("doi: null", "doi: null\ntitel: typo"), "unknown field(s): titel"),
        (("doi: null", "doi: null\ntitle: Again"), "field 'title' appears twice (lines 2 and"),
        (("title: Otter Graphs", "title: ''"), "entry has no title"),
        (("key: otter2026graphs", "key: otter,2026"), "key 'otter,2026' must be"),
        (("key: otter2026graphs", "key: KESTREL2026sparse"), "already used by"),
        (('date: "2026-01-05"', "date: 5 Jan 2026"), "date '5 Jan 2026' must be YYYY"),
        (('date: "2026-01-05"', "date: '2026-02-30'"), "date '2026-02-30' must be"),
        (("tags: []", "tags: [ok, 'a;b']"), "tag 'a;b' contains ';'"),
    ],
)
def test_invalid_saves_say_what_is_wrong(
    library: Store, change: tuple[str, str], reason: str
) -> None:
    target = target_for(library, "otter2026graphs")
    assert change[0] in target.text
    with pytest.raises(InvalidEdit) as info:
        check_edit(library, target, target.text.replace(*change))
    assert reason in info.value.reason


def test_yaml_errors_name_the_line(library: Store) -> None:
    with pytest.raises(InvalidEdit, match=r"line 2, column \d+"):
        parse_entry_text("key: a\ntitle: x: y\n")


@pytest.mark.parametrize("text", ["", "just a sentence\n", "- a\n- b\n"])
def test_a_draft_that_is_not_a_mapping_is_invalid(text: str) -> None:
    with pytest.raises(InvalidEdit, match="not a mapping"):
        parse_entry_text(text)


def test_unchanged_text_and_layout_only_changes_are_no_change(library: Store) -> None:
    target = target_for(library, "otter2026graphs")
    assert check_edit(library, target, target.text) is None
    result = check_edit(library, target, "# my comment\n" + target.text + "\n\n")
    assert result is not None and not result.changed


def test_existing_odd_tags_survive_but_new_ones_are_checked(library: Store) -> None:
    with library.transaction():
        library.add([paper("odd2026tags", "Odd Tags", tags=["a,b"])])
    target = target_for(library, "odd2026tags")
    result = check_edit(library, target, target.text.replace("- a,b", "- a,b\n- '  New  Tag '"))
    assert result is not None and result.entry.tags == ["a,b", "New Tag"]


def test_added_is_put_back_with_a_warning(library: Store) -> None:
    target = target_for(library, "otter2026graphs")
    result = check_edit(library, target, target.text.replace(ADDED, "2020-01-01T00:00:00"))
    assert result is not None and result.entry.added == ADDED and not result.changed
    assert "kept" in result.warnings[0] and ADDED in result.warnings[0]


def test_text_is_stored_in_nfc_like_imports(library: Store) -> None:
    target = target_for(library, "otter2026graphs")
    decomposed = "Otter Graphs of Mate\u0301rn"
    result = check_edit(library, target, target.text.replace("Otter Graphs", decomposed))
    assert result is not None and result.entry.title == "Otter Graphs of Matérn"


def test_a_control_character_is_named(library: Store) -> None:
    target = target_for(library, "otter2026graphs")
    with pytest.raises(InvalidEdit, match=r"character U\+0007 is not allowed"):
        check_edit(library, target, target.text.replace("Otter Graphs", "Otter\x07"))


# --- the editor variable ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "argv"),
    [
        ({"VISUAL": "code --wait", "EDITOR": "nano"}, ["code", "--wait"]),
        ({"VISUAL": "  ", "EDITOR": "'/opt/my editor/ed' -n"}, ["/opt/my editor/ed", "-n"]),
        ({}, ["vi"]),
    ],
)
def test_editor_command_prefers_visual_and_splits_like_a_shell(
    env: dict[str, str], argv: list[str]
) -> None:
    assert editor_command(env)[0] == argv


def test_editor_command_with_an_open_quote_is_an_error() -> None:
    with pytest.raises(InputError, match=r"cannot read \$EDITOR"):
        editor_command({"EDITOR": "'unclosed"})


# --- the command --------------------------------------------------------------------------


def test_edit_saves_a_valid_change_and_the_index_follows(cli, library: Store, editor) -> None:
    assert cli("search", "walrus").exit_code == 1  # builds the index before the edit
    original = text_of(library, "otter2026graphs")
    fake = editor({"replace": ["title: Otter Graphs", "title: Walrus Graphs"]})
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "saved otter2026graphs"
    assert library.get("otter2026graphs").title == "Walrus Graphs"
    found = json.loads(cli("search", "walrus", "--json").stdout)
    assert [hit["key"] for hit in found] == ["otter2026graphs"]
    (run,) = fake.runs()
    assert run["text"] == original  # the editor opened a copy of the entry file
    draft = Path(run["path"])
    assert draft.name == "otter2026graphs.yaml" and library.root not in draft.parents
    assert not draft.parent.exists()  # the temp copy is cleaned up


@pytest.mark.parametrize("step", [{}, {"replace": ["doi: null", "doi: null\n# a comment"]}])
def test_edit_without_changes_writes_nothing(cli, library: Store, editor, step: dict) -> None:
    editor(step)
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 0
    assert "no changes to otter2026graphs; nothing was written" in result.stderr
    assert snapshot(library.root) == before


def test_invalid_save_without_a_terminal_keeps_the_old_version(cli, library: Store, editor) -> None:
    fake = editor({"replace": ["upvotes: null", "upvotes: lots"]})
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: the edited entry is not valid: field 'upvotes' must be a whole number or "
        "null; the old version of otter2026graphs was kept"
    ]
    assert snapshot(library.root) == before
    assert len(fake.runs()) == 1 and not Path(fake.runs()[0]["path"]).exists()


def test_invalid_save_on_a_terminal_reopens_the_users_text(
    cli, library: Store, editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(targets, "interactive", lambda: True)
    fake = editor(
        {"replace": ["upvotes: null", "upvotes: lots"]},
        {"replace": ["upvotes: lots", "upvotes: 12"]},
    )
    result = cli("edit", "otter2026graphs", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "Not saved: field 'upvotes' must be a whole number or null" in result.stderr
    assert "Re-open the editor to fix it?" in result.stderr
    assert "upvotes: lots" in fake.runs()[1]["text"]  # the second run sees the user's text
    assert library.get("otter2026graphs").upvotes == 12


def test_invalid_save_then_keep_old_version(
    cli, library: Store, editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(targets, "interactive", lambda: True)
    fake = editor({"replace": ["upvotes: null", "upvotes: lots"]}, {})
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs", input="y\nn\n")
    assert result.exit_code == 1
    assert result.stderr.count("Re-open the editor") == 2
    assert "kept the old version of otter2026graphs; nothing was changed" in result.stderr
    assert "Error" not in result.stderr
    assert snapshot(library.root) == before
    assert len(fake.runs()) == 2


def test_changing_the_key_renames_the_paper(cli, library: Store, editor) -> None:
    assert cli("list").exit_code == 0  # an index exists and must follow the rename
    editor({"replace": ["key: otter2026graphs", "key: sealion2026graphs"]})
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 0, result.stderr
    assert "saved sealion2026graphs (renamed from otter2026graphs)" in result.stderr
    assert not library.entry_path("otter2026graphs").exists()
    assert library.get("sealion2026graphs").urls == ["https://example.org/otter"]
    keys = [e["key"] for e in json.loads(cli("list", "--json").stdout)]
    assert sorted(keys) == ["heron2025tides", "kestrel2026sparse", "sealion2026graphs"]
    # The old key stays an alias: documents that cite it still resolve.
    assert library.get("sealion2026graphs").aliases == ["otter2026graphs"]
    shown = cli("show", "otter2026graphs")
    assert shown.exit_code == 0 and "sealion2026graphs" in shown.stdout


def test_renaming_onto_another_papers_former_key_is_refused(cli, library: Store, editor) -> None:
    editor({"replace": ["key: heron2025tides", "key: heron-new"]})
    assert cli("edit", "heron2025tides").exit_code == 0
    editor({"replace": ["key: otter2026graphs", "key: HERON2025TIDES"]})
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 1
    assert "key 'HERON2025TIDES' is a former key of heron-new" in result.stderr
    assert snapshot(library.root) == before


def test_renaming_onto_a_taken_key_is_refused(cli, library: Store, editor) -> None:
    editor({"replace": ["key: otter2026graphs", "key: Heron2025Tides"]})
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 1
    assert "key 'Heron2025Tides' is already used by" in result.stderr
    assert snapshot(library.root) == before


def test_edit_warns_when_the_paper_becomes_a_duplicate(cli, library: Store, editor) -> None:
    editor({"replace": ["arxiv_id: null", "arxiv_id: '2601.01234'"]})
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 0, result.stderr
    assert "otter2026graphs now looks like the same paper as kestrel2026sparse" in result.stderr
    assert library.get("otter2026graphs").arxiv_id == "2601.01234"


def test_a_file_changed_during_the_edit_is_not_overwritten(
    cli, library: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_file = library.entry_path("otter2026graphs")
    # The "editor" also changes the real file, as another program might meanwhile.
    script = tmp_path / "meddle.py"
    script.write_text(
        "import pathlib, sys\n"
        f"real = pathlib.Path({str(entry_file)!r})\n"
        "real.write_text(real.read_text().replace('upvotes: null', 'upvotes: 7'))\n"
        "draft = pathlib.Path(sys.argv[1])\n"
        "draft.write_text(draft.read_text().replace('Otter', 'Beaver'))\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 1  # papercli's own code, not Click's usage error
    assert "changed while you were editing it; nothing was written" in result.stderr
    kept = Path(result.stderr.split("your version is kept in ")[1].split()[0])
    assert "Beaver" in kept.read_text(encoding="utf-8")
    kept.unlink()
    assert library.get("otter2026graphs").upvotes == 7
    assert library.get("otter2026graphs").title == "Otter Graphs"


def test_edit_repairs_an_unreadable_entry_file(cli, library: Store, editor) -> None:
    broken = library.entry_path("otter2026graphs")
    broken.write_text("key: otter2026graphs\ntitle: [Otter\n", encoding="utf-8")
    fixed = "key: otter2026graphs\ntitle: Otter Graphs Fixed\n"
    fake = editor({"write": fixed})
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 0, result.stderr
    assert fake.runs()[0]["text"] == "key: otter2026graphs\ntitle: [Otter\n"
    assert library.get("otter2026graphs").title == "Otter Graphs Fixed"


@pytest.mark.parametrize(
    ("editor_value", "message"),
    [
        (
            "no-such-editor-xyz --wait",
            "editor 'no-such-editor-xyz' not found (from $EDITOR); set $VISUAL or $EDITOR "
            "to an installed editor",
        ),
        ("false", "editor 'false' exited with status 1; nothing was changed"),
    ],
)
def test_editor_that_cannot_run_is_one_line(
    cli, library: Store, monkeypatch: pytest.MonkeyPatch, editor_value: str, message: str
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_value)
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {message}"]
    assert snapshot(library.root) == before


def test_edit_unknown_key_suggests_and_opens_nothing(cli, library: Store, editor) -> None:
    fake = editor({})
    result = cli("edit", "otter2026graph")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper with key 'otter2026graph'" in result.stderr
    assert "did you mean otter2026graphs?" in result.stderr
    assert fake.runs() == []


def test_edit_without_a_library(cli, library_path: Path, editor) -> None:
    editor({})
    result = cli("edit", "anything")
    assert result.exit_code == 1
    assert "no library at" in result.stderr
    assert not library_path.exists()


def test_an_alias_that_names_another_paper_is_refused(cli, library: Store, editor) -> None:
    editor({"replace": ["aliases: []", "aliases: [heron2025tides]"]})
    before = snapshot(library.root)
    result = cli("edit", "otter2026graphs")
    assert result.exit_code == 1
    assert "alias 'heron2025tides' already names heron2025tides" in result.stderr
    assert snapshot(library.root) == before

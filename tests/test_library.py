"""The YAML library: location, atomic writes, reading hand-edited files."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.config import Settings
from papercli.errors import LibraryError, NotFoundError
from papercli.model import Entry
from papercli.store.files import Library


def test_default_path_follows_env_then_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAPERCLI_LIBRARY", str(tmp_path / "lib"))
    assert Settings().value("library") == tmp_path / "lib"
    monkeypatch.delenv("PAPERCLI_LIBRARY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Settings().value("library") == tmp_path / "data" / "papercli"


def test_write_and_read_round_trip(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    library.ensure()
    entry = Entry(key="smith2020deep", title="yes", abstract="null", tags=["- a", "key: value"])
    entry.note = "!!python/object/apply:os.system"
    library.write(entry)
    assert library.get("smith2020deep") == entry
    leftovers = [p.name for p in library.entries_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_key_must_match_file_name(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    library.ensure()
    library.write(Entry(key="right2020key", title="T"))
    (library.entries_dir / "right2020key.yaml").rename(library.entries_dir / "other2020key.yaml")
    loaded = library.load()
    assert loaded.entries == []
    assert "does not match the file name" in loaded.problems[0].reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- just\n- a list\n", "not a mapping"),
        ("key: k\n", "no title"),
        ("key: k\ntitle: T\nauthor_count: many\n", "author_count"),
        ("key: k\ntitle: T\ncolour: red\n", "unknown field"),
        ("key: k\ntitle: T\ntags: rl\n", "tags"),
        ("!!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ],
)
def test_unusable_files_are_reported_not_raised(tmp_path: Path, text: str, reason: str) -> None:
    library = Library(tmp_path / "lib")
    library.ensure()
    (library.entries_dir / "k.yaml").write_text(text, encoding="utf-8")
    loaded = library.load()
    assert loaded.entries == []
    assert reason in loaded.problems[0].reason


def test_get_unknown_and_invalid_keys(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    with pytest.raises(NotFoundError):
        library.get("nothing")
    with pytest.raises(NotFoundError):
        library.get("../etc")


def test_library_path_that_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(LibraryError, match="not a folder"):
        Library(path).ensure()


def test_writes_refuse_invalid_keys(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    library.ensure()
    with pytest.raises(LibraryError, match="invalid key"):
        library.write(Entry(key="a(b)", title="T"))

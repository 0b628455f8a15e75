"""The derived index never shows stale data and rebuilds itself when in doubt."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import yaml

from papercli.store.index import INDEX_FILE


def keys_listed(cli) -> list[str]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return [e["key"] for e in json.loads(result.stdout)]


def titles_listed(cli) -> dict[str, str]:
    return {e["key"]: e["title"] for e in json.loads(cli("list", "--json").stdout)}


def edit(path: Path, **changes: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_index_is_created_by_import(cli, filled_library: Path) -> None:
    assert (filled_library / ".papercli" / INDEX_FILE).is_file()


def test_hand_edit_is_seen_at_once(cli, filled_library: Path) -> None:
    keys_listed(cli)  # warm the index
    path = filled_library / "entries" / "matern2025priors.yaml"
    edit(path, title="Edited By Hand")
    assert titles_listed(cli)["matern2025priors"] == "Edited By Hand"


def test_same_size_edit_with_new_mtime_is_seen(cli, filled_library: Path) -> None:
    keys_listed(cli)
    path = filled_library / "entries" / "matern2025priors.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Matérn Priors", "Matérn Pryors"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert titles_listed(cli)["matern2025priors"].startswith("Matérn Pryors")


def test_deleted_and_added_files_are_seen(cli, filled_library: Path) -> None:
    keys_listed(cli)
    entries = filled_library / "entries"
    (entries / "matern2025priors.yaml").rename(entries / "copy2020made.yaml")
    edit(entries / "copy2020made.yaml", key="copy2020made")
    keys = keys_listed(cli)
    assert "matern2025priors" not in keys
    assert "copy2020made" in keys
    assert len(keys) == 10


def test_tag_filter_uses_fresh_tags(cli, filled_library: Path) -> None:
    keys_listed(cli)
    edit(filled_library / "entries" / "dynamics2022linear.yaml", tags=["Edge"])
    result = cli("list", "--tag", "edge", "--json")
    assert [e["key"] for e in json.loads(result.stdout)] == ["dynamics2022linear"]


def test_corrupt_index_is_rebuilt(cli, filled_library: Path) -> None:
    index = filled_library / ".papercli" / INDEX_FILE
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    assert len(keys_listed(cli)) == 10


def test_old_index_version_is_rebuilt(cli, filled_library: Path) -> None:
    index = filled_library / ".papercli" / INDEX_FILE
    db = sqlite3.connect(index)
    db.execute("DELETE FROM entries")
    db.execute("PRAGMA user_version = 0")
    db.commit()
    db.close()
    assert len(keys_listed(cli)) == 10


def test_deleted_index_is_rebuilt(cli, filled_library: Path) -> None:
    before = keys_listed(cli)
    for path in (filled_library / ".papercli").glob("index*"):
        path.unlink()
    assert keys_listed(cli) == before


def test_corrupt_entry_file_warns_until_fixed(cli, filled_library: Path) -> None:
    path = filled_library / "entries" / "matern2025priors.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text("title: [broken\n", encoding="utf-8")
    result = cli("list", "--json")
    assert len(json.loads(result.stdout)) == 9
    assert "matern2025priors.yaml" in result.stderr
    assert "matern2025priors.yaml" in cli("list", "--json").stderr  # still reported
    path.write_text(good, encoding="utf-8")
    fixed = cli("list", "--json")
    assert len(json.loads(fixed.stdout)) == 10 and fixed.stderr == ""


def test_reindex_command(cli, filled_library: Path) -> None:
    result = cli("reindex")
    assert result.exit_code == 0
    assert result.stderr.strip() == "indexed 10 papers"
    assert len(keys_listed(cli)) == 10


def test_reindex_without_library(cli, library_path: Path) -> None:
    result = cli("reindex")
    assert result.exit_code == 1 and "no library at" in result.stderr
    assert not library_path.exists()

"""Reading status: import starts papers as new, mark/inbox/show/export/stats, merges keep it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from papercli.model import Entry, status_of
from papercli.ops.import_merge import merge_into
from papercli.ops.reading import mark_papers, set_status
from papercli.store import Query, Store
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot

KEY = "matern2025priors"


def stored(library: Path, key: str) -> dict:
    return yaml.safe_load((library / "entries" / f"{key}.yaml").read_text(encoding="utf-8"))


def drop_status(library: Path, key: str) -> None:
    """Make ``key`` look like an entry written before statuses existed."""
    path = library / "entries" / f"{key}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: new\n", ""), "utf-8")


def test_import_starts_papers_as_new(cli, filled_library: Path) -> None:
    listed = json.loads(cli("list", "--json").stdout)
    assert {e["status"] for e in listed} == {"new"}
    assert stored(filled_library, KEY)["status"] == "new"


def test_entries_without_the_field_count_as_to_read(cli, filled_library: Path) -> None:
    drop_status(filled_library, KEY)
    assert "status" not in stored(filled_library, KEY)
    inbox = json.loads(cli("inbox", "--json").stdout)
    assert KEY not in [e["key"] for e in inbox] and len(inbox) == 9
    kept = json.loads(cli("list", "--status", "to-read", "--json").stdout)
    assert [e["key"] for e in kept] == [KEY]


def test_reimport_never_resets_a_status(cli, filled_library: Path) -> None:
    assert cli("mark", KEY, "read").exit_code == 0
    drop_status(filled_library, "sparse2023mixture")
    again = cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    assert again.exit_code == 0, again.stderr
    assert stored(filled_library, KEY)["status"] == "read"
    assert "status" not in stored(filled_library, "sparse2023mixture")


def test_merge_into_keeps_the_stored_status() -> None:
    for before in ("read", "skipped", None):
        kept = Entry(key="a", title="T", status=before)
        merge_into(kept, Entry(title="T", status="new", abstract="filled"))
        assert kept.status == before and kept.abstract == "filled"


def test_mark_by_key_writes_the_file(cli, filled_library: Path) -> None:
    result = cli("mark", KEY, "sparse2023mixture", "read")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "marked 2 papers read"
    assert stored(filled_library, KEY)["status"] == "read"
    again = cli("mark", KEY, "read")
    assert again.stderr.strip() == "marked 0 papers read (1 already read)"
    shown = cli("show", KEY)
    assert "status" in shown.stdout and "read" in shown.stdout
    assert json.loads(cli("show", KEY, "--json").stdout)["status"] == "read"


def test_mark_errors_change_nothing(cli, filled_library: Path) -> None:
    before = snapshot(filled_library)
    cases = {
        (KEY, "done"): "unknown status 'done'; use one of: new, to-read, read, skipped",
        ("read",): "which papers? give their keys, --search QUERY or --tag TAG",
        (KEY, "nokey", "read"): "no paper with key 'nokey'; nothing was changed",
        (KEY, "--search", "x", "read"): "give paper keys or --search QUERY / --tag TAG, not both",
        ("--search", " ", "read"): "the search query is empty; give words to look for",
    }
    for args, message in cases.items():
        result = cli("mark", *args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        assert result.stderr.strip().startswith(f"Error: {message}"), result.stderr
    assert snapshot(filled_library) == before


def test_mark_by_search_and_by_tag(cli, filled_library: Path) -> None:
    result = cli("mark", "--search", "reward", "skipped")
    assert result.exit_code == 0, result.stderr
    skipped = json.loads(cli("list", "--status", "skipped", "--json").stdout)
    assert len(skipped) == 2 and "2 papers match 'reward'" in result.stderr
    assert cli("tag", KEY, "sparse2023mixture", "--add", "bayes").exit_code == 0
    assert cli("mark", "--tag", "bayes", "to-read").exit_code == 0
    kept = json.loads(cli("list", "--status", "to-read", "--json").stdout)
    assert sorted(e["key"] for e in kept) == [KEY, "sparse2023mixture"]
    none = cli("mark", "--tag", "nothing-here", "read")
    assert none.exit_code == 1 and "no paper has the tag(s) nothing-here" in none.stderr


def test_mark_many_without_a_terminal_needs_yes(cli, library_path: Path) -> None:
    store = Store(library_path)
    store.ensure()
    with store.transaction():
        store.add([Entry(key=f"p{i}", title=f"Graph paper {i}", status="new") for i in range(25)])
    refused = cli("mark", "--search", "graph", "read")
    assert refused.exit_code == 1
    assert "refusing to mark more than 20 without a terminal" in refused.stderr
    assert store.count() == 25 and store.count(Query(status=("new",))) == 25
    done = cli("mark", "--search", "graph", "read", "--yes")
    assert done.exit_code == 0 and "marked 25 papers read" in done.stderr


def test_inbox_lists_new_papers_newest_import_first(cli, library_path: Path) -> None:
    store = Store(library_path)
    store.ensure()
    papers = [
        Entry(key="old", title="Old import", status="new", added="2025-01-01T00:00:00+00:00"),
        Entry(key="fresh", title="Fresh import", status="new", added="2025-03-01T00:00:00+00:00"),
        Entry(key="done", title="Done", status="read", added="2025-04-01T00:00:00+00:00"),
        Entry(key="mid", title="Middle import", status="new", added="2025-02-01T00:00:00+00:00"),
    ]
    with store.transaction():
        store.add(papers)
    listed = json.loads(cli("inbox", "--json").stdout)
    assert [e["key"] for e in listed] == ["fresh", "mid", "old"]
    limited = cli("inbox", "--limit", "2")
    assert limited.exit_code == 0
    assert [line.split("\t")[0] for line in limited.stdout.splitlines()] == ["fresh", "mid"]
    assert limited.stderr.strip() == "2 of 3 shown; --limit 0 for all"
    mark_papers(store, ["fresh", "mid", "old"], "skipped")
    empty = cli("inbox")
    assert empty.exit_code == 0 and empty.stdout == ""
    assert empty.stderr.strip() == "the inbox is empty: no new papers"


def test_export_filters_by_status(cli, filled_library: Path) -> None:
    assert cli("mark", KEY, "read").exit_code == 0
    exported = cli("export", "--format", "yaml", "--status", "read")
    assert exported.exit_code == 0, exported.stderr
    assert [e["key"] for e in yaml.safe_load(exported.stdout)] == [KEY]
    by_key = cli("export", KEY, "sparse2023mixture", "--status", "new", "--format", "yaml")
    assert [e["key"] for e in yaml.safe_load(by_key.stdout)] == ["sparse2023mixture"]
    searched = cli("export", "--search", "matern", "--status", "new")
    assert searched.exit_code == 1 and searched.stdout == ""
    bad = cli("export", "--status", "finished")
    assert bad.exit_code == 1 and "unknown status 'finished'" in bad.stderr


def test_set_status_writes_exactly_what_undo_needs(filled_library: Path) -> None:
    store = Store(filled_library)
    before, after = set_status(store, KEY, "read")
    assert before.status == "new" and after is not None and after.status == "read"
    set_status(store, KEY, None)
    assert (
        "status" not in stored(filled_library, KEY) or stored(filled_library, KEY)["status"] is None
    )
    assert status_of(store.get(KEY)) == "to-read"
    assert set_status(store, KEY, None)[1] is None

"""Small answers of the command line that must agree with the rest (issue 23, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def _keys(cli) -> list[dict]:
    return json.loads(cli("list", "--json").stdout)


def test_tags_rename_json_prints_json(cli, filled_library: Path) -> None:
    key = _keys(cli)[0]["key"]
    assert cli("tag", key, "--add", "old tag").exit_code == 0
    result = cli("tags", "--rename", "old tag", "new-tag", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"old": "old tag", "new": "new-tag", "changed": [key]}


def test_a_bad_lock_timeout_in_the_environment_is_refused(
    cli, filled_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERCLI_LOCK_TIMEOUT", "abc")
    key = _keys(cli)[0]["key"]
    result = cli("tag", key, "--add", "x")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "Error: $PAPERCLI_LOCK_TIMEOUT: must be a number of seconds (0 or more), not 'abc'"
    )
    assert "x" not in _keys(cli)[0]["tags"]


def test_search_says_which_filter_emptied_the_result(cli, filled_library: Path) -> None:
    papers = _keys(cli)
    word = papers[0]["title"].split()[0]
    for paper in papers:
        assert cli("mark", paper["key"], "read").exit_code == 0
    result = cli("search", word, "--status", "new")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"'{word}' matches" in result.stderr and "none with status new" in result.stderr
    nothing = cli("search", "zzzqqqxxy")
    assert nothing.exit_code == 1 and "no papers match 'zzzqqqxxy'" in nothing.stderr


def test_note_set_by_arxiv_id_answers_with_the_key(cli, library_path: Path, tmp_path) -> None:
    capture = tmp_path / "c.md"
    url = "https://huggingface.co/papers/2510.27545"
    url2 = "https://huggingface.co/papers/2510.27546"
    capture.write_text(
        f"### [A Made-Up Paper About Notes]({url})\n\n### [Another Made-Up Paper]({url2})\n",
        encoding="utf-8",
    )
    assert cli("import", str(capture), "--as-of", "2026-01-01").exit_code == 0
    key = next(p["key"] for p in _keys(cli) if p["arxiv_id"] == "2510.27545")
    result = cli("note", "2510.27545", "--set", "read the appendix")
    assert result.exit_code == 0
    assert result.stderr.strip() == f"saved the note of {key}"

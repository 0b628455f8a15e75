"""The command line's promises: exit codes, piped output, --version, clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot


def test_version(cli) -> None:
    from importlib.metadata import version

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"papercli {version('papercli')}"


def test_tags_piped_are_tab_separated(cli, filled_library: Path) -> None:
    key = json.loads(cli("list", "--json").stdout)[0]["key"]
    assert cli("tag", key, "--add", "rl", "--add", "Deep Learning").exit_code == 0
    result = cli("tags")
    assert result.exit_code == 0
    assert sorted(result.stdout.splitlines()) == ["Deep Learning\t1", "rl\t1"]


def test_search_json_without_hits_prints_an_empty_array(cli, filled_library: Path) -> None:
    result = cli("search", "xyzzyq", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("command", ["rm", "tag"])
def test_an_empty_search_changes_nothing(cli, filled_library: Path, command: str) -> None:
    before = snapshot(filled_library)
    extra = ["--add", "x"] if command == "tag" else []
    result = cli(command, "--search", "  ", "--yes", *extra)
    assert result.exit_code == 1 and result.stdout == ""
    assert "search query is empty" in result.stderr
    assert snapshot(filled_library) == before


def test_a_mistyped_library_is_named(cli, tmp_path: Path) -> None:
    typo = tmp_path / "typo"
    for args in (["list"], ["search", "x"], ["tags"], ["show", "k"], ["stats"], ["export"]):
        result = cli("-L", str(typo), *args)
        assert result.exit_code == 1, args
        assert f"no library at {typo}" in result.stderr, args
    assert not typo.exists()


def test_stdin_over_the_limit_is_refused(cli, library_path: Path, monkeypatch) -> None:
    from papercli.ops import digest_input

    monkeypatch.setattr(digest_input, "MAX_BYTES", 1000)
    text = SAMPLE_DIGEST.read_text(encoding="utf-8")
    assert len(text.encode()) > 1000
    result = cli("import", "-", "--as-of", SAMPLE_AS_OF, input=text)
    assert result.exit_code == 1
    assert "standard input is larger than" in result.stderr
    assert not library_path.exists()


@pytest.mark.parametrize("command", [["list"], ["export"], ["list", "--json"]])
def test_a_reader_that_stops_early_is_not_an_error(filled_library: Path, command) -> None:
    shell = (
        f"{sys.executable} -m papercli {' '.join(command)} | head -c 10 >/dev/null; "
        'echo "${PIPESTATUS[0]}"'
    )
    for _ in range(5):
        done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "0", done.stderr
        assert "Traceback" not in done.stderr and "Error" not in done.stderr

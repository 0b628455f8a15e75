"""Every command × {success, user error, refusal, --json, usage error}: exit status and the
shape of stdout and stderr, pinned to README's "Exit status" table.

One row per case; the shapes say what a script may rely on: ``json`` (stdout parses as
JSON), ``text`` (something on stdout), ``empty``; ``error`` (stderr is one ``Error: ...``
line), ``usage`` (Click's usage message, exit 2), ``quiet`` (no error line). Error cases
also prove the library is unchanged.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from papercli.cli import COMMANDS
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot
from tests.fake_http import FakeServer, Reply, fixture_text

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
KEY = "matern2025priors"  # a paper of the sample digest
OTHER = "columnnorm2025normalised"  # another one, with a URL
CODE = str(Path(__file__).resolve())  # a Python file: never a digest

# (command, outcome, args, exit status, stdout, stderr, setup)
CASES: list[tuple[str, str, tuple[str, ...], int, str, str, str]] = [
    ("import", "success", (str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF), 0, "empty", "quiet", ""),
    ("import", "json", (str(SAMPLE_DIGEST), "--json"), 0, "json", "quiet", ""),
    ("import", "user error", ("no-such-file.txt",), 1, "empty", "error", ""),
    ("import", "refusal", (CODE,), 1, "empty", "error", ""),
    ("import", "refusal --json", (CODE, "--json"), 1, "json", "error", ""),
    ("import", "refusal --dry-run", (CODE, "--dry-run"), 1, "text", "error", ""),
    ("add", "success", ("2401.09876",), 0, "empty", "quiet", "online"),
    ("add", "json", ("2401.09876", "--json"), 0, "json", "quiet", "online"),
    ("add", "user error", ("not-an-id!",), 1, "empty", "error", ""),
    ("add", "refusal", ("2401.09876", "--offline"), 1, "empty", "error", ""),
    ("enrich", "success", (KEY, "--dry-run"), 0, "any", "any", "online-search"),
    ("enrich", "user error", ("nokey", "--offline"), 1, "empty", "error", ""),
    ("formats", "success", (), 0, "text", "quiet", ""),
    ("formats", "json", ("--json",), 0, "json", "quiet", ""),
    ("list", "success", (), 0, "text", "quiet", ""),
    ("list", "json", ("--json",), 0, "json", "quiet", ""),
    ("list", "user error", ("--status", "bogus"), 1, "empty", "error", ""),
    ("show", "success", (KEY,), 0, "text", "quiet", ""),
    ("show", "json", (KEY, "--json"), 0, "json", "quiet", ""),
    ("show", "user error", ("nokey",), 1, "empty", "error", ""),
    ("search", "success", ("kernel",), 0, "text", "quiet", ""),
    ("search", "json", ("kernel", "--json"), 0, "json", "quiet", ""),
    ("search", "no match", ("zzqqxx",), 1, "empty", "error", ""),
    ("search", "no match --json", ("zzqqxx", "--json"), 1, "json", "quiet", ""),
    ("tag", "success", (KEY, "--add", "x"), 0, "empty", "quiet", ""),
    ("tag", "user error", ("nokey", "--add", "x"), 1, "empty", "error", ""),
    ("tag", "refusal", (KEY, "--add", "bad|tag"), 1, "empty", "error", ""),
    ("tags", "success", (), 0, "empty", "quiet", ""),
    ("tags", "json", ("--json",), 0, "json", "quiet", ""),
    ("tags", "rename --json", ("--rename", "a", "b", "--json"), 0, "json", "quiet", "tagged"),
    ("tags", "user error", ("--rename", "a", "b"), 1, "empty", "error", ""),
    ("inbox", "success", (), 0, "text", "quiet", ""),
    ("inbox", "json", ("--json",), 0, "json", "quiet", ""),
    ("triage", "refusal", (), 1, "empty", "error", ""),
    ("browse", "refusal", (), 1, "empty", "error", ""),
    ("mark", "success", (KEY, "read"), 0, "empty", "quiet", ""),
    ("mark", "user error", (KEY, "bogus"), 1, "empty", "error", ""),
    ("export", "success", (), 0, "text", "quiet", ""),
    ("export", "user error", ("--format", "bogus"), 1, "empty", "error", ""),
    ("export", "refusal", ("nokey",), 1, "empty", "error", ""),
    ("export", "json", ("--format", "csl-json"), 0, "json", "quiet", ""),
    ("edit", "success", (KEY,), 0, "empty", "quiet", ""),
    ("edit", "user error", ("nokey",), 1, "empty", "error", ""),
    ("note", "success", (KEY, "--set", "read it"), 0, "empty", "quiet", ""),
    ("note", "user error", ("nokey", "--set", "x"), 1, "empty", "error", ""),
    ("rm", "success", (KEY, "--yes"), 0, "empty", "quiet", ""),
    ("rm", "json", (KEY, "--yes", "--json"), 0, "json", "quiet", ""),
    ("rm", "user error", ("nokey", "--yes"), 1, "empty", "error", ""),
    ("open", "success", (OTHER, "--print"), 0, "text", "quiet", ""),
    ("open", "refusal", (KEY, "--print"), 1, "empty", "error", ""),
    ("open", "user error", ("nokey", "--print"), 1, "empty", "error", ""),
    ("stats", "success", (), 0, "text", "quiet", ""),
    ("stats", "json", ("--json",), 0, "json", "quiet", ""),
    ("stats", "user error", ("--months", "-1"), 1, "empty", "error", ""),
    ("config", "success", (), 0, "text", "quiet", ""),
    ("config", "json", ("--json",), 0, "json", "quiet", ""),
    ("config", "refusal", (), 1, "empty", "error", "bad-config"),
    ("rekey", "success", ("--all",), 0, "empty", "any", ""),
    ("rekey", "json", ("--all", "--json"), 0, "json", "any", ""),
    ("rekey", "user error", ("nokey",), 1, "empty", "error", ""),
    ("reindex", "success", (), 0, "empty", "quiet", ""),
    ("doctor", "success", (), 0, "empty", "quiet", ""),
    ("doctor", "json", ("--json",), 0, "json", "quiet", ""),
    ("doctor", "problems", (), 1, "text", "quiet", "temp-file"),
    ("init", "success", (), 0, "empty", "quiet", ""),
    ("sync", "refusal", (), 1, "empty", "error", ""),
    ("git", "success", ("status", "--short"), 0, "any", "quiet", "git"),
    ("git-setup", "success", (), 0, "any", "quiet", "git"),
    ("git-setup", "refusal", (), 1, "empty", "error", ""),
    ("merge-entry", "success", ("BASE", "BASE", "BASE"), 0, "empty", "quiet", "entry-copy"),
    ("merge", "success", (KEY, OTHER, "--dry-run", "--force"), 0, "text", "quiet", ""),
    ("merge", "refusal", (KEY, OTHER), 1, "empty", "error", ""),
    ("merge", "json", (KEY, OTHER, "--json", "--force"), 0, "json", "quiet", ""),
    ("merge", "user error", ("nokey", KEY), 1, "empty", "error", ""),
    ("pull", "user error", ("bogus",), 1, "empty", "error", ""),
    ("pull", "refusal", ("hf", "--date", "2026-01-01", "--offline"), 1, "empty", "error", ""),
    ("related", "success", (KEY,), 0, "any", "quiet", ""),
    ("related", "json", (KEY, "--json"), 0, "json", "quiet", ""),
    ("related", "user error", ("nokey",), 1, "empty", "error", ""),
    ("why", "refusal", (KEY,), 1, "empty", "error", ""),
    ("why", "user error", ("nokey",), 1, "empty", "error", ""),
    ("pdf", "success", (KEY,), 0, "empty", "any", ""),  # no arXiv id: listed, not fetched
    ("pdf", "json", (KEY, "--json"), 0, "json", "any", ""),
    ("pdf", "user error", ("nokey",), 1, "empty", "error", ""),
    ("attach", "refusal", (KEY, CODE), 1, "empty", "error", ""),
    ("attach", "user error", ("nokey", CODE), 1, "empty", "error", ""),
    ("detach", "refusal", (KEY,), 1, "empty", "error", ""),
    ("detach", "user error", ("nokey",), 1, "empty", "error", ""),
]
# ``git`` passes every argument to git, whose own usage status (129) it returns.
USAGE_CASES = [
    (name, "usage", ("--no-such-option",), 2, "empty", "usage", "")
    for name in sorted(COMMANDS)
    if name != "git"
]


def _statuses() -> set[int]:
    section = README[README.index("## Exit status") :]
    return {int(n) for n in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)}


def test_the_table_covers_every_command_and_only_readme_statuses() -> None:
    assert {case[0] for case in CASES} == set(COMMANDS)
    assert {case[3] for case in CASES + USAGE_CASES} <= _statuses()
    every = {case[0]: {c[1] for c in CASES if c[0] == case[0]} for case in CASES}
    assert all("success" in outcomes or "refusal" in outcomes for outcomes in every.values())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library holding the sample digest, built once and copied for every case."""
    from typer.testing import CliRunner

    from papercli.cli import app

    folder = tmp_path_factory.mktemp("template") / "library"
    mp = pytest.MonkeyPatch()
    mp.setenv("PAPERCLI_LIBRARY", str(folder))
    mp.setenv("PAPERCLI_WATCH", "0")
    try:
        args = ["import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF]
        assert CliRunner().invoke(app, args).exit_code == 0
    finally:
        mp.undo()
    return folder


def _setup(kind: str, library: Path, tmp_path: Path, mp: pytest.MonkeyPatch, online, cli) -> None:
    if kind == "online":
        online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    elif kind == "online-search":
        online.route("/api/query", Reply(200, fixture_text("arxiv-title-search.xml")))
        online.route("/crossref/works", Reply(200, fixture_text("crossref-search.json")))
    elif kind == "tagged":
        assert cli("tag", KEY, "--add", "a").exit_code == 0
    elif kind == "git":
        subprocess.run(["git", "init", "-q", str(library)], check=True)
    elif kind == "bad-config":
        bad = tmp_path / "bad.yaml"
        bad.write_text("list_columns: [nope]\n", encoding="utf-8")
        mp.setenv("PAPERCLI_CONFIG", str(bad))
    elif kind == "temp-file":
        (library / "entries" / ".papercli-left.tmp").write_text("key: half", encoding="utf-8")
    elif kind == "entry-copy":
        shutil.copy(library / "entries" / f"{KEY}.yaml", tmp_path / "BASE")


@pytest.mark.parametrize(
    ("command", "outcome", "args", "status", "out", "err", "setup"),
    CASES + USAGE_CASES,
    ids=lambda v: v if isinstance(v, str) and v else None,
)
def test_command_answers(
    command: str,
    outcome: str,
    args: tuple[str, ...],
    status: int,
    out: str,
    err: str,
    setup: str,
    cli,
    library_path: Path,
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if command != "init" or outcome == "usage":
        shutil.copytree(template, library_path)
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setenv("VISUAL", "true")
    monkeypatch.chdir(tmp_path)
    wants_online = setup.startswith("online")
    fake: FakeServer | None = request.getfixturevalue("online") if wants_online else None
    _setup(setup, library_path, tmp_path, monkeypatch, fake, cli)
    before = snapshot(library_path)
    result = cli(command, *args)
    assert result.exit_code == status, (result.stdout[-300:], result.stderr[-300:])
    if out == "json":
        json.loads(result.stdout)
    elif out == "text":
        assert result.stdout.strip()
    elif out == "empty":
        assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    if err == "error":
        assert len(errors) == 1 and lines[0].startswith("Error:"), result.stderr
        if setup != "temp-file":
            assert snapshot(library_path) == before  # a refused command changes nothing
    elif err == "usage":
        assert "Usage:" in result.stderr and "No such option" in result.stderr
    elif err == "quiet":
        assert errors == [], result.stderr

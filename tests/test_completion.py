"""Shell completion of commands, keys and tags, through the real protocols and a real bash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.store.completions import key_candidates, tag_candidates
from papercli.store.files import Library

BIN = Path(sys.executable).parent


def complete(words: str, shell: str = "bash", **env: str) -> list[str]:
    """What papercli offers for the command line ``words`` (cursor at the end)."""
    full = {**os.environ, "_PAPERCLI_COMPLETE": f"complete_{shell}", **env}
    if shell == "bash":
        parts = words.split(" ")
        full.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    else:
        full.update(_TYPER_COMPLETE_ARGS=words, _TYPER_COMPLETE_FISH_ACTION="get-args")
    result = subprocess.run(
        [sys.executable, "-m", "papercli"],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def tagged_library(cli, filled_library: Path) -> Path:
    assert cli("tag", "matern2025priors", "--add", "bayes", "--add", "Deep Learning").exit_code == 0
    assert cli("tag", "columnnorm2025normalised", "--add", "optimisers").exit_code == 0
    assert cli("list").exit_code == 0  # index synced with the tags
    return filled_library


def test_commands_complete(library_path: Path) -> None:
    assert {"stats", "config"} <= set(complete("papercli st") + complete("papercli co"))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("papercli show ma", ["matern2025priors"]),
        ("papercli show co", ["columnnorm2025normalised"]),
        ("papercli tag columnnorm2025normalised ma", ["matern2025priors"]),
        ("papercli tag matern2025priors ma", []),  # already typed, so not offered again
        ("papercli tag --add x col", ["columnnorm2025normalised"]),
        ("papercli edit ma", ["matern2025priors"]),
        ("papercli note ma", ["matern2025priors"]),
        ("papercli open ma", ["matern2025priors"]),
        ("papercli rm matern2025priors co", ["columnnorm2025normalised"]),
        ("papercli export ma", ["matern2025priors"]),
    ],
)
def test_keys_complete_in_bash(tagged_library: Path, words: str, expected: list[str]) -> None:
    assert complete(words) == expected


@pytest.mark.parametrize(
    "words",
    [
        "papercli list --tag ",
        "papercli search x -t ",
        "papercli tag k --remove ",
        "papercli export --tag ",
    ],
)
def test_tags_complete(tagged_library: Path, words: str) -> None:
    # bash inserts a candidate as it is: a space must come escaped, or the tag splits in two
    assert complete(words) == ["bayes", "Deep\\ Learning", "optimisers"]
    assert complete(words + "o") == ["optimisers"]
    assert complete(words + "De") == ["Deep\\ Learning"]


def test_a_tag_typed_with_an_escaped_space_still_completes(tagged_library: Path) -> None:
    env = {**os.environ, "_PAPERCLI_COMPLETE": "complete_bash"}
    env.update(COMP_WORDS="papercli list --tag Deep\\ L", COMP_CWORD="3")
    done = subprocess.run(
        [sys.executable, "-m", "papercli"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.splitlines() == ["Deep\\ Learning"], done.stderr


def test_tags_with_spaces_are_not_escaped_for_fish(tagged_library: Path) -> None:
    assert complete("papercli list --tag De", shell="fish") == ["Deep Learning"]


def test_real_bash_completes_a_tag_with_a_space_into_a_working_command(
    tagged_library: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = shell_env(home)
    env["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
    script = home / "papercli.sh"
    script.write_text(
        subprocess.run(
            ["papercli", "--show-completion", "bash"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout,
        encoding="utf-8",
    )
    probe = (
        f"source {script}; COMP_WORDS=(papercli list --tag De); COMP_CWORD=3; "
        '_papercli_completion papercli; eval "papercli list --json --tag ${COMPREPLY[0]}"'
    )
    result = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert [e["key"] for e in json.loads(result.stdout)] == ["matern2025priors"]


def test_completion_uses_the_library_option(tagged_library: Path, tmp_path: Path) -> None:
    assert complete(f"papercli --library {tmp_path / 'none'} show ma") == []
    assert complete(f"papercli -L {tagged_library} show ma", PAPERCLI_LIBRARY="") == [
        "matern2025priors"
    ]


def test_zsh_and_fish_protocols(tagged_library: Path) -> None:
    zsh = "\n".join(complete("papercli show mat", shell="zsh"))
    assert "matern2025priors" in zsh and zsh.startswith("_arguments")
    assert complete("papercli list --tag ba", shell="fish") == ["bayes"]


def test_broken_config_or_no_library_offer_nothing(library_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("colour: 1\n", encoding="utf-8")
    assert complete("papercli show ", PAPERCLI_CONFIG=str(bad), PAPERCLI_LIBRARY="") == []
    assert complete("papercli list --tag ") == []


def test_candidates_match_case_insensitively(tagged_library: Path) -> None:
    library = Library(tagged_library)
    assert key_candidates(library, "MAT") == ["matern2025priors"]
    assert tag_candidates(library, "deep") == ["Deep Learning"]
    (library.hidden_dir / "index.sqlite3").unlink()
    assert tag_candidates(library, "") == []  # no index: nothing, and nothing rebuilt
    assert not (library.hidden_dir / "index.sqlite3").exists()


def shell_env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def test_real_bash_completes_keys_with_the_installed_script(
    tagged_library: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = shell_env(home)
    installed = subprocess.run(
        ["bash", "-c", "papercli --install-completion; true"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert "bash completion installed" in installed.stdout
    assert "source" in (home / ".bashrc").read_text()
    script = home / ".bash_completions" / "papercli.sh"
    probe = (
        f"source {script}; COMP_WORDS=(papercli show ma); COMP_CWORD=2; "
        '_papercli_completion papercli; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["matern2025priors"]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _papercli_completion papercli"),
        ("zsh", "#compdef papercli"),
        ("fish", "complete --command papercli"),
    ],
)
def test_show_completion_scripts(shell: str, marker: str, tmp_path: Path) -> None:
    env = {**shell_env(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [sys.executable, "-m", "papercli", "--show-completion", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert marker in shown
    assert f"_PAPERCLI_COMPLETE=complete_{shell}" in shown
    if shell == "zsh":  # zsh autoloads from $fpath only with #compdef on the first line
        assert shown.splitlines()[0] == "#compdef papercli"


def test_help_lists_the_completion_options(cli) -> None:
    result = cli("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    assert shutil.which("bash")  # the real-shell test above needs it


def test_export_formats_complete(library_path: Path) -> None:
    assert complete("papercli export --format b") == ["bibtex", "biblatex"]
    assert complete("papercli export -f cs") == ["csl-json"]

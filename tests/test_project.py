"""Project-level promises: every command documented, real processes start, lint is clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.cli import app
from tests.conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_every_command_has_help_with_an_example_and_is_in_readme(cli) -> None:
    names = command_names()
    assert {"import", "list", "show"} <= set(names)
    for name in names:
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example: papercli" in result.stdout, f"{name} --help lacks an example"
        assert f"papercli {name}" in README, f"README does not mention 'papercli {name}'"


def test_readme_opens_with_the_two_commands() -> None:
    code_blocks = README.split("```")
    first, second = code_blocks[1], code_blocks[3]
    assert "examples/" in first and "import" in first
    test_command = second.strip().splitlines()[-1].strip()
    assert "python3 -m venv .venv" in test_command and "pytest" in test_command
    assert test_command.startswith("bash scripts/test-tools.sh && ")
    tools = (ROOT / "scripts" / "test-tools.sh").read_text(encoding="utf-8")
    assert "apt-get install" in tools  # sets up the real LaTeX/pandoc readers itself
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line for line in ci.splitlines() if line and not line.startswith(("#", "set", "cd"))]
    assert steps == [test_command]


def test_every_example_digest_imports(cli) -> None:
    examples = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    assert examples
    for path in examples:
        result = cli("import", str(path))
        assert result.exit_code == 0, f"{path.name}: {result.stderr}"


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_python_dash_m_and_console_script_run(library_path: Path) -> None:
    module = run(sys.executable, "-m", "papercli", "--help")
    assert module.returncode == 0 and "import" in module.stdout
    script = shutil.which("papercli", path=str(Path(sys.executable).parent))
    assert script, "console script 'papercli' is not installed next to this Python"
    imported = run(script, "import", str(EXAMPLES / "hf-daily-sample.txt"))
    assert imported.returncode == 0
    assert imported.stderr.strip() == "10 added, 0 updated, 0 unchanged"


def test_user_error_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    result = run(sys.executable, "-m", "papercli", "import", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'missing.txt'}: no such file"
    ]


def test_debug_env_shows_the_traceback(tmp_path: Path) -> None:
    result = run(
        sys.executable,
        "-m",
        "papercli",
        "import",
        str(tmp_path / "missing.txt"),
        env_extra={"PAPERCLI_DEBUG": "1"},
    )
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "InputError" in result.stderr


@pytest.mark.parametrize("tool", [["check"], ["format", "--check"]])
def test_ruff_is_clean(tool: list[str]) -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is part of the test extra; install with pip install -e '.[test]'"
    paths = [p for p in ("src", "tests", "benchmarks") if (ROOT / p).is_dir()]
    result = subprocess.run(
        [ruff, *tool, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """The type checker (part of the test extra) finds nothing in the package."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "src/papercli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""Paging ``list`` and ``search`` through $PAGER, checked in a real pseudo-terminal."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.cli.paging import page, pager_command
from tests.pty_run import ANSI, run_in_pty

KEYS = ("matern2025priors", "columnnorm2025normalised")


@pytest.fixture
def pager(tmp_path: Path) -> tuple[Path, Path]:
    """A pager script that records LESS and what it was given; returns (script, log)."""
    log = tmp_path / "pager.log"
    script = tmp_path / "record-pager"
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS" > "{log}"\ncat >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


def env_with(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "LESS")}
    env.update(extra)
    return env


def test_tall_list_goes_through_the_pager(filled_library: Path, pager) -> None:
    script, log = pager
    status, screen = run_in_pty("list", rows=10, cols=100, env=env_with(PAGER=str(script)))
    assert status == 0
    paged = log.read_text(encoding="utf-8")
    assert paged.startswith("LESS=FRX\n")  # less-friendly default when LESS is unset
    assert all(key in paged for key in KEYS)
    assert "┃" in paged or "│" in paged  # the rich table, not TSV
    assert not any(key in screen for key in KEYS)  # nothing printed around the pager


def test_short_output_is_printed_without_pager(filled_library: Path, pager) -> None:
    script, log = pager
    status, screen = run_in_pty("list", rows=60, cols=100, env=env_with(PAGER=str(script)))
    assert status == 0
    assert not log.exists()
    assert all(key in screen for key in KEYS)


def test_limit_makes_output_short_enough(filled_library: Path, pager) -> None:
    script, log = pager
    env = env_with(PAGER=str(script))
    status, screen = run_in_pty("list", "--limit", "2", rows=12, cols=120, env=env)
    assert status == 0
    assert not log.exists()
    assert all(key in screen for key in KEYS)


@pytest.mark.parametrize("how", ["--no-pager", "config", "PAGER=cat", "PAGER="])
def test_paging_can_be_turned_off(filled_library: Path, pager, tmp_path: Path, how: str) -> None:
    script, log = pager
    env = env_with(PAGER=str(script))
    args = ["list"]
    if how == "--no-pager":
        args.append(how)
    elif how == "config":
        config = tmp_path / "config.yaml"
        config.write_text("pager: false\n", encoding="utf-8")
        env["PAPERCLI_CONFIG"] = str(config)
    else:
        env["PAGER"] = how.removeprefix("PAGER=")
    status, screen = run_in_pty(*args, rows=10, cols=100, env=env)
    assert status == 0
    assert not log.exists()
    assert all(key in screen for key in KEYS)


def test_search_pages_too_and_keeps_less_settings(filled_library: Path, pager) -> None:
    script, log = pager
    env = env_with(PAGER=str(script), LESS="-S")
    status, screen = run_in_pty("search", "the", "--limit", "0", rows=8, cols=100, env=env)
    assert status == 0
    paged = log.read_text(encoding="utf-8")
    assert paged.startswith("LESS=-S\n")
    header = ANSI.sub("", paged.splitlines()[1]).split()
    assert header[:3] == ["#", "┃", "key"]  # the ranked search table
    assert not any(key in screen for key in KEYS)


def test_piped_output_never_pages(filled_library: Path, pager) -> None:
    script, log = pager
    result = subprocess.run(
        [sys.executable, "-m", "papercli", "list"],
        capture_output=True,
        text=True,
        env=env_with(PAGER=str(script), LINES="3"),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert not log.exists()
    assert len(result.stdout.splitlines()) == 10 and "\t" in result.stdout


def test_missing_pager_falls_back_to_printing(filled_library: Path, tmp_path: Path) -> None:
    env = env_with(PAGER=str(tmp_path / "no-such-pager"))
    status, screen = run_in_pty("list", rows=10, cols=100, env=env)
    assert status == 0
    assert all(key in screen for key in KEYS)


def test_pager_command_choice() -> None:
    assert pager_command({"PAGER": "most -s"}) == "most -s"
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": " cat "}) is None
    assert pager_command({}) in ("less", "more", None)


def test_page_reports_a_pager_that_cannot_run(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    assert page("hello\n", f"cat > {out}") is True
    assert out.read_text() == "hello\n"
    assert page("hello\n", str(tmp_path / "missing")) is False

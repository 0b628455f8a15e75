"""Helpers for tests with real git: an isolated git identity and config, and a runner."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def isolate_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config; a fixed identity through the environment."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Person")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")


def git(cwd: Path, *args: str, ok: bool = True) -> str:
    """Run git in ``cwd``; its stdout (asserting success unless ``ok`` is False)."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if ok:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def tracked(repo: Path) -> list[str]:
    """Every path git tracks in ``repo``."""
    return git(repo, "ls-files").split()


def files_of(folder: Path) -> dict[str, bytes]:
    """The library's own files and their bytes (no .git, no .papercli)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not {".git", ".papercli"} & set(p.relative_to(folder).parts)
    }


def bib(*papers: tuple[str, str, str]) -> str:
    """A BibTeX file of (id, title, author) papers, all from 2025."""
    return "\n".join(
        f"@article{{{ident},\n  title = {{{title}}},\n  author = {{{author}}},\n"
        f"  year = {{2025}},\n}}\n"
        for ident, title, author in papers
    )

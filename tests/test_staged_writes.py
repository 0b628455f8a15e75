"""Staged entry files: an interrupted commit counts exactly the files that are in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papercli.store import atomic
from papercli.store.atomic import stage_many


def _stage(folder: Path, count: int) -> atomic.StagedWrites:
    return stage_many([(folder / f"paper-{n}.yaml", f"title: Paper {n}\n") for n in range(count)])


def _interrupt_after_rename(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """Ctrl-C lands just after the ``nth`` rename returned, before anything counted it."""
    real_replace = os.replace
    calls = [0]

    def replace_then_interrupt(src: str, dst: str) -> None:
        real_replace(src, dst)
        calls[0] += 1
        if calls[0] == nth:
            raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", replace_then_interrupt)


def test_ctrl_c_just_after_a_rename_counts_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged = _stage(tmp_path, 5)
    _interrupt_after_rename(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        staged.commit()
    in_place = sorted(p.name for p in tmp_path.glob("paper-*.yaml"))
    assert in_place == ["paper-0.yaml", "paper-1.yaml", "paper-2.yaml"]
    assert staged.renamed == 3
    assert [p for p in tmp_path.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)] == []


def test_ctrl_c_before_a_rename_counts_only_the_earlier_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged = _stage(tmp_path, 4)
    real_replace = os.replace
    calls = [0]

    def interrupt_before_second(src: str, dst: str) -> None:
        calls[0] += 1
        if calls[0] == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", interrupt_before_second)
    with pytest.raises(KeyboardInterrupt):
        staged.commit()
    assert sorted(p.name for p in tmp_path.glob("paper-*.yaml")) == ["paper-0.yaml"]
    assert staged.renamed == 1
    assert [p for p in tmp_path.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)] == []

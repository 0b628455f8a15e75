"""A large export is written on every core, and gives exactly the text of a small one."""

from __future__ import annotations

import pytest

from papercli import batches
from papercli.exporters import render, resolve_format
from papercli.model import Entry


def _entries(n: int) -> list[Entry]:
    return [
        Entry(
            key=f"k{i:05d}",
            title=f"Paper {i}: A Study of Things With CAPITALS and $x^{i % 7}$",
            authors=["Ada Lovelace", "Pieter van den Berg"],
            date=f"{2000 + i % 25}-0{1 + i % 9}",
            abstract="Short -- abstract with ``quotes'' and, commas." * (i % 3),
            tags=["t"] if i % 2 else [],
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_parallel_export_equals_serial(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = _entries(5_003)
    serial_warnings: list[str] = []
    monkeypatch.setattr(batches, "worker_count", lambda total: 1)
    serial = "".join(render(resolve_format(fmt), entries, serial_warnings, ascii=True))
    monkeypatch.setattr(batches, "worker_count", lambda total: 2)
    parallel_warnings: list[str] = []
    parallel = "".join(render(resolve_format(fmt), entries, parallel_warnings, ascii=True))
    assert parallel == serial
    assert parallel_warnings == serial_warnings
    assert serial.count("\n@") == len(entries) - 1

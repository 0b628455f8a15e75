"""A large export is written on every core, and gives exactly the text of a small one."""

from __future__ import annotations

import pytest

from papercli import batches
from papercli.exporters import render, resolve_format
from papercli.exporters.bibtex import EXPORT_BATCH
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


def _packed(entries: list[Entry]) -> tuple[batches.LazySequence[Entry], list[str]]:
    """``entries`` as the index hands them to an export: packed, with a log of decodes."""
    from papercli.store.index_rows import pack, unpack

    decoded: list[str] = []

    def decode(data: bytes) -> Entry:
        entry = unpack(data)
        decoded.append(entry.key)
        return entry

    unnamed = [e.key for e in entries if not e.authors]  # what the index knows per row
    keys, packed = [e.key for e in entries], [pack(e) for e in entries]
    return batches.LazySequence(keys, packed, decode, unnamed), decoded


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_a_packed_export_is_decoded_in_the_workers(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = _entries(5_003)
    entries[7].authors = []
    expected_warnings: list[str] = []
    expected = "".join(render(resolve_format(fmt), entries, expected_warnings, ascii=True))
    lazy, decoded = _packed(entries)
    monkeypatch.setattr(batches, "worker_count", lambda total: 2)
    warnings: list[str] = []
    chunks = iter(render(resolve_format(fmt), lazy, warnings, ascii=True))
    assert decoded == []  # keys were checked without decoding anything
    text = "".join(next(chunks) for _ in range(len(entries) // EXPORT_BATCH))
    assert decoded == []  # the text so far was decoded and written in the workers
    assert text + "".join(chunks) == expected
    assert decoded == []  # the warning about unnamed papers came from the index's list
    assert warnings == expected_warnings and "papercli enrich k00007" in warnings[-1]


def test_a_packed_sequence_decodes_only_what_is_read() -> None:
    lazy, decoded = _packed(_entries(10))
    assert len(lazy) == 10 and lazy.keys[3] == "k00003" and decoded == []
    assert [e.key for e in lazy[2:4]] == ["k00002", "k00003"] and decoded == ["k00002", "k00003"]
    reordered = lazy.sorted_by_key(lambda key: key[::-1])
    assert reordered.keys == sorted(lazy.keys, key=lambda key: key[::-1])
    assert reordered[0].key == reordered.keys[0]

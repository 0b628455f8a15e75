"""Entries -> one YAML list of entry mappings: the fields and values of ``list --json``. No I/O.

Each item is the entry's file text (``papercli.entry_yaml.emit``, the emitter entry files are
written with) indented under ``- ``, so ``yaml.safe_load`` of the export gives exactly the
list ``papercli list --json`` prints for the same papers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from papercli.entry_yaml.emit import dump_mapping
from papercli.model import Entry


def render(entries: Sequence[Entry], warnings: list[str]) -> Iterator[str]:
    """One list item per entry (``[]`` for none)."""
    if not entries:
        yield "[]\n"
    for entry in entries:
        yield list_item(dump_mapping(entry.to_dict()))


def list_item(mapping: str) -> str:
    """A block mapping's text as one item of a block sequence (every line indented two)."""
    lines = mapping.rstrip("\n").split("\n")
    indented = ["- " + lines[0]] + [("  " + line) if line else "" for line in lines[1:]]
    return "\n".join(indented) + "\n"

"""papercli writes BibTeX itself, in exactly the layout bibtexparser 2 writes.

bibtexparser's writer is the reference: the same fields, given to both, give the same text.
"""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field

from papercli.exporters.bibtex import entry_fields, format_entry, render_bibtex
from tests.test_export_latex import fixture_entries


def bibtexparser_text(blocks: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    """What bibtexparser 2 writes for these entries (values verbatim, as papercli used to)."""
    library = bibtexparser.Library(
        [BibEntry(kind, key, [Field(n, v) for n, v in fields]) for kind, key, fields in blocks]
    )
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=fmt)


@pytest.mark.parametrize("ascii_only", [False, True])
def test_export_equals_bibtexparsers_layout(ascii_only: bool) -> None:
    entries = fixture_entries()
    blocks = [(e.type or "misc", e.key, entry_fields(e, ascii_only, [])) for e in entries]
    assert render_bibtex(entries, ascii=ascii_only).text == bibtexparser_text(blocks)


@pytest.mark.parametrize(
    "fields", [[], [("title", "{T}")], [("title", "{T}"), ("year", "{2024}"), ("month", "may")]]
)
def test_format_entry_equals_bibtexparser(fields: list[tuple[str, str]]) -> None:
    assert format_entry("misc", "k2024", fields) == bibtexparser_text([("misc", "k2024", fields)])

"""The columns ``list`` and ``search`` can show (``--columns``, config ``list_columns``)."""

from __future__ import annotations

import pytest

from papercli.columns import COLUMNS, column_text, parse_columns
from papercli.errors import InputError
from papercli.model import Entry

ENTRY = Entry(
    key="roe2024tidal",
    title="Tidal\tForces\nin Binaries",
    authors=["Jane Roe", "Kai Ng", "Li Wu", "Ana Sá"],
    date="2024-03",
    upvotes=12,
    tags=["astro", "Deep Learning"],
    categories=["astro-ph.SR"],
    source="arxiv-email",
    arxiv_id="2403.01234",
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("key", "roe2024tidal"),
        ("date", "2024-03"),
        ("year", "2024"),
        ("authors", "Jane Roe et al."),
        ("tags", "astro, Deep Learning"),
        ("categories", "astro-ph.SR"),
        ("upvotes", "12"),
        ("source", "arxiv-email"),
        ("arxiv_id", "2403.01234"),
        ("doi", ""),
        ("added", ""),
    ],
)
def test_column_text(name: str, text: str) -> None:
    assert column_text(ENTRY, name) == text


def test_few_authors_are_all_shown_and_unknown_year_is_empty() -> None:
    entry = Entry(title="T", authors=["A One", "B Two"])
    assert column_text(entry, "authors") == "A One; B Two"
    assert column_text(entry, "year") == ""


def test_every_column_has_text() -> None:
    assert all(isinstance(column_text(ENTRY, name), str) for name in COLUMNS)


def test_parse_columns() -> None:
    assert parse_columns("key,Title , tags") == ["key", "title", "tags"]
    assert parse_columns("key year") == ["key", "year"]
    with pytest.raises(InputError, match="column 'key' is repeated"):
        parse_columns("key,title,key")
    with pytest.raises(InputError, match="name at least one column"):
        parse_columns(" , ")


def test_tsv_cells_have_no_tabs_or_line_breaks(cli, filled_library) -> None:
    path = filled_library / "entries" / "matern2025priors.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("source: hf-daily", 'source: "hf\\tdaily\\nx"')
    path.write_text(edited, encoding="utf-8")
    result = cli("list", "-n", "1", "--columns", "key,source,title")
    assert result.stdout.split("\t")[:2] == ["matern2025priors", "hf daily x"]
    assert result.stdout.count("\n") == 1

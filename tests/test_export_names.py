"""Author names split for CSL-JSON and RIS; ``and others`` in BibTeX for truncated lists."""

from __future__ import annotations

import pytest

from papercli.exporters.bibtex import render_bibtex
from papercli.model import Entry
from papercli.names import Name, is_truncated, split_name


@pytest.mark.parametrize(
    ("stored", "name"),
    [
        ("Ada Lovelace", Name(family="Lovelace", given="Ada")),
        ("  Ada   King  Lovelace ", Name(family="Lovelace", given="Ada King")),
        ("Plato", Name(family="Plato")),
        ("Ludwig van Beethoven", Name(family="Beethoven", given="Ludwig", particle="van")),
        ("Anna van der Berg", Name(family="Berg", given="Anna", particle="van der")),
        ("van Beethoven", Name(family="Beethoven", given="van")),
        ("Martin Luther King Jr.", Name(family="King", given="Martin Luther", suffix="Jr.")),
        ("de la Cruz, Juan", Name(family="Cruz", given="Juan", particle="de la")),
        ("King, Jr., Martin", Name(family="King", given="Martin", suffix="Jr.")),
        ("Tom and Jerry Studio", Name(literal="Tom and Jerry Studio")),
        ("A, B, C, D", Name(literal="A, B, C, D")),
        (", Ada", Name(literal=", Ada")),
    ],
)
def test_split_name(stored: str, name: Name) -> None:
    assert split_name(stored) == name


def test_blank_names_are_none_and_names_display_in_reading_order() -> None:
    assert split_name(" \n ") is None
    assert split_name("de la Cruz, Juan").display() == "Juan de la Cruz"
    assert split_name("Tom and Jerry Studio").display() == "Tom and Jerry Studio"


def test_truncated_means_fewer_names_than_the_count() -> None:
    assert is_truncated(5, 2)
    assert not is_truncated(2, 2) and not is_truncated(1, 2) and not is_truncated(None, 2)
    assert not is_truncated(5, 0)  # no names at all is "names unknown", not truncated


def test_bibtex_ends_a_truncated_author_list_with_and_others() -> None:
    entry = Entry(key="h2019", title="T", authors=["Grace Hopper", "Alan Turing"], author_count=9)
    assert (
        "  author = {Hopper, Grace and Turing, Alan and others},\n" in render_bibtex([entry]).text
    )
    entry.author_count = 2
    assert "  author = {Hopper, Grace and Turing, Alan},\n" in render_bibtex([entry]).text


def test_group_names_stay_whole() -> None:
    from papercli.names import Name, split_name

    assert split_name("The ATLAS Collaboration") == Name(literal="The ATLAS Collaboration")
    assert split_name("Fern Consortium") == Name(literal="Fern Consortium")
    assert split_name("Grace Teamwell") == Name(family="Teamwell", given="Grace")

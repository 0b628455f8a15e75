"""Citation keys: Scholar style, ASCII only, unique, stable."""

from __future__ import annotations

import pytest

from papercli.citekeys import base_key, family_name, is_valid_key, suffixes, unique_key
from papercli.model import Entry


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        (
            Entry(title="Attention Is All You Need", authors=["Ashish Vaswani"], date="2017-06-12"),
            "vaswani2017attention",
        ),
        (
            Entry(title="Conda: Column-Normalized Adam for Training", date="2025-09-28"),
            "conda2025column",
        ),
        (
            Entry(title="The Curse of Depth", authors=["Müller, Jürgen"], date="2024-01-01"),
            "muller2024curse",
        ),
        (
            Entry(title="On the Łukasiewicz Logic", authors=["Søren Ødegård"], date="2020-01-01"),
            "odegard2020lukasiewicz",
        ),
        (Entry(title="A Study of Things", date=None), "studythings"),
        (Entry(title="!!! ??? ...", date="2021-01-01"), "paper2021"),
        (Entry(title="深度学习的收敛性", date="2022-05-01"), "paper2022"),
        (Entry(title="../../etc/passwd", date="2022-05-01"), "etc2022passwd"),
        (
            Entry(
                title=r"$\mathcal{O}(1/\sqrt{T})$ Convergence of Adam",
                authors=["Lea Chatelet"],
                date="2025",
            ),
            "chatelet2025convergence",  # TeX math is not a word
        ),
        (
            Entry(title=r"$\mathcal{O}(1/\sqrt{T})$ Convergence of Adam", date="2025"),
            "convergence2025adam",
        ),
        (Entry(title=r"The \emph{Surprising} \textsc{Power}", date="2025"), "surprising2025power"),
    ],
)
def test_base_key(entry: Entry, key: str) -> None:
    assert base_key(entry) == key
    assert is_valid_key(key)


def test_family_name_forms() -> None:
    assert family_name("Ludwig van Beethoven") == "beethoven"
    assert family_name("van Beethoven, Ludwig") == "vanbeethoven"
    assert family_name("   ") == ""


def test_clashes_get_letter_suffixes() -> None:
    taken: set[str] = set()
    entry = Entry(title="Deep Nets", date="2020-01-01")
    keys = [unique_key(entry, taken) for _ in range(4)]
    assert keys == ["deep2020nets", "deep2020netsa", "deep2020netsb", "deep2020netsc"]


def test_clash_check_ignores_case() -> None:
    taken = {"deep2020nets"}
    assert unique_key(Entry(title="Deep Nets", date="2020-01-01"), taken) == "deep2020netsa"


def test_suffix_sequence_continues_past_z() -> None:
    seq = suffixes()
    first = [next(seq) for _ in range(29)]
    assert first[:3] == ["", "a", "b"]
    assert first[26:29] == ["z", "aa", "ab"]


def test_invalid_keys() -> None:
    for bad in ("", "a b", "é", "a~b", "a" * 121, "a" + ":" * 57, "a,b", "a{b", "a(b", "a=b"):
        assert not is_valid_key(bad)
    for good in ("a-b", "He:2016", "DBLP:conf/nips/X17", "a_b.c+d", "a" * 120, "a" + ":" * 56):
        assert is_valid_key(good)
    # bibtex and biber read these (tests/test_citekey_tools.py), so they are kept
    for good in ("--__theorytruthinauthor", ".x", "../x", "a!b", "a@b", "a[1]"):
        assert is_valid_key(good)

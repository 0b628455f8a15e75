"""Keys <-> entry file names: reversible, portable, and never a path."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercli.citekeys import is_valid_key
from papercli.store.keyfiles import MAX_NAME, filename_for_key, key_for_filename

KEY_CHARS = string.ascii_letters + string.digits + string.punctuation
keys = st.text(st.sampled_from(KEY_CHARS), min_size=1, max_size=120).filter(is_valid_key)


def test_the_store_names_files_with_keyfiles(tmp_path) -> None:
    from papercli.store.files import Library

    library = Library(tmp_path)
    for key in ("He:2016", "DBLP:conf/nips/X17", "CON"):
        assert library.entry_path(key).name == filename_for_key(key)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("vaswani2017attention", "vaswani2017attention.yaml"),
        ("Bunge-1973-ExactPhilosophy", "Bunge-1973-ExactPhilosophy.yaml"),
        ("vaswani_attention_2017", "vaswani_attention_2017.yaml"),
        ("He:2016", "He%3A2016.yaml"),
        ("Aad:2012tfa", "Aad%3A2012tfa.yaml"),
        ("DBLP:conf/nips/X17", "DBLP%3Aconf%2Fnips%2FX17.yaml"),
        ("a/b", "a%2Fb.yaml"),
        ("smith+jones.2020", "smith+jones.2020.yaml"),
        ("CON", "%43ON.yaml"),
        ("aux", "%61ux.yaml"),
        ("nul.x", "%6Eul.x.yaml"),
        ("Com1", "%43om1.yaml"),
        ("console", "console.yaml"),
        ("x.", "x..yaml"),
        ("--__theorytruthinauthor", "%2D-__theorytruthinauthor.yaml"),  # never an option
        (".hidden", "%2Ehidden.yaml"),  # never a hidden file
        ("a/../../x", "a%2F..%2F..%2Fx.yaml"),  # never a path
        ("a?b*c<d>e|f", "a%3Fb%2Ac%3Cd%3Ee%7Cf.yaml"),  # nothing Windows refuses
    ],
)
def test_names(key: str, name: str) -> None:
    assert filename_for_key(key) == name
    assert key_for_filename(name) == key


@pytest.mark.parametrize(
    "key",
    [
        "a" * 300,
        "a" + "/" * 119,
        "a\x00b",
        "a\nb",
        "a\tb",
        "a b",
        "é",
        "",
        "a,b",
        "a{b}",
        "a%3Ab",
        "a\\b",
        "~x",
        "a(b)",
        "a=b",
        "it's",
        'a"b',
        "a#b",
    ],
)
def test_hostile_keys_are_refused(key: str) -> None:
    assert not is_valid_key(key)
    with pytest.raises(ValueError):
        filename_for_key(key)


@pytest.mark.parametrize(
    "name",
    [
        "x.yml",
        ".yaml",
        "..yaml",
        ".hidden.yaml",
        "a%3ab.yaml",
        "a%zz.yaml",
        "CON.yaml",
        "a:b.yaml",
        "a b.yaml",
        "-rf.yaml",  # a leading dash is always escaped
        "%2E%2E%2Fx.yaml",
        "a%41.yaml",
        ".tmp-x.yaml",
    ],
)
def test_names_no_key_writes_are_refused(name: str) -> None:
    assert key_for_filename(name) is None


def test_longest_keys_fit() -> None:
    for key in ("a" * 120, "a" + ":" * 56 + "b" * 63):
        assert len(filename_for_key(key)) <= MAX_NAME


@given(keys)
def test_round_trip_and_portable(key: str) -> None:
    name = filename_for_key(key)
    assert key_for_filename(name) == key
    assert len(name.encode()) <= MAX_NAME
    assert not set(name) & set('<>:"/\\|?*') and name.isascii() and name.isprintable()
    assert not name.startswith(".") and name.endswith(".yaml")


@given(keys, keys)
def test_names_equal_ignoring_case_only_for_keys_equal_ignoring_case(a: str, b: str) -> None:
    same_name = filename_for_key(a).lower() == filename_for_key(b).lower()
    assert same_name == (a.lower() == b.lower())

"""The fast entry-file reader: same result as PyYAML whenever it answers at all."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from papercli.entry_yaml import entry_to_yaml, load_yaml
from papercli.entry_yaml.fast_read import fast_load
from tests.test_properties import SETTINGS, entries


@SETTINGS
@given(entries())
def test_emitted_files_take_the_fast_path_and_match_pyyaml(entry) -> None:
    text = entry_to_yaml(entry)
    fast = fast_load(text)
    assert fast is not None
    assert fast == load_yaml(text)


# Edits a person might make by hand, or damage: each applied at a random place.
EDITS = ["", " ", "\n", "#", '"', "'", "\\", "- ", "  ", ":", "|", "|-", "[]", "{}", "x", "0"]


def _pyyaml_or_error(text: str) -> object:
    try:
        return ("ok", load_yaml(text))
    except yaml.YAMLError:
        return ("error", None)


@SETTINGS
@given(entries(), st.data())
def test_edited_files_are_read_like_pyyaml_or_left_to_it(entry, data) -> None:
    text = entry_to_yaml(entry)
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    edited = text[:at] + data.draw(st.sampled_from(EDITS)) + text[at + cut :]
    fast = fast_load(edited)
    if fast is not None:
        assert ("ok", fast) == _pyyaml_or_error(edited)


def test_hand_written_yaml_is_left_to_pyyaml() -> None:
    for text in (
        "key: a2025b\ntags: [rl, vision]\n",  # flow list
        "key: a2025b  # my comment\n",
        "date: 2025-09-01\n",  # an unquoted date is a timestamp to PyYAML
        "upvotes: 012\n",  # octal to YAML 1.1
        "title: yes\n",  # a boolean to YAML 1.1
        "key: a2025b",  # no final newline
    ):
        assert fast_load(text) is None, text


def test_typical_file_reads_to_the_same_values_as_pyyaml() -> None:
    text = (
        'key: smith2025deep\ntitle: "Deep Nets: A Study"\nauthors:\n- Ann Smith\n- Bo Li\n'
        "author_count: 2\nabstract: |-\n  First line.\n\n  Second line.\ntags: []\n"
        'extra:\n  eprint: "2501.00001"\n'
    )
    assert fast_load(text) == load_yaml(text)
    assert fast_load(text)["abstract"] == "First line.\n\nSecond line."

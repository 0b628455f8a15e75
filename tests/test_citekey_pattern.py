"""Citation-key patterns (config ``citekey_pattern``): the small language and its checks."""

from __future__ import annotations

import pytest

from papercli.citekeys import DEFAULT_PATTERN, base_key, check_pattern, unique_key
from papercli.errors import InputError
from papercli.model import Entry

VASWANI = Entry(title="Attention Is All You Need", authors=["Ashish Vaswani"], date="2017-06-12")
CONDA = Entry(title="Conda: Column-Normalized Adam for Training", date="2025-09-28")
UNDATED = Entry(title="A Study of Things", date=None)
NO_WORDS = Entry(title="!!! ???", authors=["Jane Roe"], date="2021-01-01")


@pytest.mark.parametrize(
    ("pattern", "entry", "key"),
    [
        (DEFAULT_PATTERN, VASWANI, "vaswani2017attention"),
        (DEFAULT_PATTERN, CONDA, "conda2025column"),
        (DEFAULT_PATTERN, UNDATED, "studythings"),
        (DEFAULT_PATTERN, NO_WORDS, "roe2021paper"),
        ("{title}{year}", VASWANI, "attention2017"),
        ("{author}{year}{title}{title}", VASWANI, "vaswani2017attentionall"),
        ("{author}{title}{title}", CONDA, "condacolumnnormalized"),
        ("{year}{author}", VASWANI, "2017vaswani"),
        ("ref{author}{year}", UNDATED, "refstudy"),
        ("{author}{year}{title}{title}{title}", NO_WORDS, "roe2021paper"),
    ],
)
def test_patterns_build_keys(pattern: str, entry: Entry, key: str) -> None:
    assert base_key(entry, pattern) == key


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "empty"),
        ("{author}-{year}", "'-' cannot be in a key"),
        ("{first}{year}", "unknown placeholder {first}"),
        ("{year}", "needs {author} or {title}"),
        ("paper", "needs {author} or {title}"),
        ("{author}{year", "'{' cannot be in a key"),
        ("{author}" * 20, "longer than 64"),
        ("{author} {year}", "' ' cannot be in a key"),
    ],
)
def test_bad_patterns_are_refused_with_a_reason(pattern: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("{", r"\{").replace("}", r"\}")):
        check_pattern(pattern)


def test_pattern_keys_still_get_clash_suffixes() -> None:
    taken: set[str] = set()
    keys = [unique_key(VASWANI, taken, "{title}{year}") for _ in range(3)]
    assert keys == ["attention2017", "attention2017a", "attention2017b"]

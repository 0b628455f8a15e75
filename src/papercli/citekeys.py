"""Google-Scholar-style citation keys: ``vaswani2017attention``, ``conda2025column``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from papercli.errors import InputError
from papercli.model import Entry, fold_accents, year_of
from papercli.stopwords import TITLE_STOP_WORDS

# Letters that NFKD does not decompose into ASCII.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
_ASCII_WORD = re.compile(r"[a-z0-9]+")
MAX_WORD = 24
FALLBACK_WORD = "paper"


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` after folding accents; hyphens split words."""
    folded = fold_accents(text.translate(_TRANSLITERATE)).lower()
    return [w[:MAX_WORD] for w in _ASCII_WORD.findall(folded)]


def significant_words(title: str) -> list[str]:
    """Title words that are not stop words and contain a letter."""
    return [w for w in ascii_words(title) if w not in TITLE_STOP_WORDS and not w.isdigit()]


def family_name(name: str) -> str:
    """ASCII family name of ``"First Last"`` or ``"Last, First"``; '' if none."""
    name = name.strip()
    part = name.split(",", 1)[0] if "," in name else (name.split() or [""])[-1]
    return "".join(ascii_words(part))


DEFAULT_PATTERN = "{author}{year}{title}"
PLACEHOLDERS = ("author", "year", "title")
_PATTERN_PART = re.compile(r"\{([^{}]*)\}|([A-Za-z0-9]+)|(.)", re.DOTALL)
_NAMES = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
MAX_PATTERN = 64


@functools.lru_cache(maxsize=16)
def check_pattern(pattern: str) -> tuple[tuple[str, str], ...]:
    """The parts of a key pattern: ``("field", name)`` or ``("text", letters)``.

    A pattern is ASCII letters and digits plus the placeholders ``{author}`` (first
    author's family name), ``{year}`` and ``{title}`` (the next significant title word;
    repeat it for more words). When no author names are known, ``{author}`` takes the next
    title word instead. InputError says what is wrong with an unusable pattern.
    """
    if not pattern:
        raise InputError(f"the key pattern is empty; the default is {DEFAULT_PATTERN}")
    if len(pattern) > MAX_PATTERN:
        raise InputError(f"the key pattern is longer than {MAX_PATTERN} characters")
    parts = []
    for field, text, other in _PATTERN_PART.findall(pattern):
        if other:
            raise InputError(
                f"{other!r} cannot be in a key; use ASCII letters, digits and {_NAMES}"
            )
        if text:
            parts.append(("text", text))
        elif field in PLACEHOLDERS:
            parts.append(("field", field))
        else:
            raise InputError(f"unknown placeholder {{{field}}}; use {_NAMES}")
    if not any(part in (("field", "author"), ("field", "title")) for part in parts):
        raise InputError("the key pattern needs {author} or {title}, or every key would clash")
    return tuple(parts)


def base_key(entry: Entry, pattern: str = DEFAULT_PATTERN) -> str:
    """The key before clash suffixes, built from ``pattern`` (see ``check_pattern``).

    The default gives author+year+word, or word+year+word when no author is known.
    """
    year = year_of(entry)
    words = iter(significant_words(entry.title) or [FALLBACK_WORD])
    author = family_name(entry.authors[0]) if entry.authors else ""
    out = []
    for kind, value in check_pattern(pattern):
        if kind == "text":
            out.append(value)
        elif value == "year":
            out.append(str(year) if year is not None else "")
        elif value == "author" and author:
            out.append(author)
        else:  # {title}, or {author} when no author is known
            out.append(next(words, ""))
    return "".join(out)


def suffixes() -> Iterable[str]:
    """'', 'a' ... 'z', 'aa', 'ab' ... for disambiguating clashing keys."""
    yield ""
    length = 1
    while True:
        for n in range(26**length):
            letters = []
            for _ in range(length):
                n, r = divmod(n, 26)
                letters.append(chr(ord("a") + r))
            yield "".join(reversed(letters))
        length += 1


def unique_key(entry: Entry, taken: set[str], pattern: str = DEFAULT_PATTERN) -> str:
    """A key for ``entry`` by ``pattern``, not in ``taken`` (compared lower-case); adds it."""
    base = base_key(entry, pattern)
    for suffix in suffixes():
        candidate = base + suffix
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
    raise AssertionError("unreachable: suffixes() is infinite")


# BibTeX reads a key up to the next comma, brace or white space; biber and LaTeX's \cite
# are pickier. Letters, digits and ``- _ : . / +`` cover Better BibTeX, JabRef, INSPIRE
# (``Aad:2012tfa``) and DBLP (``DBLP:conf/nips/VaswaniSPUJGKP17``) keys and typeset
# everywhere. A key starts with a letter or digit, so it is never ``.hidden`` or ``/etc``.
VALID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:./+-]*")
MAX_KEY = 120


def is_valid_key(key: str) -> bool:
    """True for a key BibTeX, biber and ``\\cite`` accept and a file name can carry.

    ASCII letters and digits plus ``- _ : . / +``, starting with a letter or digit, at most
    120 characters, no ``..`` (so even a key used as a path could not climb out of its
    folder), of which at most 56 are ``:`` or ``/`` (each takes three characters in
    a file name). Keys are data, never paths: ``store.keyfiles`` encodes them as file
    names. Two keys that differ only in case are one key to BibTeX, so the library keeps
    keys unique ignoring case.
    """
    if len(key) > MAX_KEY or VALID_KEY.fullmatch(key) is None or ".." in key:
        return False
    return key.count(":") + key.count("/") <= 56

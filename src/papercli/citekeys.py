"""Google-Scholar-style citation keys: ``vaswani2017attention``, ``conda2025column``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from papercli.errors import InputError
from papercli.latex.math import MATH_SPAN
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


_TEX_MACRO = re.compile(r"\\(?:[A-Za-z]+|.)")


def title_words(title: str) -> str:
    """The title's words without TeX: ``$...$`` math and macros (``\\mathcal``) left out."""
    if "$" not in title and "\\" not in title:
        return title
    return _TEX_MACRO.sub(" ", MATH_SPAN.sub(" ", title))


def significant_words(title: str) -> list[str]:
    """Title words that are not stop words and contain a letter; TeX math and macros are
    not words (``$\\mathcal{O}(1/\\sqrt{T})$ Convergence`` starts with ``convergence``)."""
    return [
        w for w in ascii_words(title_words(title)) if w not in TITLE_STOP_WORDS and not w.isdigit()
    ]


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


# The one rule for a citation key: what bibtex AND biber both read and LaTeX's \cite (with
# natbib, biblatex, hyperref) resolves. Tried on each printable ASCII character
# (tests/test_citekey_tools.py): a key may hold any of them but white space and
# ``" # % ' ( ) , = { } \ ~``; it may start with any of them (Better BibTeX writes
# ``--__theorytruthinauthor``). Keys are data, never paths: ``store.keyfiles`` escapes what a
# file name cannot hold.
KEY_FORBIDDEN = frozenset("\"#%'(),={}\\~")
MAX_KEY = 120
# Characters a file name carries as they are; each other one takes three (``%3A``).
FILE_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-")
MAX_ESCAPED = 56


def is_valid_key(key: str) -> bool:
    """True for a key bibtex, biber and ``\\cite`` all accept (see ``KEY_FORBIDDEN``):
    1 to 120 printable ASCII characters, no white space, at most 56 of them outside letters,
    digits and ``_ . + -`` (so the entry's file name stays short). Two keys that differ only
    in case are one key to BibTeX, so the library keeps keys unique ignoring case.
    """
    if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable():
        return False
    if " " in key or not KEY_FORBIDDEN.isdisjoint(key):
        return False
    # Counted only for long keys: a 100,000-paper export checks every key.
    return len(key) <= MAX_ESCAPED or sum(c not in FILE_SAFE for c in key) <= MAX_ESCAPED


def key_rule() -> str:
    """The rule in words, for error messages."""
    return "printable ASCII without spaces or any of " + " ".join(sorted(KEY_FORBIDDEN))
